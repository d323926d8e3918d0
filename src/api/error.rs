//! Every API error is JSON `{ "error": { "code", "message" } }` with an HTTP status. The `code`
//! is stable (integrations branch on it); the `message` is English prose for the developer
//! reading logs, not for shoppers, so it does not come from the locales.

use axum::{
    http::{HeaderValue, StatusCode, header},
    response::{IntoResponse, Response},
};
use serde::Serialize;
use utoipa::ToSchema;

use crate::till::TillError;

#[derive(Debug, thiserror::Error)]
pub enum ApiError {
    #[error("missing, unknown or revoked API key; send Authorization: Bearer lb_...")]
    Unauthorized,
    #[error("too many requests for this API key; retry after {0} s")]
    RateLimited(u64),
    #[error("{1}")]
    BadRequest(&'static str, String),
    #[error("every POST needs an Idempotency-Key header (1-255 visible ASCII characters)")]
    IdempotencyKeyMissing,
    #[error("this Idempotency-Key was used with a different request")]
    IdempotencyKeyReused,
    #[error("a request with this Idempotency-Key is still being processed")]
    IdempotencyKeyInUse,
    #[error("{1}")]
    NotFound(&'static str, String),
    #[error("{1}")]
    Conflict(&'static str, String),
    #[error("{1}")]
    Unprocessable(&'static str, String),
    #[error("internal error")]
    Internal(#[from] anyhow::Error),
}

impl From<sqlx::Error> for ApiError {
    fn from(e: sqlx::Error) -> Self {
        Self::Internal(e.into())
    }
}

impl From<crate::ledger::LedgerError> for ApiError {
    fn from(e: crate::ledger::LedgerError) -> Self {
        Self::Internal(e.into())
    }
}

impl From<TillError> for ApiError {
    fn from(e: TillError) -> Self {
        let text = e.to_string();
        match e {
            TillError::NotFound => Self::NotFound("not_found", text),
            TillError::InsufficientPoints { .. } => {
                Self::Unprocessable("insufficient_points", text)
            }
            TillError::OverCap { .. } => Self::Unprocessable("over_redemption_cap", text),
            TillError::AlreadyReversed => Self::Conflict("already_reversed", text),
            TillError::UndoWindowPassed | TillError::NotYours | TillError::Closed => {
                Self::Conflict("closed", text)
            }
            TillError::RefundTooLarge => Self::Unprocessable("refund_too_large", text),
            TillError::NoPoints => Self::Unprocessable("no_points_programme", text),
            TillError::OwnCard => Self::Unprocessable("own_card", text),
            TillError::RedemptionOverCap { .. } => Self::Unprocessable("redemption_over_cap", text),
            TillError::OtherStore => Self::Unprocessable("other_store", text),
            TillError::RefundWindowPassed { .. } => {
                Self::Unprocessable("refund_window_passed", text)
            }
            TillError::Ledger(_) | TillError::Db(_) => Self::Internal(e.into()),
        }
    }
}

/// The body of every error response.
#[derive(Debug, Serialize, serde::Deserialize, ToSchema)]
pub struct ErrorBody {
    pub error: ErrorDetail,
}

#[derive(Debug, Serialize, serde::Deserialize, ToSchema)]
pub struct ErrorDetail {
    /// Stable, e.g. `unauthorized`, `idempotency_key_reused`, `card_not_found`.
    pub code: String,
    pub message: String,
}

impl ApiError {
    pub fn status(&self) -> StatusCode {
        match self {
            Self::Unauthorized => StatusCode::UNAUTHORIZED,
            Self::RateLimited(_) => StatusCode::TOO_MANY_REQUESTS,
            Self::BadRequest(..) | Self::IdempotencyKeyMissing => StatusCode::BAD_REQUEST,
            Self::IdempotencyKeyReused | Self::Unprocessable(..) => {
                StatusCode::UNPROCESSABLE_ENTITY
            }
            Self::IdempotencyKeyInUse | Self::Conflict(..) => StatusCode::CONFLICT,
            Self::NotFound(..) => StatusCode::NOT_FOUND,
            Self::Internal(_) => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    pub fn code(&self) -> &'static str {
        match self {
            Self::Unauthorized => "unauthorized",
            Self::RateLimited(_) => "rate_limited",
            Self::IdempotencyKeyMissing => "idempotency_key_missing",
            Self::IdempotencyKeyReused => "idempotency_key_reused",
            Self::IdempotencyKeyInUse => "idempotency_key_in_use",
            Self::BadRequest(code, _)
            | Self::NotFound(code, _)
            | Self::Conflict(code, _)
            | Self::Unprocessable(code, _) => code,
            Self::Internal(_) => "internal",
        }
    }

    pub fn body(&self) -> ErrorBody {
        ErrorBody {
            error: ErrorDetail {
                code: self.code().to_owned(),
                message: self.to_string(),
            },
        }
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        if let Self::Internal(e) = &self {
            tracing::error!(error = ?e, "API request failed");
        }
        let mut response = (self.status(), axum::Json(self.body())).into_response();
        if let Self::RateLimited(secs) = self {
            response
                .headers_mut()
                .insert(header::RETRY_AFTER, HeaderValue::from(secs));
        }
        response
    }
}
