use std::collections::BTreeMap;

use sha2::{Digest, Sha256};
use sqlx::PgConnection;

use super::{AccountId, EntryId, EntryKind, LedgerError, SystemAccount};
use crate::domain::Points;

/// Points moving from one account to another.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Transfer {
    pub from: AccountId,
    pub to: AccountId,
    pub points: Points,
}

/// A request to write one journal entry.
#[derive(Clone, Debug)]
pub struct Posting {
    /// Derived from the outside event that caused it (e.g. `welcome:<customer>`,
    /// `purchase:<update id>`), so a retry finds the first result instead of paying twice.
    pub key: String,
    pub kind: EntryKind,
    pub transfers: Vec<Transfer>,
    /// Free-form context for people reading the books; not part of the idempotency check.
    pub memo: serde_json::Value,
}

/// The result of a posting: its entry, and whether it was written now or found from before.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Posted {
    pub entry_id: EntryId,
    pub replayed: bool,
}

impl Posting {
    pub fn new(key: impl Into<String>, kind: EntryKind, transfers: Vec<Transfer>) -> Self {
        Self {
            key: key.into(),
            kind,
            transfers,
            memo: serde_json::json!({}),
        }
    }

    pub fn with_memo(mut self, memo: serde_json::Value) -> Self {
        self.memo = memo;
        self
    }

    /// Net change per account, in account-id order (which is also our lock order).
    fn deltas(&self) -> BTreeMap<AccountId, i64> {
        let mut deltas = BTreeMap::new();
        for t in &self.transfers {
            *deltas.entry(t.from).or_insert(0) -= t.points.get();
            *deltas.entry(t.to).or_insert(0) += t.points.get();
        }
        deltas.retain(|_, d| *d != 0);
        deltas
    }

    fn request_hash(&self, reverses: Option<EntryId>) -> String {
        let mut h = Sha256::new();
        h.update(self.kind.as_str());
        h.update(format!("|{:?}|", reverses.map(|e| e.0)));
        for (account, delta) in self.deltas() {
            h.update(format!("{}:{};", account.0, delta));
        }
        format!("{:x}", h.finalize())
    }
}

/// Writes `posting` once. A second call with the same key and content returns the first
/// entry with `replayed: true` and writes nothing; the same key with other content is
/// [`LedgerError::IdempotencyConflict`]. Never lets a customer account go below zero.
pub async fn post(conn: &mut PgConnection, posting: &Posting) -> Result<Posted, LedgerError> {
    post_entry(conn, posting, None).await
}

/// Undoes `entry` with a mirror entry (kind `reversal`). An entry is reversed at most once: a
/// second reversal under another key is [`LedgerError::AlreadyReversed`]; the same key replays.
pub async fn reverse(
    conn: &mut PgConnection,
    entry: EntryId,
    key: impl Into<String>,
    memo: serde_json::Value,
) -> Result<Posted, LedgerError> {
    let kind: Option<String> = sqlx::query_scalar("SELECT kind FROM journal_entries WHERE id = $1")
        .bind(entry)
        .fetch_optional(&mut *conn)
        .await?;
    match kind.as_deref() {
        None => return Err(LedgerError::UnknownEntry(entry)),
        Some(k) if k == EntryKind::Reversal.as_str() => {
            return Err(LedgerError::ReversalOfReversal(entry));
        }
        Some(_) => {}
    }
    let lines: Vec<(AccountId, i64)> =
        sqlx::query_as("SELECT account_id, amount FROM journal_lines WHERE entry_id = $1")
            .bind(entry)
            .fetch_all(&mut *conn)
            .await?;
    // Each line becomes a transfer against a balancing counterpart; with a mirror of every
    // line the entry nets to exactly minus the original.
    let (credits, debits): (Vec<_>, Vec<_>) = lines.into_iter().partition(|(_, a)| *a > 0);
    let transfers = mirror_transfers(&credits, &debits)?;
    let posting = Posting::new(key, EntryKind::Reversal, transfers).with_memo(memo);
    post_entry(conn, &posting, Some(entry)).await
}

