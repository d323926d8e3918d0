use sqlx::PgConnection;

use super::{AccountId, LedgerError};

/// The fixed system accounts, created by migrations (the first one, and later ones for new
/// sources of points).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SystemAccount {
    WelcomeBonus,
    ReferralBonus,
    Purchases,
    Redeemed,
    Expired,
    Adjustments,
    /// Stamp-card gifts.
    Stamps,
    /// Promo rule bonuses.
    Promo,
    /// Opening balances imported from a shop's previous loyalty system (`/import`).
    Imported,
    /// Birthday gifts, coupons and feedback bonuses (created by the extras migration).
    BirthdayBonus,
    CouponBonus,
    FeedbackBonus,
}

impl SystemAccount {
    pub fn code(self) -> &'static str {
        match self {
            Self::WelcomeBonus => "issued:welcome",
            Self::ReferralBonus => "issued:referral",
            Self::Purchases => "earned:purchases",
            Self::Redeemed => "redeemed",
            Self::Expired => "expired",
            Self::Adjustments => "adjustments",
            Self::Stamps => "issued:stamps",
            Self::Promo => "issued:promo",
            Self::Imported => "issued:import",
            Self::BirthdayBonus => "issued:birthday",
            Self::CouponBonus => "issued:coupons",
            Self::FeedbackBonus => "issued:feedback",
        }
    }
}

/// A balance as stored: `posted` points, of which `pending` are held by open redemptions.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Balance {
    pub posted: i64,
    pub pending: i64,
}

impl Balance {
    /// What the customer can spend right now.
    pub fn available(&self) -> i64 {
        self.posted - self.pending
    }
}

pub async fn system_account(
    conn: &mut PgConnection,
    account: SystemAccount,
) -> Result<AccountId, LedgerError> {
    Ok(
        sqlx::query_scalar("SELECT id FROM accounts WHERE code = $1")
            .bind(account.code())
            .fetch_one(conn)
            .await?,
    )
}

/// Opens an empty, never-negative account for a new customer.
pub async fn open_customer_account(conn: &mut PgConnection) -> Result<AccountId, LedgerError> {
    Ok(sqlx::query_scalar(
        "INSERT INTO accounts (kind, allow_negative) VALUES ('customer', FALSE) RETURNING id",
    )
    .fetch_one(conn)
    .await?)
}

/// A customer's balance is O(1): its maintained row. A system account's is its roll-up plus
/// the lines still queued for it (see [`roll_up`]), read through the `account_balances` view.
pub async fn balance(conn: &mut PgConnection, account: AccountId) -> Result<Balance, LedgerError> {
    let row: Option<(i64, i64)> =
        sqlx::query_as("SELECT balance, pending FROM account_balances WHERE id = $1")
            .bind(account)
            .fetch_optional(conn)
            .await?;
    let (posted, pending) = row.ok_or(LedgerError::UnknownAccount(account))?;
    Ok(Balance { posted, pending })
}

/// Folds the lines queued for system accounts into their roll-ups (`accounts.balance`);
/// returns how many lines it folded. Postings never lock a system account's row, so no
/// purchase waits for another on `earned:purchases`; this job keeps the queue short. Safe to
/// run from several processes at once, and any number of times: a balance read never depends
/// on when it last ran.
pub async fn roll_up(conn: &mut PgConnection) -> Result<i64, LedgerError> {
    Ok(sqlx::query_scalar("SELECT ledger_roll_up()")
        .fetch_one(conn)
        .await?)
}
