//! The staff member's open card screen: which customer, and until when (what the next typed
//! text means is the chat's state, see `telegram::dialogue`). Kept in Postgres so that any replica can handle the cashier's next message.

use chrono::{DateTime, Utc};
use sqlx::PgConnection;

#[derive(Clone, Copy, Debug)]
pub struct Session {
    pub customer_id: i64,
}

pub async fn open(
    conn: &mut PgConnection,
    staff: i64,
    customer_id: i64,
    expires_at: DateTime<Utc>,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO till_sessions (staff_tg_id, customer_id, expires_at)
         VALUES ($1, $2, $3)
         ON CONFLICT (staff_tg_id) DO UPDATE SET customer_id = EXCLUDED.customer_id,
             expires_at = EXCLUDED.expires_at",
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
    let customer: Option<i64> = sqlx::query_scalar(
        "SELECT customer_id FROM till_sessions WHERE staff_tg_id = $1 AND expires_at > $2",
    )
    .bind(staff)
    .bind(now)
    .fetch_optional(conn)
    .await?;
    Ok(customer.map(|customer_id| Session { customer_id }))
}

pub async fn close(conn: &mut PgConnection, staff: i64) -> Result<(), sqlx::Error> {
    sqlx::query("DELETE FROM till_sessions WHERE staff_tg_id = $1")
        .bind(staff)
        .execute(conn)
        .await
        .map(drop)
}
