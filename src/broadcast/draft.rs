//! Drafts: what the owner composes before a broadcast is sent or scheduled — the text, an
//! optional photo and URL button, the audience, and the question the owner's next message
//! answers ([`Awaiting`]). Everything lives in the `broadcasts` row, so a restart of the bot in
//! the middle of composing loses nothing.

use sqlx::{PgPool, types::Json};

use super::{Audience, UrlButton};
use crate::domain::Language;

/// Telegram's limit on a message's text and on a photo's caption, counted after rendering.
pub const MAX_TEXT_CHARS: usize = 4096;
pub const MAX_CAPTION_CHARS: usize = 1024;

/// A broadcast as the owner's screens need it.
#[derive(Clone, Debug, sqlx::FromRow)]
pub struct Broadcast {
    pub id: i64,
    pub created_by: i64,
    pub text: String,
    pub audience: Json<Audience>,
    pub status: String,
    pub language: String,
    pub photo_file_id: Option<String>,
    pub button_label: Option<String>,
    pub button_url: Option<String>,
    pub scheduled_at: Option<chrono::DateTime<chrono::Utc>>,
    pub progress_chat_id: Option<i64>,
    pub progress_message_id: Option<i32>,
}

impl Broadcast {
    pub fn language(&self) -> Language {
        Language::from_code(&self.language).unwrap_or(Language::En)
    }

    pub fn button(&self) -> Option<UrlButton> {
        Some(UrlButton {
            label: self.button_label.clone()?,
            url: self.button_url.clone()?,
        })
    }
}

/// The question a draft asks: the owner's next text message is its answer (the chat's
/// state remembers which one is open).
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Awaiting {
    /// "At least N points": N.
    Points,
    /// "Inactive for N days": N.
    Inactive,
    /// "Spent at least X in the last N days": `X N`.
    Spent,
    /// The URL button: `Label | https://...`.
    Button,
    /// When to send: `2026-12-01 10:00` (UTC).
    Schedule,
}

impl Awaiting {
    pub const ALL: [Self; 5] = [
        Self::Points,
        Self::Inactive,
        Self::Spent,
        Self::Button,
        Self::Schedule,
    ];

    /// As written in button payloads.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Points => "points",
            Self::Inactive => "inactive",
            Self::Spent => "spent",
            Self::Button => "button",
            Self::Schedule => "schedule",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|a| a.as_str() == s)
    }
}

/// A new text draft to `Audience::All`.
pub async fn create_draft(
    pool: &PgPool,
    created_by: i64,
    text: &str,
    language: Language,
) -> sqlx::Result<i64> {
    create_draft_with_photo(pool, created_by, text, language, None).await
}

/// A new draft to `Audience::All`, with the photo (Telegram file_id) the owner sent it with.
pub async fn create_draft_with_photo(
    pool: &PgPool,
    created_by: i64,
    text: &str,
    language: Language,
    photo_file_id: Option<&str>,
) -> sqlx::Result<i64> {
    let id = sqlx::query_scalar(
        "INSERT INTO broadcasts (created_by, text, language, photo_file_id)
         VALUES ($1, $2, $3, $4) RETURNING id",
    )
    .bind(created_by)
    .bind(text)
    .bind(language.code())
    .bind(photo_file_id)
    .fetch_one(pool)
    .await?;
    Ok(id)
}

pub async fn get(pool: &PgPool, id: i64) -> sqlx::Result<Option<Broadcast>> {
    sqlx::query_as(
        "SELECT id, created_by, text, audience, status, language, photo_file_id, button_label,
                button_url, scheduled_at, progress_chat_id, progress_message_id
         FROM broadcasts WHERE id = $1",
    )
    .bind(id)
    .fetch_optional(pool)
    .await
}

/// Changes the audience of a draft (answering any open question); `false` when it is no longer
/// a draft.
pub async fn set_audience(pool: &PgPool, id: i64, audience: Audience) -> sqlx::Result<bool> {
    let done =
        sqlx::query("UPDATE broadcasts SET audience = $2 WHERE id = $1 AND status = 'draft'")
            .bind(id)
            .bind(Json(audience))
            .execute(pool)
            .await?;
    Ok(done.rows_affected() == 1)
}

/// Sets (or with `None` removes) the draft's URL button; `false` when it is not a draft.
pub async fn set_button(pool: &PgPool, id: i64, button: Option<&UrlButton>) -> sqlx::Result<bool> {
    let done = sqlx::query(
        "UPDATE broadcasts SET button_label = $2, button_url = $3
         WHERE id = $1 AND status = 'draft'",
    )
    .bind(id)
    .bind(button.map(|b| &b.label))
    .bind(button.map(|b| &b.url))
    .execute(pool)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// Whether `id` is a draft of `owner` (who may be asked its questions).
pub async fn is_draft_of(pool: &PgPool, id: i64, owner: i64) -> sqlx::Result<bool> {
    sqlx::query_scalar(
        "SELECT EXISTS (SELECT 1 FROM broadcasts
                        WHERE id = $1 AND created_by = $2 AND status = 'draft')",
    )
    .bind(id)
    .bind(owner)
    .fetch_one(pool)
    .await
}

/// Moves a broadcast from one status to another; `false` when it was not in `from`.
/// Cancelling also skips every row not yet sent.
pub async fn transition(pool: &PgPool, id: i64, from: &[&str], to: &str) -> sqlx::Result<bool> {
    let mut tx = pool.begin().await?;
    let done = sqlx::query(
        "UPDATE broadcasts SET status = $3, progress_final = FALSE
         WHERE id = $1 AND status = ANY($2)",
    )
    .bind(id)
    .bind(from)
    .bind(to)
    .execute(&mut *tx)
    .await?;
    if done.rows_affected() == 1 && to == "cancelled" {
        sqlx::query(
            "UPDATE broadcast_outbox SET status = 'skipped', lease_until = NULL
             WHERE broadcast_id = $1 AND status = 'pending'",
        )
        .bind(id)
        .execute(&mut *tx)
        .await?;
    }
    tx.commit().await?;
    Ok(done.rows_affected() == 1)
}

/// How many customers `audience` reaches now (for the owner's confirmation screen).
pub async fn audience_size(pool: &PgPool, audience: Audience) -> sqlx::Result<i64> {
    sqlx::query_scalar(&format!(
        "SELECT COUNT(*) FROM customers c WHERE {}",
        audience.filter("$1")
    ))
    .bind(Json(audience))
    .fetch_one(pool)
    .await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn awaiting_codes_round_trip() {
        for a in Awaiting::ALL {
            assert_eq!(Awaiting::parse(a.as_str()), Some(a));
        }
    }
}
