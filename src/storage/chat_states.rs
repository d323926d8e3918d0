//! The saved conversation state of each private chat, as JSON text (the chat layer owns the
//! typed enum, see `telegram::dialogue`). One row per chat; saving replaces it.

use chrono::{DateTime, Utc};
use sqlx::PgConnection;

/// The chat's state, unless there is none or it has expired.
pub async fn load(
    conn: &mut PgConnection,
    chat: i64,
    now: DateTime<Utc>,
) -> sqlx::Result<Option<String>> {
    sqlx::query_scalar("SELECT state::text FROM chat_states WHERE chat_id = $1 AND expires_at > $2")
        .bind(chat)
        .bind(now)
        .fetch_optional(conn)
        .await
}

/// Saves `state` (JSON) as the chat's only state, until `expires_at`.
pub async fn save(
    conn: &mut PgConnection,
    chat: i64,
    state: &str,
    expires_at: DateTime<Utc>,
) -> sqlx::Result<()> {
    sqlx::query(
        "INSERT INTO chat_states (chat_id, state, expires_at) VALUES ($1, $2::jsonb, $3)
         ON CONFLICT (chat_id) DO UPDATE
         SET state = EXCLUDED.state, expires_at = EXCLUDED.expires_at, updated_at = now()",
    )
    .bind(chat)
    .bind(state)
    .bind(expires_at)
    .execute(conn)
    .await
    .map(drop)
}

/// Ends the chat's state; returns what it was if it was still open at `now`.
pub async fn take(
    conn: &mut PgConnection,
    chat: i64,
    now: DateTime<Utc>,
) -> sqlx::Result<Option<String>> {
    let row: Option<(String, DateTime<Utc>)> = sqlx::query_as(
        "DELETE FROM chat_states WHERE chat_id = $1 RETURNING state::text, expires_at",
    )
    .bind(chat)
    .fetch_optional(conn)
    .await?;
    Ok(row.and_then(|(state, expires)| (expires > now).then_some(state)))
}
