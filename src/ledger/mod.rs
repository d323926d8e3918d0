//! The points ledger: the only code that changes balances.
//!
//! Double-entry: every movement of points is a journal entry whose lines sum to zero. A
//! customer's points live in their `customer` account; the other side of each entry is a
//! `system` account that says where points came from or went (`issued:welcome`,
//! `earned:purchases`, `redeemed`, `expired`, ...). System accounts that issue points go
//! negative by design, so the sum of every balance is always zero and an owner's outstanding
//! liability is minus the sum of the issuing accounts.
//!
//! Balances: a customer account's balance row is locked, checked (never below zero) and updated
//! by the posting itself, so it is read in O(1). A system account is never locked: a posting
//! only appends its lines and queues them for the account's roll-up, which the job loop folds
//! into the account row ([`roll_up`]); its balance is the roll-up plus the queued lines (the
//! `account_balances` view). So purchases never queue behind one another on one hot row such
//! as `earned:purchases`.
//!
//! The verbs are few and take a `&mut PgConnection` that is usually inside the caller's
//! transaction, so a handler commits its own rows and the ledger write together:
//! - [`post`]: move points; idempotent by key (a replay returns the first result).
//! - [`reverse`]: undo an entry with a mirror entry, at most once; history is never edited.
//! - [`take_back`]: undo a bonus capped at each customer's balance (the rest is written off),
//!   also at most once.
//! - [`hold::hold`], [`hold::settle`], [`hold::void`]: two-phase spending that needs the
//!   customer's consent between reserving points and spending them.
//!
//! A refusal (insufficient points, a conflicting replay, an entry already reversed) writes
//! nothing and leaves the caller's transaction usable: [`post`] and [`reverse`] are one call of
//! the SQL function `ledger_post` that checks everything before its first write (no savepoint,
//! one round trip); the hold verbs run inside a savepoint.

mod accounts;
pub mod check;
pub mod hold;
pub mod lots;
mod post;
mod statement;
pub mod take_back;

pub use accounts::{
    Balance, SystemAccount, balance, open_customer_account, roll_up, system_account,
};
pub use check::{CheckReport, check};
pub use post::{Payer, Posted, Posting, Transfer, credit, post, reverse};
pub use statement::{StatementLine, statement};
pub use take_back::{TakenBack, take_back};

/// A ledger account's id.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, sqlx::Type)]
#[sqlx(transparent)]
pub struct AccountId(pub i64);

/// A journal entry's id (also shown to people as a receipt/operation number).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, sqlx::Type)]
#[sqlx(transparent)]
pub struct EntryId(pub i64);

/// What an entry is, stored as text so the books read well in SQL.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum EntryKind {
    Welcome,
    Referral,
    Purchase,
    Redemption,
    Reversal,
    Refund,
    Expiry,
    Import,
    Adjustment,
    /// A full stamp card's gift points.
    Stamp,
    /// A promo rule's bonus.
    Promo,
    /// Birthday gift, once a year (`birthday:<customer>:<year>`).
    Birthday,
    /// Bonus coupon claimed (`coupon:<coupon>:<customer>`).
    Coupon,
    /// Bonus for rating a visit (`feedback:<purchase>`).
    Feedback,
    /// Part of an entry taken back when the whole could not be: the customer had already
    /// spent the rest (see [`take_back`]).
    ClawBack,
}

impl EntryKind {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Welcome => "welcome",
            Self::Referral => "referral",
            Self::Purchase => "purchase",
            Self::Redemption => "redemption",
            Self::Reversal => "reversal",
            Self::Refund => "refund",
            Self::Expiry => "expiry",
            Self::Import => "import",
            Self::Adjustment => "adjustment",
            Self::Stamp => "stamp",
            Self::Promo => "promo",
            Self::Birthday => "birthday",
            Self::Coupon => "coupon",
            Self::Feedback => "feedback",
            Self::ClawBack => "clawback",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        [
            Self::Welcome,
            Self::Referral,
            Self::Purchase,
            Self::Redemption,
            Self::Reversal,
            Self::Refund,
            Self::Expiry,
            Self::Import,
            Self::Adjustment,
            Self::Stamp,
            Self::Promo,
            Self::Birthday,
            Self::Coupon,
            Self::Feedback,
            Self::ClawBack,
        ]
        .into_iter()
        .find(|k| k.as_str() == s)
    }
}

/// Why a ledger verb refused. Nothing was written when one of these is returned.
#[derive(Debug, thiserror::Error)]
pub enum LedgerError {
    #[error("account {0:?} has too few points")]
    InsufficientPoints(AccountId),
    #[error("account {0:?} does not exist")]
    UnknownAccount(AccountId),
    #[error("journal entry {0:?} does not exist")]
    UnknownEntry(EntryId),
    #[error("idempotency key {0:?} was already used for a different posting")]
    IdempotencyConflict(String),
    #[error("journal entry {0:?} was already reversed")]
    AlreadyReversed(EntryId),
    #[error("a reversal cannot itself be reversed (entry {0:?})")]
    ReversalOfReversal(EntryId),
    #[error("a posting needs at least one transfer between two different accounts")]
    Empty,
    #[error("database error in the ledger")]
    Db(#[from] sqlx::Error),
}
