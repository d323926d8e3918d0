//! Refunds: take back the points a purchase earned and give back the points spent on it, once
//! per receipt, in proportion to the refunded amount.
//!
//! Policy when the earned points were already spent: **capped claw-back**. We take back what
//! the customer has (never going below zero; the ledger must never create points or debt) and
//! record the rest as written off on the refund, so owners see the loss in reports instead of a
//! customer carrying a negative balance they never agreed to.
//!
//! The refunded amount no longer counts as spend, so the tier is recomputed in the same
//! transaction (the customer may move down at once, and is told).

use chrono::{DateTime, Utc};
use sqlx::{PgConnection, PgPool};

use super::{
    Staff, TillError,
    bonuses::{self, Taken},
    guards,
};
use crate::{
    domain::{CardNumber, Money, Points},
    earning, hooks_out,
    ledger::{self, EntryKind, Posting, SystemAccount, Transfer},
    rules::{self, levels::Move},
    storage::{cards, customers, settings},
};

#[derive(Clone, Debug)]
pub struct RefundRequest<'a> {
    pub receipt: i64,
    /// `None` refunds the whole purchase.
    pub amount: Option<Money>,
    pub staff: &'a Staff,
    pub now: DateTime<Utc>,
}

/// What the refund screen shows before the staff member confirms: the receipt as it was
/// posted, so the right one is refunded (receipt numbers are easy to mistype).
#[derive(Clone, Debug)]
pub struct Preview {
    pub receipt: i64,
    pub posted_at: DateTime<Utc>,
    pub store: String,
    pub whole: Money,
    pub amount: Money,
    /// The customer's active card (`None` when the customer has erased their data).
    pub card: Option<CardNumber>,
}

/// Checks that `req` may be refunded now (the same checks as [`refund`]) and describes it.
pub async fn preview(pool: &PgPool, req: &RefundRequest<'_>) -> Result<Preview, TillError> {
    let mut conn = pool.acquire().await?;
    let p = checked(&mut conn, req, false).await?;
    let card = cards::active_for_customer(&mut conn, p.customer_id).await?;
    Ok(Preview {
        receipt: req.receipt,
        posted_at: p.posted_at,
        store: p.store,
        whole: p.whole,
        amount: p.amount,
        card: card.map(|c| c.number),
    })
}

/// The purchase behind a refund request, once every check passed.
struct Checked {
    customer_id: i64,
    whole: Money,
    amount: Money,
    earned: i64,
    spent: Option<i64>,
    store: String,
    posted_at: DateTime<Utc>,
    key: String,
}

type PurchaseRow = (
    i64,
    rust_decimal::Decimal,
    i64,
    Option<i64>,
    bool,
    bool,
    String,
    DateTime<Utc>,
    String,
);

/// Loads the purchase (locked with `lock`) and applies every refund rule: it exists, is not
/// undone or refunded, the amount fits, and this staff member may refund it.
async fn checked(
    conn: &mut PgConnection,
    req: &RefundRequest<'_>,
    lock: bool,
) -> Result<Checked, TillError> {
    let row: Option<PurchaseRow> = sqlx::query_as(&format!(
        "SELECT p.customer_id, p.amount, p.points,
                (SELECT r.points FROM redemptions r WHERE r.id = p.redemption_id),
                p.undone_at IS NOT NULL,
                EXISTS (SELECT 1 FROM refunds f WHERE f.purchase_id = p.id),
                p.store, p.created_at, p.idempotency_key
         FROM purchases p WHERE p.id = $1 {}",
        if lock { "FOR UPDATE" } else { "" }
    ))
    .bind(req.receipt)
    .fetch_optional(&mut *conn)
    .await?;
    let (customer_id, whole, earned, spent, undone, refunded, store, posted_at, key) =
        row.ok_or(TillError::NotFound)?;
    // Who may refund comes first: a cashier probing receipt numbers learns nothing else.
    let window = settings::load(&mut *conn).await?.refund_window_days;
    guards::may_refund(req.staff, &store, posted_at, req.now, window)?;
    if undone || refunded {
        return Err(TillError::AlreadyReversed);
    }
    let whole = Money::new(whole).map_err(|_| TillError::NotFound)?;
    let amount = req.amount.unwrap_or(whole);
    if amount > whole {
        return Err(TillError::RefundTooLarge);
    }
    Ok(Checked {
        customer_id,
        whole,
        amount,
        earned,
        spent,
        store,
        posted_at,
        key,
    })
}

#[derive(Clone, Debug)]
pub struct Refunded {
    pub receipt: i64,
    pub amount: Money,
    pub clawed_back: i64,
    pub written_off: i64,
    pub returned: i64,
    pub customer: customers::Customer,
    pub balance: i64,
    /// The tier move the refund caused (its notice is queued for the customer).
    pub tier_move: Option<Move>,
    /// A full refund's bonuses taken back from the customer, and written off (already spent).
    pub bonus_taken: i64,
    pub bonus_written_off: i64,
    /// Others whose bonus went with the purchase (an inviter), to be told.
    pub others: Vec<super::undo::OtherTaken>,
}

