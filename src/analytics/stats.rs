//! The `/stats` numbers. Every figure is one SQL aggregate over the books and the purchase
//! rows, read in one snapshot so the figures agree with each other.

use chrono::{DateTime, Utc};
use rust_decimal::Decimal;
use sqlx::{PgConnection, PgPool};

use super::Period;
use crate::{ledger::SystemAccount, storage::settings};

/// What an owner sees in `/stats` for one period `[from, to)`.
///
/// Definitions (the tests compute the same things independently):
/// - *members*: customers who have not erased themselves; `members_total` counts those who
///   joined before `to`, `members_new` those who joined in the period.
/// - *active*: customers with at least one purchase in the period that was not undone.
/// - *purchases*, *revenue*, *average check*: purchases in the period that were not undone
///   (refunds are not subtracted: the visit happened).
/// - *points issued / redeemed / expired*: net flows in the period between customers and the
///   system accounts. Issued is what left the issuing accounts (welcome, referral, purchases,
///   import, adjustments... every system account except `redeemed` and `expired`), net of
///   refund claw-backs and reversals; redeemed is what reached `redeemed`, net of points a
///   refund gave back; expired is what reached `expired`.
/// - *outstanding*: all customers' posted balances now, whatever the period; the *liability*
///   is that times the programme's point value.
/// - *referral conversions*: invited customers whose first (not undone) purchase is in the
///   period.
/// - *retention*: of the customers active in the previous period of the same length, the
///   share also active in this one. Undefined for all time, or when nobody was active before.
/// - *ratings*: visits rated in the period (`feedback`), their average, and the latest
///   comments (erased customers' comments are already gone).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Stats {
    pub period: Period,
    pub from: DateTime<Utc>,
    pub to: DateTime<Utc>,
    pub members_total: i64,
    pub members_new: i64,
    pub members_active: i64,
    pub purchases: i64,
    pub revenue: Decimal,
    pub points_issued: i64,
    pub points_redeemed: i64,
    pub points_expired: i64,
    pub points_outstanding: i64,
    pub point_value: Decimal,
    pub referred_new: i64,
    pub referral_conversions: i64,
    pub retention: Option<Retention>,
    pub ratings: i64,
    /// Average rating to one decimal; `None` without ratings.
    pub average_rating: Option<Decimal>,
    /// Newest first, at most [`LATEST_COMMENTS`].
    pub comments: Vec<Comment>,
}

/// How many of the period's comments `/stats` carries.
pub const LATEST_COMMENTS: i64 = 5;

/// A customer's comment on a rated visit.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Comment {
    pub rating: i16,
    pub text: String,
    pub created_at: DateTime<Utc>,
}

/// Customers active in the previous period, and how many of them came back in this one.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Retention {
    pub previous_active: i64,
    pub retained: i64,
}

impl Retention {
    /// Percent, rounded to one decimal; `None` when nobody was active before.
    pub fn percent(&self) -> Option<Decimal> {
        (self.previous_active > 0).then(|| {
            (Decimal::from(self.retained) * Decimal::ONE_HUNDRED
                / Decimal::from(self.previous_active))
            .round_dp(1)
        })
    }
}

impl Stats {
    /// Revenue per purchase, to the cent; `None` without purchases.
    pub fn average_check(&self) -> Option<Decimal> {
        (self.purchases > 0).then(|| (self.revenue / Decimal::from(self.purchases)).round_dp(2))
    }

    /// Purchases per active member, to two decimals; `None` when nobody was active.
    pub fn visits_per_active(&self) -> Option<Decimal> {
        (self.members_active > 0).then(|| {
            (Decimal::from(self.purchases) / Decimal::from(self.members_active)).round_dp(2)
        })
    }

    /// What the outstanding points are worth in money.
    pub fn liability(&self) -> Decimal {
        Decimal::from(self.points_outstanding) * self.point_value
    }
}

