//! Webhook mode: Telegram POSTs each update to the path of `WEBHOOK_URL`; we check the secret
//! token header (401 without it), handle the update, and only then answer 200, so an update
//! whose handling was cut short by a crash is re-sent by Telegram.

use std::sync::Arc;

use axum::{
    Router,
    body::Bytes,
    extract::State,
    http::{HeaderMap, StatusCode},
    routing::post,
};
use teloxide::prelude::*;

use super::Engine;

pub const SECRET_HEADER: &str = "x-telegram-bot-api-secret-token";

#[derive(Clone)]
struct Hook {
    engine: Arc<Engine>,
    secret: Arc<str>,
}

/// The webhook endpoint at `path`.
pub fn router(engine: Arc<Engine>, path: &str, secret: &str) -> Router {
    Router::new().route(path, post(receive)).with_state(Hook {
        engine,
        secret: secret.into(),
    })
}

async fn receive(State(hook): State<Hook>, headers: HeaderMap, body: Bytes) -> StatusCode {
    let given = headers
        .get(SECRET_HEADER)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("");
    if !constant_time_eq(given.as_bytes(), hook.secret.as_bytes()) {
        tracing::warn!("webhook request without the right secret token");
        return StatusCode::UNAUTHORIZED;
    }
    match serde_json::from_slice::<Update>(&body) {
        Ok(update) => {
            hook.engine.handle(update).await;
            StatusCode::OK
        }
        Err(e) => {
            // Telegram would re-send a refused update forever; log it and move on.
            tracing::error!(error = %e, "webhook body is not an Update");
            StatusCode::OK
        }
    }
}

pub(crate) fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

/// Registers the webhook with Telegram, with the secret token it must send back.
pub async fn register(bot: &Bot, url: &url::Url, secret: &str) -> anyhow::Result<()> {
    bot.set_webhook(url.clone())
        .secret_token(secret.to_owned())
        .allowed_updates(vec![
            teloxide::types::AllowedUpdate::Message,
            teloxide::types::AllowedUpdate::CallbackQuery,
            teloxide::types::AllowedUpdate::MyChatMember,
        ])
        .await?;
    Ok(())
}
