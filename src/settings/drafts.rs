//! The `/settings` dialogue's state, one row per owner in Postgres, so a restart (or another
//! replica) carries on where the owner left off. A draft's id changes at every step, and every
//! button carries it: a button from an earlier step, an older dialogue or a finished one finds
//! nothing and does nothing. Save and Cancel *delete* the draft, so a double tap acts once.

use chrono::{DateTime, Duration, Utc};
use sqlx::PgConnection;

use super::SettingKey;
use crate::domain::Language;

/// A dialogue left alone this long is cancelled (by the job, with a message to the owner).
pub const TTL: Duration = Duration::minutes(30);

#[derive(Clone, Debug, PartialEq, Eq, sqlx::FromRow)]
pub struct Draft {
    pub id: i64,
    pub owner_tg_id: i64,
    pub chat_id: i64,
    pub language: String,
    pub setting: String,
    /// The new value's canonical text, once previewed (then Save waits; before, a typed value
    /// or a choice).
    pub value: Option<String>,
    /// The bot's message that shows this step (edited as the dialogue moves on).
    pub message_id: Option<i64>,
    pub updated_at: DateTime<Utc>,
}

impl Draft {
    pub fn key(&self) -> Option<SettingKey> {
        SettingKey::from_code(&self.setting)
    }

    pub fn lang(&self) -> Language {
        Language::from_code(&self.language).unwrap_or_default()
    }

    pub fn in_preview(&self) -> bool {
        self.value.is_some()
    }
}

const COLUMNS: &str = "id, owner_tg_id, chat_id, language, setting, value, message_id, updated_at";

/// Starts a dialogue about `key`, replacing any the owner had open.
pub async fn start(
    conn: &mut PgConnection,
    owner: i64,
    chat: i64,
    lang: Language,
    key: SettingKey,
) -> sqlx::Result<Draft> {
    sqlx::query_as(&format!(
        "INSERT INTO settings_drafts (owner_tg_id, chat_id, language, setting)
         VALUES ($1, $2, $3, $4)
         ON CONFLICT (owner_tg_id) DO UPDATE
            SET id = nextval('settings_drafts_id_seq'), chat_id = $2, language = $3,
                setting = $4, value = NULL, message_id = NULL, updated_at = now()
         RETURNING {COLUMNS}"
    ))
    .bind(owner)
    .bind(chat)
    .bind(lang.code())
    .bind(key.code())
    .fetch_one(conn)
    .await
}

/// The owner's dialogue, unless it has been left alone longer than [`TTL`].
pub async fn active(
    conn: &mut PgConnection,
    owner: i64,
    now: DateTime<Utc>,
) -> sqlx::Result<Option<Draft>> {
    sqlx::query_as(&format!(
        "SELECT {COLUMNS} FROM settings_drafts WHERE owner_tg_id = $1 AND updated_at > $2"
    ))
    .bind(owner)
    .bind(now - TTL)
    .fetch_optional(conn)
    .await
}

/// Draft `id` of `owner`, if it is still the current step.
pub async fn get(conn: &mut PgConnection, id: i64, owner: i64) -> sqlx::Result<Option<Draft>> {
    sqlx::query_as(&format!(
        "SELECT {COLUMNS} FROM settings_drafts WHERE id = $1 AND owner_tg_id = $2"
    ))
    .bind(id)
    .bind(owner)
    .fetch_optional(conn)
    .await
}

/// Moves draft `id` to the preview of `value`; returns the next step, or `None` when `id` is
/// no longer the current step (a stale button).
pub async fn to_preview(
    conn: &mut PgConnection,
    id: i64,
    value: &str,
) -> sqlx::Result<Option<Draft>> {
    sqlx::query_as(&format!(
        "UPDATE settings_drafts
            SET id = nextval('settings_drafts_id_seq'), value = $2,
                updated_at = now()
          WHERE id = $1 RETURNING {COLUMNS}"
    ))
    .bind(id)
    .bind(value)
    .fetch_optional(conn)
    .await
}

/// Remembers which message shows the current step, and that the owner is still here.
pub async fn set_message(conn: &mut PgConnection, id: i64, message: i64) -> sqlx::Result<()> {
    sqlx::query("UPDATE settings_drafts SET message_id = $2, updated_at = now() WHERE id = $1")
        .bind(id)
        .bind(message)
        .execute(conn)
        .await
        .map(drop)
}

/// Ends draft `id` of `owner` (Save or Cancel), returning it if it was still current. Inside
/// the saving transaction, a second tap waits for the first and then finds nothing.
pub async fn take(conn: &mut PgConnection, id: i64, owner: i64) -> sqlx::Result<Option<Draft>> {
    sqlx::query_as(&format!(
        "DELETE FROM settings_drafts WHERE id = $1 AND owner_tg_id = $2 RETURNING {COLUMNS}"
    ))
    .bind(id)
    .bind(owner)
    .fetch_optional(conn)
    .await
}

/// Ends the owner's dialogue whatever its step (`/settings` again, or `/cancel`).
pub async fn discard(conn: &mut PgConnection, owner: i64) -> sqlx::Result<Option<Draft>> {
    sqlx::query_as(&format!(
        "DELETE FROM settings_drafts WHERE owner_tg_id = $1 RETURNING {COLUMNS}"
    ))
    .bind(owner)
    .fetch_optional(conn)
    .await
}

/// Removes dialogues idle longer than [`TTL`] and returns them, each to exactly one caller
/// even with several bot processes (a row is deleted once).
pub async fn take_stale(conn: &mut PgConnection, now: DateTime<Utc>) -> sqlx::Result<Vec<Draft>> {
    sqlx::query_as(&format!(
        "DELETE FROM settings_drafts WHERE id IN (
             SELECT id FROM settings_drafts WHERE updated_at <= $1
             ORDER BY id LIMIT 100 FOR UPDATE SKIP LOCKED)
         RETURNING {COLUMNS}"
    ))
    .bind(now - TTL)
    .fetch_all(conn)
    .await
}
