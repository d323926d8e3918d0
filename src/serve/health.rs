//! `/healthz` (the database answers and every migration is applied) and `/metrics`.

use axum::{Router, extract::State, http::StatusCode, response::IntoResponse, routing::get};
use sqlx::PgPool;

pub fn router(pool: PgPool) -> Router {
    Router::new()
        .route("/healthz", get(healthz))
        .route("/metrics", get(metrics))
        .with_state(pool)
}

async fn healthz(State(pool): State<PgPool>) -> impl IntoResponse {
    let expected = crate::db::MIGRATOR.iter().count() as i64;
    let applied: Result<i64, _> =
        sqlx::query_scalar("SELECT COUNT(*) FROM _sqlx_migrations WHERE success")
            .fetch_one(&pool)
            .await;
    match applied {
        Ok(n) if n >= expected => (StatusCode::OK, "ok\n".to_owned()),
        Ok(n) => (
            StatusCode::SERVICE_UNAVAILABLE,
            format!("migrations applied: {n} of {expected}\n"),
        ),
        Err(e) => (
            StatusCode::SERVICE_UNAVAILABLE,
            format!("database unreachable: {e}\n"),
        ),
    }
}

async fn metrics(State(pool): State<PgPool>) -> impl IntoResponse {
    let count = |sql: &'static str| {
        let pool = pool.clone();
        async move {
            sqlx::query_scalar::<_, i64>(sql)
                .fetch_one(&pool)
                .await
                .unwrap_or(-1) as f64
        }
    };
    let postings = count("SELECT COUNT(*) FROM journal_entries").await;
    let pending = count("SELECT COUNT(*) FROM redemptions WHERE status = 'pending'").await;
    let queued =
        count("SELECT COUNT(*) FROM broadcast_outbox WHERE status IN ('pending', 'sending')").await;
    let sent_last_minute = count(
        "SELECT COUNT(*) FROM broadcast_outbox WHERE status = 'sent' AND sent_at > now() - interval '1 minute'",
    )
    .await;
    let gauges = [
        (
            "loyalty_ledger_postings",
            "Journal entries in the ledger.",
            postings,
        ),
        (
            "loyalty_pending_redemptions",
            "Redemption requests waiting for the customer.",
            pending,
        ),
        (
            "loyalty_broadcast_queue_depth",
            "Broadcast messages not yet delivered.",
            queued,
        ),
        (
            "loyalty_broadcast_sent_per_second",
            "Broadcast send rate over the last minute.",
            sent_last_minute / 60.0,
        ),
    ];
    (
        [("content-type", "text/plain; version=0.0.4")],
        crate::metrics::render(&gauges),
    )
}
