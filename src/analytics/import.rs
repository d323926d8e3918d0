//! `/import`: opening balances for shops moving from another system, from a CSV of
//! `card,points` or `phone,points` rows (a header row may name the columns; the customers
//! export's `card` and `balance` columns are recognized, other columns are ignored).
//!
//! Every row is checked on its own and a bad row is reported, never fatal. Good rows post
//! through the ledger from `issued:import` under the key `import:card:<number>`: the same file
//! imported twice replays every posting and changes nothing, and a card that was imported with
//! another amount is refused (the key is taken). Phone rows wait in `import_phone_balances`
//! until the customer shares that phone with the bot (see [`super::phone`]).
//!
//! An opening balance is for a card that has not been used here yet: a card with any activity
//! besides its welcome bonus (purchases, redemptions, bonuses) is refused row by row. A file
//! that is one of our own exports is refused whole: sending `/export customers` back would pay
//! every balance again. The chat shows a dry run first ([`import`] with `dry_run`, rolled
//! back) and posts only after the owner confirms (see [`super::import_draft`]).

use std::collections::HashMap;

use super::csv::{self, CsvError};
use crate::{domain::CardNumber, ledger::LedgerError};

/// Files beyond these limits are refused before anything is posted.
pub const MAX_ROWS: usize = 50_000;
pub const MAX_BYTES: u32 = 5 * 1024 * 1024;
/// No opening balance is bigger than this (a typo guard, e.g. an amount in cents).
pub const MAX_POINTS: i64 = 10_000_000;
/// Rows per database transaction.
const BATCH: usize = 500;

/// Whose balance a row sets.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum Target {
    Card(CardNumber),
    /// Digits with the country code, no `+`.
    Phone(String),
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Row {
    pub line: usize,
    pub target: Target,
    pub points: i64,
}

/// Why a row was not imported.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Rejection {
    Missing,
    BadCard,
    BadPhone,
    BadPoints,
    Negative,
    TooMany,
    Duplicate {
        first_line: usize,
    },
    UnknownCard,
    OtherAmount {
        imported: i64,
    },
    /// The card was used here already (anything besides the welcome bonus).
    HasActivity,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Rejected {
    pub line: usize,
    pub reason: Rejection,
}

/// What an import did.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Report {
    /// Cards credited now.
    pub imported: u64,
    /// Phone balances stored now, waiting for the customer to share that phone.
    pub phones_pending: u64,
    /// Rows that an earlier import already did (same card or phone, same points).
    pub already: u64,
    /// Rows with 0 points: nothing to do.
    pub zero: u64,
    /// Points of the rows imported now or stored for a phone.
    pub points: i64,
    pub rejected: Vec<Rejected>,
}

impl Report {
    /// Card rows refused because the card was already used here.
    pub fn with_activity(&self) -> usize {
        self.rejected
            .iter()
            .filter(|r| r.reason == Rejection::HasActivity)
            .count()
    }
}

