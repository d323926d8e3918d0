use chrono::{DateTime, Utc};
use sqlx::PgConnection;

use super::{AccountId, EntryId, EntryKind, LedgerError};

/// One line of a customer's statement: what happened and by how much their points changed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StatementLine {
    pub entry_id: EntryId,
    pub kind: EntryKind,
    /// For reversals: the kind of the entry that was undone.
    pub reverses_kind: Option<EntryKind>,
    pub amount: i64,
    pub at: DateTime<Utc>,
}

type Row = (EntryId, String, Option<String>, i64, DateTime<Utc>);

/// The latest lines of `account`, newest first, `limit` of them after skipping `offset`.
/// Returns one more than asked when there is more, so callers can show a "next" button.
pub async fn statement(
    conn: &mut PgConnection,
    account: AccountId,
    limit: i64,
    offset: i64,
) -> Result<Vec<StatementLine>, LedgerError> {
    let rows: Vec<Row> = sqlx::query_as(
        "SELECT e.id, e.kind, r.kind, l.amount, e.created_at
         FROM journal_lines l
         JOIN journal_entries e ON e.id = l.entry_id
         LEFT JOIN journal_entries r ON r.id = e.reverses
         WHERE l.account_id = $1
         ORDER BY l.entry_id DESC
         LIMIT $2 OFFSET $3",
    )
    .bind(account)
    .bind(limit)
    .bind(offset)
    .fetch_all(conn)
    .await?;
    Ok(rows
        .into_iter()
        .map(|(entry_id, kind, reverses, amount, at)| StatementLine {
            entry_id,
            kind: EntryKind::parse(&kind).unwrap_or(EntryKind::Adjustment),
            reverses_kind: reverses.as_deref().and_then(EntryKind::parse),
            amount,
            at,
        })
        .collect())
}
