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

/// O(1): reads the maintained balance row, never sums history.
pub async fn balance(conn: &mut PgConnection, account: AccountId) -> Result<Balance, LedgerError> {
    let row: Option<(i64, i64)> =
        sqlx::query_as("SELECT balance, pending FROM accounts WHERE id = $1")
            .bind(account)
            .fetch_optional(conn)
            .await?;
    let (posted, pending) = row.ok_or(LedgerError::UnknownAccount(account))?;
    Ok(Balance { posted, pending })
}
