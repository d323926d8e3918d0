//! `POST /api/v1/redemptions` and `GET /api/v1/redemptions/{id}`: spending points with the
//! customer's consent, exactly as at the till. The request holds the points and the customer
//! gets Confirm / Decline in their chat; the POS polls the status (or takes the webhook).

use axum::{
    Json,
    body::Bytes,
    extract::{Path, State},
    http::{HeaderMap, StatusCode},
    response::Response,
};
use chrono::{DateTime, Utc};
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
    domain::Points,
    storage::customers,
    telegram::till_redeem,
    till::{Staff, redeem},
};

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct RedemptionIn {
    /// The card number, or the text of the card's scanned QR code.
    pub card: String,
    /// Points to spend (a whole number above zero).
    pub points: i64,
    /// The purchase the points pay for, as a decimal string: the programme's cap applies.
    #[schema(example = "1250.50")]
    pub amount: Option<String>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct RedemptionOut {
    pub id: i64,
    /// `pending`, `confirmed`, `declined` or `expired`.
    #[schema(example = "pending")]
    pub status: String,
    pub points: i64,
    /// Until when the customer can confirm.
    #[schema(value_type = String, format = DateTime)]
    pub expires_at: DateTime<Utc>,
}

fn not_found() -> ApiError {
    ApiError::NotFound("redemption_not_found", "no such redemption".into())
}

/// Asks the customer to confirm spending points; answers at once with a pending request.
#[utoipa::path(
    post,
    path = "/api/v1/redemptions",
    tag = "redemptions",
    request_body = RedemptionIn,
    params(("Idempotency-Key" = String, Header, description = "Unique per request; retries reuse it")),
    responses(
        (status = 202, description = "The customer was asked", body = RedemptionOut),
        (status = 400, description = "Bad body or missing Idempotency-Key", body = ErrorBody),
        (status = 401, description = "Missing, unknown or revoked key", body = ErrorBody),
        (status = 404, description = "Unknown card", body = ErrorBody),
        (status = 409, description = "The same key is still running", body = ErrorBody),
        (status = 422, description = "Too few points, over the cap, or Idempotency-Key reused", body = ErrorBody),
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
    let (state, caller, body) = (&state, &caller, &body);
    idempotent(
        state,
        caller,
        "/api/v1/redemptions",
        &headers,
        body,
        |key| async move {
            let input: RedemptionIn = parse_body(body)?;
            let points = Points::new(input.points).map_err(|_| {
                ApiError::BadRequest(
                    "invalid_points",
                    "`points`: a whole number above zero".into(),
                )
            })?;
            let purchase_amount = input
                .amount
                .as_deref()
                .map(|a| cards::money("amount", a))
                .transpose()?;
            let app = &state.app;
            let mut conn = app.pool.acquire().await?;
            let card = cards::find(&mut conn, &app.card_secret, &input.card).await?;
            let customer = customers::by_id(&mut conn, card.customer_id)
                .await?
                .ok_or_else(not_found)?;
            drop(conn);
            let staff = Staff {
                tg_user_id: caller.created_by,
                name: caller.name.clone(),
                store: caller.name.clone(),
                is_owner: true,
            };
            let req = redeem::RedeemRequest {
                key: format!("api:{}:redeem:{key}", caller.id),
                staff: &staff,
                staff_chat_id: caller.created_by,
                staff_language: app.config.default_language,
                customer_id: customer.id,
                points,
                purchase_amount,
                now: Utc::now(),
                api_key: Some(caller.id),
            };
            let r = redeem::request(&app.pool, &req).await?;
            // Asked before answering: a 202 means the customer has the question.
            till_redeem::ask_customer(&state.bot, app, &r, &customer)
                .await
                .map_err(ApiError::Internal)?;
            Answer::json(
                StatusCode::ACCEPTED,
                &RedemptionOut {
                    id: r.id,
                    status: r.status,
                    points: r.points,
                    expires_at: r.expires_at,
                },
            )
        },
    )
    .await
}

/// Where a redemption stands.
#[utoipa::path(
    get,
    path = "/api/v1/redemptions/{id}",
    tag = "redemptions",
    params(("id" = i64, Path, description = "The id from POST /api/v1/redemptions")),
    responses(
        (status = 200, description = "The redemption", body = RedemptionOut),
        (status = 401, description = "Missing, unknown or revoked key", body = ErrorBody),
        (status = 404, description = "Unknown redemption", body = ErrorBody),
        (status = 429, description = "Rate limited (see Retry-After)", body = ErrorBody),
    ),
    security(("api_key" = []))
)]
pub async fn get_status(
    State(state): State<ApiState>,
    _caller: Caller,
    Path(id): Path<i64>,
) -> Result<Json<RedemptionOut>, ApiError> {
    let r = redeem::find(&state.app.pool, id)
        .await?
        .ok_or_else(not_found)?;
    Ok(Json(RedemptionOut {
        id,
        status: r.status,
        points: r.points,
        expires_at: r.expires_at,
    }))
}
