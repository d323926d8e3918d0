//! `/export`: CSV files streamed from Postgres row by row into a temporary file (then sent as
//! a document), so 100k rows never sit in memory at once. [`super::import`] refuses these
//! files by their header rows: importing an export would pay every balance again.

use std::{
    fs::File,
    io::{BufWriter, Write},
    path::{Path, PathBuf},
};

use chrono::{DateTime, SecondsFormat, Utc};
use futures_util::TryStreamExt;
use sqlx::PgPool;

use super::csv::{text_cell, write_record};

#[derive(Debug, thiserror::Error)]
pub enum ExportError {
    #[error("database error while exporting")]
    Db(#[from] sqlx::Error),
    #[error("could not write the export file")]
    Io(#[from] std::io::Error),
}

pub const CUSTOMER_COLUMNS: [&str; 7] = [
    "customer_id",
    "card",
    "first_name",
    "language",
    "joined_at",
    "balance",
    "referred_by",
];

pub const LEDGER_COLUMNS: [&str; 7] = [
    "entry_id",
    "created_at",
    "kind",
    "account",
    "card",
    "points",
    "reverses",
];

/// A file in the temp directory, removed when dropped (sent or not).
pub struct TempFile {
    path: PathBuf,
}

impl TempFile {
    pub fn new(prefix: &str) -> Self {
        let n: u64 = rand::random();
        let name = format!("loyalty-{prefix}-{}-{n:016x}.csv", std::process::id());
        Self {
            path: std::env::temp_dir().join(name),
        }
    }

    pub fn path(&self) -> &Path {
        &self.path
    }
}

impl Drop for TempFile {
    fn drop(&mut self) {
        let _ = std::fs::remove_file(&self.path);
    }
}

fn time(t: DateTime<Utc>) -> String {
    t.to_rfc3339_opts(SecondsFormat::Secs, true)
}

/// Members (customers who have not erased themselves) with their active card and posted
/// balance, by id. Returns how many rows were written.
pub async fn customers(pool: &PgPool, out: &Path) -> Result<u64, ExportError> {
    let mut file = BufWriter::new(File::create(out)?);
    write_record(&mut file, &CUSTOMER_COLUMNS)?;
    type Row = (
        i64,
        Option<String>,
        Option<String>,
        String,
        DateTime<Utc>,
        i64,
        Option<i64>,
    );
    let mut rows = sqlx::query_as::<_, Row>(
        "SELECT c.id, k.number, c.first_name, c.language, c.created_at, a.balance, c.referred_by
         FROM customers c
         JOIN accounts a ON a.id = c.account_id
         LEFT JOIN cards k ON k.customer_id = c.id AND k.active
         WHERE c.erased_at IS NULL
         ORDER BY c.id",
    )
    .fetch(pool);
    let mut n = 0;
    while let Some((id, card, name, language, joined, balance, referred_by)) =
        rows.try_next().await?
    {
        write_record(
            &mut file,
            &[
                id.to_string(),
                card.unwrap_or_default(),
                text_cell(name.as_deref().unwrap_or_default()),
                language,
                time(joined),
                balance.to_string(),
                referred_by.map(|r| r.to_string()).unwrap_or_default(),
            ],
        )?;
        n += 1;
    }
    file.flush()?;
    Ok(n)
}

/// Every journal line of entries made in `[from, to)`, in entry order: the customer side shows
/// the customer's active card, the system side its account code.
pub async fn ledger(
    pool: &PgPool,
    from: DateTime<Utc>,
    to: DateTime<Utc>,
    out: &Path,
) -> Result<u64, ExportError> {
    let mut file = BufWriter::new(File::create(out)?);
    write_record(&mut file, &LEDGER_COLUMNS)?;
    type Row = (
        i64,
        DateTime<Utc>,
        String,
        Option<String>,
        Option<String>,
        i64,
        Option<i64>,
    );
    let mut rows = sqlx::query_as::<_, Row>(
        "SELECT e.id, e.created_at, e.kind, a.code, k.number, l.amount, e.reverses
         FROM journal_entries e
         JOIN journal_lines l ON l.entry_id = e.id
         JOIN accounts a ON a.id = l.account_id
         LEFT JOIN customers c ON c.account_id = a.id
         LEFT JOIN cards k ON k.customer_id = c.id AND k.active
         WHERE e.created_at >= $1 AND e.created_at < $2
         ORDER BY e.id, l.id",
    )
    .bind(from)
    .bind(to)
    .fetch(pool);
    let mut n = 0;
    while let Some((entry, at, kind, code, card, amount, reverses)) = rows.try_next().await? {
        write_record(
            &mut file,
            &[
                entry.to_string(),
                time(at),
                kind,
                code.unwrap_or_else(|| "customer".to_owned()),
                card.unwrap_or_default(),
                amount.to_string(),
                reverses.map(|r| r.to_string()).unwrap_or_default(),
            ],
        )?;
        n += 1;
    }
    file.flush()?;
    Ok(n)
}
