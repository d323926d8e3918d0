//! Every Mini App API error is JSON `{ "error": { "code", "message" } }`: `code` is stable (the
//! page branches on it), `message` is in the user's language, ready to show.

use axum::{
    http::StatusCode,
    response::{IntoResponse, Response},
};
use serde_json::json;

use crate::{domain::Language, t, telegram::App, till::TillError};

#[derive(Debug)]
pub struct MiniAppError {
    pub status: StatusCode,
    pub code: &'static str,
    pub message: String,
}

pub type ApiResult<T> = Result<T, MiniAppError>;

impl MiniAppError {
    pub fn new(status: StatusCode, code: &'static str, message: String) -> Self {
        Self {
            status,
            code,
            message,
        }
    }

    /// Missing, forged or stale initData. Nobody is known yet, so English.
    pub fn unauthorized(why: impl std::fmt::Display) -> Self {
        Self::new(
            StatusCode::UNAUTHORIZED,
            "unauthorized",
            format!("{why}; send Authorization: tma <Telegram.WebApp.initData>"),
        )
    }

    pub fn forbidden(lang: Language) -> Self {
        Self::new(StatusCode::FORBIDDEN, "staff_only", t!(lang, "staff-only"))
    }

    pub fn bad_request(code: &'static str, message: String) -> Self {
        Self::new(StatusCode::BAD_REQUEST, code, message)
    }

    pub fn not_found(code: &'static str, message: String) -> Self {
        Self::new(StatusCode::NOT_FOUND, code, message)
    }

    /// A refusal of the till's rules, in the words the chat uses.
    pub fn till(app: &App, lang: Language, e: &TillError) -> Self {
        let text = crate::telegram::till_money::till_error(app, lang, e);
        let (status, code) = match e {
            TillError::NotFound => (StatusCode::NOT_FOUND, "not_found"),
            TillError::Ledger(_) | TillError::Db(_) => {
                (StatusCode::INTERNAL_SERVER_ERROR, "internal")
            }
            TillError::AlreadyReversed => (StatusCode::CONFLICT, "already_reversed"),
            TillError::UndoWindowPassed => (StatusCode::CONFLICT, "undo_window_passed"),
            TillError::NotYours => (StatusCode::FORBIDDEN, "not_yours"),
            TillError::OwnCard => (StatusCode::UNPROCESSABLE_ENTITY, "own_card"),
            TillError::InsufficientPoints { .. } => {
                (StatusCode::UNPROCESSABLE_ENTITY, "insufficient_points")
            }
            _ => (StatusCode::UNPROCESSABLE_ENTITY, "refused"),
        };
        Self::new(status, code, text)
    }

    pub fn internal(e: impl Into<anyhow::Error>) -> Self {
        let e = e.into();
        tracing::error!(error = ?e, "Mini App request failed");
        Self::new(
            StatusCode::INTERNAL_SERVER_ERROR,
            "internal",
            "internal error".into(),
        )
    }
}

impl From<sqlx::Error> for MiniAppError {
    fn from(e: sqlx::Error) -> Self {
        Self::internal(e)
    }
}

impl From<anyhow::Error> for MiniAppError {
    fn from(e: anyhow::Error) -> Self {
        Self::internal(e)
    }
}

impl From<crate::ledger::LedgerError> for MiniAppError {
    fn from(e: crate::ledger::LedgerError) -> Self {
        Self::internal(e)
    }
}

impl IntoResponse for MiniAppError {
    fn into_response(self) -> Response {
        let body = json!({ "error": { "code": self.code, "message": self.message } });
        (self.status, axum::Json(body)).into_response()
    }
}
