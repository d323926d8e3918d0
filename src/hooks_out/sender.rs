//! Delivering the outbox: claim due deliveries, POST each with fresh signature headers, record
//! the outcome, schedule retries, disable endpoints that keep failing. See [`super`] for the
//! guarantees.

use std::time::Duration;

use chrono::Utc;
use sqlx::PgPool;
use tokio::task::JoinSet;

use super::{address, sign};

/// Delay before each attempt, as Standard Webhooks suggests: the first at once, then 5 s,
/// 5 min, 30 min, 2 h, 5 h, 10 h and 10 h (about 27.6 hours in all). After the last, the
/// delivery is given up.
pub const SCHEDULE: [Duration; 8] = [
    Duration::ZERO,
    Duration::from_secs(5),
    Duration::from_secs(5 * 60),
    Duration::from_secs(30 * 60),
    Duration::from_secs(2 * 3600),
    Duration::from_secs(5 * 3600),
    Duration::from_secs(10 * 3600),
    Duration::from_secs(10 * 3600),
];
/// A claimed delivery is this sender's for this long (longer than the HTTP timeout).
const LEASE: Duration = Duration::from_secs(60);
const BATCH: i64 = 16;

#[derive(Clone, Debug, sqlx::FromRow)]
struct Due {
    id: i64,
    endpoint_id: i64,
    attempts: i32,
    msg_id: String,
    payload: String,
    url: String,
    secret: String,
}

/// An endpoint the sender just disabled: its owner should be told.
#[derive(Clone, Debug, sqlx::FromRow)]
pub struct Disabled {
    pub owner: i64,
    pub url: String,
    pub last_error: Option<String>,
}

pub struct Sender {
    http: reqwest::Client,
    allow_private: bool,
}

impl Sender {
    pub fn new(allow_private: bool) -> reqwest::Result<Self> {
        Ok(Self {
            http: address::client(allow_private)?,
            allow_private,
        })
    }

    /// One round: sends what is due (concurrently) and records the outcomes.
    pub async fn tick(&self, pool: &PgPool) -> sqlx::Result<Vec<Disabled>> {
        let due: Vec<Due> = sqlx::query_as(
            "WITH due AS (
                 SELECT d.id FROM webhook_deliveries d
                 JOIN webhook_endpoints e ON e.id = d.endpoint_id
                 WHERE d.status = 'pending' AND d.next_attempt_at <= now()
                   AND (d.lease_until IS NULL OR d.lease_until < now())
                   AND e.disabled_at IS NULL AND e.removed_at IS NULL
                 ORDER BY d.next_attempt_at, d.id LIMIT $1
                 FOR UPDATE OF d SKIP LOCKED)
             UPDATE webhook_deliveries d SET lease_until = now() + make_interval(secs => $2)
             FROM due, webhook_events ev, webhook_endpoints e
             WHERE d.id = due.id AND ev.id = d.event_id AND e.id = d.endpoint_id
             RETURNING d.id, d.endpoint_id, d.attempts, ev.msg_id, ev.payload, e.url, e.secret",
        )
        .bind(BATCH)
        .bind(LEASE.as_secs_f64())
        .fetch_all(pool)
        .await?;
        let mut sends = JoinSet::new();
        for d in due {
            let http = self.http.clone();
            let allow_private = self.allow_private;
            sends.spawn(async move {
                let outcome = send(&http, allow_private, &d).await;
                (d, outcome)
            });
        }
        let mut disabled = Vec::new();
        while let Some(done) = sends.join_next().await {
            let Ok((d, outcome)) = done else { continue };
            if let Some(off) = record(pool, &d, outcome).await? {
                disabled.push(off);
            }
        }
        Ok(disabled)
    }
}

