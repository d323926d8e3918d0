//! Long polling that acknowledges only handled updates. Each batch from `getUpdates` is
//! handled completely (chats in parallel, each chat's updates in order) before the next call
//! confirms it with `offset`. On shutdown the loop finishes the batch in hand, confirms it, and
//! returns.

use std::{collections::BTreeMap, sync::Arc, time::Duration};

use teloxide::{prelude::*, types::AllowedUpdate};
use tokio::sync::watch;

use super::Engine;

pub async fn run(engine: Arc<Engine>, timeout: Duration, mut shutdown: watch::Receiver<bool>) {
    let mut offset: i32 = 0;
    let mut failures: u32 = 0;
    while !*shutdown.borrow() {
        let request = engine
            .bot
            .get_updates()
            .offset(offset)
            .timeout(u32::try_from(timeout.as_secs()).unwrap_or(25))
            .allowed_updates(vec![
                AllowedUpdate::Message,
                AllowedUpdate::CallbackQuery,
                AllowedUpdate::MyChatMember,
            ]);
        let updates = tokio::select! {
            r = request.send() => r,
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
                let backoff = Duration::from_millis(250 * u64::from(failures.min(20)));
                tokio::select! {
                    () = tokio::time::sleep(backoff) => continue,
                    _ = shutdown.changed() => break,
                }
            }
        };
        let Some(last) = updates.last().map(|u| u.id.0) else {
            continue;
        };
        handle_batch(&engine, updates).await;
        offset = i32::try_from(last).unwrap_or(i32::MAX).saturating_add(1);
    }
    confirm(&engine, offset).await;
}

/// Runs a batch: one task per chat, sequential within the chat.
async fn handle_batch(engine: &Arc<Engine>, updates: Vec<Update>) {
    let mut by_chat: BTreeMap<Option<i64>, Vec<Update>> = BTreeMap::new();
    for u in updates {
        by_chat.entry(Engine::chat_of(&u)).or_default().push(u);
    }
    let tasks: Vec<_> = by_chat
        .into_values()
        .map(|chat_updates| {
            let engine = engine.clone();
            tokio::spawn(async move {
                for u in chat_updates {
                    engine.handle(u).await;
                }
            })
        })
        .collect();
    for t in tasks {
        if let Err(e) = t.await {
            tracing::error!(error = %e, "update task panicked");
        }
    }
}

/// Tells Telegram which updates we have handled, without waiting for new ones.
async fn confirm(engine: &Engine, offset: i32) {
    if offset == 0 {
        return;
    }
    let req = engine.bot.get_updates().offset(offset).timeout(0).limit(1);
    if let Err(e) = req.send().await {
        tracing::warn!(error = %e, "could not confirm the last updates; they will be re-sent");
    }
}
