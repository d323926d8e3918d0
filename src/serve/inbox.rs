//! The `inbox` table: every update Telegram sent, stored before Telegram is told it arrived,
//! and the queue the workers ([`super::workers`]) take updates from.
//!
//! A row's life: `pending` → `working` (a worker holds a lease, renewed while it runs) →
//! `done`, or back to `pending` with a backoff after a transient failure, or `dead` after
//! [`MAX_ATTEMPTS`], or `dropped` when it was part of a flood. A worker that dies leaves its
//! rows `working`; when the lease runs out, [`sweep`] makes them `pending` again, so another
//! replica (or the next start) handles them. Updates of one chat are taken one at a time, in
//! `update_id` order: a chat's next update is claimable only once the one before it finished.

use std::time::Duration;

use sqlx::PgPool;

/// Attempts before an update is given up (dead-lettered, and the user told).
pub const MAX_ATTEMPTS: i32 = 5;

/// One update as received, ready to be stored.
#[derive(Debug, Clone)]
pub struct Incoming {
    pub update_id: i64,
    pub chat_id: i64,
    /// The update's JSON as Telegram sent it.
    pub payload: String,
}

/// An update a worker has claimed.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct Claimed {
    pub update_id: i64,
    pub chat_id: i64,
    pub payload: String,
    /// Including this one.
    pub attempts: i32,
    /// Updates of the same chat waiting behind this one (the sender did not wait for answers).
    pub behind: i64,
}

/// Stores a batch in one statement; updates already stored (Telegram re-sent them) are
/// ignored. Wakes the workers of every replica (`NOTIFY inbox`). Returns how many were new.
pub async fn store(pool: &PgPool, batch: &[Incoming]) -> sqlx::Result<u64> {
    if batch.is_empty() {
        return Ok(0);
    }
    let ids: Vec<i64> = batch.iter().map(|u| u.update_id).collect();
    let chats: Vec<i64> = batch.iter().map(|u| u.chat_id).collect();
    let payloads: Vec<&str> = batch.iter().map(|u| u.payload.as_str()).collect();
    let new: i64 = sqlx::query_scalar(
        "WITH new AS (
             INSERT INTO inbox (update_id, chat_id, payload)
             SELECT * FROM UNNEST($1::bigint[], $2::bigint[], $3::text[]::jsonb[])
             ON CONFLICT (update_id) DO NOTHING
             RETURNING 1
         )
         SELECT COUNT(*) FROM new, LATERAL (SELECT pg_notify('inbox', '')) wake",
    )
    .bind(&ids)
    .bind(&chats)
    .bind(&payloads)
    .fetch_one(pool)
    .await?;
    Ok(u64::try_from(new).unwrap_or(0))
}

/// Claims up to `limit` updates for `worker`: the oldest open update of each chat whose
/// previous update has finished, oldest first. Two replicas claiming at once never get the
/// same row: the `state = 'pending'` condition is re-checked under the row lock.
pub async fn claim(
    pool: &PgPool,
    worker: i64,
    limit: i64,
    lease: Duration,
) -> sqlx::Result<Vec<Claimed>> {
    sqlx::query_as(
        "WITH heads AS (
             SELECT DISTINCT ON (chat_id) update_id, state, not_before
             FROM inbox WHERE state IN ('pending', 'working')
             ORDER BY chat_id, update_id
         ), ready AS (
             SELECT update_id FROM heads
             WHERE state = 'pending' AND not_before <= now()
             ORDER BY update_id LIMIT $2
         )
         UPDATE inbox i
         SET state = 'working', worker = $1, attempts = i.attempts + 1,
             lease_until = now() + make_interval(secs => $3)
         FROM ready
         WHERE i.update_id = ready.update_id AND i.state = 'pending'
         RETURNING i.update_id, i.chat_id, i.payload::text AS payload, i.attempts,
                   (SELECT COUNT(*) FROM inbox b
                    WHERE b.chat_id = i.chat_id AND b.update_id > i.update_id
                      AND b.state = 'pending') AS behind",
    )
    .bind(worker)
    .bind(limit)
    .bind(lease.as_secs_f64())
    .fetch_all(pool)
    .await
}

/// How a claimed update ended.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Finish {
    Done,
    /// Part of a flood: not handled.
    Dropped,
    /// A transient failure: try again after `backoff`.
    Retry {
        backoff: Duration,
        error: String,
    },
    /// Given up; the user was told.
    Dead {
        error: String,
    },
}

/// Records how `update_id` ended, if `worker` still holds it (a worker whose lease ran out
/// while the database was away must not overwrite what another worker did since). Returns
/// whether the row was still ours.
pub async fn finish(
    pool: &PgPool,
    worker: i64,
    update_id: i64,
    how: &Finish,
) -> sqlx::Result<bool> {
    let (state, backoff, error) = match how {
        Finish::Done => ("done", 0.0, None),
        Finish::Dropped => ("dropped", 0.0, None),
        Finish::Retry { backoff, error } => ("pending", backoff.as_secs_f64(), Some(error)),
        Finish::Dead { error } => ("dead", 0.0, Some(error)),
    };
    let done = sqlx::query(
        "UPDATE inbox
         SET state = $3, worker = NULL, lease_until = NULL,
             not_before = now() + make_interval(secs => $4),
             finished_at = CASE WHEN $3 = 'pending' THEN NULL ELSE now() END,
             last_error = COALESCE($5, last_error)
         WHERE update_id = $1 AND worker = $2 AND state = 'working'",
    )
    .bind(update_id)
    .bind(worker)
    .bind(state)
    .bind(backoff)
    .bind(error.map(|e| truncate(e, 500)))
    .execute(pool)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// Extends the leases of everything `worker` holds (called while handlers run).
pub async fn renew(pool: &PgPool, worker: i64, lease: Duration) -> sqlx::Result<u64> {
    let renewed = sqlx::query(
        "UPDATE inbox SET lease_until = now() + make_interval(secs => $2)
         WHERE worker = $1 AND state = 'working'",
    )
    .bind(worker)
    .bind(lease.as_secs_f64())
    .execute(pool)
    .await?;
    Ok(renewed.rows_affected())
}

/// Gives back what `worker` still holds, without counting an attempt: a graceful stop.
pub async fn release(pool: &PgPool, worker: i64) -> sqlx::Result<u64> {
    let released = sqlx::query(
        "UPDATE inbox
         SET state = 'pending', worker = NULL, lease_until = NULL, attempts = attempts - 1
         WHERE worker = $1 AND state = 'working'",
    )
    .bind(worker)
    .execute(pool)
    .await?;
    Ok(released.rows_affected())
}

/// Makes rows whose worker vanished (lease ran out) claimable again.
pub async fn sweep(pool: &PgPool) -> sqlx::Result<u64> {
    let swept = sqlx::query(
        "UPDATE inbox SET state = 'pending', worker = NULL, lease_until = NULL
         WHERE state = 'working' AND lease_until < now()",
    )
    .execute(pool)
    .await?;
    Ok(swept.rows_affected())
}

/// Deletes finished rows older than `keep` (dead ones are kept four times longer, to be read).
pub async fn prune(pool: &PgPool, keep: Duration) -> sqlx::Result<u64> {
    let pruned = sqlx::query(
        "DELETE FROM inbox
         WHERE finished_at < now() - make_interval(secs => $1)
           AND (state <> 'dead' OR finished_at < now() - make_interval(secs => $1 * 4))",
    )
    .bind(keep.as_secs_f64())
    .execute(pool)
    .await?;
    Ok(pruned.rows_affected())
}

fn truncate(s: &str, max: usize) -> String {
    s.chars().take(max).collect()
}
