//! Taking a bonus back when the purchase that caused it is undone or refunded, capped at what
//! each customer still has: the ledger never creates debt. What the customer already spent is
//! not taken (it is written off and reported to the caller, who records it).
//!
//! When everything can be taken, the result is an ordinary [`super::reverse`] (an exact
//! mirror). When only part can, it is a `clawback` entry that also points at the original
//! through `reverses` (so an entry is taken back at most once, by either kind) and moves each
//! customer's part back to the account it came from; `ledger check` proves a claw-back never
//! takes more from an account than the original gave it.

use sqlx::PgConnection;

use super::{
    AccountId, EntryId, EntryKind, LedgerError, Posted, Posting,
    post::{mirror_transfers, post_entry, reverse},
};

/// What [`take_back`] did.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TakenBack {
    /// The reversal or claw-back entry; `None` when there was nothing left to take.
    pub posted: Option<Posted>,
    /// Per customer account: what was taken from it and what was written off.
    pub accounts: Vec<Share>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Share {
    pub account: AccountId,
    pub taken: i64,
    pub written_off: i64,
}

impl TakenBack {
    pub fn taken(&self) -> i64 {
        self.accounts.iter().map(|s| s.taken).sum()
    }
    pub fn written_off(&self) -> i64 {
        self.accounts.iter().map(|s| s.written_off).sum()
    }
}

/// Takes back what `entry` gave customer accounts, each capped at its spendable balance
/// (customer rows are locked first, in id order). Replays under the same `key`.
pub async fn take_back(
    conn: &mut PgConnection,
    entry: EntryId,
    key: impl Into<String>,
    memo: serde_json::Value,
) -> Result<TakenBack, LedgerError> {
    let key = key.into();
    // (account, amount in the entry, a customer account?, spendable now)
    // Only customer rows are locked: a lock on a system account would make every posting
    // through it wait for this transaction (see `ledger_post`, migration 20261203003002).
    let lines: Vec<(AccountId, i64, bool, i64)> = sqlx::query_as(
        "WITH locked AS (
             SELECT a.id, a.balance - a.pending AS spendable FROM accounts a
             WHERE a.kind = 'customer'
               AND a.id IN (SELECT account_id FROM journal_lines WHERE entry_id = $1)
             ORDER BY a.id FOR UPDATE)
         SELECT l.account_id, l.amount, k.id IS NOT NULL, COALESCE(k.spendable, 0)
         FROM journal_lines l LEFT JOIN locked k ON k.id = l.account_id
         WHERE l.entry_id = $1 ORDER BY l.account_id",
    )
    .bind(entry)
    .fetch_all(&mut *conn)
    .await?;
    if lines.is_empty() {
        return Err(LedgerError::UnknownEntry(entry));
    }
    let mut accounts = Vec::new();
    let mut credits = Vec::new();
    let mut debits = Vec::new();
    for (account, amount, customer, spendable) in lines {
        if amount < 0 {
            debits.push((account, amount));
            continue;
        }
        let taken = if customer {
            amount.min(spendable.max(0))
        } else {
            amount
        };
        if customer {
            accounts.push(Share {
                account,
                taken,
                written_off: amount - taken,
            });
        }
        if taken > 0 {
            credits.push((account, taken));
        }
    }
    let capped = accounts.iter().any(|s| s.written_off > 0);
    if !capped {
        let posted = reverse(conn, entry, key, memo).await?;
        return Ok(TakenBack {
            posted: Some(posted),
            accounts,
        });
    }
    if credits.is_empty() {
        return Ok(TakenBack {
            posted: None,
            accounts,
        });
    }
    // The debit side shrinks to what is taken: pair the capped credits with the sources.
    let transfers = mirror_transfers(&credits, &debits)?;
    let posting = Posting::new(key, EntryKind::ClawBack, transfers).with_memo(memo);
    let posted = post_entry(conn, &posting, Some(entry)).await?;
    Ok(TakenBack {
        posted: Some(posted),
        accounts,
    })
}
