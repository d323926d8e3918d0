//! Tiers: a customer's level follows their spend in the last `tier_period_days` (purchases not
//! undone, minus refunds). A purchase moves the customer at once; the tier job moves everyone
//! whose spend has since left the window, or whose thresholds the owner changed.
//!
//! Every move happens with the customer's row locked (`FOR UPDATE`), the level recomputed from
//! the committed facts, and a notice written in the same transaction; so two bot processes, a
//! purchase racing the job, or the job run twice never move or notify anyone twice.

use chrono::{DateTime, Duration, Utc};
use rust_decimal::Decimal;
use sqlx::{PgConnection, PgPool};

use crate::{
    rules::levels::{self, Move, Tier},
    storage::settings::{self, ProgramSettings},
};

/// How often the bot process runs [`run`].
pub const JOB_EVERY: std::time::Duration = std::time::Duration::from_secs(120);

pub async fn all(conn: &mut PgConnection) -> sqlx::Result<Vec<Tier>> {
    sqlx::query_as("SELECT id, name, min_spend, earn_rate FROM tiers ORDER BY min_spend")
        .fetch_all(conn)
        .await
}

/// What the customer spent since `since` (all time when `None`): purchases not undone, minus
/// what was refunded on them.
pub async fn spend(
    conn: &mut PgConnection,
    customer_id: i64,
    since: Option<DateTime<Utc>>,
) -> sqlx::Result<Decimal> {
    sqlx::query_scalar(
        "SELECT COALESCE(SUM(net), 0) FROM net_purchases
         WHERE customer_id = $1 AND ($2::timestamptz IS NULL OR created_at > $2)",
    )
    .bind(customer_id)
    .bind(since)
    .fetch_one(conn)
    .await
}

/// The start of the rolling tier period that ends at `now`.
pub fn period_start(rules: &ProgramSettings, now: DateTime<Utc>) -> DateTime<Utc> {
    now - Duration::days(i64::from(rules.tier_period_days))
}

/// The customer's stored tier (`None`: base).
pub async fn current(
    conn: &mut PgConnection,
    customer_id: i64,
    tiers: &[Tier],
) -> sqlx::Result<Option<Tier>> {
    let id: Option<i64> = sqlx::query_scalar("SELECT tier_id FROM customers WHERE id = $1")
        .bind(customer_id)
        .fetch_one(conn)
        .await?;
    Ok(id.and_then(|id| tiers.iter().find(|t| t.id == id).cloned()))
}

/// Who tells the customer about a move: the till handler (purchase, undo, refund) right after
/// its receipt (the job loop only as a fallback, later), or the job loop at once.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Teller {
    Till,
    Job,
}

/// Recomputes the customer's tier at `now` and stores a move with its notice. The caller holds
/// the customer's row lock.
pub async fn recompute(
    conn: &mut PgConnection,
    customer_id: i64,
    rules: &ProgramSettings,
    tiers: &[Tier],
    now: DateTime<Utc>,
    teller: Teller,
) -> sqlx::Result<Option<Move>> {
    let old = current(conn, customer_id, tiers).await?;
    let spent = spend(conn, customer_id, Some(period_start(rules, now))).await?;
    let new = levels::tier_for(spent, tiers);
    let Some(dir) = levels::tier_move(old.as_ref(), new) else {
        return Ok(None);
    };
    sqlx::query("UPDATE customers SET tier_id = $2, tier_changed_at = $3 WHERE id = $1")
        .bind(customer_id)
        .bind(new.map(|t| t.id))
        .bind(now)
        .execute(&mut *conn)
        .await?;
    sqlx::query(
        "INSERT INTO tier_notices (customer_id, tier_name, earn_rate, up, send_after)
         VALUES ($1, $2, $3, $4, now() + make_interval(secs => $5))",
    )
    .bind(customer_id)
    .bind(new.map(|t| t.name.clone()))
    .bind(levels::earn_rate(new, rules.earn_rate))
    .bind(dir == Move::Up)
    .bind(match teller {
        Teller::Till => 30.0_f64,
        Teller::Job => 0.0,
    })
    .execute(&mut *conn)
    .await?;
    Ok(Some(dir))
}

