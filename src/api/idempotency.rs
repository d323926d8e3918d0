//! `Idempotency-Key` on every POST, as Stripe does it: the first request with a key runs and
//! its answer is stored; the same key with the same request gets that answer again (with
//! `Idempotent-Replayed: true`), with another request 422, and while the first still runs 409.
//!
//! The claim is one `INSERT … ON CONFLICT DO NOTHING` on `(api key, Idempotency-Key)`, so two
//! racing requests cannot both run. A server error (5xx) deletes the claim instead of storing
//! it, so the client's retry runs again; that is safe because the use cases are idempotent by
//! their own ledger keys. A claim left `running` by a crashed process is taken over after
//! [`STALE_AFTER`]. Records are kept [`KEEP`] (at least the 24 hours integrators expect).

use std::time::Duration;

use sha2::{Digest, Sha256};
use sqlx::PgPool;

use super::error::ApiError;

pub const HEADER: &str = "idempotency-key";
pub const REPLAYED: &str = "idempotent-replayed";
/// How long an unfinished claim is presumed alive.
const STALE_AFTER: Duration = Duration::from_secs(60);
/// How long answers are kept for replay.
pub const KEEP: Duration = Duration::from_secs(48 * 3600);

/// A valid `Idempotency-Key` header: 1-255 visible ASCII characters.
pub fn parse_key(raw: Option<&str>) -> Result<String, ApiError> {
    match raw.map(str::trim) {
        Some(k) if !k.is_empty() && k.len() <= 255 && k.bytes().all(|b| b.is_ascii_graphic()) => {
            Ok(k.to_owned())
        }
        _ => Err(ApiError::IdempotencyKeyMissing),
    }
}

/// What identifies "the same request": method, path and the JSON body with keys sorted and
/// whitespace dropped (so a client that re-serializes the same object still matches).
pub fn fingerprint(method: &str, path: &str, body: &[u8]) -> Vec<u8> {
    let canonical = serde_json::from_slice::<serde_json::Value>(body)
        .ok()
        .and_then(|v| serde_json::to_vec(&v).ok())
        .unwrap_or_else(|| body.to_vec());
    let mut h = Sha256::new();
    h.update(method.as_bytes());
    h.update(b" ");
    h.update(path.as_bytes());
    h.update(b"\n");
    h.update(&canonical);
    h.finalize().to_vec()
}

/// The outcome of claiming a key.
#[derive(Debug)]
pub enum Claim {
    /// This request runs; call [`finish`] or [`release`] afterwards.
    Run,
    /// Answered before: status and body to send again.
    Replay(u16, String),
}

pub async fn claim(
    pool: &PgPool,
    api_key: i64,
    key: &str,
    fingerprint: &[u8],
) -> Result<Claim, ApiError> {
    let inserted = sqlx::query(
        "INSERT INTO api_idempotency (api_key_id, key, fingerprint) VALUES ($1, $2, $3)
         ON CONFLICT DO NOTHING",
    )
    .bind(api_key)
    .bind(key)
    .bind(fingerprint)
    .execute(pool)
    .await?;
    if inserted.rows_affected() == 1 {
        return Ok(Claim::Run);
    }
    let row: Option<(Vec<u8>, Option<i16>, Option<String>)> = sqlx::query_as(
        "SELECT fingerprint, status, body FROM api_idempotency WHERE api_key_id = $1 AND key = $2",
    )
    .bind(api_key)
    .bind(key)
    .fetch_optional(pool)
    .await?;
    match row {
        // Deleted in between (a 5xx released it): claim it afresh.
        None => Box::pin(claim(pool, api_key, key, fingerprint)).await,
        Some((stored, _, _)) if stored != fingerprint => Err(ApiError::IdempotencyKeyReused),
        Some((_, Some(status), Some(body))) => {
            Ok(Claim::Replay(u16::try_from(status).unwrap_or(500), body))
        }
        Some(_) => {
            let taken_over = sqlx::query(
                "UPDATE api_idempotency SET started_at = now()
                 WHERE api_key_id = $1 AND key = $2 AND status IS NULL
                   AND started_at < now() - make_interval(secs => $3)",
            )
            .bind(api_key)
            .bind(key)
            .bind(STALE_AFTER.as_secs_f64())
            .execute(pool)
            .await?;
            if taken_over.rows_affected() == 1 {
                Ok(Claim::Run)
            } else {
                Err(ApiError::IdempotencyKeyInUse)
            }
        }
    }
}

/// Stores the answer for replays.
pub async fn finish(
    pool: &PgPool,
    api_key: i64,
    key: &str,
    status: u16,
    body: &str,
) -> sqlx::Result<()> {
    sqlx::query(
        "UPDATE api_idempotency SET status = $3, body = $4, finished_at = now()
         WHERE api_key_id = $1 AND key = $2",
    )
    .bind(api_key)
    .bind(key)
    .bind(i16::try_from(status).unwrap_or(500))
    .bind(body)
    .execute(pool)
    .await
    .map(drop)
}

/// Forgets the claim (after a server error), so a retry runs again.
pub async fn release(pool: &PgPool, api_key: i64, key: &str) -> sqlx::Result<()> {
    sqlx::query("DELETE FROM api_idempotency WHERE api_key_id = $1 AND key = $2")
        .bind(api_key)
        .bind(key)
        .execute(pool)
        .await
        .map(drop)
}

/// Deletes answers older than [`KEEP`]; run by the job loop.
pub async fn prune(pool: &PgPool) -> sqlx::Result<u64> {
    sqlx::query("DELETE FROM api_idempotency WHERE started_at < now() - make_interval(secs => $1)")
        .bind(KEEP.as_secs_f64())
        .execute(pool)
        .await
        .map(|r| r.rows_affected())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn same_json_same_fingerprint() {
        let a = fingerprint("POST", "/p", br#"{"a": 1, "b": "2"}"#);
        let b = fingerprint("POST", "/p", br#"{"b":"2","a":1}"#);
        assert_eq!(a, b);
        assert_ne!(a, fingerprint("POST", "/p", br#"{"a": 2, "b": "2"}"#));
        assert_ne!(a, fingerprint("POST", "/q", br#"{"a": 1, "b": "2"}"#));
    }

    #[test]
    fn keys() {
        assert!(parse_key(None).is_err());
        assert!(parse_key(Some("  ")).is_err());
        assert!(parse_key(Some("a b")).is_err());
        assert!(parse_key(Some(&"k".repeat(256))).is_err());
        assert_eq!(
            parse_key(Some("order-1001")).ok().as_deref(),
            Some("order-1001")
        );
    }
}
