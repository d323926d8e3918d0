//! The POS API in the sandbox: at each start the sandbox makes an API key ("Sandbox POS") and
//! registers its own webhook receiver (`/pos/inbox` on the sandbox's address), then `/pos`
//! shows the API's address, the key, a curl example and the webhook log, so the API can be
//! tried offline. A developer page, in English like the API's own messages.

use std::sync::{Arc, PoisonError, RwLock};

use axum::{
    Router,
    extract::State,
    http::StatusCode,
    response::Html,
    routing::{get, post},
};
use sqlx::PgPool;
use teloxide::utils::html::escape;

use crate::{api::keys, hooks_out::endpoints};

const KEY_NAME: &str = "Sandbox POS";
const INBOX: &str = "/pos/inbox";

/// What `/pos` shows; filled once the bot has started.
#[derive(Clone, Debug)]
pub struct PosInfo {
    pub api_base: String,
    pub key: String,
    pub webhook_url: String,
    pub webhook_secret: String,
}

#[derive(Clone, Default)]
pub struct PosState {
    pub info: Arc<RwLock<Option<(PosInfo, PgPool)>>>,
}

/// A fresh key and receiver for this run (those of earlier runs are revoked and removed: their
/// key was shown only to that run's page).
pub async fn prepare(
    pool: &PgPool,
    owner: i64,
    api_base: String,
    sandbox_url: &str,
) -> anyhow::Result<PosInfo> {
    sqlx::query("UPDATE api_keys SET revoked_at = now() WHERE name = $1 AND revoked_at IS NULL")
        .bind(KEY_NAME)
        .execute(pool)
        .await?;
    let (_, key) = keys::create(pool, owner, KEY_NAME).await?;
    let webhook_url = format!("{sandbox_url}{INBOX}");
    for e in endpoints::list(pool).await? {
        if e.url.ends_with(INBOX) {
            endpoints::remove(pool, e.id).await?;
        }
    }
    let (_, webhook_secret) = endpoints::add(pool, owner, &webhook_url, true).await?;
    Ok(PosInfo {
        api_base,
        key,
        webhook_url,
        webhook_secret,
    })
}

pub fn router(state: PosState) -> Router {
    Router::new()
        .route("/pos", get(page))
        // The sandbox's own receiver: accepts every event (the log shows them as delivered).
        .route(INBOX, post(|| async { StatusCode::NO_CONTENT }))
        .with_state(state)
}

async fn page(State(state): State<PosState>) -> Result<Html<String>, StatusCode> {
    let Some((info, pool)) = state
        .info
        .read()
        .unwrap_or_else(PoisonError::into_inner)
        .clone()
    else {
        return Ok(Html("<p>Starting…</p>".to_owned()));
    };
    let card: Option<String> =
        sqlx::query_scalar("SELECT number FROM cards WHERE active ORDER BY id LIMIT 1")
            .fetch_optional(&pool)
            .await
            .map_err(|_| StatusCode::SERVICE_UNAVAILABLE)?;
    let log = endpoints::log(&pool, 50)
        .await
        .map_err(|_| StatusCode::SERVICE_UNAVAILABLE)?;
    let card = card.unwrap_or_else(|| "482103947712".to_owned());
    let curl = format!(
        "curl -s {base}/api/v1/purchases \\\n  -H 'Authorization: Bearer {key}' \\\n  \
         -H 'Idempotency-Key: '$(date +%s%N) \\\n  -H 'Content-Type: application/json' \\\n  \
         -d '{{\"card\": \"{card}\", \"amount\": \"1250.50\", \"order_id\": \"'$(date +%s)'\"}}'",
        base = info.api_base,
        key = info.key,
    );
    let mut rows = String::new();
    for l in &log {
        rows.push_str(&format!(
            "<tr><td>{}</td><td><b>{}</b><br><small>{}</small></td><td>{}</td><td><code>{}</code></td></tr>",
            l.created_at.format("%H:%M:%S"),
            escape(&l.kind),
            escape(&l.msg_id),
            escape(&format!(
                "{} · attempts {} {}",
                l.status.as_deref().unwrap_or("-"),
                l.attempts.unwrap_or(0),
                l.last_error.as_deref().unwrap_or("")
            )),
            escape(&l.payload),
        ));
    }
    if rows.is_empty() {
        rows = "<tr><td colspan=4>No events yet: post a purchase (curl above or the cashier's chat).</td></tr>".into();
    }
    Ok(Html(format!(
        r#"<!doctype html><html><head><meta charset="utf-8"><meta http-equiv="refresh" content="3">
<title>POS API · loyalty-bot sandbox</title>
<style>body{{font:14px system-ui,sans-serif;margin:2em;max-width:70em}}code,pre{{background:#f4f4f4;padding:2px 4px;word-break:break-all}}
table{{border-collapse:collapse;width:100%}}td{{border-top:1px solid #ddd;padding:4px;vertical-align:top}}</style></head>
<body><h1>POS API</h1>
<p>API: <code>{base}</code> · <a href="{base}/api/openapi.json">openapi.json</a> · <a href="/">back to the chats</a></p>
<p>API key (<i>{name}</i>, made for this run; owners make theirs with <code>/apikey new</code>): <code id="api-key">{key}</code></p>
<p>Try a purchase on the first customer's card:</p><pre>{curl}</pre>
<h2>Webhook log</h2>
<p>Events go to the sandbox's own receiver <code>{hook}</code>, signed with <code>{secret}</code>. Add your own with <code>/webhook add</code> in the owner's chat.</p>
<table id="webhook-log">{rows}</table></body></html>"#,
        base = escape(&info.api_base),
        name = KEY_NAME,
        key = escape(&info.key),
        curl = escape(&curl),
        hook = escape(&info.webhook_url),
        secret = escape(&info.webhook_secret),
    )))
}
