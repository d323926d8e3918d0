//! `broadcast_outbox`: one row per recipient and every state change the sender makes to it.
//! The states and why each step is a separate statement are explained in [`super`].

use std::time::Duration;

use sqlx::{PgPool, Postgres, Transaction, types::Json};

use super::Audience;

/// How long a row marked `sending` is presumed in flight: longer than any HTTP timeout, so an
/// expired one means the process died mid-send.
const IN_FLIGHT_LEASE: Duration = Duration::from_secs(60);

/// Starts a draft: in one transaction, the broadcast becomes `sending` (remembering where its
/// progress is shown) and gets one outbox row per recipient. `None` when it is not a draft any
/// more (a second tap on Send), so the rows are written once.
pub async fn enqueue(
    pool: &PgPool,
    broadcast: i64,
    progress_chat: i64,
    progress_message: i32,
) -> sqlx::Result<Option<u64>> {
    let mut tx = pool.begin().await?;
    let audience: Option<Json<Audience>> = sqlx::query_scalar(
        "UPDATE broadcasts SET status = 'sending', progress_chat_id = $2, progress_message_id = $3
         WHERE id = $1 AND status = 'draft' RETURNING audience",
    )
    .bind(broadcast)
    .bind(progress_chat)
    .bind(progress_message)
    .fetch_optional(&mut *tx)
    .await?;
    let Some(Json(audience)) = audience else {
        return Ok(None);
    };
    let rows = write_rows(&mut tx, broadcast, audience).await?;
    tx.commit().await?;
    Ok(Some(rows))
}

/// One outbox row per recipient of `audience`, inside the caller's transaction (the one that
/// flips the broadcast to `sending`, so the rows and the status change commit together).
pub(crate) async fn write_rows(
    tx: &mut Transaction<'_, Postgres>,
    broadcast: i64,
    audience: Audience,
) -> sqlx::Result<u64> {
    let rows = sqlx::query(&format!(
        "INSERT INTO broadcast_outbox (broadcast_id, customer_id, chat_id)
         SELECT $1, c.id, c.chat_id FROM customers c WHERE {} ORDER BY c.id
         ON CONFLICT (broadcast_id, customer_id) DO NOTHING",
        audience.filter("$2")
    ))
    .bind(broadcast)
    .bind(Json(audience))
    .execute(&mut **tx)
    .await?;
    Ok(rows.rows_affected())
}

/// A row claimed by this sender.
#[derive(Clone, Debug, sqlx::FromRow)]
pub struct Claimed {
    pub id: i64,
    pub broadcast_id: i64,
    pub customer_id: i64,
    pub chat_id: i64,
    /// Transient failures so far (for the backoff).
    pub attempts: i32,
    pub text: String,
    pub photo_file_id: Option<String>,
    pub button_label: Option<String>,
    pub button_url: Option<String>,
}

/// Reserves up to `limit` due rows of broadcasts being sent for `lease`; they stay `pending`.
pub async fn claim(pool: &PgPool, limit: i64, lease: Duration) -> sqlx::Result<Vec<Claimed>> {
    sqlx::query_as(
        "WITH due AS (
             SELECT o.id FROM broadcast_outbox o
             JOIN broadcasts b ON b.id = o.broadcast_id
             WHERE o.status = 'pending' AND o.next_attempt_at <= now()
               AND (o.lease_until IS NULL OR o.lease_until < now())
               AND b.status = 'sending' AND (b.scheduled_at IS NULL OR b.scheduled_at <= now())
             ORDER BY o.next_attempt_at, o.id
             LIMIT $1
             FOR UPDATE OF o SKIP LOCKED)
         UPDATE broadcast_outbox o SET lease_until = now() + make_interval(secs => $2)
         FROM due, broadcasts b
         WHERE o.id = due.id AND b.id = o.broadcast_id
         RETURNING o.id, o.broadcast_id, o.customer_id, o.chat_id, o.attempts, b.text,
                   b.photo_file_id, b.button_label, b.button_url",
    )
    .bind(limit)
    .bind(lease.as_secs_f64())
    .fetch_all(pool)
    .await
}

/// What [`begin`] decided for a claimed row.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Begin {
    /// Marked `sending`: make the HTTP call now.
    Send,
    /// The customer switched promotions off or became unreachable since the enqueue.
    Skipped,
    /// The broadcast is paused or cancelled: the row was released untouched.
    Held,
}

/// The last step before the HTTP call (see the module docs of [`super`]).
pub async fn begin(pool: &PgPool, row: i64) -> sqlx::Result<Begin> {
    let status: Option<String> = sqlx::query_scalar(
        "UPDATE broadcast_outbox o
         SET status = CASE WHEN c.promos_enabled AND NOT c.unreachable AND c.erased_at IS NULL
                           THEN 'sending' ELSE 'skipped' END,
             lease_until = now() + make_interval(secs => $2)
         FROM customers c, broadcasts b
         WHERE o.id = $1 AND o.status = 'pending' AND c.id = o.customer_id
           AND b.id = o.broadcast_id AND b.status = 'sending'
         RETURNING o.status",
    )
    .bind(row)
    .bind(IN_FLIGHT_LEASE.as_secs_f64())
    .fetch_optional(pool)
    .await?;
    Ok(match status.as_deref() {
        Some("sending") => Begin::Send,
        Some(_) => Begin::Skipped,
        None => {
            release(pool, &[row]).await?;
            Begin::Held
        }
    })
}