/// [`recompute`] for a till operation (undo, refund) with the current tiers; the caller holds
/// the customer's row lock and tells the customer.
pub async fn recompute_now(
    conn: &mut PgConnection,
    customer_id: i64,
    rules: &ProgramSettings,
    now: DateTime<Utc>,
) -> sqlx::Result<Option<Move>> {
    let tiers = all(conn).await?;
    recompute(conn, customer_id, rules, &tiers, now, Teller::Till).await
}

/// The tier job: finds every customer whose stored tier differs from what their spend in the
/// window says at `now` (one query), then moves each under its row lock, re-checking first.
/// Customers busy in a purchase right now are skipped (that purchase recomputes them; the
/// next run catches anything left). Returns how many moved. Catches up after downtime by
/// construction: it compares with the state at `now`, not with what changed since the last run.
pub async fn run(pool: &PgPool, now: DateTime<Utc>) -> sqlx::Result<usize> {
    let rules = settings::load(&mut *pool.acquire().await?).await?;
    let since = period_start(&rules, now);
    let candidates: Vec<i64> = sqlx::query_scalar(
        "WITH spend AS (
             SELECT c.id, c.tier_id,
                    COALESCE(SUM(n.net), 0) AS spent
             FROM customers c
             LEFT JOIN net_purchases n ON n.customer_id = c.id AND n.created_at > $1
             GROUP BY c.id, c.tier_id)
         SELECT s.id FROM spend s
         WHERE s.tier_id IS DISTINCT FROM (SELECT t.id FROM tiers t WHERE t.min_spend <= s.spent
                                          ORDER BY t.min_spend DESC LIMIT 1)
         ORDER BY s.id",
    )
    .bind(since)
    .fetch_all(pool)
    .await?;
    let mut moved = 0;
    for customer in candidates {
        let mut tx = pool.begin().await?;
        let locked: Option<i64> =
            sqlx::query_scalar("SELECT id FROM customers WHERE id = $1 FOR UPDATE SKIP LOCKED")
                .bind(customer)
                .fetch_optional(&mut *tx)
                .await?;
        if locked.is_none() {
            tx.rollback().await?;
            continue;
        }
        // Settings and tiers as they are now, inside this transaction.
        let rules = settings::load(&mut tx).await?;
        let tiers = all(&mut tx).await?;
        if recompute(&mut tx, customer, &rules, &tiers, now, Teller::Job)
            .await?
            .is_some()
        {
            moved += 1;
        }
        tx.commit().await?;
    }
    Ok(moved)
}

/// A tier move to tell a customer about.
#[derive(Clone, Debug, sqlx::FromRow)]
pub struct Notice {
    pub customer_id: i64,
    pub tier_name: Option<String>,
    pub earn_rate: Decimal,
    pub up: bool,
}

/// Claims up to `limit` unsent notices that are due, or all of one customer's (marking them
/// sent: at most once, never twice across processes). The caller delivers them.
pub async fn claim_notices(
    pool: &PgPool,
    customer: Option<i64>,
    limit: i64,
) -> sqlx::Result<Vec<Notice>> {
    sqlx::query_as(
        "UPDATE tier_notices SET sent_at = now()
         WHERE id IN (SELECT id FROM tier_notices
                      WHERE sent_at IS NULL
                        AND ($1::bigint IS NULL AND send_after <= now() OR customer_id = $1)
                      ORDER BY id LIMIT $2 FOR UPDATE SKIP LOCKED)
         RETURNING customer_id, tier_name, earn_rate, up",
    )
    .bind(customer)
    .bind(limit)
    .fetch_all(pool)
    .await
}
