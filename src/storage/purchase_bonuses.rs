//! `purchase_bonuses`: which bonus entries a purchase caused (the referral it paid, a promo
//! bonus, the stamp-card gift it completed, the bonus for rating it), so that undoing or fully
//! refunding the purchase takes every one of them back (see [`crate::till::bonuses`]).

use chrono::{DateTime, Utc};
use sqlx::PgConnection;

use crate::ledger::EntryId;

/// Why a purchase paid a bonus.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum BonusKind {
    Referral,
    Promo,
    Stamp,
    Feedback,
}

impl BonusKind {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Referral => "referral",
            Self::Promo => "promo",
            Self::Stamp => "stamp",
            Self::Feedback => "feedback",
        }
    }
}

/// Links `entry` to the purchase that caused it (once: a replay links nothing new).
pub async fn record(
    conn: &mut PgConnection,
    purchase_id: i64,
    entry: EntryId,
    kind: BonusKind,
) -> sqlx::Result<()> {
    sqlx::query(
        "INSERT INTO purchase_bonuses (entry_id, purchase_id, kind) VALUES ($1, $2, $3)
         ON CONFLICT (entry_id) DO NOTHING",
    )
    .bind(entry)
    .bind(purchase_id)
    .bind(kind.as_str())
    .execute(conn)
    .await
    .map(drop)
}

/// The purchase's bonus entries not taken back yet, locked.
pub async fn untaken(conn: &mut PgConnection, purchase_id: i64) -> sqlx::Result<Vec<EntryId>> {
    sqlx::query_scalar(
        "SELECT entry_id FROM purchase_bonuses
         WHERE purchase_id = $1 AND taken_back_at IS NULL ORDER BY entry_id FOR UPDATE",
    )
    .bind(purchase_id)
    .fetch_all(conn)
    .await
}

/// Records that `entry` was taken back by `by` (none: nothing was left), `written_off` lost.
pub async fn mark_taken(
    conn: &mut PgConnection,
    entry: EntryId,
    by: Option<EntryId>,
    written_off: i64,
    at: DateTime<Utc>,
) -> sqlx::Result<()> {
    sqlx::query(
        "UPDATE purchase_bonuses SET taken_back_at = $2, taken_back_by = $3, written_off = $4
         WHERE entry_id = $1",
    )
    .bind(entry)
    .bind(at)
    .bind(by)
    .bind(written_off)
    .execute(conn)
    .await
    .map(drop)
}

/// The ledger key for a bonus that pays once per `base` (a stamp card, a referred friend):
/// `base` itself, or, when an earlier payment under it was taken back with its purchase and
/// the bonus is earned again, `base:p<purchase>`.
pub async fn bonus_key(
    conn: &mut PgConnection,
    base: &str,
    purchase_id: i64,
) -> sqlx::Result<String> {
    let used: bool = sqlx::query_scalar(
        "SELECT EXISTS (SELECT 1 FROM journal_entries WHERE idempotency_key = $1)",
    )
    .bind(base)
    .fetch_one(conn)
    .await?;
    Ok(if used {
        format!("{base}:p{purchase_id}")
    } else {
        base.to_owned()
    })
}

/// Whether the referral bonus for referred customer `customer` is paid and still stands: paid
/// under the first key (`referral:<customer>`) or a later one, and not reversed whole.
pub async fn referral_paid(conn: &mut PgConnection, customer: i64) -> sqlx::Result<bool> {
    sqlx::query_scalar(
        "SELECT EXISTS (
             SELECT 1 FROM journal_entries e
             WHERE (e.idempotency_key = 'referral:' || $1::TEXT
                    OR e.id IN (SELECT b.entry_id FROM purchase_bonuses b
                                JOIN purchases p ON p.id = b.purchase_id
                                WHERE p.customer_id = $1 AND b.kind = 'referral'))
               AND NOT EXISTS (SELECT 1 FROM journal_entries r
                               WHERE r.reverses = e.id AND r.kind = 'reversal'))",
    )
    .bind(customer)
    .fetch_one(conn)
    .await
}
