//! Two-phase spending: [`hold`] reserves points (they stop being available but stay on the
//! account), then exactly one of [`settle`] (post them) or [`void`] (release them) closes the
//! hold. A hold past its deadline can only be voided. Each step is idempotent: settling a
//! settled hold returns its entry; voiding a voided one is a no-op.

use chrono::{DateTime, Utc};
use sqlx::{Acquire, PgConnection};

use super::{AccountId, EntryId, EntryKind, LedgerError, Posting, Transfer, post};
use crate::domain::Points;

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, sqlx::Type)]
#[sqlx(transparent)]
pub struct HoldId(pub i64);

/// How a hold ended, or that it is still open.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum HoldStatus {
    Pending,
    Posted(EntryId),
    Voided,
}

#[derive(Debug, thiserror::Error)]
pub enum HoldError {
    #[error("hold {0:?} does not exist")]
    Unknown(HoldId),
    #[error("hold {0:?} was already voided")]
    AlreadyVoided(HoldId),
    #[error("hold {0:?} was already posted")]
    AlreadyPosted(HoldId),
    #[error("hold {0:?} expired before it was settled")]
    Expired(HoldId),
    #[error(transparent)]
    Ledger(#[from] LedgerError),
}

impl From<sqlx::Error> for HoldError {
    fn from(e: sqlx::Error) -> Self {
        Self::Ledger(LedgerError::Db(e))
    }
}

/// Reserves `points` on `account` to be moved to `to` later. Idempotent by `key`.
pub async fn hold(
    conn: &mut PgConnection,
    key: &str,
    account: AccountId,
    to: AccountId,
    points: Points,
    expires_at: DateTime<Utc>,
) -> Result<HoldId, LedgerError> {
    let mut sp = conn.begin().await?;
    let existing: Option<(HoldId, AccountId, i64)> =
        sqlx::query_as("SELECT id, account_id, points FROM holds WHERE idempotency_key = $1")
            .bind(key)
            .fetch_optional(&mut *sp)
            .await?;
    if let Some((id, acc, n)) = existing {
        sp.commit().await?;
        return if acc == account && n == points.get() {
            Ok(id)
        } else {
            Err(LedgerError::IdempotencyConflict(key.to_owned()))
        };
    }
    let reserved: Option<AccountId> = sqlx::query_scalar(
        "UPDATE accounts SET pending = pending + $2
         WHERE id = $1 AND balance - pending - $2 >= 0 RETURNING id",
    )
    .bind(account)
    .bind(points.get())
    .fetch_optional(&mut *sp)
    .await?;
    if reserved.is_none() {
        return Err(LedgerError::InsufficientPoints(account));
    }
    let id: Option<HoldId> = sqlx::query_scalar(
        "INSERT INTO holds (idempotency_key, account_id, to_account_id, points, expires_at)
         VALUES ($1, $2, $3, $4, $5) ON CONFLICT (idempotency_key) DO NOTHING RETURNING id",
    )
    .bind(key)
    .bind(account)
    .bind(to)
    .bind(points.get())
    .bind(expires_at)
    .fetch_optional(&mut *sp)
    .await?;
    match id {
        Some(id) => {
            sp.commit().await?;
            Ok(id)
        }
        // A concurrent twin inserted the same key first: undo our reservation and replay.
        None => {
            drop(sp);
            Box::pin(hold(conn, key, account, to, points, expires_at)).await
        }
    }
}

type HoldRow = (
    AccountId,
    AccountId,
    i64,
    String,
    DateTime<Utc>,
    Option<EntryId>,
);

/// Locks the hold row: concurrent settle/void of one hold serialise here.
async fn lock(conn: &mut PgConnection, id: HoldId) -> Result<HoldRow, HoldError> {
    sqlx::query_as(
        "SELECT account_id, to_account_id, points, status, expires_at, entry_id
         FROM holds WHERE id = $1 FOR UPDATE",
    )
    .bind(id)
    .fetch_optional(conn)
    .await?
    .ok_or(HoldError::Unknown(id))
}

/// Posts a pending hold (the customer confirmed). Settling twice returns the same entry.
pub async fn settle(
    conn: &mut PgConnection,
    id: HoldId,
    now: DateTime<Utc>,
    memo: serde_json::Value,
) -> Result<EntryId, HoldError> {
    let mut sp = conn.begin().await?;
    let (account, to, points, status, expires_at, entry) = lock(&mut sp, id).await?;
    match status.as_str() {
        "posted" => return entry.ok_or(HoldError::Unknown(id)),
        "voided" => return Err(HoldError::AlreadyVoided(id)),
        _ if now >= expires_at => return Err(HoldError::Expired(id)),
        _ => {}
    }
    release(&mut sp, account, points).await?;
    let points = Points::new(points).map_err(|_| HoldError::Unknown(id))?;
    let posting = Posting::new(
        format!("hold:{}:settle", id.0),
        EntryKind::Redemption,
        vec![Transfer {
            from: account,
            to,
            points,
        }],
    )
    .with_memo(memo);
    let posted = post(&mut sp, &posting).await?;
    sqlx::query(
        "UPDATE holds SET status = 'posted', entry_id = $2, closed_at = now() WHERE id = $1",
    )
    .bind(id)
    .bind(posted.entry_id)
    .execute(&mut *sp)
    .await?;
    sp.commit().await?;
    Ok(posted.entry_id)
}

/// Releases a pending hold (declined or timed out). Voiding a voided hold is a no-op.
pub async fn void(conn: &mut PgConnection, id: HoldId) -> Result<(), HoldError> {
    let mut sp = conn.begin().await?;
    let (account, _, points, status, _, _) = lock(&mut sp, id).await?;
    match status.as_str() {
        "voided" => return Ok(()),
        "posted" => return Err(HoldError::AlreadyPosted(id)),
        _ => {}
    }
    release(&mut sp, account, points).await?;
    sqlx::query("UPDATE holds SET status = 'voided', closed_at = now() WHERE id = $1")
        .bind(id)
        .execute(&mut *sp)
        .await?;
    sp.commit().await?;
    Ok(())
}

pub async fn status(conn: &mut PgConnection, id: HoldId) -> Result<HoldStatus, HoldError> {
    let row: Option<(String, Option<EntryId>)> =
        sqlx::query_as("SELECT status, entry_id FROM holds WHERE id = $1")
            .bind(id)
            .fetch_optional(conn)
            .await?;
    match row {
        None => Err(HoldError::Unknown(id)),
        Some((s, Some(e))) if s == "posted" => Ok(HoldStatus::Posted(e)),
        Some((s, _)) if s == "voided" => Ok(HoldStatus::Voided),
        Some(_) => Ok(HoldStatus::Pending),
    }
}

/// Voids every pending hold whose deadline has passed; returns the ids voided. Safe to run
/// from several processes at once (rows are claimed with SKIP LOCKED).
pub async fn void_expired(
    conn: &mut PgConnection,
    now: DateTime<Utc>,
) -> Result<Vec<HoldId>, HoldError> {
    let mut tx = conn.begin().await?;
    let ids: Vec<HoldId> = sqlx::query_scalar(
        "SELECT id FROM holds WHERE status = 'pending' AND expires_at <= $1
         ORDER BY id LIMIT 500 FOR UPDATE SKIP LOCKED",
    )
    .bind(now)
    .fetch_all(&mut *tx)
    .await?;
    for &id in &ids {
        void(&mut tx, id).await?;
    }
    tx.commit().await?;
    Ok(ids)
}

async fn release(
    conn: &mut PgConnection,
    account: AccountId,
    points: i64,
) -> Result<(), HoldError> {
    sqlx::query("UPDATE accounts SET pending = pending - $2 WHERE id = $1")
        .bind(account)
        .bind(points)
        .execute(conn)
        .await?;
    Ok(())
}
