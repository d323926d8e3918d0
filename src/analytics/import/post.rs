//! Posting an import's rows (or, for the preview, a dry run rolled back): one transaction per
//! batch of [`BATCH`] rows, a ledger posting per card under `import:card:<number>`, a waiting
//! row per phone.

use sqlx::{PgConnection, PgPool};

use super::{BATCH, ImportError, Rejected, Rejection, Report, Row, Target};
use crate::{
    domain::{CardNumber, Points},
    ledger::{self, EntryKind, LedgerError, SystemAccount},
};

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
    let memo = serde_json::json!({ "line": row.line, "by": imported_by });
    ledger::credit(
        conn,
        from,
        to,
        points,
        EntryKind::Import,
        key.as_str(),
        memo,
    )
    .await?;
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
