//! Talking back to Telegram without ever crashing a conversation on its errors. Every call
//! goes through [`deliver`], which takes a permit from the outbound scheduler
//! ([`crate::outbound`]) for messages to a chat, so replies stay within Telegram's limits and go
//! before broadcasts:
//! - `429 retry_after` pauses the whole budget for that long, then the call is tried again
//!   (bounded); a longer pause than [`MAX_RETRY_AFTER`] gives up for now;
//! - a blocked bot (403) or a bad request (400) is logged and given up;
//! - network errors and 5xx answers are retried with a short backoff, and when they persist the
//!   update being handled is marked for another attempt (see `serve::workers`).
//!
//! Callers must not hold a database connection or transaction across these calls: the wait for
//! a permit may be long under a broadcast or a 429, and the connection would be idle meanwhile.

use std::{future::Future, time::Duration};

use teloxide::{ApiError, RequestError, prelude::*};

use crate::outbound;

const ATTEMPTS: u32 = 4;
/// Never wait longer than this inside a handler: a longer retry_after means Telegram wants us
/// gone for a while; the update is tried again later instead.
const MAX_RETRY_AFTER: Duration = Duration::from_secs(30);

/// Runs `call` (a closure that builds and sends one request) with the policy above. `chat` is
/// the chat a message goes to (sends and edits, which count against Telegram's limits), or
/// `None` for calls that are not messages (callback answers, command menus). Returns `None`
/// when the call did not succeed; the reason is logged.
pub async fn deliver<T, F, Fut>(what: &'static str, chat: Option<ChatId>, mut call: F) -> Option<T>
where
    F: FnMut() -> Fut,
    Fut: Future<Output = Result<T, RequestError>>,
{
    for attempt in 1..=ATTEMPTS {
        if let Some(chat) = chat {
            outbound::permit(Some(chat.0)).await;
        }
        let result = call().await;
        if let Err(e) = &result {
            crate::metrics::telegram_error(error_code(e));
        }
        match result {
            Ok(v) => {
                crate::metrics::telegram_ok();
                return Some(v);
            }
            Err(RequestError::RetryAfter(secs)) if secs.duration() <= MAX_RETRY_AFTER => {
                tracing::warn!(
                    what,
                    attempt,
                    retry_after = secs.seconds(),
                    "rate limited by Telegram"
                );
                // Telegram's limit is per bot: everyone holds off, and this call goes first
                // again when the pause ends (it waits for its permit like any other).
                outbound::pause(secs.duration());
                if chat.is_none() {
                    tokio::time::sleep(secs.duration()).await;
                }
            }
            Err(RequestError::RetryAfter(secs)) => {
                tracing::warn!(what, retry_after = secs.seconds(), "rate limited for long");
                outbound::pause(secs.duration());
                outbound::note_transient_failure();
                return None;
            }
            Err(RequestError::Api(
                e @ (ApiError::BotBlocked
                | ApiError::UserDeactivated
                | ApiError::CantInitiateConversation),
            )) => {
                tracing::info!(what, error = %e, "recipient cannot be reached");
                return None;
            }
            Err(e) if outbound::is_transient(&e) => {
                if attempt == ATTEMPTS {
                    tracing::warn!(what, error = %e, "Telegram keeps failing; the update will be tried again");
                    outbound::note_transient_failure();
                    return None;
                }
                tracing::warn!(what, attempt, error = %e, "Telegram failed; retrying");
                tokio::time::sleep(Duration::from_millis(200 * u64::from(attempt))).await;
            }
            Err(e) => {
                tracing::warn!(what, error = %e, "Telegram refused a request");
                return None;
            }
        }
    }
    tracing::warn!(what, "giving up after {ATTEMPTS} attempts");
    outbound::note_transient_failure();
    None
}

/// The error's class for the `loyalty_telegram_errors_total{code}` metric.
pub fn error_code(e: &RequestError) -> &'static str {
    match e {
        RequestError::RetryAfter(_) => "429",
        RequestError::Api(
            ApiError::BotBlocked | ApiError::UserDeactivated | ApiError::CantInitiateConversation,
        ) => "403",
        RequestError::Api(_) => "400",
        RequestError::Network(_) | RequestError::Io(_) => "network",
        _ => "other",
    }
}

/// Stops the button's loading spinner, optionally with a short toast.
pub async fn answer_callback(
    bot: &Bot,
    id: &teloxide::types::CallbackQueryId,
    text: Option<String>,
) {
    deliver("answer_callback_query", None, || {
        let req = bot.answer_callback_query(id.clone());
        let req = match &text {
            Some(t) => req.text(t.clone()),
            None => req,
        };
        async move { req.await }
    })
    .await;
}

/// Sends an HTML message (user-supplied parts must already be escaped by the caller) and
/// returns it when delivered.
pub async fn html(
    bot: &Bot,
    chat: ChatId,
    text: String,
    markup: Option<teloxide::types::ReplyMarkup>,
) -> Option<Message> {
    deliver("send_message", Some(chat), || {
        let req = bot
            .send_message(chat, text.clone())
            .parse_mode(teloxide::types::ParseMode::Html);
        match &markup {
            Some(m) => req.reply_markup(m.clone()).into_future(),
            None => req.into_future(),
        }
    })
    .await
}

/// Replaces a message's text (and inline buttons: `None` removes them).
pub async fn edit_html(
    bot: &Bot,
    chat: ChatId,
    message: teloxide::types::MessageId,
    text: String,
    markup: Option<teloxide::types::InlineKeyboardMarkup>,
) {
    deliver("edit_message_text", Some(chat), || {
        let req = bot
            .edit_message_text(chat, message, text.clone())
            .parse_mode(teloxide::types::ParseMode::Html);
        req.reply_markup(
            markup.clone().unwrap_or_else(|| {
                teloxide::types::InlineKeyboardMarkup::new(Vec::<Vec<_>>::new())
            }),
        )
        .into_future()
    })
    .await;
}
