//! Errors of the page's API, answered as `{"error": "<code>", "message": "..."}`. The page shows
//! the codes it knows (`no-qr`, `not-a-bot-link`) in the pane's language.

use axum::{
    Json,
    http::StatusCode,
    response::{IntoResponse, Response},
};
use serde_json::json;

#[derive(Debug, thiserror::Error)]
pub enum WebError {
    #[error("no persona with id {0}")]
    UnknownPersona(i64),
    #[error("no message {0} in this chat")]
    UnknownMessage(i64),
    #[error("no file {0}")]
    UnknownFile(String),
    #[error("no QR code found in the image")]
    NoQr,
    #[error("the QR code is not a link to this bot: {0}")]
    NotBotLink(String),
    #[error("{0}")]
    BadRequest(&'static str),
}

impl WebError {
    fn code(&self) -> &'static str {
        match self {
            Self::UnknownPersona(_) => "unknown-persona",
            Self::UnknownMessage(_) => "unknown-message",
            Self::UnknownFile(_) => "unknown-file",
            Self::NoQr => "no-qr",
            Self::NotBotLink(_) => "not-a-bot-link",
            Self::BadRequest(_) => "bad-request",
        }
    }

    fn status(&self) -> StatusCode {
        match self {
            Self::UnknownPersona(_) | Self::UnknownMessage(_) | Self::UnknownFile(_) => {
                StatusCode::NOT_FOUND
            }
            Self::NoQr | Self::NotBotLink(_) => StatusCode::UNPROCESSABLE_ENTITY,
            Self::BadRequest(_) => StatusCode::BAD_REQUEST,
        }
    }
}

impl IntoResponse for WebError {
    fn into_response(self) -> Response {
        let body = json!({ "error": self.code(), "message": self.to_string() });
        (self.status(), Json(body)).into_response()
    }
}
