//! What owners learn from the books, and how data moves in and out in bulk.
//!
//! - [`stats`]: the `/stats` numbers for a [`Period`], computed in SQL into a typed [`Stats`].
//! - [`chart`]: members and points over time as a PNG drawn in-process with the `image` crate.
//! - [`csv`]: an RFC 4180 writer and reader (the files are small-schema and ours, no crate).
//! - [`export`]: customers and ledger lines streamed from Postgres into a CSV file row by row.
//! - [`import`], [`phone`]: opening balances from a CSV, checked row by row and posted through the ledger
//!   under one key per card or phone, so a file imported twice changes nothing; previewed first
//!   and posted on the owner's Confirm ([`import_draft`]).
//!
//! Periods end "now" and are half-open, `[from, to)`; all times are UTC.

pub mod chart;
pub mod csv;
pub mod export;
pub mod import;
pub mod import_draft;
pub mod phone;
pub mod stats;

use chrono::{DateTime, Duration, Utc};

pub use stats::Stats;

/// How far back `/stats` and `/export ledger` look (30 days unless the owner says).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum Period {
    Days7,
    #[default]
    Days30,
    Days90,
    Days365,
    All,
}

impl Period {
    pub const ALL: [Period; 5] = [
        Self::Days7,
        Self::Days30,
        Self::Days90,
        Self::Days365,
        Self::All,
    ];

    /// `7d`, `30d`, `90d`, `365d` or `all` (what owners type and what buttons carry).
    pub fn code(self) -> &'static str {
        match self {
            Self::Days7 => "7d",
            Self::Days30 => "30d",
            Self::Days90 => "90d",
            Self::Days365 => "365d",
            Self::All => "all",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        let s = s.trim().to_ascii_lowercase();
        Self::ALL.into_iter().find(|p| p.code() == s)
    }

    /// The period's length; `None` for all time.
    pub fn days(self) -> Option<i64> {
        match self {
            Self::Days7 => Some(7),
            Self::Days30 => Some(30),
            Self::Days90 => Some(90),
            Self::Days365 => Some(365),
            Self::All => None,
        }
    }

    /// `[from, to)` for a period ending at `now`. All time starts at the Unix epoch, before
    /// anything this bot could have recorded.
    pub fn range(self, now: DateTime<Utc>) -> (DateTime<Utc>, DateTime<Utc>) {
        match self.days() {
            Some(d) => (now - Duration::days(d), now),
            None => (DateTime::UNIX_EPOCH, now),
        }
    }

    /// The period of the same length just before this one (for retention); none for all time.
    pub fn previous(self, now: DateTime<Utc>) -> Option<(DateTime<Utc>, DateTime<Utc>)> {
        let d = Duration::days(self.days()?);
        Some((now - d - d, now - d))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn periods_parse_their_codes() {
        for p in Period::ALL {
            assert_eq!(Period::parse(p.code()), Some(p));
        }
        assert_eq!(Period::parse(" 7D "), Some(Period::Days7));
        assert_eq!(Period::parse("8d"), None);
        let now = Utc::now();
        assert_eq!(Period::Days7.range(now).0, now - Duration::days(7));
        assert_eq!(
            Period::Days7.previous(now),
            Some((now - Duration::days(14), now - Duration::days(7)))
        );
        assert_eq!(Period::All.previous(now), None);
    }
}
