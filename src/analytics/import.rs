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

use sqlx::{PgConnection, PgPool};

use super::csv::{self, CsvError};
use crate::{
    domain::{CardNumber, Points},
    ledger::{self, EntryKind, LedgerError, Posting, SystemAccount, Transfer},
};

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

/// Posts the good rows in batches of [`BATCH`], one transaction each. With `dry_run` every
/// batch is rolled back: the report says what the import would do, and nothing changes.
pub async fn import(
    pool: &PgPool,
    rows: &[Row],
    mut rejected: Vec<Rejected>,
    imported_by: i64,
    dry_run: bool,
) -> Result<Report, ImportError> {
    let mut report = Report::default();
    for batch in rows.chunks(BATCH) {
        let mut tx = pool.begin().await?;
        let from = ledger::system_account(&mut tx, SystemAccount::Imported).await?;
        for row in batch {
            if row.points == 0 {
                report.zero += 1;
                continue;
            }
            let outcome = match &row.target {
                Target::Card(card) => import_card(&mut tx, from, card, row, imported_by).await?,
                Target::Phone(phone) => import_phone(&mut tx, phone, row, imported_by).await?,
            };
            match outcome {
                Outcome::Imported => {
                    report.imported += 1;
                    report.points += row.points;
                }
                Outcome::Pending => {
                    report.phones_pending += 1;
                    report.points += row.points;
                }
                Outcome::Already => report.already += 1,
                Outcome::Rejected(reason) => rejected.push(Rejected {
                    line: row.line,
                    reason,
                }),
            }
        }
        if dry_run {
            tx.rollback().await?;
        } else {
            tx.commit().await?;
        }
    }
    rejected.sort_by_key(|r| r.line);
    report.rejected = rejected;
    Ok(report)
}

enum Outcome {
    Imported,
    Pending,
    Already,
    Rejected(Rejection),
}

async fn import_card(
    conn: &mut PgConnection,
    from: ledger::AccountId,
    card: &CardNumber,
    row: &Row,
    imported_by: i64,
) -> Result<Outcome, ImportError> {
    let found: Option<(i64, ledger::AccountId)> = sqlx::query_as(
        "SELECT c.id, c.account_id FROM cards k JOIN customers c ON c.id = k.customer_id
         WHERE k.number = $1 AND k.active",
    )
    .bind(card.digits())
    .fetch_optional(&mut *conn)
    .await?;
    let Some((customer, to)) = found else {
        return Ok(Outcome::Rejected(Rejection::UnknownCard));
    };
    let key = format!("import:card:{}", card.digits());
    // Imported before: the same amount replays, another amount is refused.
    let imported: Option<i64> = sqlx::query_scalar(
        "SELECT MAX(l.amount) FROM journal_entries e JOIN journal_lines l ON l.entry_id = e.id
         WHERE e.idempotency_key = $1",
    )
    .bind(&key)
    .fetch_one(&mut *conn)
    .await?;
    match imported {
        Some(p) if p == row.points => return Ok(Outcome::Already),
        Some(imported) => return Ok(Outcome::Rejected(Rejection::OtherAmount { imported })),
        None => {}
    }
    if has_activity(conn, customer, to).await? {
        return Ok(Outcome::Rejected(Rejection::HasActivity));
    }
    let points = Points::new(row.points).map_err(|_| LedgerError::Empty)?;
    let posting = Posting::new(&key, EntryKind::Import, vec![Transfer { from, to, points }])
        .with_memo(serde_json::json!({ "line": row.line, "by": imported_by }));
    ledger::post(conn, &posting).await?;
    Ok(Outcome::Imported)
}

/// Whether the card was used here: any ledger entry besides the welcome bonus (and an import),
/// a purchase (a discount-only one posts no points) or a redemption request.
async fn has_activity(
    conn: &mut PgConnection,
    customer: i64,
    account: ledger::AccountId,
) -> sqlx::Result<bool> {
    sqlx::query_scalar(
        "SELECT EXISTS (SELECT 1 FROM journal_lines l JOIN journal_entries e ON e.id = l.entry_id
                        WHERE l.account_id = $2 AND e.kind NOT IN ('welcome', 'import'))
             OR EXISTS (SELECT 1 FROM purchases WHERE customer_id = $1)
             OR EXISTS (SELECT 1 FROM redemptions WHERE customer_id = $1)",
    )
    .bind(customer)
    .bind(account)
    .fetch_one(conn)
    .await
}

