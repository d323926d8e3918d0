//! API keys: `lb_` + 32 random characters, shown to the owner once. Only a SHA-256 of the key
//! is stored: the key has ~190 bits of entropy, so a fast hash is enough (a slow password hash
//! protects guessable secrets, which this is not), and a lookup by hash is one index probe.

use chrono::{DateTime, Utc};
use rand::{Rng, distributions::Alphanumeric};
use sha2::{Digest, Sha256};
use sqlx::{PgConnection, PgPool};

pub const PREFIX: &str = "lb_";
const RANDOM_LEN: usize = 32;
pub const MAX_NAME: usize = 64;

/// A key as the owner sees it in `/apikey`.
#[derive(Clone, Debug, sqlx::FromRow)]
pub struct KeyInfo {
    pub id: i64,
    pub name: String,
    pub key_hint: String,
    pub created_at: DateTime<Utc>,
    pub last_used_at: Option<DateTime<Utc>>,
}

/// The key behind an authenticated request.
#[derive(Clone, Debug, sqlx::FromRow)]
pub struct Caller {
    pub id: i64,
    pub name: String,
    /// The owner who created the key: API operations are recorded as theirs.
    pub created_by: i64,
}

#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum NameError {
    #[error("the name is empty")]
    Empty,
    #[error("the name is longer than {MAX_NAME} characters")]
    TooLong,
}

/// A key's name as the owner typed it: trimmed, 1 to [`MAX_NAME`] characters.
pub fn parse_name(input: &str) -> Result<String, NameError> {
    let name = input.trim();
    match name.chars().count() {
        0 => Err(NameError::Empty),
        n if n > MAX_NAME => Err(NameError::TooLong),
        _ => Ok(name.to_owned()),
    }
}

fn hash(key: &str) -> Vec<u8> {
    Sha256::digest(key.as_bytes()).to_vec()
}

/// Creates a key named `name` for owner `owner`; returns the key itself, which exists only in
/// this return value from now on.
pub async fn create(pool: &PgPool, owner: i64, name: &str) -> sqlx::Result<(KeyInfo, String)> {
    let random: String = rand::thread_rng()
        .sample_iter(&Alphanumeric)
        .take(RANDOM_LEN)
        .map(char::from)
        .collect();
    let key = format!("{PREFIX}{random}");
    let hint = random[RANDOM_LEN - 4..].to_owned();
    let info = sqlx::query_as(
        "INSERT INTO api_keys (name, key_hash, key_hint, created_by) VALUES ($1, $2, $3, $4)
         RETURNING id, name, key_hint, created_at, last_used_at",
    )
    .bind(name)
    .bind(hash(&key))
    .bind(hint)
    .bind(owner)
    .fetch_one(pool)
    .await?;
    Ok((info, key))
}

/// Keys not revoked, oldest first.
pub async fn list(pool: &PgPool) -> sqlx::Result<Vec<KeyInfo>> {
    sqlx::query_as(
        "SELECT id, name, key_hint, created_at, last_used_at FROM api_keys
         WHERE revoked_at IS NULL ORDER BY id",
    )
    .fetch_all(pool)
    .await
}

/// Revokes key `id` at once (the next request with it gets 401). `None` when it was already
/// revoked or never existed; else its name.
pub async fn revoke(pool: &PgPool, id: i64) -> sqlx::Result<Option<String>> {
    sqlx::query_scalar(
        "UPDATE api_keys SET revoked_at = now() WHERE id = $1 AND revoked_at IS NULL RETURNING name",
    )
    .bind(id)
    .fetch_optional(pool)
    .await
}

/// The live key matching `presented`, noting that it was used. `None` for an unknown or
/// revoked key.
pub async fn authenticate(
    conn: &mut PgConnection,
    presented: &str,
) -> sqlx::Result<Option<Caller>> {
    if !presented.starts_with(PREFIX) || presented.len() != PREFIX.len() + RANDOM_LEN {
        return Ok(None);
    }
    sqlx::query_as(
        "UPDATE api_keys SET last_used_at = now() WHERE key_hash = $1 AND revoked_at IS NULL
         RETURNING id, name, created_by",
    )
    .bind(hash(presented))
    .fetch_optional(conn)
    .await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names() {
        assert_eq!(parse_name("  Front till "), Ok("Front till".to_owned()));
        assert_eq!(parse_name(" "), Err(NameError::Empty));
        assert_eq!(parse_name(&"x".repeat(65)), Err(NameError::TooLong));
    }
}
