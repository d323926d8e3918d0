//! Scheduled broadcasts: the owner picks a time instead of pressing Send; the job in
//! [`crate::startup`]'s loop starts each one when it is due.
//!
//! Exactly once, across processes and restarts: [`start_due`] locks one due `scheduled` row with
//! `FOR UPDATE SKIP LOCKED` and, in the same transaction, flips it to `sending` and writes its
//! outbox rows (the same rows Send writes). A second process running the job at the same
//! moment skips the locked row, and once the first commits the row is no longer `scheduled`;
//! the outbox's `UNIQUE (broadcast_id, customer_id)` would refuse a second copy anyway. A bot
//! that was down when a broadcast was due starts it on its first tick after the restart — late,
//! once. The owner is told after the commit; a crash in between loses that message, never a
//! promotion.

use chrono::{DateTime, Duration, NaiveDateTime, Utc};
use sqlx::{PgPool, types::Json};
use teloxide::{prelude::*, types::MessageId};

use super::{Audience, outbox, progress};
use crate::{domain::Language, t};

/// The format owners type, shown in the prompt and in confirmations.
pub const FORMAT: &str = "%Y-%m-%d %H:%M";

/// How far ahead a broadcast may be scheduled.
pub const MAX_AHEAD: Duration = Duration::days(365);

#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum WhenError {
    #[error("expected YYYY-MM-DD HH:MM")]
    Format,
    #[error("that time has passed")]
    Past,
    #[error("more than a year ahead")]
    TooFar,
}

/// `2026-12-01 10:00` (UTC: the bot has no configured time zone) after `now` and within
/// [`MAX_AHEAD`].
pub fn parse_when(input: &str, now: DateTime<Utc>) -> Result<DateTime<Utc>, WhenError> {
    let compact = input.split_whitespace().collect::<Vec<_>>().join(" ");
    let naive = NaiveDateTime::parse_from_str(&compact, FORMAT)
        .or_else(|_| NaiveDateTime::parse_from_str(&compact, "%Y-%m-%dT%H:%M"))
        .map_err(|_| WhenError::Format)?;
    let at = naive.and_utc();
    if at <= now {
        return Err(WhenError::Past);
    }
    if at > now + MAX_AHEAD {
        return Err(WhenError::TooFar);
    }
    Ok(at)
}

/// Schedules a draft for `at`; `false` when it is not a draft any more.
pub async fn schedule(pool: &PgPool, id: i64, at: DateTime<Utc>) -> sqlx::Result<bool> {
    let done = sqlx::query(
        "UPDATE broadcasts SET status = 'scheduled', scheduled_at = $2
         WHERE id = $1 AND status = 'draft'",
    )
    .bind(id)
    .bind(at)
    .execute(pool)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// Broadcasts waiting for their time, soonest first: (id, when, text).
pub async fn pending(pool: &PgPool) -> sqlx::Result<Vec<(i64, DateTime<Utc>, String)>> {
    sqlx::query_as(
        "SELECT id, scheduled_at, text FROM broadcasts WHERE status = 'scheduled'
         ORDER BY scheduled_at, id",
    )
    .fetch_all(pool)
    .await
}

/// A scheduled broadcast that [`start_due`] started.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Started {
    pub id: i64,
    pub created_by: i64,
    pub language: Language,
    pub recipients: u64,
}

/// Starts every broadcast scheduled at or before `now`, one transaction each (see the module
/// docs for why this is exactly once).
pub async fn start_due(pool: &PgPool, now: DateTime<Utc>) -> sqlx::Result<Vec<Started>> {
    let mut started = Vec::new();
    loop {
        let mut tx = pool.begin().await?;
        let due: Option<(i64, i64, String, Json<Audience>)> = sqlx::query_as(
            "SELECT id, created_by, language, audience FROM broadcasts
             WHERE status = 'scheduled' AND scheduled_at <= $1
             ORDER BY scheduled_at, id LIMIT 1
             FOR UPDATE SKIP LOCKED",
        )
        .bind(now)
        .fetch_optional(&mut *tx)
        .await?;
        let Some((id, created_by, language, Json(audience))) = due else {
            return Ok(started);
        };
        sqlx::query(
            "UPDATE broadcasts SET status = 'sending' WHERE id = $1 AND status = 'scheduled'",
        )
        .bind(id)
        .execute(&mut *tx)
        .await?;
        let recipients = outbox::write_rows(&mut tx, id, audience).await?;
        tx.commit().await?;
        tracing::info!(broadcast = id, recipients, "scheduled broadcast started");
        started.push(Started {
            id,
            created_by,
            language: Language::from_code(&language).unwrap_or(Language::En),
            recipients,
        });
    }
}

/// The job: starts what is due and tells each owner, in their chat, with the live progress
/// message that Pause / Resume / Cancel work on.
pub async fn run_due(bot: &Bot, pool: &PgPool) -> sqlx::Result<()> {
    for s in start_due(pool, Utc::now()).await? {
        let chat = ChatId(s.created_by);
        let notice = t!(
            s.language,
            "promo-schedule-started",
            id = s.id,
            count = s.recipients
        );
        crate::telegram::send::html(bot, chat, notice, None).await;
        let now = outbox::progress(pool, s.id).await?;
        let (text, markup) = progress::view(s.id, s.language, "sending", now);
        let shown = crate::telegram::send::html(bot, chat, text.clone(), Some(markup.into())).await;
        if let Some(message) = shown {
            set_progress_message(pool, s.id, chat, message.id, &text).await?;
        }
    }
    Ok(())
}

async fn set_progress_message(
    pool: &PgPool,
    id: i64,
    chat: ChatId,
    message: MessageId,
    shown: &str,
) -> sqlx::Result<()> {
    sqlx::query(
        "UPDATE broadcasts SET progress_chat_id = $2, progress_message_id = $3, progress_shown = $4
         WHERE id = $1",
    )
    .bind(id)
    .bind(chat.0)
    .bind(message.0)
    .bind(shown)
    .execute(pool)
    .await
    .map(drop)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn when() {
        let now = DateTime::parse_from_rfc3339("2026-11-23T12:00:00Z")
            .expect("now")
            .with_timezone(&Utc);
        let at = parse_when(" 2026-12-01  10:00 ", now).expect("valid");
        assert_eq!(at.to_rfc3339(), "2026-12-01T10:00:00+00:00");
        assert!(parse_when("2026-12-01T10:00", now).is_ok());
        for bad in [
            "tomorrow",
            "2026-13-01 10:00",
            "2026-12-01",
            "01.12.2026 10:00",
            "",
        ] {
            assert_eq!(parse_when(bad, now), Err(WhenError::Format), "{bad}");
        }
        assert_eq!(parse_when("2026-11-23 12:00", now), Err(WhenError::Past));
        assert_eq!(parse_when("2025-01-01 00:00", now), Err(WhenError::Past));
        assert_eq!(parse_when("2027-11-24 12:00", now), Err(WhenError::TooFar));
    }
}
