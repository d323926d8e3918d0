//! Promotions: durable broadcasts to customers through an outbox, and the rate-limited sender.
//!
//! How the pieces fit: an owner composes a broadcast with `/promo` (a `draft` row in
//! `broadcasts`, see [`crate::telegram`]'s promo handlers). Pressing Send calls
//! [`outbox::enqueue`], which in one transaction flips the broadcast to `sending` and writes one
//! `broadcast_outbox` row per recipient of its [`Audience`] (customers with promotions on, not
//! unreachable, not erased). The [`sender`] loop, started by [`crate::startup::start`] beside the
//! job loop, delivers those rows within Telegram's limits; [`progress`] edits the owner's one
//! progress message every couple of seconds and marks a broadcast `done` when nothing is left.
//! A draft may carry a photo and a URL button ([`draft`]) and may be scheduled instead of sent:
//! the [`schedule`] job then does what Send does, once, when it is due.
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

pub mod audience;
pub mod button;
pub mod draft;
pub mod outbox;
pub mod progress;
pub mod schedule;
pub mod sender;

pub use audience::Audience;
pub use button::{ButtonError, UrlButton};
pub use draft::*;

use std::time::Duration;

use sqlx::PgPool;
use teloxide::Bot;
use tokio::sync::watch;

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
pub async fn run(
    bot: Bot,
    pool: PgPool,
    outbound: std::sync::Arc<crate::outbound::Outbound>,
    config: SenderConfig,
    stop: watch::Receiver<bool>,
) {
    tokio::join!(
        sender::run(bot.clone(), pool.clone(), outbound, config, stop.clone()),
        progress::run(bot, pool, stop),
    );
}
