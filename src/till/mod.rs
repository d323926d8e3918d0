//! The till: what staff do with a customer's card. Each use case is one function that runs one
//! database transaction composing storage rows with ledger postings, so a purchase, its points
//! and its receipt commit together or not at all. Telegram handlers call these and only talk.

pub mod bonuses;
mod context;
pub mod guards;
pub mod lookup;
pub mod purchase;
mod receipt;
pub mod redeem;
pub mod refund;
pub mod report;
pub mod undo;

use sqlx::PgConnection;

use crate::{
    ledger::{self, AccountId, LedgerError},
    storage::staff,
};

/// Someone allowed to work the till: an owner (from `OWNER_IDS`) or an active cashier.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Staff {
    pub tg_user_id: i64,
    pub name: String,
    pub store: String,
    pub is_owner: bool,
}

/// Looks up whether `tg_user_id` is staff right now (a revoked cashier is not).
pub async fn staff_member(
    conn: &mut PgConnection,
    tg_user_id: i64,
    first_name: &str,
    owner_ids: &[i64],
) -> Result<Option<Staff>, sqlx::Error> {
    if owner_ids.contains(&tg_user_id) {
        return Ok(Some(Staff {
            tg_user_id,
            name: first_name.to_owned(),
            store: String::new(),
            is_owner: true,
        }));
    }
    Ok(staff::active_cashier(conn, tg_user_id)
        .await?
        .map(|c| Staff {
            tg_user_id,
            name: c.first_name,
            store: c.store,
            is_owner: false,
        }))
}

/// What the customer can spend right now.
async fn available(conn: &mut PgConnection, account: AccountId) -> Result<i64, TillError> {
    Ok(ledger::balance(conn, account).await?.available())
}

/// A ledger refusal as the till reports it: "too few points" carries what is available.
async fn refusal(conn: &mut PgConnection, account: AccountId, e: LedgerError) -> TillError {
    match e {
        LedgerError::InsufficientPoints(_) => match available(conn, account).await {
            Ok(available) => TillError::InsufficientPoints { available },
            Err(e) => e,
        },
        e => e.into(),
    }
}

#[derive(Debug, thiserror::Error)]
pub enum TillError {
    #[error("no such receipt or request")]
    NotFound,
    #[error("the customer has only {available} points available")]
    InsufficientPoints { available: i64 },
    #[error("at most {max} points may pay for this purchase")]
    OverCap { max: i64 },
    #[error("already undone or refunded")]
    AlreadyReversed,
    #[error("the time to undo has passed")]
    UndoWindowPassed,
    #[error("only the staff member who posted it may undo it")]
    NotYours,
    #[error("the refund is larger than the purchase")]
    RefundTooLarge,
    #[error("the request was already answered or has expired")]
    Closed,
    #[error("this programme has no points (a discount card only)")]
    NoPoints,
    #[error("staff cannot post on their own card")]
    OwnCard,
    #[error("{points} points spent are more than the share of this purchase points may pay")]
    RedemptionOverCap {
        points: i64,
        /// The smallest purchase those points may pay for (`None`: points pay for nothing).
        min_amount: Option<crate::domain::Money>,
    },
    #[error("cashiers refund receipts of their own store only")]
    OtherStore,
    #[error("the receipt is older than the refund window of {days} days")]
    RefundWindowPassed { days: i32 },
    #[error("ledger error")]
    Ledger(#[from] LedgerError),
    #[error("database error")]
    Db(#[from] sqlx::Error),
}

impl From<crate::ledger::hold::HoldError> for TillError {
    fn from(e: crate::ledger::hold::HoldError) -> Self {
        use crate::ledger::hold::HoldError as H;
        match e {
            H::Unknown(_) => Self::NotFound,
            H::AlreadyVoided(_) | H::AlreadyPosted(_) | H::Expired(_) => Self::Closed,
            H::Ledger(l) => Self::Ledger(l),
        }
    }
}
