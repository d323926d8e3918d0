//! `POST /api/v1/purchases` and `POST /api/v1/purchases/{receipt}/refund`: the till's purchase
//! and refund use cases, recorded as the key's owner at the store the POS names.
//!
//! A POS's `order_id` is the purchase's ledger key (per API key), so one order is posted once
//! even when the POS retries with a new Idempotency-Key: the second try gets 409
//! `duplicate_order`. That replaces the till's "second purchase within a minute?" question,
//! which guards against a human scanning twice, not a POS posting two orders.

use axum::{
    body::Bytes,
    extract::{Path, State},
    http::{HeaderMap, StatusCode},
    response::Response,
};
use chrono::Utc;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::{
    ApiState,
    auth::Caller,
    cards,
    error::{ApiError, ErrorBody},
    respond::{Answer, idempotent, parse_body},
};
use crate::{
    telegram::{till_money, till_reversal},
    till::{
        Staff, purchase,
        refund::{self, RefundRequest},
    },
};

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct PurchaseIn {
    /// The card number, or the text of the card's scanned QR code.
    #[schema(example = "482103947712")]
    pub card: String,
    /// A decimal string with at most two decimals.
    #[schema(example = "1250.50")]
    pub amount: String,
    /// The POS's id of the order: posted at most once per API key.
    #[schema(example = "A-1001")]
    pub order_id: String,
    /// Shown to the customer as where they bought; the key's name by default.
    pub store: Option<String>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct PurchaseOut {
    /// The receipt number (for refunds).
    pub receipt: i64,
    pub points_earned: i64,
    /// Points the customer can spend after this purchase.
    pub balance: i64,
    #[schema(example = "1250.50")]
    pub amount: String,
    pub order_id: String,
    pub card: String,
}

#[derive(Debug, Default, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct RefundIn {
    /// A decimal string; the whole purchase when absent.
    #[schema(example = "200.00")]
    pub amount: Option<String>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct RefundOut {
    pub receipt: i64,
    #[schema(example = "200.00")]
    pub amount: String,
    /// Earned points taken back.
    pub points_clawed_back: i64,
    /// Earned points already spent, so not taken back (never below zero).
    pub points_written_off: i64,
    /// Points spent on the purchase, given back.
    pub points_returned: i64,
    pub balance: i64,
}

/// The API key as a till "staff member": the owner who made the key, at `store`.
fn staff(caller: &Caller, store: Option<&str>) -> Result<Staff, ApiError> {
    let store = match store.map(str::trim) {
        None | Some("") => caller.name.clone(),
        Some(s) if s.chars().count() <= 64 => s.to_owned(),
        Some(_) => {
            return Err(ApiError::BadRequest(
                "invalid_store",
                "`store`: at most 64 characters".into(),
            ));
        }
    };
    Ok(Staff {
        tg_user_id: caller.created_by,
        name: caller.name.clone(),
        store,
        is_owner: true,
    })
}

/// Posts a purchase: points as at the till, and the customer's receipt in Telegram.
#[utoipa::path(
    post,
    path = "/api/v1/purchases",
    tag = "purchases",
    request_body = PurchaseIn,
    params(("Idempotency-Key" = String, Header, description = "Unique per request; retries reuse it")),
    responses(
        (status = 201, description = "Posted", body = PurchaseOut,
         headers(("Idempotent-Replayed" = String, description = "`true` on a replayed answer"))),
        (status = 400, description = "Bad body or missing Idempotency-Key", body = ErrorBody),
        (status = 401, description = "Missing, unknown or revoked key", body = ErrorBody),
        (status = 404, description = "Unknown card", body = ErrorBody),
        (status = 409, description = "Order already posted, or the same key still running", body = ErrorBody),
        (status = 422, description = "Idempotency-Key reused with another body", body = ErrorBody),
        (status = 429, description = "Rate limited (see Retry-After)", body = ErrorBody),
    ),
    security(("api_key" = []))
)]
pub async fn create(
    State(state): State<ApiState>,
    caller: Caller,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    idempotent(
        &state,
        &caller,
        "/api/v1/purchases",
        &headers,
        &body,
        |_| async {
            let input: PurchaseIn = parse_body(&body)?;
            let amount = cards::money("amount", &input.amount)?;
            let order_id = input.order_id.trim();
            if order_id.is_empty() || order_id.chars().count() > 100 {
                return Err(ApiError::BadRequest(
                    "invalid_order_id",
                    "`order_id`: 1 to 100 characters".into(),
                ));
            }
            let staff = staff(&caller, input.store.as_deref())?;
            let app = &state.app;
            let card = cards::find(
                &mut *app.pool.acquire().await?,
                &app.card_secret,
                &input.card,
            )
            .await?;
            let req = purchase::PurchaseRequest {
                key: format!("api:{}:order:{order_id}", caller.id),
                staff: &staff,
                customer_id: card.customer_id,
                amount,
                now: Utc::now(),
            };
            let receipt = purchase::post(&app.pool, &req).await?;
            if receipt.replayed {
                return Err(ApiError::Conflict(
                    "duplicate_order",
                    format!(
                        "order {order_id} was already posted as receipt {}",
                        receipt.id
                    ),
                ));
            }
            let out = PurchaseOut {
                receipt: receipt.id,
                points_earned: receipt.points,
                balance: receipt.balance,
                amount: amount.to_string(),
                order_id: order_id.to_owned(),
                card: card.number.digits(),
            };
            // Telegram is slow next to a till: the POS gets its answer without waiting for it.
            let (bot, app) = (state.bot.clone(), state.app.clone());
            tokio::spawn(async move {
                if let Err(e) = till_money::announce_receipt(&bot, &app, &staff, &receipt).await {
                    tracing::warn!(error = %e, "telling the customer about an API purchase failed");
                }
            });
            Answer::json(StatusCode::CREATED, &out)
        },
    )
    .await
}

