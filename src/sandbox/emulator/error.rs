//! Errors as the Bot API reports them: an HTTP status plus
//! `{"ok":false,"error_code":..,"description":..}`.

use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde_json::{Value, json};

use super::model::Fault;

#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("{code} {description}")]
pub(crate) struct ApiError {
    pub code: u16,
    pub description: String,
    pub retry_after: Option<u32>,
}

impl ApiError {
    fn new(code: u16, description: String) -> Self {
        Self {
            code,
            description,
            retry_after: None,
        }
    }

    /// 400 "Bad Request: {reason}" — the prefix every real 400 carries.
    pub fn bad_request(reason: impl std::fmt::Display) -> Self {
        Self::new(400, format!("Bad Request: {reason}"))
    }

    pub fn method_not_found() -> Self {
        Self::new(404, "Not Found: method not found".to_owned())
    }

    pub fn not_found() -> Self {
        Self::new(404, "Not Found".to_owned())
    }

    pub fn conflict(reason: &str) -> Self {
        Self::new(409, format!("Conflict: {reason}"))
    }

    pub fn chat_not_found() -> Self {
        Self::bad_request("chat not found")
    }

    pub fn from_fault(fault: &Fault) -> Self {
        match fault {
            Fault::RetryAfter(seconds) => Self {
                code: 429,
                description: format!("Too Many Requests: retry after {seconds}"),
                retry_after: Some(*seconds),
            },
            Fault::Blocked => Self::new(403, "Forbidden: bot was blocked by the user".to_owned()),
            Fault::BadRequest(text) if text.starts_with("Bad Request: ") => {
                Self::new(400, text.clone())
            }
            Fault::BadRequest(text) => Self::bad_request(text),
            // A slow answer is not an error; routes waits instead of calling this.
            Fault::ServerError | Fault::Slow(_) => {
                Self::new(500, "Internal Server Error".to_owned())
            }
        }
    }

    pub fn body(&self) -> Value {
        let mut body = json!({
            "ok": false,
            "error_code": self.code,
            "description": self.description,
        });
        if let Some(seconds) = self.retry_after {
            body["parameters"] = json!({ "retry_after": seconds });
        }
        body
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let status = StatusCode::from_u16(self.code).unwrap_or(StatusCode::BAD_REQUEST);
        (status, axum::Json(self.body())).into_response()
    }
}

/// The success envelope.
pub(crate) fn ok_response(result: Value) -> Response {
    axum::Json(json!({ "ok": true, "result": result })).into_response()
}
