//! Undoing a purchase within its window: everything the purchase did is taken back, as new
//! entries (history is never edited): its points and every bonus it caused (referral on both
//! sides, promo bonus, stamp-card gift, rating bonus: see [`super::bonuses`]), each capped at
//! what the customer still has, the rest written off and recorded. The customer's place in a
//! promo rule stays taken ("first K" counts people who took part); its stamp goes and a card
//! it completed is open again. The tier is recomputed in the same transaction, like a
//! purchase's, so a customer whose spend drops below their tier's threshold moves down at once
//! and is told.

use chrono::{DateTime, Utc};
use rust_decimal::Decimal;
use sqlx::PgPool;

use super::{
    Staff, TillError,
    bonuses::{self, Taken},
    purchase::UNDO_WINDOW,
};
use crate::{
    earning, hooks_out,
    ledger::{self, EntryId},
    rules::levels::Move,
    storage::{customers, settings},
};

#[derive(Clone, Debug)]
pub struct Undone {
    pub receipt: i64,
    /// Points taken back from the customer (the purchase's and its bonuses').
    pub points: i64,
    /// Points the customer had already spent: not taken, written off.
    pub written_off: i64,
    pub customer: customers::Customer,
    pub balance: i64,
    /// The tier move the undo caused (its notice is queued for the customer).
    pub tier_move: Option<Move>,
    /// Others whose bonus went with the purchase (an inviter), to be told.
    pub others: Vec<OtherTaken>,
    /// Read back by [`replay`]: told again as it was; nobody else needs telling again.
    pub replayed: bool,
}

/// A bonus of someone else than the buyer taken back with the purchase (the inviter's half of
/// a referral bonus).
#[derive(Clone, Debug)]
pub struct OtherTaken {
    pub customer: customers::Customer,
    pub taken: i64,
    pub written_off: i64,
    pub balance: i64,
}

type UndoRow = (
    i64,
    i64,
    Option<EntryId>,
    Option<DateTime<Utc>>,
    DateTime<Utc>,
    bool,
    String,
);

/// Reverses a purchase within [`UNDO_WINDOW`], by the staff member who posted it (or an
/// owner). Never deletes: the purchase is marked undone and the take-backs are posted.
pub async fn undo(
    pool: &PgPool,
    receipt: i64,
    staff: &Staff,
    now: DateTime<Utc>,
) -> Result<Undone, TillError> {
    let mut tx = pool.begin().await?;
    let row: Option<UndoRow> = sqlx::query_as(
        "SELECT p.customer_id, p.staff_tg_id, p.entry_id, p.undone_at, p.created_at,
                EXISTS (SELECT 1 FROM refunds r WHERE r.purchase_id = p.id), p.idempotency_key
         FROM purchases p WHERE p.id = $1 FOR UPDATE",
    )
    .bind(receipt)
    .fetch_optional(&mut *tx)
    .await?;
    let (customer_id, posted_by, entry, undone_at, created_at, refunded, key) =
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
    let mut taken = Taken::default();
    if let Some(entry) = entry {
        let memo = serde_json::json!({ "undo_of_receipt": receipt, "staff": staff.tg_user_id });
        let points = ledger::take_back(&mut tx, entry, format!("undo:{receipt}"), memo).await?;
        taken.add(&points.accounts);
    }
    let (_, points_written_off) = taken.of(customer.account_id);
    taken.add(
        &bonuses::take_back_all(&mut tx, receipt, &key, "undo", now)
            .await?
            .shares,
    );
    let rules = settings::load(&mut tx).await?;
    earning::stamps::on_reversal(&mut tx, receipt, Decimal::ZERO, rules.stamp_min_amount).await?;
    earning::stamps::reopen(&mut tx, receipt).await?;
    sqlx::query("UPDATE purchases SET undone_at = $2, undo_written_off = $3 WHERE id = $1")
        .bind(receipt)
        .bind(now)
        .bind(points_written_off)
        .execute(&mut *tx)
        .await?;
    let tier_move = earning::tiers::recompute_now(&mut tx, customer_id, &rules, now).await?;
    let balance = super::available(&mut tx, customer.account_id).await?;
    let others = others(&mut tx, &taken, customer.account_id).await?;
    let (points, written_off) = taken.of(customer.account_id);
    let event = hooks_out::Event::PurchaseUndone {
        receipt,
        customer: customer_id,
        points,
        balance,
    };
    hooks_out::record(&mut tx, event).await?;
    tx.commit().await?;
    Ok(Undone {
        receipt,
        points,
        written_off,
        customer,
        balance,
        tier_move,
        others,
        replayed: false,
    })
}

/// The undo of `receipt` as it was done, if it was undone (not refunded): the points its
/// take-backs moved from the buyer's account (the purchase's and its bonuses', under the keys
/// `undo:<receipt>[:<entry>]`) and the purchase points written off then. A chat handler re-run
/// after its reply failed shows this again instead of only "already undone" (the torture test
/// found cashiers told "already undone" about the undo they had just made).
pub async fn replay(pool: &PgPool, receipt: i64) -> Result<Option<Undone>, TillError> {
    let mut tx = pool.begin().await?;
    let customer_id: Option<i64> = sqlx::query_scalar(
        "SELECT customer_id FROM purchases WHERE id = $1 AND undone_at IS NOT NULL",
    )
    .bind(receipt)
    .fetch_optional(&mut *tx)
    .await?;
    let Some(customer_id) = customer_id else {
        return Ok(None);
    };
    let customer = customers::by_id(&mut tx, customer_id)
        .await?
        .ok_or(TillError::NotFound)?;
    let (points, written_off): (i64, i64) = sqlx::query_as(
        "SELECT COALESCE((SELECT -SUM(l.amount) FROM journal_lines l
                          JOIN journal_entries e ON e.id = l.entry_id
                          WHERE l.account_id = $2
                            AND (e.idempotency_key = $3 OR e.idempotency_key LIKE $4)), 0)::BIGINT,
                COALESCE(undo_written_off, 0)
         FROM purchases WHERE id = $1",
    )
    .bind(receipt)
    .bind(customer.account_id)
    .bind(format!("undo:{receipt}"))
    .bind(format!("undo:{receipt}:%"))
    .fetch_one(&mut *tx)
    .await?;
    let balance = super::available(&mut tx, customer.account_id).await?;
    tx.commit().await?;
    Ok(Some(Undone {
        receipt,
        points,
        written_off,
        customer,
        balance,
        tier_move: None,
        others: Vec::new(),
        replayed: true,
    }))
}

/// The other customers whose bonus went with the purchase, with their balance now.
pub(super) async fn others(
    conn: &mut sqlx::PgConnection,
    taken: &Taken,
    buyer: ledger::AccountId,
) -> Result<Vec<OtherTaken>, TillError> {
    let mut out = Vec::new();
    for share in taken.others(buyer) {
        if let Some(customer) = customers::by_account(conn, share.account).await? {
            out.push(OtherTaken {
                customer,
                taken: share.taken,
                written_off: share.written_off,
                balance: super::available(conn, share.account).await?,
            });
        }
    }
    Ok(out)
}