/// Refunds a purchase (all of it by default), once per receipt, as at the till.
#[utoipa::path(
    post,
    path = "/api/v1/purchases/{receipt}/refund",
    tag = "purchases",
    request_body = RefundIn,
    params(
        ("receipt" = i64, Path, description = "The receipt number"),
        ("Idempotency-Key" = String, Header, description = "Unique per request; retries reuse it"),
    ),
    responses(
        (status = 200, description = "Refunded", body = RefundOut),
        (status = 400, description = "Bad body or missing Idempotency-Key", body = ErrorBody),
        (status = 401, description = "Missing, unknown or revoked key", body = ErrorBody),
        (status = 404, description = "Unknown receipt", body = ErrorBody),
        (status = 409, description = "Already refunded or undone, or the same key still running", body = ErrorBody),
        (status = 422, description = "Refund larger than the purchase, or Idempotency-Key reused", body = ErrorBody),
        (status = 429, description = "Rate limited (see Retry-After)", body = ErrorBody),
    ),
    security(("api_key" = []))
)]
pub async fn refund(
    State(state): State<ApiState>,
    caller: Caller,
    Path(receipt): Path<i64>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let path = format!("/api/v1/purchases/{receipt}/refund");
    idempotent(&state, &caller, &path, &headers, &body, |_| async {
        let input: RefundIn = parse_body(&body)?;
        let amount = input
            .amount
            .as_deref()
            .map(|a| cards::money("amount", a))
            .transpose()?;
        let staff = staff(&caller, None)?;
        let req = RefundRequest {
            receipt,
            amount,
            staff: &staff,
            now: Utc::now(),
        };
        let done = refund::refund(&state.app.pool, &req)
            .await
            .map_err(|e| match e {
                crate::till::TillError::NotFound => {
                    ApiError::NotFound("receipt_not_found", "no purchase with this receipt".into())
                }
                e => e.into(),
            })?;
        let out = RefundOut {
            receipt,
            amount: done.amount.to_string(),
            points_clawed_back: done.clawed_back,
            points_written_off: done.written_off,
            points_returned: done.returned,
            balance: done.balance,
        };
        let (bot, app) = (state.bot.clone(), state.app.clone());
        tokio::spawn(async move {
            if let Err(e) = till_reversal::announce_refund(&bot, &app, &done).await {
                tracing::warn!(error = %e, "telling the customer about an API refund failed");
            }
        });
        Answer::json(StatusCode::OK, &out)
    })
    .await
}
