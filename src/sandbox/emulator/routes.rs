//! HTTP: `POST|GET /bot<token>/<method>` and `GET /file/bot<token>/<file_path>`.
//!
//! Each call goes through the same steps: read the parameters whatever the encoding, resolve the
//! method name case-insensitively, validate against the spec and the server's limits (failures
//! are answered 400/404 *and* kept in `validation_errors`), record the call, apply an injected
//! fault if one is queued, then run the method.

use axum::Router;
use axum::extract::{DefaultBodyLimit, Path, Request, State};
use axum::http::header::CONTENT_TYPE;
use axum::response::{IntoResponse, Response};
use axum::routing::{any, get};
use serde_json::Value;

use super::error::{ApiError, ok_response};
use super::model::{ApiCall, Fault};
use super::params::RawParams;
use super::spec::spec;
use super::{Emulator, limits, methods, poll};

/// Telegram accepts documents up to 50 MB from bots.
const MAX_BODY_BYTES: usize = 50 * 1024 * 1024;

pub(crate) fn router(emulator: Emulator) -> Router {
    Router::new()
        .route("/{bot}/{method}", any(call_method))
        .route("/file/{bot}/{*path}", get(download))
        .layer(DefaultBodyLimit::max(MAX_BODY_BYTES))
        .with_state(emulator)
}

async fn call_method(
    State(emulator): State<Emulator>,
    Path((bot, method)): Path<(String, String)>,
    req: Request,
) -> Response {
    let Some(token) = bot.strip_prefix("bot") else {
        return ApiError::not_found().into_response();
    };
    match handle(&emulator, token, &method, req).await {
        Ok(result) => ok_response(result),
        Err(error) => {
            tracing::debug!(method, %error, "Bot API emulator: error answer");
            error.into_response()
        }
    }
}

async fn handle(
    emulator: &Emulator,
    token: &str,
    requested: &str,
    req: Request,
) -> Result<Value, ApiError> {
    let params = RawParams::from_request(req).await;
    execute(emulator, token, requested, params).await
}

/// The pipeline after the body is read; tests call it directly.
pub(crate) async fn execute(
    emulator: &Emulator,
    token: &str,
    requested: &str,
    params: Result<RawParams, ApiError>,
) -> Result<Value, ApiError> {
    let spec = spec();
    let method = spec.canonical_method(requested);
    let checked = match (&params, method) {
        (Err(error), _) => Err(error.clone()),
        (Ok(_), None) => Err(ApiError::method_not_found()),
        (Ok(params), Some(method)) => spec
            .validate(method, params)
            .and_then(|typed| limits::check(method, &typed).map(|()| typed)),
    };
    let method = method.unwrap_or(requested);
    let fault = {
        let mut state = emulator.lock();
        let recorded = match (&checked, &params) {
            (Ok(typed), _) => Value::Object(typed.clone()),
            (Err(_), Ok(params)) => params.to_json(),
            (Err(_), Err(_)) => Value::Null,
        };
        let call = ApiCall {
            method: method.to_owned(),
            params: recorded,
            token: token.to_owned(),
            at: chrono::Utc::now(),
        };
        state.calls.push(call);
        match &checked {
            Err(error) => {
                tracing::warn!(method, %error, "Bot API emulator: invalid request");
                state
                    .validation_errors
                    .push(format!("{method}: {}", error.description));
                None
            }
            Ok(_) => state
                .faults
                .get_mut(&method.to_lowercase())
                .and_then(|queue| queue.pop_front()),
        }
    };
    let typed = checked?;
    match fault {
        Some(Fault::Slow(ms)) => {
            tokio::time::sleep(std::time::Duration::from_millis(u64::from(ms))).await;
        }
        Some(fault) => return Err(ApiError::from_fault(&fault)),
        None => {}
    }
    if is_message_send(method) && !emulator.lock().take_send() {
        return Err(ApiError::from_fault(&Fault::RetryAfter(1)));
    }
    if method == "getUpdates" {
        return poll::get_updates(emulator, &typed).await;
    }
    let uploads = params.map(|params| params.uploads).unwrap_or_default();
    let result = methods::dispatch(&mut emulator.lock(), method, &typed, &uploads);
    emulator.shared.events.notify_waiters();
    result
}

/// Methods that put a new message in a chat: what Telegram's per-bot limit counts.
fn is_message_send(method: &str) -> bool {
    (method.starts_with("send") && method != "sendChatAction")
        || matches!(method, "copyMessage" | "forwardMessage")
}

async fn download(
    State(emulator): State<Emulator>,
    Path((bot, path)): Path<(String, String)>,
) -> Response {
    if !bot.starts_with("bot") {
        return ApiError::not_found().into_response();
    }
    let state = emulator.lock();
    match state.files.values().find(|file| file.path == path) {
        Some(file) => {
            ([(CONTENT_TYPE, file.mime_type.clone())], file.bytes.clone()).into_response()
        }
        None => ApiError::not_found().into_response(),
    }
}
