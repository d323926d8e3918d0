//! Undoing a purchase within its window: everything the purchase did is taken back, as new
//! entries (history is never edited): its points, its promo bonus (the customer's place in
//! the rule stays taken, so "first K" counts people who took part), and its stamp while the
//! card is still being collected (a gift already given is not taken back). The tier is
//! recomputed in the same transaction, like a purchase's, so a customer whose spend drops
//! below their tier's threshold moves down at once and is told.

use chrono::{DateTime, Utc};
use rust_decimal::Decimal;
use sqlx::PgPool;

use super::{Staff, TillError, purchase::UNDO_WINDOW};
use crate::{
    earning,
    ledger::{self, EntryId},
    rules::levels::Move,
    storage::{customers, settings},
};

#[derive(Clone, Debug)]
pub struct Undone {
    pub receipt: i64,
    pub points: i64,
    pub customer: customers::Customer,
    pub balance: i64,
    /// The tier move the undo caused (its notice is queued for the customer).
    pub tier_move: Option<Move>,
}

type UndoRow = (
    i64,
    i64,
    i64,
    Option<EntryId>,
    Option<DateTime<Utc>>,
    DateTime<Utc>,
    bool,
    String,
);

/// Reverses a purchase's points within [`UNDO_WINDOW`], by the staff member who posted it (or
/// an owner). Never deletes: the purchase is marked undone and a reversal entry is posted.
pub async fn undo(
    pool: &PgPool,
    receipt: i64,
    staff: &Staff,
    now: DateTime<Utc>,
) -> Result<Undone, TillError> {
    let mut tx = pool.begin().await?;
    let row: Option<UndoRow> = sqlx::query_as(
        "SELECT p.customer_id, p.staff_tg_id, p.points, p.entry_id, p.undone_at, p.created_at,
                EXISTS (SELECT 1 FROM refunds r WHERE r.purchase_id = p.id), p.idempotency_key
         FROM purchases p WHERE p.id = $1 FOR UPDATE",
    )
    .bind(receipt)
    .fetch_optional(&mut *tx)
    .await?;
    let (customer_id, posted_by, mut points, entry, undone_at, created_at, refunded, key) =
        row.ok_or(TillError::NotFound)?;
    if posted_by != staff.tg_user_id && !staff.is_owner {
        return Err(TillError::NotYours);
    }
    if undone_at.is_some() || refunded {
        return Err(TillError::AlreadyReversed);
    }
    if now - created_at > UNDO_WINDOW {
        return Err(TillError::UndoWindowPassed);
    }
    let customer = customers::by_id(&mut tx, customer_id)
        .await?
        .ok_or(TillError::NotFound)?;
    // The customer's row lock, as in a purchase: tier moves of one customer happen one at a time.
    earning::lock_customer(&mut tx, customer_id).await?;
    let bonuses = earning::promo::bonus_entries(&mut tx, &key).await?;
    let reversals = entry
        .map(|e| (e, format!("undo:{receipt}")))
        .into_iter()
        .chain(
            bonuses
                .iter()
                .map(|e| (*e, format!("undo:{receipt}:{}", e.0))),
        );
    for (entry, undo_key) in reversals {
        let memo = serde_json::json!({ "undo_of_receipt": receipt, "staff": staff.tg_user_id });
        if let Err(e) = ledger::reverse(&mut tx, entry, undo_key, memo).await {
            return Err(super::refusal(&mut tx, customer.account_id, e).await);
        }
    }
    points += bonus_points(&mut tx, &bonuses).await?;
    let rules = settings::load(&mut tx).await?;
    earning::stamps::on_reversal(&mut tx, receipt, Decimal::ZERO, rules.stamp_min_amount).await?;
    sqlx::query("UPDATE purchases SET undone_at = $2 WHERE id = $1")
        .bind(receipt)
        .bind(now)
        .execute(&mut *tx)
        .await?;
    let tier_move = earning::tiers::recompute_now(&mut tx, customer_id, &rules, now).await?;
    let balance = super::available(&mut tx, customer.account_id).await?;
    tx.commit().await?;
    Ok(Undone {
        receipt,
        points,
        customer,
        balance,
        tier_move,
    })
}

/// Points the bonus entries paid (each has one line to the customer, positive).
async fn bonus_points(
    conn: &mut sqlx::PgConnection,
    entries: &[EntryId],
) -> Result<i64, TillError> {
    if entries.is_empty() {
        return Ok(0);
    }
    let ids: Vec<i64> = entries.iter().map(|e| e.0).collect();
    Ok(sqlx::query_scalar(
        "SELECT COALESCE(SUM(amount), 0)::BIGINT FROM journal_lines WHERE entry_id = ANY($1) AND amount > 0",
    )
    .bind(ids)
    .fetch_one(conn)
    .await?)
}
