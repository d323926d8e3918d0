//! `/healthz` and `/metrics`.
//!
//! `/healthz` answers `ok` (200) when the database answers and every migration is applied,
//! and `unavailable` (503) otherwise: the reason goes to the log, never to the caller (a
//! database error names tables, hosts and users).
//!
//! `/metrics` is scraped every few seconds for as long as the bot runs, so every gauge it reads
//! from Postgres must stay cheap however large the books grow: each query is answered from an
//! index (`tests/it/integrity_ops.rs` checks their plans), and the ledger's size is the
//! highest journal entry id (ids only grow) instead of a count of every entry. With
//! `METRICS_TOKEN` set, it answers only `Authorization: Bearer <token>`.

use axum::{
    Router,
    extract::State,
    http::{HeaderMap, StatusCode, header},
    response::{IntoResponse, Response},
    routing::get,
};
use sqlx::PgPool;

use crate::config::Secret;

#[derive(Clone)]
struct Health {
    pool: PgPool,
    metrics_token: Option<Secret>,
}

pub fn router(pool: PgPool, metrics_token: Option<Secret>) -> Router {
    Router::new()
        .route("/healthz", get(healthz))
        .route("/metrics", get(metrics))
        .with_state(Health {
            pool,
            metrics_token,
        })
}

async fn healthz(State(h): State<Health>) -> impl IntoResponse {
    let expected = crate::db::MIGRATOR.iter().count() as i64;
    let applied: Result<i64, _> =
        sqlx::query_scalar("SELECT COUNT(*) FROM _sqlx_migrations WHERE success")
            .fetch_one(&h.pool)
            .await;
    match applied {
        Ok(n) if n >= expected => (StatusCode::OK, "ok\n"),
        Ok(n) => {
            tracing::warn!(applied = n, expected, "health: migrations missing");
            (StatusCode::SERVICE_UNAVAILABLE, "unavailable\n")
        }
        Err(e) => {
            tracing::warn!(error = %e, "health: database unreachable");
            (StatusCode::SERVICE_UNAVAILABLE, "unavailable\n")
        }
    }
}

/// The gauges read from Postgres at scrape time: (name, help, query). Each query returns one
/// number and is answered from an index (see the module docs).
pub const GAUGES: &[(&str, &str, &str)] = &[
    (
        "loyalty_inbox_open",
        "Updates stored and not yet handled (all replicas).",
        "SELECT COUNT(*) FROM inbox WHERE state IN ('pending', 'working')",
    ),
    (
        "loyalty_inbox_dead",
        "Updates given up after repeated failures, kept for 12 days (all replicas).",
        "SELECT COUNT(*) FROM inbox WHERE state = 'dead'",
    ),
    (
        "loyalty_ledger_postings",
        "Journal entries in the ledger (the highest entry id: ids only grow).",
        "SELECT COALESCE(MAX(id), 0) FROM journal_entries",
    ),
    (
        "loyalty_pending_redemptions",
        "Redemption requests waiting for the customer.",
        "SELECT COUNT(*) FROM redemptions WHERE status = 'pending'",
    ),
    (
        "loyalty_broadcast_queue_depth",
        "Broadcast messages not yet delivered.",
        "SELECT COUNT(*) FROM broadcast_outbox WHERE status IN ('pending', 'sending')",
    ),
    (
        "loyalty_broadcast_sent_last_minute",
        "Broadcast messages delivered in the last minute.",
        "SELECT COUNT(*) FROM broadcast_outbox
         WHERE status = 'sent' AND sent_at > now() - interval '1 minute'",
    ),
];

async fn metrics(State(h): State<Health>, headers: HeaderMap) -> Response {
    if let Some(token) = &h.metrics_token {
        let given = headers
            .get(header::AUTHORIZATION)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.split_once(' '))
            .filter(|(scheme, _)| scheme.eq_ignore_ascii_case("bearer"))
            .map(|(_, t)| t.trim());
        let ok = given.is_some_and(|t| {
            super::webhook::constant_time_eq(t.as_bytes(), token.expose().as_bytes())
        });
        if !ok {
            return (StatusCode::UNAUTHORIZED, "unauthorized\n").into_response();
        }
    }
    let mut gauges = Vec::with_capacity(GAUGES.len() + 1);
    for (name, help, sql) in GAUGES {
        let value = sqlx::query_scalar::<_, i64>(sql)
            .fetch_one(&h.pool)
            .await
            .unwrap_or(-1) as f64;
        gauges.push((*name, *help, value));
    }
    // Kept for dashboards that read the rate.
    let sent = gauges.last().map_or(0.0, |g| g.2);
    gauges.push((
        "loyalty_broadcast_sent_per_second",
        "Broadcast send rate over the last minute.",
        sent / 60.0,
    ));
    (
        [("content-type", "text/plain; version=0.0.4")],
        crate::metrics::render(&gauges),
    )
        .into_response()
}
