//! Telegram's Mini App `initData`: the query string Telegram hands the page, signed with the
//! bot's token. Validated exactly as Telegram specifies
//! (<https://core.telegram.org/bots/webapps#validating-data-received-via-the-mini-app>):
//!
//! 1. the data-check string is every `key=value` pair except `hash`, values URL-decoded,
//!    sorted by key and joined with `\n`;
//! 2. the secret key is HMAC-SHA256 of the bot token under the key `"WebAppData"`;
//! 3. `hash` must be the hex HMAC-SHA256 of the data-check string under that secret, compared
//!    in constant time;
//! 4. `auth_date` must be recent (we accept 24 hours): a leaked initData string stops working.
//!
//! [`sign`] is the other side (what Telegram does); the sandbox's emulator uses it to hand its
//! Mini App pages initData as Telegram would.

use chrono::{DateTime, Duration, Utc};
use hmac::{Hmac, Mac};
use serde::Deserialize;
use sha2::Sha256;

type HmacSha256 = Hmac<Sha256>;

/// How old initData may be.
pub const MAX_AGE: Duration = Duration::hours(24);

/// The user Telegram vouches for.
#[derive(Clone, Debug, Deserialize, PartialEq, Eq)]
pub struct WebAppUser {
    pub id: i64,
    pub first_name: String,
    #[serde(default)]
    pub language_code: Option<String>,
}

/// Validated initData: who opened the page, and when Telegram signed it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct InitData {
    pub user: WebAppUser,
    pub auth_date: DateTime<Utc>,
}

#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum InitDataError {
    #[error("initData is not a query string")]
    Malformed,
    #[error("initData has no hash")]
    NoHash,
    #[error("initData is not signed with this bot's token")]
    BadHash,
    #[error("initData has no valid auth_date")]
    NoAuthDate,
    #[error("initData is older than 24 hours")]
    Stale,
    #[error("initData names no user")]
    NoUser,
}

/// The pairs of a query string, URL-decoded, in their order; a key given twice is refused (a
/// signature over one of them must not vouch for the other).
fn pairs(raw: &str) -> Result<Vec<(String, String)>, InitDataError> {
    let mut out: Vec<(String, String)> = Vec::new();
    for (k, v) in url::form_urlencoded::parse(raw.trim().as_bytes()) {
        if k.is_empty() || out.iter().any(|(seen, _)| *seen == *k) {
            return Err(InitDataError::Malformed);
        }
        out.push((k.into_owned(), v.into_owned()));
    }
    if out.is_empty() {
        return Err(InitDataError::Malformed);
    }
    Ok(out)
}

/// `key=value` lines, sorted by key, without `hash`.
fn data_check_string(pairs: &[(String, String)]) -> String {
    let mut lines: Vec<String> = pairs
        .iter()
        .filter(|(k, _)| k != "hash")
        .map(|(k, v)| format!("{k}={v}"))
        .collect();
    lines.sort();
    lines.join("\n")
}

fn mac_for(bot_token: &str) -> HmacSha256 {
    let mut secret = HmacSha256::new_from_slice(b"WebAppData").expect("HMAC takes any key length");
    secret.update(bot_token.as_bytes());
    let key = secret.finalize().into_bytes();
    HmacSha256::new_from_slice(&key).expect("HMAC takes any key length")
}

fn unhex(s: &str) -> Option<Vec<u8>> {
    if !s.len().is_multiple_of(2) {
        return None;
    }
    (0..s.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(s.get(i..i + 2)?, 16).ok())
        .collect()
}

/// Checks `raw` (the page's `Telegram.WebApp.initData`) against `bot_token` at `now`.
pub fn validate(raw: &str, bot_token: &str, now: DateTime<Utc>) -> Result<InitData, InitDataError> {
    let pairs = pairs(raw)?;
    let get = |key: &str| {
        pairs
            .iter()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v.as_str())
    };
    let hash = get("hash").and_then(unhex).ok_or(InitDataError::NoHash)?;
    let mut mac = mac_for(bot_token);
    mac.update(data_check_string(&pairs).as_bytes());
    // `verify_slice` compares in constant time.
    mac.verify_slice(&hash)
        .map_err(|_| InitDataError::BadHash)?;
    let auth_date = get("auth_date")
        .and_then(|s| s.parse::<i64>().ok())
        .and_then(|secs| DateTime::from_timestamp(secs, 0))
        .ok_or(InitDataError::NoAuthDate)?;
    // A clock a little ahead of ours is Telegram's, not a forgery (the hash checked out).
    if now - auth_date > MAX_AGE || auth_date - now > Duration::minutes(5) {
        return Err(InitDataError::Stale);
    }
    let user = get("user")
        .and_then(|json| serde_json::from_str::<WebAppUser>(json).ok())
        .ok_or(InitDataError::NoUser)?;
    Ok(InitData { user, auth_date })
}

/// Signs `pairs` as Telegram does and returns the initData string (pairs URL-encoded, `hash`
/// last). For the sandbox and tests.
pub fn sign(pairs: &[(&str, &str)], bot_token: &str) -> String {
    let owned: Vec<(String, String)> = pairs
        .iter()
        .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
        .collect();
    let mut mac = mac_for(bot_token);
    mac.update(data_check_string(&owned).as_bytes());
    let hash: String = mac
        .finalize()
        .into_bytes()
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    let mut out = url::form_urlencoded::Serializer::new(String::new());
    for (k, v) in pairs {
        out.append_pair(k, v);
    }
    out.append_pair("hash", &hash);
    out.finish()
}

#[cfg(test)]
#[path = "init_data_tests.rs"]
mod tests;