pub async fn mark_sent(pool: &PgPool, row: i64) -> sqlx::Result<()> {
    sqlx::query(
        "UPDATE broadcast_outbox SET status = 'sent', sent_at = now(), lease_until = NULL,
                error = NULL
         WHERE id = $1",
    )
    .bind(row)
    .execute(pool)
    .await
    .map(drop)
}

/// 403: the customer blocked the bot. Later broadcasts skip them until they write again.
pub async fn mark_blocked(pool: &PgPool, row: &Claimed, error: &str) -> sqlx::Result<()> {
    let mut tx = pool.begin().await?;
    sqlx::query(
        "UPDATE broadcast_outbox SET status = 'blocked', lease_until = NULL, error = $2
         WHERE id = $1",
    )
    .bind(row.id)
    .bind(error)
    .execute(&mut *tx)
    .await?;
    sqlx::query("UPDATE customers SET unreachable = TRUE WHERE id = $1")
        .bind(row.customer_id)
        .execute(&mut *tx)
        .await?;
    tx.commit().await
}

pub async fn mark_failed(pool: &PgPool, row: i64, error: &str) -> sqlx::Result<()> {
    sqlx::query(
        "UPDATE broadcast_outbox SET status = 'failed', lease_until = NULL, error = $2
         WHERE id = $1",
    )
    .bind(row)
    .bind(error)
    .execute(pool)
    .await
    .map(drop)
}

/// Back to `pending`, due after `delay`. A transient failure counts as an attempt, and the
/// `max_attempts`-th one fails the row for good; a 429 (`count = false`) does not count.
pub async fn retry_later(
    pool: &PgPool,
    row: i64,
    delay: Duration,
    error: &str,
    count: bool,
    max_attempts: i32,
) -> sqlx::Result<()> {
    sqlx::query(
        "UPDATE broadcast_outbox
         SET attempts = attempts + $3::int,
             status = CASE WHEN attempts + $3::int >= $4 THEN 'failed' ELSE 'pending' END,
             next_attempt_at = now() + make_interval(secs => $2),
             lease_until = NULL, error = $5
         WHERE id = $1",
    )
    .bind(row)
    .bind(delay.as_secs_f64())
    .bind(i32::from(count))
    .bind(max_attempts)
    .bind(error)
    .execute(pool)
    .await
    .map(drop)
}

/// Gives claimed rows back (stop, pause) so any sender can take them at once.
pub async fn release(pool: &PgPool, rows: &[i64]) -> sqlx::Result<()> {
    sqlx::query(
        "UPDATE broadcast_outbox SET lease_until = NULL WHERE id = ANY($1) AND status = 'pending'",
    )
    .bind(rows)
    .execute(pool)
    .await
    .map(drop)
}

/// Pushes a claimed row back by `delay` (its chat got a message less than a second ago).
pub async fn defer(pool: &PgPool, row: i64, delay: Duration) -> sqlx::Result<()> {
    sqlx::query(
        "UPDATE broadcast_outbox
         SET next_attempt_at = now() + make_interval(secs => $2), lease_until = NULL
         WHERE id = $1 AND status = 'pending'",
    )
    .bind(row)
    .bind(delay.as_secs_f64())
    .execute(pool)
    .await
    .map(drop)
}

/// Rows a crashed process left in flight: failed, never re-sent (see [`super`], step 4).
pub async fn fail_abandoned(pool: &PgPool) -> sqlx::Result<u64> {
    sqlx::query(
        "UPDATE broadcast_outbox
         SET status = 'failed', lease_until = NULL,
             error = 'outcome unknown: the sender stopped during the request'
         WHERE status = 'sending' AND lease_until < now()",
    )
    .execute(pool)
    .await
    .map(|r| r.rows_affected())
}

/// Counts by state, for the owner's progress message.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Progress {
    pub sent: i64,
    pub failed: i64,
    pub blocked: i64,
    pub skipped: i64,
    /// Pending or in flight.
    pub remaining: i64,
}

pub async fn progress(pool: &PgPool, broadcast: i64) -> sqlx::Result<Progress> {
    let rows: Vec<(String, i64)> = sqlx::query_as(
        "SELECT status, COUNT(*) FROM broadcast_outbox WHERE broadcast_id = $1 GROUP BY status",
    )
    .bind(broadcast)
    .fetch_all(pool)
    .await?;
    let mut p = Progress::default();
    for (status, n) in rows {
        match status.as_str() {
            "sent" => p.sent = n,
            "failed" => p.failed = n,
            "blocked" => p.blocked = n,
            "skipped" => p.skipped = n,
            _ => p.remaining += n,
        }
    }
    Ok(p)
}
