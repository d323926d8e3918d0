//! Free text the bot is waiting for from a customer: their birthday after `/birthday`, or a
//! comment after rating a visit. One row per customer in Postgres (any replica may handle the
//! next message), valid for [`TTL`]; a command clears it.

use chrono::{DateTime, Duration, Utc};
use sqlx::{PgConnection, Row};

pub const TTL: Duration = Duration::minutes(15);

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Pending {
    Birthday,
    Comment { purchase: i64 },
}

/// Waits for `what` from `customer` until `now + TTL` (replacing anything awaited before).
pub async fn set(
    conn: &mut PgConnection,
    customer: i64,
    what: Pending,
    now: DateTime<Utc>,
) -> sqlx::Result<()> {
    let (kind, purchase) = match what {
        Pending::Birthday => ("birthday", None),
        Pending::Comment { purchase } => ("comment", Some(purchase)),
    };
    sqlx::query(
        "INSERT INTO pending_inputs (customer_id, kind, purchase_id, expires_at)
         VALUES ($1, $2, $3, $4)
         ON CONFLICT (customer_id) DO UPDATE
         SET kind = EXCLUDED.kind, purchase_id = EXCLUDED.purchase_id,
             expires_at = EXCLUDED.expires_at",
    )
    .bind(customer)
    .bind(kind)
    .bind(purchase)
    .bind(now + TTL)
    .execute(conn)
    .await
    .map(drop)
}

/// What the customer behind Telegram user `tg_user_id` owes us now, with their customer id.
pub async fn current(
    conn: &mut PgConnection,
    tg_user_id: i64,
    now: DateTime<Utc>,
) -> sqlx::Result<Option<(i64, Pending)>> {
    let row = sqlx::query(
        "SELECT p.customer_id, p.kind, p.purchase_id FROM pending_inputs p
         JOIN customers c ON c.id = p.customer_id
         WHERE c.tg_user_id = $1 AND p.expires_at > $2",
    )
    .bind(tg_user_id)
    .bind(now)
    .fetch_optional(conn)
    .await?;
    Ok(row.and_then(|r| {
        let what = match (r.get::<String, _>("kind").as_str(), r.get("purchase_id")) {
            ("birthday", _) => Pending::Birthday,
            ("comment", Some(purchase)) => Pending::Comment { purchase },
            _ => return None,
        };
        Some((r.get("customer_id"), what))
    }))
}

pub async fn clear(conn: &mut PgConnection, customer: i64) -> sqlx::Result<()> {
    sqlx::query("DELETE FROM pending_inputs WHERE customer_id = $1")
        .bind(customer)
        .execute(conn)
        .await
        .map(drop)
}

/// A command from Telegram user `tg_user_id` cancels whatever was awaited.
pub async fn clear_for_user(conn: &mut PgConnection, tg_user_id: i64) -> sqlx::Result<()> {
    sqlx::query(
        "DELETE FROM pending_inputs
         WHERE customer_id = (SELECT id FROM customers WHERE tg_user_id = $1)",
    )
    .bind(tg_user_id)
    .execute(conn)
    .await
    .map(drop)
}
