//! Long polling into the inbox. Each `getUpdates` batch is stored in one statement, and only
//! then acknowledged: the next call's `offset` tells Telegram it may forget them. The next
//! poll starts as soon as the batch is stored; handling happens in the workers, never here.
//! Updates are stored as the JSON Telegram sent (teloxide's types do not serialize back to
//! what they parsed from, e.g. a button on an inaccessible message), so `getUpdates` is made
//! here with teloxide's own HTTP client rather than through its typed request.
//!
//! When the database is away, nothing is acknowledged: we keep the batch and retry storing it
//! with backoff, and Telegram keeps the updates meanwhile (if we stop, the next start gets them
//! again). The server-side wait ([`PollingOptions`](crate::startup::PollingOptions)) stays below
//! the HTTP client's timeout (teloxide's 17 s), so a poll is never abandoned while Telegram
//! still holds it, which would make the next poll overlap it and end it with `409 Conflict`.

use std::{sync::Arc, time::Duration};

use serde_json::Value;
use sqlx::PgPool;
use teloxide::{prelude::*, types::AllowedUpdate};
use tokio::sync::{Notify, watch};

use super::{
    Engine,
    inbox::{self, Incoming},
};

pub const ALLOWED: [AllowedUpdate; 3] = [
    AllowedUpdate::Message,
    AllowedUpdate::CallbackQuery,
    AllowedUpdate::MyChatMember,
];

pub async fn run(
    bot: Bot,
    pool: PgPool,
    wake: Arc<Notify>,
    timeout: Duration,
    mut shutdown: watch::Receiver<bool>,
) {
    let mut offset: i64 = 0;
    let mut failures: u32 = 0;
    let wait = u32::try_from(timeout.as_secs()).unwrap_or(10);
    while !*shutdown.borrow() {
        let updates = tokio::select! {
            r = get_updates(&bot, offset, wait) => r,
            _ = shutdown.changed() => break,
        };
        let updates = match updates {
            Ok(u) => {
                failures = 0;
                u
            }
            Err(e) => {
                failures += 1;
                tracing::warn!(error = %e, "getUpdates failed");
                crate::metrics::telegram_error("getUpdates");
                if !sleep_or_stop(backoff(failures), &mut shutdown).await {
                    break;
                }
                continue;
            }
        };
        let batch: Vec<Incoming> = updates.iter().filter_map(incoming).collect();
        let Some(last) = batch.iter().map(|u| u.update_id).max() else {
            continue;
        };
        let mut store_failures = 0;
        loop {
            match inbox::store(&pool, &batch).await {
                Ok(_) => break,
                Err(e) => {
                    store_failures += 1;
                    if store_failures == 1 {
                        tracing::warn!(error = %e, "cannot store updates; not acknowledging them until the database is back");
                    }
                    if !sleep_or_stop(backoff(store_failures), &mut shutdown).await {
                        // Not stored, so not acknowledged: Telegram sends them again.
                        return;
                    }
                }
            }
        }
        wake.notify_one();
        offset = last + 1;
    }
    confirm(&bot, offset).await;
}

/// The update as it goes into the inbox: its id, its chat, its JSON as received. An update
/// without an id cannot be acknowledged or ordered: it is skipped (Telegram never sends one).
pub fn incoming(raw: &Value) -> Option<Incoming> {
    let update_id = raw.get("update_id").and_then(Value::as_i64)?;
    let payload = raw.to_string();
    // From the text: teloxide's types do not deserialize from a `serde_json::Value`.
    let chat_id = serde_json::from_str::<Update>(&payload)
        .ok()
        .and_then(|u| Engine::chat_of(&u))
        .unwrap_or(0);
    Some(Incoming {
        update_id,
        chat_id,
        payload,
    })
}

/// `getUpdates` through teloxide's HTTP client (its API URL, token and timeouts), answered as
/// raw JSON updates.
async fn get_updates(bot: &Bot, offset: i64, wait: u32) -> anyhow::Result<Vec<Value>> {
    // As teloxide builds method URLs (a leading slash: the token has a colon).
    let url = bot
        .api_url()
        .join(&format!("/bot{}/getUpdates", bot.token()))?;
    let body = serde_json::json!({
        "offset": offset,
        "timeout": wait,
        "allowed_updates": ALLOWED,
    });
    let response = bot.client().post(url).json(&body).send().await?;
    let mut answer: Value = response.json().await?;
    if answer.get("ok").and_then(Value::as_bool) != Some(true) {
        let description = answer
            .get("description")
            .and_then(Value::as_str)
            .unwrap_or("no description");
        anyhow::bail!("getUpdates refused: {description}");
    }
    match answer.get_mut("result").map(Value::take) {
        Some(Value::Array(updates)) => Ok(updates),
        _ => anyhow::bail!("getUpdates answered without a list of updates"),
    }
}

fn backoff(failures: u32) -> Duration {
    Duration::from_millis(250 * u64::from(failures.min(20)))
}

/// Sleeps `d`; false if a shutdown came first.
async fn sleep_or_stop(d: Duration, shutdown: &mut watch::Receiver<bool>) -> bool {
    tokio::select! {
        () = tokio::time::sleep(d) => true,
        _ = shutdown.changed() => false,
    }
}

/// Tells Telegram which updates are stored, without waiting for new ones.
async fn confirm(bot: &Bot, offset: i64) {
    if offset == 0 {
        return;
    }
    let offset = i32::try_from(offset).unwrap_or(i32::MAX);
    let req = bot.get_updates().offset(offset).timeout(0).limit(1);
    if let Err(e) = req.send().await {
        tracing::warn!(error = %e, "could not confirm the last updates; they will be re-sent");
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_update_is_stored_under_its_chat() {
        let raw = serde_json::json!({"update_id": 5, "message": {"message_id": 1,
            "date": 1_700_000_000, "chat": {"id": 7, "type": "private", "first_name": "A"},
            "from": {"id": 7, "is_bot": false, "first_name": "A"}, "text": "/start"}});
        let stored = incoming(&raw).expect("an update");
        assert_eq!((stored.update_id, stored.chat_id), (5, 7));
        let back: Value = serde_json::from_str(&stored.payload).expect("json");
        assert_eq!(back, raw);
    }
}
