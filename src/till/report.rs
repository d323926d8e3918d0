//! `/today`: what one staff member did today, with totals.

use chrono::NaiveDate;
use rust_decimal::Decimal;
use sqlx::PgPool;

#[derive(Clone, Debug, Default, PartialEq, Eq, sqlx::FromRow)]
pub struct DayReport {
    pub purchases: i64,
    pub sales: Decimal,
    pub points_issued: i64,
    pub redemptions: i64,
    pub points_redeemed: i64,
    pub refunds: i64,
    pub refunded: Decimal,
}

pub async fn day(pool: &PgPool, staff_tg: i64, day: NaiveDate) -> sqlx::Result<DayReport> {
    sqlx::query_as(
        "SELECT
           (SELECT COUNT(*) FROM purchases WHERE staff_tg_id = $1 AND created_at::date = $2
              AND undone_at IS NULL) AS purchases,
           (SELECT COALESCE(SUM(amount), 0) FROM purchases WHERE staff_tg_id = $1
              AND created_at::date = $2 AND undone_at IS NULL) AS sales,
           (SELECT COALESCE(SUM(points), 0)::BIGINT FROM purchases WHERE staff_tg_id = $1
              AND created_at::date = $2 AND undone_at IS NULL) AS points_issued,
           (SELECT COUNT(*) FROM redemptions WHERE staff_tg_id = $1 AND created_at::date = $2
              AND status = 'confirmed') AS redemptions,
           (SELECT COALESCE(SUM(points), 0)::BIGINT FROM redemptions WHERE staff_tg_id = $1
              AND created_at::date = $2 AND status = 'confirmed') AS points_redeemed,
           (SELECT COUNT(*) FROM refunds WHERE staff_tg_id = $1 AND created_at::date = $2) AS refunds,
           (SELECT COALESCE(SUM(amount), 0) FROM refunds WHERE staff_tg_id = $1
              AND created_at::date = $2) AS refunded",
    )
    .bind(staff_tg)
    .bind(day)
    .fetch_one(pool)
    .await
}