async fn import_phone(
    conn: &mut PgConnection,
    phone: &str,
    row: &Row,
    imported_by: i64,
) -> Result<Outcome, ImportError> {
    let inserted: Option<i64> = sqlx::query_scalar(
        "INSERT INTO import_phone_balances (phone, points, imported_by) VALUES ($1, $2, $3)
         ON CONFLICT (phone) DO NOTHING RETURNING points",
    )
    .bind(phone)
    .bind(row.points)
    .bind(imported_by)
    .fetch_optional(&mut *conn)
    .await?;
    if inserted.is_some() {
        return Ok(Outcome::Pending);
    }
    let imported: i64 =
        sqlx::query_scalar("SELECT points FROM import_phone_balances WHERE phone = $1")
            .bind(phone)
            .fetch_one(&mut *conn)
            .await?;
    Ok(if imported == row.points {
        Outcome::Already
    } else {
        Outcome::Rejected(Rejection::OtherAmount { imported })
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn card() -> String {
        CardNumber::generate(&mut rand::thread_rng()).digits()
    }

    #[test]
    fn rows_are_checked_one_by_one() {
        let (a, b) = (card(), card());
        let mut bad = a.clone().into_bytes();
        bad[11] = if bad[11] == b'9' { b'0' } else { bad[11] + 1 };
        let bad = String::from_utf8(bad).unwrap_or_default();
        let file = format!(
            "{a},100\n{b},x\n{bad},5\n+380 50 123-45-67,40\n{a},100\n{b},-3\n0501234567,1\n{b},0\n"
        );
        let (rows, rejected) = parse(file.as_bytes()).unwrap_or_default();
        let reasons: Vec<_> = rejected
            .iter()
            .map(|r| (r.line, r.reason.clone()))
            .collect();
        assert_eq!(
            reasons,
            [
                (2, Rejection::BadPoints),
                (3, Rejection::BadCard),
                (5, Rejection::Duplicate { first_line: 1 }),
                (6, Rejection::Negative),
                (7, Rejection::BadCard),
            ]
        );
        let targets: Vec<_> = rows.iter().map(|r| (r.line, r.points)).collect();
        assert_eq!(targets, [(1, 100), (4, 40), (8, 0)]);
        assert_eq!(rows[1].target, Target::Phone("380501234567".into()));
    }

    #[test]
    fn a_header_names_the_columns() {
        let a = card();
        let file = format!("customer_id,card,first_name,balance\n7,{a},\"Doe, J\",250\n");
        let (rows, rejected) = parse(file.as_bytes()).unwrap_or_default();
        assert!(rejected.is_empty(), "{rejected:?}");
        assert_eq!(rows.len(), 1);
        assert_eq!((rows[0].line, rows[0].points), (2, 250));
        let phones = parse(b"phone,points\n380501112233,10\n").unwrap_or_default();
        assert_eq!(phones.0[0].target, Target::Phone("380501112233".into()));
        assert_eq!(
            normalize_phone("+1 (555) 010-9999").as_deref(),
            Some("15550109999")
        );
        assert_eq!(normalize_phone("12ab"), None);
    }

    #[test]
    fn our_own_exports_are_refused_whole() {
        let customers = format!(
            "{}\n7,{},Anna,en,2026-01-01T00:00:00Z,250,\n",
            super::super::export::CUSTOMER_COLUMNS.join(","),
            card()
        );
        assert!(matches!(
            parse(customers.as_bytes()),
            Err(ImportError::OwnExport)
        ));
        let ledger = format!("{}\n", super::super::export::LEDGER_COLUMNS.join(","));
        assert!(matches!(
            parse(ledger.as_bytes()),
            Err(ImportError::OwnExport)
        ));
        // A file with only some of those columns is an ordinary import.
        let mine = format!("card,balance\n{},250\n", card());
        assert!(parse(mine.as_bytes()).is_ok());
    }

    #[test]
    fn too_many_rows_is_refused_whole() {
        let file = "1,1\n".repeat(MAX_ROWS + 1);
        assert!(matches!(
            parse(file.as_bytes()),
            Err(ImportError::TooManyRows)
        ));
    }
}
