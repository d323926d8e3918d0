//! Talking back to Telegram without ever crashing a conversation on its errors:
//! `429 retry_after` waits and retries (bounded), a blocked bot (403) or a bad request (400) is
//! logged and given up, network hiccups are retried with a short backoff.

use std::{future::Future, time::Duration};

use teloxide::{ApiError, RequestError, prelude::*};

const ATTEMPTS: u32 = 4;
/// Never sleep longer than this inside a handler: a longer retry_after means Telegram wants us
/// gone for a while, and holding the update that long helps nobody.
const MAX_RETRY_AFTER: Duration = Duration::from_secs(30);

/// Runs `call` (a closure that builds and sends one request) with the policy above. Returns
/// `None` when the message could not be delivered; the reason is logged.
pub async fn deliver<T, F, Fut>(what: &'static str, mut call: F) -> Option<T>
where
    F: FnMut() -> Fut,
    Fut: Future<Output = Result<T, RequestError>>,
{
    for attempt in 1..=ATTEMPTS {
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
                tokio::time::sleep(secs.duration()).await;
            }
            Err(RequestError::Api(
                e @ (ApiError::BotBlocked
                | ApiError::UserDeactivated
                | ApiError::CantInitiateConversation),
            )) => {
                tracing::info!(what, error = %e, "recipient cannot be reached");
                return None;
            }
            Err(RequestError::Network(e)) if attempt < ATTEMPTS => {
                tracing::warn!(what, attempt, error = %e, "network error talking to Telegram; retrying");
                tokio::time::sleep(Duration::from_millis(200 * u64::from(attempt))).await;
            }
            Err(e) => {
                tracing::warn!(what, error = %e, "Telegram refused a request");
                return None;
            }
        }
    }
    tracing::warn!(what, "giving up after {ATTEMPTS} attempts");
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
    deliver("answer_callback_query", || {
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
    deliver("send_message", || {
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
    deliver("edit_message_text", || {
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
