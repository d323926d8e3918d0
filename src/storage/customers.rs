use chrono::{DateTime, Utc};
use sqlx::PgConnection;

use crate::{domain::Language, ledger::AccountId};

#[derive(Clone, Debug, sqlx::FromRow)]
pub struct Customer {
    pub id: i64,
    pub tg_user_id: Option<i64>,
    pub chat_id: Option<i64>,
    pub first_name: Option<String>,
    #[sqlx(try_from = "String")]
    pub language: LanguageColumn,
    pub account_id: AccountId,
    pub referral_code: String,
    pub referred_by: Option<i64>,
    pub promos_enabled: bool,
    pub created_at: DateTime<Utc>,
}

/// `customers.language` as stored ('en', 'ru', 'uk'; enforced by a CHECK).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct LanguageColumn(pub Language);

impl TryFrom<String> for LanguageColumn {
    type Error = String;
    fn try_from(s: String) -> Result<Self, Self::Error> {
        Language::from_code(&s).map(Self).ok_or(s)
    }
}

impl Customer {
    pub fn language(&self) -> Language {
        self.language.0
    }
    pub fn display_name(&self) -> &str {
        self.first_name.as_deref().unwrap_or("")
    }
}

/// The columns of [`Customer`], for queries that read a customer with other rows.
pub const COLUMNS: &str = "id, tg_user_id, chat_id, first_name, language, account_id, referral_code, \
                       referred_by, promos_enabled, created_at";

pub struct NewCustomer<'a> {
    pub tg_user_id: i64,
    pub chat_id: i64,
    pub first_name: &'a str,
    pub language: Language,
    pub account_id: AccountId,
    pub referral_code: &'a str,
    pub referred_by: Option<i64>,
    /// [`crate::identity`] fingerprint of `tg_user_id`.
    pub identity: &'a [u8],
}

/// Inserts the customer unless one with this Telegram id exists (then returns `None`).
pub async fn insert(
    conn: &mut PgConnection,
    new: &NewCustomer<'_>,
) -> Result<Option<Customer>, sqlx::Error> {
    sqlx::query_as(&format!(
        "INSERT INTO customers (tg_user_id, chat_id, first_name, language, account_id,
                                referral_code, referred_by, identity)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
         ON CONFLICT (tg_user_id) DO NOTHING
         RETURNING {COLUMNS}"
    ))
    .bind(new.tg_user_id)
    .bind(new.chat_id)
    .bind(new.first_name)
    .bind(new.language.code())
    .bind(new.account_id)
    .bind(new.referral_code)
    .bind(new.referred_by)
    .bind(new.identity)
    .fetch_optional(conn)
    .await
}

pub async fn by_tg_user(
    conn: &mut PgConnection,
    tg_user_id: i64,
) -> Result<Option<Customer>, sqlx::Error> {
    sqlx::query_as(&format!(
        "SELECT {COLUMNS} FROM customers WHERE tg_user_id = $1"
    ))
    .bind(tg_user_id)
    .fetch_optional(conn)
    .await
}

pub async fn by_id(conn: &mut PgConnection, id: i64) -> Result<Option<Customer>, sqlx::Error> {
    sqlx::query_as(&format!("SELECT {COLUMNS} FROM customers WHERE id = $1"))
        .bind(id)
        .fetch_optional(conn)
        .await
}

/// The customer whose points live in `account`.
pub async fn by_account(
    conn: &mut PgConnection,
    account: AccountId,
) -> Result<Option<Customer>, sqlx::Error> {
    sqlx::query_as(&format!(
        "SELECT {COLUMNS} FROM customers WHERE account_id = $1"
    ))
    .bind(account)
    .fetch_optional(conn)
    .await
}

/// The customer who invites with `code`; an erased customer's code invites nobody.
pub async fn by_referral_code(
    conn: &mut PgConnection,
    code: &str,
) -> Result<Option<Customer>, sqlx::Error> {
    sqlx::query_as(&format!(
        "SELECT {COLUMNS} FROM customers WHERE referral_code = $1 AND erased_at IS NULL"
    ))
    .bind(code)
    .fetch_optional(conn)
    .await
}

pub async fn set_language(
    conn: &mut PgConnection,
    id: i64,
    language: Language,
) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE customers SET language = $2 WHERE id = $1")
        .bind(id)
        .bind(language.code())
        .execute(conn)
        .await
        .map(drop)
}

/// `/promos`: flips the customer's promotions switch and returns the new setting. Writing to
/// the bot proves they no longer block it, so they are reachable again.
pub async fn toggle_promos(conn: &mut PgConnection, id: i64) -> Result<bool, sqlx::Error> {
    sqlx::query_scalar(
        "UPDATE customers SET promos_enabled = NOT promos_enabled, unreachable = FALSE
         WHERE id = $1 RETURNING promos_enabled",
    )
    .bind(id)
    .fetch_one(conn)
    .await
}

/// Keeps the name and chat current: Telegram users rename themselves. A customer who writes
/// to the bot no longer blocks it, so they are reachable again.
pub async fn touch(
    conn: &mut PgConnection,
    id: i64,
    chat_id: i64,
    first_name: &str,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "UPDATE customers SET chat_id = $2, first_name = $3, unreachable = FALSE WHERE id = $1",
    )
    .bind(id)
    .bind(chat_id)
    .bind(first_name)
    .execute(conn)
    .await
    .map(drop)
}
