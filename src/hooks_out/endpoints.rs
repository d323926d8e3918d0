//! Owners' webhook endpoints: add (with a secret shown once), list with delivery health,
//! remove, and enable again after the sender disabled one.

use chrono::{DateTime, Utc};
use sqlx::PgPool;

use super::{
    address::{self, UrlError},
    sign,
};

/// An endpoint as `/webhook` shows it.
#[derive(Clone, Debug, sqlx::FromRow)]
pub struct Endpoint {
    pub id: i64,
    pub url: String,
    pub created_at: DateTime<Utc>,
    pub last_success_at: Option<DateTime<Utc>>,
    pub failing_since: Option<DateTime<Utc>>,
    pub last_error: Option<String>,
    pub disabled_at: Option<DateTime<Utc>>,
    /// Deliveries waiting for a (re)try.
    pub pending: i64,
}

/// How an endpoint is doing, for the list.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Health {
    /// Nothing sent yet.
    New,
    Healthy,
    Failing,
    Disabled,
}

impl Endpoint {
    pub fn health(&self) -> Health {
        if self.disabled_at.is_some() {
            Health::Disabled
        } else if self.failing_since.is_some() {
            Health::Failing
        } else if self.last_success_at.is_some() {
            Health::Healthy
        } else {
            Health::New
        }
    }
}

#[derive(Debug, thiserror::Error)]
pub enum AddError {
    #[error(transparent)]
    Url(#[from] UrlError),
    #[error("database error")]
    Db(#[from] sqlx::Error),
}

/// Registers `url` for owner `owner`; returns the endpoint id and its secret (shown once).
pub async fn add(
    pool: &PgPool,
    owner: i64,
    url: &str,
    allow_private: bool,
) -> Result<(i64, String), AddError> {
    let url = address::check_url(url, allow_private)?;
    let secret = sign::new_secret();
    let id = sqlx::query_scalar(
        "INSERT INTO webhook_endpoints (url, secret, created_by) VALUES ($1, $2, $3) RETURNING id",
    )
    .bind(url.as_str())
    .bind(&secret)
    .bind(owner)
    .fetch_one(pool)
    .await?;
    Ok((id, secret))
}

/// Endpoints not removed, oldest first.
pub async fn list(pool: &PgPool) -> sqlx::Result<Vec<Endpoint>> {
    sqlx::query_as(
        "SELECT e.id, e.url, e.created_at, e.last_success_at, e.failing_since, e.last_error,
                e.disabled_at,
                (SELECT COUNT(*) FROM webhook_deliveries d
                 WHERE d.endpoint_id = e.id AND d.status = 'pending') AS pending
         FROM webhook_endpoints e WHERE e.removed_at IS NULL ORDER BY e.id",
    )
    .fetch_all(pool)
    .await
}

/// Removes an endpoint: nothing more is sent to it. `None` if it was already gone.
pub async fn remove(pool: &PgPool, id: i64) -> sqlx::Result<Option<String>> {
    let mut tx = pool.begin().await?;
    let url = sqlx::query_scalar(
        "UPDATE webhook_endpoints SET removed_at = now() WHERE id = $1 AND removed_at IS NULL
         RETURNING url",
    )
    .bind(id)
    .fetch_optional(&mut *tx)
    .await?;
    sqlx::query(
        "UPDATE webhook_deliveries SET status = 'failed', last_error = 'endpoint removed'
         WHERE endpoint_id = $1 AND status = 'pending'",
    )
    .bind(id)
    .execute(&mut *tx)
    .await?;
    tx.commit().await?;
    Ok(url)
}

/// Enables a disabled endpoint again: its waiting deliveries are retried at once.
pub async fn enable(pool: &PgPool, id: i64) -> sqlx::Result<Option<String>> {
    let mut tx = pool.begin().await?;
    let url = sqlx::query_scalar(
        "UPDATE webhook_endpoints SET disabled_at = NULL, failing_since = NULL
         WHERE id = $1 AND disabled_at IS NOT NULL AND removed_at IS NULL RETURNING url",
    )
    .bind(id)
    .fetch_optional(&mut *tx)
    .await?;
    if url.is_some() {
        sqlx::query(
            "UPDATE webhook_deliveries SET next_attempt_at = now()
             WHERE endpoint_id = $1 AND status = 'pending'",
        )
        .bind(id)
        .execute(&mut *tx)
        .await?;
    }
    tx.commit().await?;
    Ok(url)
}

/// The latest events with how their deliveries went (for the sandbox's webhook log).
#[derive(Clone, Debug, serde::Serialize, sqlx::FromRow)]
pub struct LogLine {
    pub msg_id: String,
    pub kind: String,
    pub payload: String,
    pub created_at: DateTime<Utc>,
    pub url: Option<String>,
    pub status: Option<String>,
    pub attempts: Option<i32>,
    pub last_status: Option<i32>,
    pub last_error: Option<String>,
}

pub async fn log(pool: &PgPool, limit: i64) -> sqlx::Result<Vec<LogLine>> {
    sqlx::query_as(
        "SELECT ev.msg_id, ev.kind, ev.payload, ev.created_at, e.url, d.status, d.attempts,
                d.last_status, d.last_error
         FROM webhook_events ev
         LEFT JOIN webhook_deliveries d ON d.event_id = ev.id
         LEFT JOIN webhook_endpoints e ON e.id = d.endpoint_id
         ORDER BY ev.id DESC, d.id LIMIT $1",
    )
    .bind(limit)
    .fetch_all(pool)
    .await
}