/// Pairs up the original's positive and negative lines greedily into transfers that move the
/// points back; the net per account is exactly the negation of the original lines.
pub(super) fn mirror_transfers(
    credits: &[(AccountId, i64)],
    debits: &[(AccountId, i64)],
) -> Result<Vec<Transfer>, LedgerError> {
    let mut credits: Vec<(AccountId, i64)> = credits.to_vec();
    let mut debits: Vec<(AccountId, i64)> = debits.iter().map(|(a, d)| (*a, -d)).collect();
    let mut transfers = Vec::new();
    let (mut i, mut j) = (0, 0);
    while i < credits.len() && j < debits.len() {
        let n = credits[i].1.min(debits[j].1);
        transfers.push(Transfer {
            from: credits[i].0,
            to: debits[j].0,
            points: Points::new(n).map_err(|_| LedgerError::Empty)?,
        });
        credits[i].1 -= n;
        debits[j].1 -= n;
        if credits[i].1 == 0 {
            i += 1;
        }
        if debits[j].1 == 0 {
            j += 1;
        }
    }
    Ok(transfers)
}

/// One round trip: `ledger_post` (migration `20261203003001`) checks, writes the entry, the
/// balances, the expiry lots and the lines, or refuses having written nothing. So no savepoint
/// is needed: a refusal leaves the caller's transaction as it was.
pub(super) async fn post_entry(
    conn: &mut PgConnection,
    posting: &Posting,
    reverses: Option<EntryId>,
) -> Result<Posted, LedgerError> {
    let deltas = posting.deltas();
    if deltas.is_empty() {
        return Err(LedgerError::Empty);
    }
    let hash = posting.request_hash(reverses);
    let (accounts, amounts): (Vec<i64>, Vec<i64>) = deltas.iter().map(|(a, d)| (a.0, *d)).unzip();
    let (outcome, entry, account): (String, Option<EntryId>, Option<AccountId>) = sqlx::query_as(
        "SELECT outcome, entry, account FROM ledger_post($1, $2, $3, $4, $5, $6, $7)",
    )
    .bind(&posting.key)
    .bind(&hash)
    .bind(posting.kind.as_str())
    .bind(reverses)
    .bind(&posting.memo)
    .bind(&accounts)
    .bind(&amounts)
    .fetch_one(&mut *conn)
    .await?;
    let account = account.unwrap_or(AccountId(0));
    match (outcome.as_str(), entry) {
        ("posted", Some(entry_id)) => Ok(Posted {
            entry_id,
            replayed: false,
        }),
        ("replayed", Some(entry_id)) => Ok(Posted {
            entry_id,
            replayed: true,
        }),
        ("conflict", _) => Err(LedgerError::IdempotencyConflict(posting.key.clone())),
        ("reversed", _) => Err(LedgerError::AlreadyReversed(reverses.unwrap_or(EntryId(0)))),
        ("insufficient", _) => Err(LedgerError::InsufficientPoints(account)),
        ("unknown", _) => Err(LedgerError::UnknownAccount(account)),
        _ => Err(LedgerError::Db(sqlx::Error::Protocol(format!(
            "ledger_post answered {outcome:?}"
        )))),
    }
}

/// Who pays a [`credit`]: a system account by name, or by the id the caller already read (the
/// till reads the purchases account together with its other lookups).
#[derive(Clone, Copy, Debug)]
pub enum Payer {
    System(SystemAccount),
    Account(AccountId),
}

impl From<SystemAccount> for Payer {
    fn from(account: SystemAccount) -> Self {
        Payer::System(account)
    }
}

impl From<AccountId> for Payer {
    fn from(account: AccountId) -> Self {
        Payer::Account(account)
    }
}

/// Pays `points` into `to` from a system account under `key`, once: every welcome bonus, gift,
/// coupon, promo bonus, stamp gift, import and earning is one credit. A retry with the same key
/// returns the first entry (`replayed`); the same key for another amount is refused.
pub async fn credit(
    conn: &mut PgConnection,
    from: impl Into<Payer>,
    to: AccountId,
    points: Points,
    kind: EntryKind,
    key: impl Into<String>,
    memo: serde_json::Value,
) -> Result<Posted, LedgerError> {
    let from = match from.into() {
        Payer::System(account) => super::system_account(conn, account).await?,
        Payer::Account(id) => id,
    };
    let transfer = Transfer { from, to, points };
    post(
        conn,
        &Posting::new(key, kind, vec![transfer]).with_memo(memo),
    )
    .await
}
