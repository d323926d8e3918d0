//! Undo and a full refund take back every bonus the purchase caused, in their own transaction:
//! the referral it paid (both sides), its promo bonus, the stamp-card gift it completed and the
//! bonus for rating it (the links are in `purchase_bonuses`). Each is taken back capped at what
//! the customer still has, as refunds are: the rest is written off and recorded on the link,
//! where `ledger check` finds it.

use chrono::{DateTime, Utc};
use sqlx::PgConnection;

use crate::{
    earning,
    ledger::{self, AccountId, LedgerError, take_back::Share},
    storage::purchase_bonuses::{self, BonusKind},
};

/// What was taken back, per customer account (the buyer's and, for a referral, the inviter's).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Taken {
    pub shares: Vec<Share>,
}

impl Taken {
    /// Adds `more` into the per-account totals.
    pub fn add(&mut self, more: &[Share]) {
        for s in more {
            match self.shares.iter_mut().find(|t| t.account == s.account) {
                Some(t) => {
                    t.taken += s.taken;
                    t.written_off += s.written_off;
                }
                None => self.shares.push(*s),
            }
        }
    }

    /// What `account` gave back and what it kept (written off).
    pub fn of(&self, account: AccountId) -> (i64, i64) {
        self.shares
            .iter()
            .find(|s| s.account == account)
            .map_or((0, 0), |s| (s.taken, s.written_off))
    }

    /// The other customers' shares (an inviter's referral bonus).
    pub fn others(&self, account: AccountId) -> impl Iterator<Item = &Share> {
        self.shares.iter().filter(move |s| s.account != account)
    }
}

/// Takes back every bonus of purchase `purchase_id` not taken back yet. `why` (`undo` or
/// `refund`) starts each take-back's ledger key, `<why>:<purchase>:<entry>`, so a retry
/// replays. Runs inside the caller's transaction, which holds the purchase's row lock.
pub async fn take_back_all(
    conn: &mut PgConnection,
    purchase_id: i64,
    purchase_key: &str,
    why: &str,
    now: DateTime<Utc>,
) -> Result<Taken, LedgerError> {
    // Promo bonuses paid before purchases linked their bonuses are found by the purchase key.
    for entry in earning::promo::bonus_entries(conn, purchase_key).await? {
        purchase_bonuses::record(conn, purchase_id, entry, BonusKind::Promo).await?;
    }
    let mut taken = Taken::default();
    for entry in purchase_bonuses::untaken(conn, purchase_id).await? {
        let memo = serde_json::json!({ "purchase": purchase_id, "why": why });
        let key = format!("{why}:{purchase_id}:{}", entry.0);
        let done = ledger::take_back(conn, entry, key, memo).await?;
        let by = done.posted.map(|p| p.entry_id);
        purchase_bonuses::mark_taken(conn, entry, by, done.written_off(), now).await?;
        taken.add(&done.accounts);
    }
    Ok(taken)
}
