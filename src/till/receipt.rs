//! The receipt row of a purchase, written in the round trip that also reads what the receipt
//! and the anti-fraud counter need (today's operations on the card, the customer's points), and
//! the busy-card flag.

use sqlx::PgConnection;

use super::{TillError, purchase::PurchaseRequest};
use crate::{ledger::EntryId, storage::customers::Customer};

/// What [`write`] wrote and read.
pub(super) struct Written {
    /// The receipt number.
    pub id: i64,
    /// Purchases and redemptions on this card today, this purchase included.
    pub ops_today: i64,
    /// The customer's available points once the purchase's own points are in (later bonuses
    /// are not: see `purchase::posts_after_receipt`).
    pub available: i64,
}

/// Inserts the purchase row; `redemption` is the confirmed redemption it uses.
pub(super) async fn write(
    conn: &mut PgConnection,
    req: &PurchaseRequest<'_>,
    customer: &Customer,
    (points, entry): (i64, Option<EntryId>),
    redemption: Option<i64>,
) -> Result<Written, TillError> {
    // The statement's snapshot does not see the row it inserts, so the new purchase is counted
    // by hand (on its own day, like the others). "Today" is a range of `created_at` (the day in
    // the session's time zone, as `created_at::date` is), so the index on (customer,
    // created_at) finds only today's rows instead of the card's whole history.
    let (id, ops_today, available): (i64, i64, i64) = sqlx::query_as(
        "WITH p AS (
             INSERT INTO purchases (idempotency_key, customer_id, staff_tg_id, store, amount,
                                    points, entry_id, redemption_id)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id, created_at)
         SELECT p.id,
                (SELECT COUNT(*) FROM purchases
                 WHERE customer_id = $2 AND created_at >= $9::DATE AND created_at < $9::DATE + 1)
                + (SELECT COUNT(*) FROM redemptions
                   WHERE customer_id = $2 AND created_at >= $9::DATE AND created_at < $9::DATE + 1)
                + (p.created_at::DATE = $9)::INT,
                (SELECT balance - pending FROM accounts WHERE id = $10)
         FROM p",
    )
    .bind(&req.key)
    .bind(customer.id)
    .bind(req.staff.tg_user_id)
    .bind(&req.staff.store)
    .bind(req.amount.value())
    .bind(points)
    .bind(entry)
    .bind(redemption)
    .bind(req.now.date_naive())
    .bind(customer.account_id)
    .fetch_one(&mut *conn)
    .await?;
    Ok(Written {
        id,
        ops_today,
        available,
    })
}

/// Past the owner's daily limit of operations on one card, records a flag (once a day) and
/// returns the count to tell the cashier.
pub(super) async fn flag_busy_card(
    conn: &mut PgConnection,
    customer: &Customer,
    req: &PurchaseRequest<'_>,
    ops_today: i64,
    limit: i64,
) -> Result<Option<i64>, TillError> {
    if ops_today <= limit {
        return Ok(None);
    }
    let inserted = sqlx::query(
        "INSERT INTO fraud_flags (customer_id, staff_tg_id, kind, day, detail)
         VALUES ($1, $2, 'busy_card', $3, $4) ON CONFLICT DO NOTHING",
    )
    .bind(customer.id)
    .bind(req.staff.tg_user_id)
    .bind(req.now.date_naive())
    .bind(format!("{ops_today} operations today"))
    .execute(&mut *conn)
    .await?;
    Ok((inserted.rows_affected() > 0).then_some(ops_today))
}
