//! Claiming an opening balance imported by phone number: when a customer shares their own
//! contact, the waiting balance for that number posts to their account under the key
//! `import:phone:<digits>`. The row is locked while it is claimed, so two taps (or two bot
//! processes) credit it once; the number itself is not stored anywhere.

use sqlx::PgPool;

use super::import::normalize_phone;
use crate::{
    domain::Points,
    ledger::{self, AccountId, EntryKind, LedgerError, SystemAccount},
};

/// What sharing a phone did.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Claim {
    /// Points credited now.
    Credited(i64),
    /// This customer already got that balance.
    AlreadyYours,
    /// Another customer claimed it (a shared or reassigned phone number).
    Taken,
    /// Nothing was imported for this number.
    Nothing,
}

/// Claims the balance waiting for `phone` (as Telegram sends it) for the customer with
/// `customer_id` and `account`.
pub async fn claim(
    pool: &PgPool,
    customer_id: i64,
    account: AccountId,
    phone: &str,
) -> Result<Claim, LedgerError> {
    let Some(phone) = normalize_phone(phone) else {
        return Ok(Claim::Nothing);
    };
    let mut tx = pool.begin().await?;
    let row: Option<(i64, Option<i64>)> = sqlx::query_as(
        "SELECT points, customer_id FROM import_phone_balances WHERE phone = $1 FOR UPDATE",
    )
    .bind(&phone)
    .fetch_optional(&mut *tx)
    .await?;
    let points = match row {
        None => return Ok(Claim::Nothing),
        Some((_, Some(owner))) if owner == customer_id => return Ok(Claim::AlreadyYours),
        Some((_, Some(_))) => return Ok(Claim::Taken),
        Some((points, None)) => points,
    };
    let posted = ledger::credit(
        &mut tx,
        SystemAccount::Imported,
        account,
        Points::new(points).map_err(|_| LedgerError::Empty)?,
        EntryKind::Import,
        format!("import:phone:{phone}"),
        serde_json::json!({}),
    )
    .await?;
    sqlx::query(
        "UPDATE import_phone_balances SET customer_id = $2, entry_id = $3, claimed_at = now()
         WHERE phone = $1",
    )
    .bind(&phone)
    .bind(customer_id)
    .bind(posted.entry_id)
    .execute(&mut *tx)
    .await?;
    tx.commit().await?;
    Ok(Claim::Credited(points))
}