/// Computes [`Stats`] for `period` ending at `now`, in one read-only snapshot.
pub async fn compute(pool: &PgPool, period: Period, now: DateTime<Utc>) -> sqlx::Result<Stats> {
    let mut tx = pool.begin().await?;
    sqlx::query("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
        .execute(&mut *tx)
        .await?;
    let (from, to) = period.range(now);
    let (members_total, members_new) = members(&mut tx, from, to).await?;
    let (purchases, revenue, members_active): (i64, Decimal, i64) = sqlx::query_as(
        "SELECT COUNT(*), COALESCE(SUM(amount), 0), COUNT(DISTINCT customer_id)
         FROM purchases WHERE undone_at IS NULL AND created_at >= $1 AND created_at < $2",
    )
    .bind(from)
    .bind(to)
    .fetch_one(&mut *tx)
    .await?;
    let (points_issued, points_redeemed, points_expired) = point_flows(&mut tx, from, to).await?;
    let points_outstanding: i64 = sqlx::query_scalar(
        "SELECT COALESCE(SUM(balance), 0)::BIGINT FROM accounts WHERE kind = 'customer'",
    )
    .fetch_one(&mut *tx)
    .await?;
    let point_value = settings::load(&mut tx).await?.point_value;
    let (referred_new, referral_conversions) = referrals(&mut tx, from, to).await?;
    let retention = match period.previous(now) {
        Some((prev_from, prev_to)) => Some(retention(&mut tx, prev_from, prev_to, to).await?),
        None => None,
    };
    let (ratings, average_rating): (i64, Option<Decimal>) = sqlx::query_as(
        "SELECT COUNT(*), ROUND(AVG(rating), 1) FROM feedback
         WHERE created_at >= $1 AND created_at < $2",
    )
    .bind(from)
    .bind(to)
    .fetch_one(&mut *tx)
    .await?;
    let comments = comments(&mut tx, from, to).await?;
    tx.commit().await?;
    Ok(Stats {
        period,
        from,
        to,
        members_total,
        members_new,
        members_active,
        purchases,
        revenue,
        points_issued,
        points_redeemed,
        points_expired,
        points_outstanding,
        point_value,
        referred_new,
        referral_conversions,
        retention,
        ratings,
        average_rating,
        comments,
    })
}

async fn comments(
    conn: &mut PgConnection,
    from: DateTime<Utc>,
    to: DateTime<Utc>,
) -> sqlx::Result<Vec<Comment>> {
    let rows: Vec<(i16, String, DateTime<Utc>)> = sqlx::query_as(
        "SELECT rating, comment, created_at FROM feedback
         WHERE created_at >= $1 AND created_at < $2 AND comment IS NOT NULL AND comment <> ''
         ORDER BY created_at DESC, purchase_id DESC LIMIT $3",
    )
    .bind(from)
    .bind(to)
    .bind(LATEST_COMMENTS)
    .fetch_all(conn)
    .await?;
    Ok(rows
        .into_iter()
        .map(|(rating, text, created_at)| Comment {
            rating,
            text,
            created_at,
        })
        .collect())
}

async fn members(
    conn: &mut PgConnection,
    from: DateTime<Utc>,
    to: DateTime<Utc>,
) -> sqlx::Result<(i64, i64)> {
    sqlx::query_as(
        "SELECT COUNT(*) FILTER (WHERE created_at < $2),
                COUNT(*) FILTER (WHERE created_at >= $1 AND created_at < $2)
         FROM customers WHERE erased_at IS NULL",
    )
    .bind(from)
    .bind(to)
    .fetch_one(conn)
    .await
}

/// A CTE `sys` with the ids of the issuing system accounts (every one but `$3` and `$4`, the
/// codes of `redeemed` and `expired`) and of those two; shared with the chart's query.
pub(super) const SYSTEM_IDS: &str = "sys AS MATERIALIZED (
    SELECT ARRAY_AGG(id) FILTER (WHERE code NOT IN ($3, $4)) AS issuing,
           MAX(id) FILTER (WHERE code = $3) AS redeemed,
           MAX(id) FILTER (WHERE code = $4) AS expired
    FROM accounts WHERE kind = 'system')";

/// (issued, redeemed, expired) in `[from, to)`: sums of the system accounts' lines.
///
/// The period's entries are picked first (by `created_at`) and their lines looked up by entry;
/// the system accounts only filter inside the sums. Joining `accounts` instead lets the
/// planner start from the system accounts and read every line of those hot accounts, since
/// it badly underestimates how many they have (see BENCHMARKS.md, `/stats`).
async fn point_flows(
    conn: &mut PgConnection,
    from: DateTime<Utc>,
    to: DateTime<Utc>,
) -> sqlx::Result<(i64, i64, i64)> {
    sqlx::query_as(&format!(
        "WITH e AS MATERIALIZED (
             SELECT id FROM journal_entries WHERE created_at >= $1 AND created_at < $2
         ), {SYSTEM_IDS}
         SELECT COALESCE(-SUM(l.amount) FILTER (WHERE l.account_id = ANY(sys.issuing)), 0)::BIGINT,
                COALESCE(SUM(l.amount) FILTER (WHERE l.account_id = sys.redeemed), 0)::BIGINT,
                COALESCE(SUM(l.amount) FILTER (WHERE l.account_id = sys.expired), 0)::BIGINT
         FROM e JOIN journal_lines l ON l.entry_id = e.id CROSS JOIN sys"
    ))
    .bind(from)
    .bind(to)
    .bind(SystemAccount::Redeemed.code())
    .bind(SystemAccount::Expired.code())
    .fetch_one(conn)
    .await
}

/// (invited customers who joined in the period, invited customers whose first purchase was in
/// the period).
async fn referrals(
    conn: &mut PgConnection,
    from: DateTime<Utc>,
    to: DateTime<Utc>,
) -> sqlx::Result<(i64, i64)> {
    sqlx::query_as(
        "SELECT COUNT(*) FILTER (WHERE c.created_at >= $1 AND c.created_at < $2),
                COUNT(*) FILTER (WHERE f.first_at >= $1 AND f.first_at < $2)
         FROM customers c
         LEFT JOIN LATERAL (
             SELECT MIN(p.created_at) AS first_at FROM purchases p
             WHERE p.customer_id = c.id AND p.undone_at IS NULL
         ) f ON TRUE
         WHERE c.referred_by IS NOT NULL",
    )
    .bind(from)
    .bind(to)
    .fetch_one(conn)
    .await
}

/// Customers active in `[prev_from, from)` and how many of them were active in `[from, to)`.
async fn retention(
    conn: &mut PgConnection,
    prev_from: DateTime<Utc>,
    from: DateTime<Utc>,
    to: DateTime<Utc>,
) -> sqlx::Result<Retention> {
    let (previous_active, retained): (i64, i64) = sqlx::query_as(
        "SELECT COUNT(*),
                COUNT(*) FILTER (WHERE EXISTS (
                    SELECT 1 FROM purchases q
                    WHERE q.customer_id = p.customer_id AND q.undone_at IS NULL
                      AND q.created_at >= $2 AND q.created_at < $3))
         FROM (SELECT DISTINCT customer_id FROM purchases
               WHERE undone_at IS NULL AND created_at >= $1 AND created_at < $2) p",
    )
    .bind(prev_from)
    .bind(from)
    .bind(to)
    .fetch_one(conn)
    .await?;
    Ok(Retention {
        previous_active,
        retained,
    })
}
