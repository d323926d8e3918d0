//! Promotions: durable broadcasts to customers through an outbox, and the rate-limited sender.
//!
//! How the pieces fit: an owner composes a broadcast with `/promo` (a `draft` row in
//! `broadcasts`, see [`crate::telegram`]'s promo handlers). Pressing Send calls
//! [`outbox::enqueue`], which in one transaction flips the broadcast to `sending` and writes one
//! `broadcast_outbox` row per recipient of its [`Audience`] (customers with promotions on, not
//! unreachable, not erased). The [`sender`] loop, started by [`crate::startup::start`] beside the
//! job loop, delivers those rows within Telegram's limits; [`progress`] edits the owner's one
//! progress message every couple of seconds and marks a broadcast `done` when nothing is left.
//!
//! # Exactly once
//!
//! Telegram's `sendMessage` has no idempotency key, so "exactly once" rests on the outbox states
//! and on where a crash can fall:
//!
//! 1. **Claim.** A sender claims a small batch of due `pending` rows with
//!    `FOR UPDATE SKIP LOCKED`, setting only `lease_until` (the row stays `pending`). Several
//!    bot processes can run senders side by side; a row is never claimed twice while leased.
//!    A crash here loses nothing: the lease expires and the row is claimed again — it was never
//!    sent.
//! 2. **Begin.** Right before the HTTP call, one `UPDATE` marks the row `sending` — only if its
//!    broadcast is still `sending` (pause and cancel take effect between messages) and the
//!    customer still has promotions on and is reachable (otherwise the row becomes `skipped`).
//! 3. **Send, then finish.** The HTTP call and the `UPDATE` to `sent` (or `blocked`, `failed`,
//!    or back to `pending` with a backoff) run in one task with step 2, detached from the
//!    sender loop: stopping or even aborting the loop never cancels a send half way, so a row
//!    marked `sending` always learns its outcome while the process lives. A graceful stop also
//!    waits for those tasks.
//! 4. **Process crash between 2 and 3.** Only rows in flight at that instant (at most the
//!    sender's concurrency, 8) are left `sending`; whether Telegram got them is unknowable.
//!    When their lease expires they are marked `failed` with "outcome unknown", **not** re-sent:
//!    a duplicated promotion makes people block the bot, which costs every later broadcast,
//!    while a missed one costs one message. So delivery is exactly once for every row except
//!    those few, which are at most once and reported as failed to the owner.
//!
//! A restart therefore resumes where it stopped: released or expired `pending` rows go out,
//! `sent` rows never again.

pub mod outbox;
pub mod progress;
pub mod sender;

use std::time::Duration;

use serde::{Deserialize, Serialize};
use sqlx::PgPool;
use teloxide::Bot;
use tokio::sync::watch;

use crate::domain::Language;

/// Who receives a broadcast (always among customers with promotions on and reachable).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "lowercase")]
pub enum Audience {
    All,
    Language {
        #[serde(with = "language_code")]
        language: Language,
    },
}

impl Audience {
    /// The language filter, as stored in `customers.language`.
    pub fn language_code(&self) -> Option<&'static str> {
        match self {
            Self::All => None,
            Self::Language { language } => Some(language.code()),
        }
    }
}

mod language_code {
    use serde::{Deserialize, Deserializer, Serializer, de::Error};

    use crate::domain::Language;

    pub fn serialize<S: Serializer>(lang: &Language, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(lang.code())
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Language, D::Error> {
        let code = String::deserialize(d)?;
        Language::from_code(&code).ok_or_else(|| D::Error::custom(format!("language {code:?}")))
    }
}

/// Limits of the sender. Telegram allows about 30 messages per second overall and one per
/// second per chat; `BROADCAST_RATE` lowers or (for a local Bot API server) raises the first.
#[derive(Clone, Copy, Debug)]
pub struct SenderConfig {
    /// Messages per second, all chats together.
    pub rate: u32,
    /// Minimum time between two messages to one chat.
    pub per_chat: Duration,
    /// Requests in flight at once (Telegram answers in ~100 ms, so 30/s needs a few).
    pub concurrency: usize,
    /// Transient failures (network, 5xx) before a row is given up as failed.
    pub max_attempts: i32,
    /// How long a claimed row is reserved for this sender.
    pub lease: Duration,
}

impl SenderConfig {
    pub fn with_rate(rate: u32) -> Self {
        Self {
            rate: rate.max(1),
            per_chat: Duration::from_secs(1),
            concurrency: 8,
            max_attempts: 5,
            lease: Duration::from_secs(10),
        }
    }
}

/// Runs the sender and the progress updater until `stop` turns true; then finishes the sends
/// in flight, releases claimed rows and returns.
pub async fn run(bot: Bot, pool: PgPool, config: SenderConfig, stop: watch::Receiver<bool>) {
    tokio::join!(
        sender::run(bot.clone(), pool.clone(), config, stop.clone()),
        progress::run(bot, pool, stop),
    );
}

/// A broadcast as the owner's screens need it.
#[derive(Clone, Debug, sqlx::FromRow)]
pub struct Broadcast {
    pub id: i64,
    pub created_by: i64,
    pub text: String,
    pub audience: sqlx::types::Json<Audience>,
    pub status: String,
    pub progress_chat_id: Option<i64>,
    pub progress_message_id: Option<i32>,
}

/// A new draft to `Audience::All`.
pub async fn create_draft(
    pool: &PgPool,
    created_by: i64,
    text: &str,
    language: Language,
) -> sqlx::Result<i64> {
    sqlx::query_scalar(
        "INSERT INTO broadcasts (created_by, text, language) VALUES ($1, $2, $3) RETURNING id",
    )
    .bind(created_by)
    .bind(text)
    .bind(language.code())
    .fetch_one(pool)
    .await
}

pub async fn get(pool: &PgPool, id: i64) -> sqlx::Result<Option<Broadcast>> {
    sqlx::query_as(
        "SELECT id, created_by, text, audience, status, progress_chat_id, progress_message_id
         FROM broadcasts WHERE id = $1",
    )
    .bind(id)
    .fetch_optional(pool)
    .await
}

/// Changes the audience of a draft; `false` when it is no longer a draft.
pub async fn set_audience(pool: &PgPool, id: i64, audience: Audience) -> sqlx::Result<bool> {
    let done =
        sqlx::query("UPDATE broadcasts SET audience = $2 WHERE id = $1 AND status = 'draft'")
            .bind(id)
            .bind(sqlx::types::Json(audience))
            .execute(pool)
            .await?;
    Ok(done.rows_affected() == 1)
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
        outbox::recipient_filter("$1")
    ))
    .bind(audience.language_code())
    .fetch_one(pool)
    .await
}
