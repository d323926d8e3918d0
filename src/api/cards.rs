//! `GET /api/v1/cards/{number}`, and how every endpoint finds a card: by its number (spaces
//! allowed, Luhn-checked) or by the text of its scanned QR code (the signed deep link).

use axum::{
    Json,
    extract::{Path, State},
};
use rust_decimal::Decimal;
use serde::Serialize;
use sqlx::PgConnection;
use utoipa::ToSchema;

use super::{ApiState, auth::Caller, error::ApiError, error::ErrorBody};
use crate::{
    domain::{CardSecret, Money},
    earning, ledger,
    storage::{cards::Card, customers, settings},
    till::lookup::{self, Lookup},
};

#[derive(Debug, Serialize, ToSchema)]
pub struct CardOut {
    /// The 12-digit card number.
    #[schema(example = "482103947712")]
    pub number: String,
    /// Points the customer can spend now (held points excluded).
    pub balance: i64,
    /// The customer's tier; `null` below every tier.
    pub tier: Option<String>,
    /// The discount to apply, as a decimal string, in a discount-card programme; else `null`.
    #[schema(example = "5")]
    pub discount_percent: Option<String>,
    pub first_name: Option<String>,
}

/// A customer's card and their account.
#[utoipa::path(
    get,
    path = "/api/v1/cards/{number}",
    tag = "cards",
    params(("number" = String, Path, description = "Card number (12 digits) or the scanned QR text")),
    responses(
        (status = 200, description = "The card", body = CardOut),
        (status = 400, description = "Not a card number", body = ErrorBody),
        (status = 401, description = "Missing, unknown or revoked key", body = ErrorBody),
        (status = 404, description = "No active card with this number", body = ErrorBody),
        (status = 429, description = "Rate limited (see Retry-After)", body = ErrorBody),
    ),
    security(("api_key" = []))
)]
pub async fn get_card(
    State(state): State<ApiState>,
    _caller: Caller,
    Path(number): Path<String>,
) -> Result<Json<CardOut>, ApiError> {
    let mut conn = state.app.pool.acquire().await?;
    let card = find(&mut conn, &state.app.card_secret, &number).await?;
    let customer = customers::by_id(&mut conn, card.customer_id)
        .await?
        .ok_or_else(card_not_found)?;
    let balance = ledger::balance(&mut conn, customer.account_id)
        .await?
        .available();
    let rules = settings::load(&mut conn).await?;
    let status = earning::status(&mut conn, customer.id, &rules).await?;
    Ok(Json(CardOut {
        number: card.number.digits(),
        balance,
        tier: status.tier,
        discount_percent: status.discount.map(|d: Decimal| d.normalize().to_string()),
        first_name: customer.first_name,
    }))
}

fn card_not_found() -> ApiError {
    ApiError::NotFound("card_not_found", "no active card with this number".into())
}

/// The active card that `input` names: a card number, or the QR code's deep link (or its
/// `c_<token>` payload).
pub async fn find(
    conn: &mut PgConnection,
    secret: &CardSecret,
    input: &str,
) -> Result<Card, ApiError> {
    match lookup::card(conn, secret, input).await? {
        Lookup::Found(card) => Ok(card),
        Lookup::Unknown => Err(card_not_found()),
        Lookup::NotACard => Err(ApiError::BadRequest(
            "invalid_card",
            "`card` is neither a card number nor a card's QR code".into(),
        )),
    }
}

/// An amount as the API takes it: a decimal string such as `"1250.50"` (never a JSON number,
/// which a client may have rounded through a float).
pub fn money(field: &'static str, raw: &str) -> Result<Money, ApiError> {
    let bad = |why: String| ApiError::BadRequest("invalid_amount", format!("`{field}`: {why}"));
    let value: Decimal = raw
        .trim()
        .parse()
        .ok()
        .filter(|_| raw.trim().chars().all(|c| c.is_ascii_digit() || c == '.'))
        .ok_or_else(|| bad("expected a decimal string such as \"1250.50\"".into()))?;
    Money::new(value).map_err(|e| bad(e.to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn amounts_are_strict_decimal_strings() {
        assert_eq!(
            money("amount", "1250.50")
                .ok()
                .map(|m| m.to_string())
                .as_deref(),
            Some("1250.50")
        );
        for bad in ["", "1,5", "-3", "0", "1e3", "12.345", "abc"] {
            assert!(money("amount", bad).is_err(), "{bad}");
        }
    }
}
