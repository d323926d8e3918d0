//! Staff invites and cashiers.

use chrono::{DateTime, Utc};
use sqlx::PgConnection;

#[derive(Clone, Debug, sqlx::FromRow)]
pub struct Cashier {
    pub id: i64,
    pub tg_user_id: i64,
    pub chat_id: i64,
    pub first_name: String,
    pub store: String,
    pub active: bool,
}

const COLUMNS: &str = "id, tg_user_id, chat_id, first_name, store, active";

pub async fn create_invite(
    conn: &mut PgConnection,
    token: &str,
    store: &str,
    created_by: i64,
    expires_at: DateTime<Utc>,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO staff_invites (token, store, created_by, expires_at) VALUES ($1, $2, $3, $4)",
    )
    .bind(token)
    .bind(store)
    .bind(created_by)
    .bind(expires_at)
    .execute(conn)
    .await
    .map(drop)
}

#[derive(Clone, Debug, sqlx::FromRow)]
pub struct Invite {
    pub id: i64,
    pub store: String,
    pub expires_at: DateTime<Utc>,
    pub used_by: Option<i64>,
}

/// The invite, locked until the end of the transaction (two people opening one link race here).
pub async fn lock_invite(
    conn: &mut PgConnection,
    token: &str,
) -> Result<Option<Invite>, sqlx::Error> {
    sqlx::query_as(
        "SELECT id, store, expires_at, used_by FROM staff_invites WHERE token = $1 FOR UPDATE",
    )
    .bind(token)
    .fetch_optional(conn)
    .await
}

pub async fn use_invite(
    conn: &mut PgConnection,
    invite_id: i64,
    user: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE staff_invites SET used_by = $2, used_at = now() WHERE id = $1")
        .bind(invite_id)
        .bind(user)
        .execute(conn)
        .await
        .map(drop)
}

/// Makes the user an active cashier of `store` (re-activating a revoked one).
pub async fn upsert_cashier(
    conn: &mut PgConnection,
    tg_user_id: i64,
    chat_id: i64,
    first_name: &str,
    store: &str,
    invite_id: i64,
) -> Result<Cashier, sqlx::Error> {
    sqlx::query_as(&format!(
        "INSERT INTO cashiers (tg_user_id, chat_id, first_name, store, invite_id)
         VALUES ($1, $2, $3, $4, $5)
         ON CONFLICT (tg_user_id) DO UPDATE SET chat_id = EXCLUDED.chat_id,
             first_name = EXCLUDED.first_name, store = EXCLUDED.store,
             invite_id = EXCLUDED.invite_id, active = TRUE, revoked_at = NULL
         RETURNING {COLUMNS}"
    ))
    .bind(tg_user_id)
    .bind(chat_id)
    .bind(first_name)
    .bind(store)
    .bind(invite_id)
    .fetch_one(conn)
    .await
}

pub async fn active_cashier(
    conn: &mut PgConnection,
    tg_user_id: i64,
) -> Result<Option<Cashier>, sqlx::Error> {
    sqlx::query_as(&format!(
        "SELECT {COLUMNS} FROM cashiers WHERE tg_user_id = $1 AND active"
    ))
    .bind(tg_user_id)
    .fetch_optional(conn)
    .await
}

pub async fn active_cashiers(conn: &mut PgConnection) -> Result<Vec<Cashier>, sqlx::Error> {
    sqlx::query_as(&format!(
        "SELECT {COLUMNS} FROM cashiers WHERE active ORDER BY store, first_name"
    ))
    .fetch_all(conn)
    .await
}

/// Revokes a cashier and closes their open card screen; returns them if they were active.
pub async fn revoke(
    conn: &mut PgConnection,
    cashier_id: i64,
) -> Result<Option<Cashier>, sqlx::Error> {
    let revoked: Option<Cashier> = sqlx::query_as(&format!(
        "UPDATE cashiers SET active = FALSE, revoked_at = now() WHERE id = $1 AND active RETURNING {COLUMNS}"
    ))
    .bind(cashier_id)
    .fetch_optional(&mut *conn)
    .await?;
    if let Some(c) = &revoked {
        sqlx::query("DELETE FROM till_sessions WHERE staff_tg_id = $1")
            .bind(c.tg_user_id)
            .execute(conn)
            .await?;
    }
    Ok(revoked)
}