/// `Ok(status)` for any HTTP answer; `Err` for no answer (timeout, refused address...).
async fn send(http: &reqwest::Client, allow_private: bool, d: &Due) -> Result<u16, String> {
    // The URL was checked when added; literal addresses skip the resolver, so check again.
    let url = address::check_url(&d.url, allow_private).map_err(|e| e.to_string())?;
    let timestamp = Utc::now().timestamp();
    let signature =
        sign::signature(&d.secret, &d.msg_id, timestamp, &d.payload).ok_or("bad secret")?;
    let res = http
        .post(url)
        .header("content-type", "application/json")
        .header("webhook-id", &d.msg_id)
        .header("webhook-timestamp", timestamp.to_string())
        .header("webhook-signature", signature)
        .body(d.payload.clone())
        .send()
        .await
        .map_err(|e| {
            let mut text = e.to_string();
            let mut source = std::error::Error::source(&e);
            while let Some(s) = source {
                text = format!("{text}: {s}");
                source = s.source();
            }
            text
        })?;
    Ok(res.status().as_u16())
}

/// Records one attempt; returns the endpoint if this failure disabled it.
async fn record(
    pool: &PgPool,
    d: &Due,
    outcome: Result<u16, String>,
) -> sqlx::Result<Option<Disabled>> {
    let mut tx = pool.begin().await?;
    let (status, error) = match outcome {
        Ok(s) if (200..300).contains(&s) => {
            sqlx::query(
                "UPDATE webhook_deliveries SET status = 'delivered', attempts = attempts + 1,
                        delivered_at = now(), last_status = $2, last_error = NULL, lease_until = NULL
                 WHERE id = $1",
            )
            .bind(d.id)
            .bind(i32::from(s))
            .execute(&mut *tx)
            .await?;
            sqlx::query(
                "UPDATE webhook_endpoints SET last_success_at = now(), failing_since = NULL,
                        last_error = NULL WHERE id = $1",
            )
            .bind(d.endpoint_id)
            .execute(&mut *tx)
            .await?;
            tx.commit().await?;
            return Ok(None);
        }
        Ok(s) => (Some(i32::from(s)), format!("HTTP {s}")),
        Err(e) => (None, e),
    };
    let attempts = d.attempts + 1;
    let next = usize::try_from(attempts)
        .ok()
        .and_then(|n| SCHEDULE.get(n).copied());
    tracing::info!(url = %d.url, attempts, error = %error, "webhook delivery failed");
    sqlx::query(
        "UPDATE webhook_deliveries SET attempts = $2, last_status = $3, last_error = $4,
                lease_until = NULL,
                status = CASE WHEN $5::float8 IS NULL THEN 'failed' ELSE 'pending' END,
                next_attempt_at = now() + make_interval(secs => COALESCE($5, 0))
         WHERE id = $1",
    )
    .bind(d.id)
    .bind(attempts)
    .bind(status)
    .bind(&error)
    .bind(next.map(|n| n.as_secs_f64()))
    .execute(&mut *tx)
    .await?;
    sqlx::query(
        "UPDATE webhook_endpoints SET last_failure_at = now(), last_error = $2,
                failing_since = COALESCE(failing_since, now()) WHERE id = $1",
    )
    .bind(d.endpoint_id)
    .bind(&error)
    .execute(&mut *tx)
    .await?;
    // Out of retries, and nothing got through since this event happened: the endpoint is
    // down for good, not flaky. Disable it rather than keep every later event retrying.
    let disabled = if next.is_none() {
        sqlx::query_as(
            "UPDATE webhook_endpoints e SET disabled_at = now()
             FROM webhook_deliveries d JOIN webhook_events ev ON ev.id = d.event_id
             WHERE d.id = $1 AND e.id = d.endpoint_id AND e.disabled_at IS NULL
               AND (e.last_success_at IS NULL OR e.last_success_at < ev.created_at)
             RETURNING e.created_by AS owner, e.url, e.last_error",
        )
        .bind(d.id)
        .fetch_optional(&mut *tx)
        .await?
    } else {
        None
    };
    tx.commit().await?;
    Ok(disabled)
}