pub async fn refund(pool: &PgPool, req: &RefundRequest<'_>) -> Result<Refunded, TillError> {
    let mut tx = pool.begin().await?;
    let Checked {
        customer_id,
        whole,
        amount,
        earned,
        spent,
        key,
        ..
    } = checked(&mut tx, req, true).await?;
    let customer = customers::by_id(&mut tx, customer_id)
        .await?
        .ok_or(TillError::NotFound)?;
    // The customer's row lock, as in a purchase: tier moves of one customer happen one at a time.
    earning::lock_customer(&mut tx, customer_id).await?;
    let to_reverse = rules::proportional(earned, amount, whole);
    let returned = rules::proportional(spent.unwrap_or(0), amount, whole);
    let available = super::available(&mut tx, customer.account_id).await?;
    // Returned points arrive in the same entry, so they can cover the claw-back too.
    let cb = rules::claw_back(to_reverse, available + returned);

    let mut transfers = Vec::new();
    if let Ok(p) = Points::new(cb.taken) {
        let to = ledger::system_account(&mut tx, SystemAccount::Purchases).await?;
        transfers.push(Transfer {
            from: customer.account_id,
            to,
            points: p,
        });
    }
    if let Ok(p) = Points::new(returned) {
        let from = ledger::system_account(&mut tx, SystemAccount::Redeemed).await?;
        transfers.push(Transfer {
            from,
            to: customer.account_id,
            points: p,
        });
    }
    let entry = if transfers.is_empty() {
        None
    } else {
        let posting = Posting::new(format!("refund:{}", req.receipt), EntryKind::Refund, transfers).with_memo(
            serde_json::json!({ "receipt": req.receipt, "amount": amount.to_string(), "written_off": cb.written_off }),
        );
        Some(ledger::post(&mut tx, &posting).await?.entry_id)
    };
    sqlx::query(
        "INSERT INTO refunds (purchase_id, amount, points_clawed_back, points_written_off,
                              points_returned, entry_id, staff_tg_id, store)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
    )
    .bind(req.receipt)
    .bind(amount.value())
    .bind(cb.taken)
    .bind(cb.written_off)
    .bind(returned)
    .bind(entry)
    .bind(req.staff.tg_user_id)
    .bind(&req.staff.store)
    .execute(&mut *tx)
    .await?;
    // A refund that leaves less than the stamp minimum takes the purchase's stamp back; a full
    // refund takes back every bonus the purchase caused and reopens a card it completed.
    let settings = crate::storage::settings::load(&mut tx).await?;
    let kept = whole.value() - amount.value();
    earning::stamps::on_reversal(&mut tx, req.receipt, kept, settings.stamp_min_amount).await?;
    let mut bonuses = Taken::default();
    if amount == whole {
        bonuses = bonuses::take_back_all(&mut tx, req.receipt, &key, "refund", req.now).await?;
        earning::stamps::reopen(&mut tx, req.receipt).await?;
    }
    let others = super::undo::others(&mut tx, &bonuses, customer.account_id).await?;
    let (bonus_taken, bonus_written_off) = bonuses.of(customer.account_id);
    let tier_move = earning::tiers::recompute_now(&mut tx, customer_id, &settings, req.now).await?;
    let balance = super::available(&mut tx, customer.account_id).await?;
    let event = hooks_out::Event::PurchaseRefunded {
        receipt: req.receipt,
        customer: customer_id,
        amount: amount.value(),
        clawed_back: cb.taken,
        written_off: cb.written_off,
        returned,
        balance,
    };
    hooks_out::record(&mut tx, event).await?;
    tx.commit().await?;
    Ok(Refunded {
        receipt: req.receipt,
        amount,
        clawed_back: cb.taken,
        written_off: cb.written_off,
        returned,
        customer,
        balance,
        tier_move,
        bonus_taken,
        bonus_written_off,
        others,
    })
}

/// The latest receipts `staff` may refund (their store's, or any for an owner), newest first,
/// not undone: the buttons of a bare `/refund`. Each is (receipt, amount, posted at).
pub async fn recent(
    pool: &PgPool,
    staff: &Staff,
    limit: i64,
) -> sqlx::Result<Vec<(i64, rust_decimal::Decimal, DateTime<Utc>)>> {
    sqlx::query_as(
        "SELECT id, amount, created_at FROM purchases
         WHERE undone_at IS NULL AND ($1 OR store = $2)
         ORDER BY id DESC LIMIT $3",
    )
    .bind(staff.is_owner)
    .bind(&staff.store)
    .bind(limit)
    .fetch_all(pool)
    .await
}
