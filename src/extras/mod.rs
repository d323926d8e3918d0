//! Extras around the card: a birthday gift once a year ([`birthday`]), owner's coupons from
//! flyers ([`coupons`]) and the customer's rating of a visit ([`feedback`]). Each pays points
//! only through [`crate::ledger::post`] with a key that names what is paid for, so a retry, a
//! double tap or two bot processes never pay twice. The free text the bot waits for (a birthday,
//! a comment) is the chat's state (`telegram::dialogue`). The Telegram side lives in
//! `telegram::extras`.

pub mod birthday;
mod coupon_spec;
pub mod coupons;
pub mod feedback;

/// Why an extra could not be paid or recorded (beyond the user-facing refusals of each module).
#[derive(Debug, thiserror::Error)]
pub enum ExtrasError {
    #[error("database error")]
    Db(#[from] sqlx::Error),
    #[error("ledger error")]
    Ledger(#[from] crate::ledger::LedgerError),
}
