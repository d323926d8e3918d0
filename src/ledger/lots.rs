//! Expiry lots, kept in step with every posting: a credit to a customer opens a lot (expiring
//! after the programme's `expiry_months`, or never), a debit consumes the lots that expire
//! first (FIFO). The posting itself does that, inside `ledger_post` (migration
//! `20261203003001`), under the account's row lock. [`expire_due`] posts what is left of
//! expired lots to the `expired` account.

use chrono::{DateTime, Utc};
use sqlx::{Acquire, PgConnection};

use super::{AccountId, EntryKind, LedgerError, Posting, SystemAccount, Transfer};
use crate::domain::Points;

/// A customer account whose points expired now.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Expired {
    pub account: AccountId,
    pub points: i64,
}

/// Posts the unspent remainder of every lot past its date to the `expired` account, at most
/// what the customer can spend (points held by a pending redemption wait for its outcome).
/// Claims lots with `SKIP LOCKED`, so several bot processes can run it; the idempotency key of
/// each posting names the lot and its remainder, so a re-run never expires twice.
pub async fn expire_due(
    conn: &mut PgConnection,
    now: DateTime<Utc>,
) -> Result<Vec<Expired>, LedgerError> {
    let mut tx = conn.begin().await?;
    let due: Vec<(i64, AccountId, i64)> = sqlx::query_as(
        "SELECT id, account_id, remaining FROM point_lots
         WHERE remaining > 0 AND expires_at <= $1
         ORDER BY account_id, id LIMIT 500 FOR UPDATE SKIP LOCKED",
    )
    .bind(now)
    .fetch_all(&mut *tx)
    .await?;
    let expired_account = super::system_account(&mut tx, SystemAccount::Expired).await?;
    let mut out: Vec<Expired> = Vec::new();
    for (lot, account, remaining) in due {
        let available = super::balance(&mut tx, account).await?.available();
        let Ok(points) = Points::new(remaining.min(available)) else {
            continue;
        };
        let posting = Posting::new(
            format!("expiry:{lot}:{remaining}"),
            EntryKind::Expiry,
            vec![Transfer {
                from: account,
                to: expired_account,
                points,
            }],
        )
        .with_memo(serde_json::json!({ "lot": lot }));
        super::post(&mut tx, &posting).await?;
        match out.last_mut() {
            Some(e) if e.account == account => e.points += points.get(),
            _ => out.push(Expired {
                account,
                points: points.get(),
            }),
        }
    }
    tx.commit().await?;
    Ok(out)
}

/// Points of `account`'s lots that expire before `until`, not yet announced; marks them
/// announced. Returns (account, points, earliest expiry) per account.
pub async fn claim_warnings(
    conn: &mut PgConnection,
    now: DateTime<Utc>,
    until: DateTime<Utc>,
) -> Result<Vec<(AccountId, i64, DateTime<Utc>)>, LedgerError> {
    Ok(sqlx::query_as(
        "WITH due AS (
             SELECT id FROM point_lots
             WHERE remaining > 0 AND warned_at IS NULL AND expires_at > $1 AND expires_at <= $2
             FOR UPDATE SKIP LOCKED
         ), marked AS (
             UPDATE point_lots p SET warned_at = $1 FROM due WHERE p.id = due.id
             RETURNING p.account_id, p.remaining, p.expires_at
         )
         SELECT account_id, SUM(remaining)::BIGINT, MIN(expires_at) FROM marked GROUP BY account_id",
    )
    .bind(now)
    .bind(until)
    .fetch_all(conn)
    .await?)
}
