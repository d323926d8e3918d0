//! The owner's live progress: one message per broadcast, edited at most every [`EVERY`] and
//! only when its text would change (`broadcasts.progress_shown`), never a new message per step.
//! This loop also marks a broadcast `done` once no row is pending or in flight.

use std::time::Duration;

use sqlx::PgPool;
use teloxide::{
    prelude::*,
    types::{InlineKeyboardButton, InlineKeyboardMarkup, MessageId},
};
use tokio::sync::watch;

use super::outbox::{self, Progress};
use crate::{domain::Language, t, telegram::callback::CallbackData};

pub const EVERY: Duration = Duration::from_secs(2);

pub async fn run(bot: Bot, pool: PgPool, mut stop: watch::Receiver<bool>) {
    loop {
        tokio::select! {
            () = tokio::time::sleep(EVERY) => {}
            _ = stop.wait_for(|s| *s) => return,
        }
        if let Err(e) = tick(&bot, &pool).await {
            tracing::warn!(error = %e, "updating broadcast progress failed");
        }
    }
}

async fn tick(bot: &Bot, pool: &PgPool) -> sqlx::Result<()> {
    sqlx::query(
        "UPDATE broadcasts b SET status = 'done'
         WHERE status = 'sending' AND NOT EXISTS (
             SELECT 1 FROM broadcast_outbox o
             WHERE o.broadcast_id = b.id AND o.status IN ('pending', 'sending'))",
    )
    .execute(pool)
    .await?;
    let open: Vec<i64> = sqlx::query_scalar(
        "SELECT id FROM broadcasts
         WHERE NOT progress_final AND status <> 'draft' AND progress_message_id IS NOT NULL",
    )
    .fetch_all(pool)
    .await?;
    for id in open {
        refresh(bot, pool, id).await?;
    }
    Ok(())
}

/// Shows the current progress of broadcast `id` in its progress message, if it changed.
/// Called by the loop and right after the owner presses Pause, Resume or Cancel.
pub async fn refresh(bot: &Bot, pool: &PgPool, id: i64) -> sqlx::Result<()> {
    let row: Option<Shown> = sqlx::query_as(
        "SELECT status, language, progress_chat_id, progress_message_id, progress_shown
         FROM broadcasts WHERE id = $1",
    )
    .bind(id)
    .fetch_optional(pool)
    .await?;
    let Some(Shown {
        status,
        language: lang,
        progress_chat_id: Some(chat),
        progress_message_id: Some(message),
        progress_shown: shown,
    }) = row
    else {
        return Ok(());
    };
    let lang = Language::from_code(&lang).unwrap_or(Language::En);
    let progress = outbox::progress(pool, id).await?;
    let (text, markup) = view(id, lang, &status, progress);
    let last = matches!(status.as_str(), "done" | "cancelled") && progress.remaining == 0;
    if shown.as_deref() != Some(text.as_str()) {
        // Claim the edit first, so two replicas never both edit the same change.
        let claimed = sqlx::query(
            "UPDATE broadcasts SET progress_shown = $2
             WHERE id = $1 AND progress_shown IS NOT DISTINCT FROM $3",
        )
        .bind(id)
        .bind(&text)
        .bind(&shown)
        .execute(pool)
        .await?;
        if claimed.rows_affected() == 1 {
            let markup = (!markup.inline_keyboard.is_empty()).then_some(markup);
            crate::telegram::send::edit_html(bot, ChatId(chat), MessageId(message), text, markup)
                .await;
        }
    }
    if last {
        sqlx::query("UPDATE broadcasts SET progress_final = TRUE WHERE id = $1 AND status = $2")
            .bind(id)
            .bind(&status)
            .execute(pool)
            .await?;
    }
    Ok(())
}

#[derive(sqlx::FromRow)]
struct Shown {
    status: String,
    language: String,
    progress_chat_id: Option<i64>,
    progress_message_id: Option<i32>,
    progress_shown: Option<String>,
}

/// The progress text and its buttons: Pause or Resume, and Cancel, while not finished.
pub fn view(id: i64, lang: Language, status: &str, p: Progress) -> (String, InlineKeyboardMarkup) {
    let text = t!(
        lang,
        "promo-progress",
        id = id,
        status = status,
        sent = p.sent,
        failed = p.failed,
        blocked = p.blocked,
        skipped = p.skipped,
        remaining = p.remaining,
    );
    let button = |key: &str, data: CallbackData| {
        InlineKeyboardButton::callback(t!(lang, key), data.encode())
    };
    let cancel = button(
        "promo-button-cancel",
        CallbackData::PromoCancel { broadcast: id },
    );
    let row = match status {
        "sending" => vec![
            button(
                "promo-button-pause",
                CallbackData::PromoPause { broadcast: id },
            ),
            cancel,
        ],
        "paused" => vec![
            button(
                "promo-button-resume",
                CallbackData::PromoResume { broadcast: id },
            ),
            cancel,
        ],
        _ => Vec::new(),
    };
    let rows = if row.is_empty() { vec![] } else { vec![row] };
    (text, InlineKeyboardMarkup::new(rows))
}
