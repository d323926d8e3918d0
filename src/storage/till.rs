//! The staff member's open card screen: which customer, what the next typed text means, and
//! until when. Kept in Postgres so that any replica can handle the cashier's next message.

use chrono::{DateTime, Utc};
use sqlx::PgConnection;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Awaiting {
    Amount,
    Redeem,
}

impl Awaiting {
    fn as_str(self) -> &'static str {
        match self {
            Self::Amount => "amount",
            Self::Redeem => "redeem",
        }
    }
}

#[derive(Clone, Copy, Debug)]
pub struct Session {
    pub customer_id: i64,
    pub awaiting: Awaiting,
}

pub async fn open(
    conn: &mut PgConnection,
    staff: i64,
    customer_id: i64,
    expires_at: DateTime<Utc>,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO till_sessions (staff_tg_id, customer_id, awaiting, expires_at)
         VALUES ($1, $2, 'amount', $3)
         ON CONFLICT (staff_tg_id) DO UPDATE SET customer_id = EXCLUDED.customer_id,
             awaiting = 'amount', expires_at = EXCLUDED.expires_at",
    )
    .bind(staff)
    .bind(customer_id)
    .bind(expires_at)
    .execute(conn)
    .await
    .map(drop)
}

/// The open, unexpired session of `staff`, if any.
pub async fn current(
    conn: &mut PgConnection,
    staff: i64,
    now: DateTime<Utc>,
) -> Result<Option<Session>, sqlx::Error> {
    let row: Option<(i64, String)> = sqlx::query_as(
        "SELECT customer_id, awaiting FROM till_sessions WHERE staff_tg_id = $1 AND expires_at > $2",
    )
    .bind(staff)
    .bind(now)
    .fetch_optional(conn)
    .await?;
    Ok(row.map(|(customer_id, awaiting)| Session {
        customer_id,
        awaiting: if awaiting == "redeem" {
            Awaiting::Redeem
        } else {
            Awaiting::Amount
        },
    }))
}

pub async fn set_awaiting(
    conn: &mut PgConnection,
    staff: i64,
    awaiting: Awaiting,
) -> Result<bool, sqlx::Error> {
    let r = sqlx::query(
        "UPDATE till_sessions SET awaiting = $2 WHERE staff_tg_id = $1 AND expires_at > now()",
    )
    .bind(staff)
    .bind(awaiting.as_str())
    .execute(conn)
    .await?;
    Ok(r.rows_affected() > 0)
}

pub async fn close(conn: &mut PgConnection, staff: i64) -> Result<(), sqlx::Error> {
    sqlx::query("DELETE FROM till_sessions WHERE staff_tg_id = $1")
        .bind(staff)
        .execute(conn)
        .await
        .map(drop)
}