#[derive(Debug, thiserror::Error)]
pub enum ImportError {
    #[error("the file is not UTF-8 text")]
    NotText,
    #[error("the file has more than {MAX_ROWS} rows")]
    TooManyRows,
    #[error("the file is not valid CSV")]
    Csv(#[from] CsvError),
    #[error("the file is one of our own exports")]
    OwnExport,
    #[error("database error during the import")]
    Db(#[from] sqlx::Error),
    #[error("ledger error during the import")]
    Ledger(#[from] LedgerError),
}

/// Column positions: from the header row, or `target,points` without one.
struct Columns {
    card: Option<usize>,
    phone: Option<usize>,
    points: usize,
}

/// Parses and checks a file; rows that cannot be imported come back as rejections.
pub fn parse(bytes: &[u8]) -> Result<(Vec<Row>, Vec<Rejected>), ImportError> {
    let text = std::str::from_utf8(bytes).map_err(|_| ImportError::NotText)?;
    let mut records = csv::parse(text)?;
    if records.first().is_some_and(is_own_export) {
        return Err(ImportError::OwnExport);
    }
    let header = records.first().and_then(header_columns);
    let columns = match header {
        Some(c) => {
            records.remove(0);
            c
        }
        None => Columns {
            card: None,
            phone: None,
            points: 1,
        },
    };
    if records.len() > MAX_ROWS {
        return Err(ImportError::TooManyRows);
    }
    let (mut rows, mut rejected) = (Vec::new(), Vec::new());
    let mut seen: HashMap<Target, usize> = HashMap::new();
    for record in records {
        let line = record.line;
        match parse_row(&columns, &record.fields) {
            Err(reason) => rejected.push(Rejected { line, reason }),
            Ok((target, points)) => match seen.get(&target) {
                Some(&first_line) => rejected.push(Rejected {
                    line,
                    reason: Rejection::Duplicate { first_line },
                }),
                None => {
                    seen.insert(target.clone(), line);
                    rows.push(Row {
                        line,
                        target,
                        points,
                    });
                }
            },
        }
    }
    Ok((rows, rejected))
}

/// The header row of `/export customers` or `/export ledger` (as we write them).
fn is_own_export(record: &csv::Record) -> bool {
    let names: Vec<String> = record
        .fields
        .iter()
        .map(|f| f.trim().to_ascii_lowercase())
        .collect();
    [
        &super::export::CUSTOMER_COLUMNS[..],
        &super::export::LEDGER_COLUMNS[..],
    ]
    .iter()
    .any(|columns| names == *columns)
}

fn header_columns(record: &csv::Record) -> Option<Columns> {
    let names: Vec<String> = record
        .fields
        .iter()
        .map(|f| f.trim().to_ascii_lowercase())
        .collect();
    let find = |wanted: &[&str]| names.iter().position(|n| wanted.contains(&n.as_str()));
    let card = find(&["card", "card_number"]);
    let phone = find(&["phone", "phone_number"]);
    let points = find(&["points", "balance"]);
    let named = card.is_some() || phone.is_some() || points.is_some();
    named.then(|| Columns {
        card,
        phone,
        points: points.unwrap_or(1),
    })
}

fn parse_row(columns: &Columns, fields: &[String]) -> Result<(Target, i64), Rejection> {
    let cell = |i: Option<usize>| {
        i.and_then(|i| fields.get(i))
            .map(|s| s.trim())
            .filter(|s| !s.is_empty())
    };
    let card = |s: &str| {
        CardNumber::parse(s)
            .map(Target::Card)
            .map_err(|_| Rejection::BadCard)
    };
    let phone = |s: &str| {
        normalize_phone(s)
            .map(Target::Phone)
            .ok_or(Rejection::BadPhone)
    };
    // Without a header the first column is the card. A card cell starting with `+` is a phone
    // number (unless there is a phone column too).
    let first = match (columns.card, columns.phone) {
        (None, None) => Some(0),
        (card, _) => card,
    };
    let target = match (cell(first), cell(columns.phone)) {
        (Some(c), _) if !c.starts_with('+') => card(c)?,
        (Some(p), None) | (_, Some(p)) => phone(p)?,
        (None, None) => return Err(Rejection::Missing),
    };
    let points = cell(Some(columns.points)).ok_or(Rejection::Missing)?;
    let points: i64 = points.parse().map_err(|_| Rejection::BadPoints)?;
    match points {
        p if p < 0 => Err(Rejection::Negative),
        p if p > MAX_POINTS => Err(Rejection::TooMany),
        p => Ok((target, p)),
    }
}

/// A phone number as Telegram reports a contact's: the digits with the country code. Spaces,
/// dashes, dots and brackets are dropped; a national number (leading 0) is refused, since we
/// could not tell its country.
pub fn normalize_phone(input: &str) -> Option<String> {
    let mut digits = String::new();
    for (i, c) in input.trim().chars().enumerate() {
        match c {
            '+' if i == 0 => {}
            ' ' | '-' | '.' | '(' | ')' => {}
            '0'..='9' => digits.push(c),
            _ => return None,
        }
    }
    let ok = (7..=15).contains(&digits.len()) && !digits.starts_with('0');
    ok.then_some(digits)
}

mod post;
#[cfg(test)]
mod tests;

pub use post::import;
