//! Webhook mode: Telegram POSTs each update to the path of `WEBHOOK_URL`; we check the secret
//! token header (401 without it), store the update in the inbox and only then answer 200. The
//! answer is quick (Telegram re-sends on slow answers); the workers handle it. If the database
//! is away we answer 503 and Telegram re-sends it later.
//!
//! Every replica must accept Telegram's requests, so the secret is the same everywhere:
//! `WEBHOOK_SECRET`, or one derived from the bot token and `CARD_SECRET` (see `config`).

use std::sync::Arc;

use sqlx::PgPool;
use tokio::sync::Notify;

use axum::{
    Router,
    body::Bytes,
    extract::State,
    http::{HeaderMap, StatusCode},
    routing::post,
};
use teloxide::prelude::*;

use super::{inbox, polling::incoming};

pub const SECRET_HEADER: &str = "x-telegram-bot-api-secret-token";

#[derive(Clone)]
struct Hook {
    pool: PgPool,
    wake: Arc<Notify>,
    secret: Arc<str>,
}

/// The webhook endpoint at `path`; stored updates wake `wake` (the workers).
pub fn router(pool: PgPool, wake: Arc<Notify>, path: &str, secret: &str) -> Router {
    Router::new().route(path, post(receive)).with_state(Hook {
        pool,
        wake,
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
    match serde_json::from_slice::<serde_json::Value>(&body) {
        Ok(update) => {
            let Some(row) = incoming(&update) else {
                tracing::error!("webhook body is not an update");
                return StatusCode::OK;
            };
            match inbox::store(&hook.pool, &[row]).await {
                Ok(_) => {
                    hook.wake.notify_one();
                    StatusCode::OK
                }
                Err(e) => {
                    tracing::warn!(error = %e, "cannot store a webhook update; Telegram will re-send it");
                    StatusCode::SERVICE_UNAVAILABLE
                }
            }
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
        .allowed_updates(super::polling::ALLOWED.to_vec())
        .await?;
    Ok(())
}
