use chrono::TimeZone;
use sha2::Digest;

use super::*;

const TOKEN: &str = "7000001:TEST-TOKEN";
const USER: &str = r#"{"id":424242,"first_name":"Анна","language_code":"ru"}"#;

fn at(secs: i64) -> DateTime<Utc> {
    Utc.timestamp_opt(secs, 0).single().unwrap_or_default()
}

/// HMAC-SHA256 written out from RFC 2104 with the plain hash, so the vector below does not
/// come from the code under test (nor from the `hmac` crate it uses).
fn rfc2104(key: &[u8], message: &[u8]) -> [u8; 32] {
    let mut block = [0u8; 64];
    if key.len() > 64 {
        block[..32].copy_from_slice(&sha2::Sha256::digest(key));
    } else {
        block[..key.len()].copy_from_slice(key);
    }
    let ipad: Vec<u8> = block.iter().map(|b| b ^ 0x36).collect();
    let opad: Vec<u8> = block.iter().map(|b| b ^ 0x5c).collect();
    let inner = sha2::Sha256::digest([ipad.as_slice(), message].concat());
    sha2::Sha256::digest([opad.as_slice(), inner.as_slice()].concat()).into()
}

fn percent(s: &str) -> String {
    s.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                (b as char).to_string()
            }
            _ => format!("%{b:02X}"),
        })
        .collect()
}

/// initData built by hand the way Telegram's documentation describes it.
fn independent(auth_date: i64, user: &str, token: &str) -> String {
    let check = format!("auth_date={auth_date}\nquery_id=AAHdF6IQ\nuser={user}");
    let secret = rfc2104(b"WebAppData", token.as_bytes());
    let hash: String = rfc2104(&secret, check.as_bytes())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    format!(
        "query_id=AAHdF6IQ&user={}&auth_date={auth_date}&hash={hash}",
        percent(user)
    )
}

#[test]
fn a_vector_computed_independently_validates() {
    let raw = independent(1_700_000_000, USER, TOKEN);
    let data = validate(&raw, TOKEN, at(1_700_000_100));
    assert_eq!(
        data,
        Ok(InitData {
            user: WebAppUser {
                id: 424_242,
                first_name: "Анна".into(),
                language_code: Some("ru".into()),
            },
            auth_date: at(1_700_000_000),
        })
    );
}

#[test]
fn signed_data_validates_and_matches_the_independent_vector() {
    let raw = sign(
        &[
            ("query_id", "AAHdF6IQ"),
            ("user", USER),
            ("auth_date", "1700000000"),
        ],
        TOKEN,
    );
    let ours = raw.rsplit_once("hash=").map(|(_, h)| h.to_owned());
    let theirs = independent(1_700_000_000, USER, TOKEN)
        .rsplit_once("hash=")
        .map(|(_, h)| h.to_owned());
    assert_eq!(ours, theirs);
    assert!(validate(&raw, TOKEN, at(1_700_000_000)).is_ok());
}

#[test]
fn a_wrong_hash_or_token_is_refused() {
    let raw = independent(1_700_000_000, USER, TOKEN);
    let now = at(1_700_000_100);
    assert_eq!(
        validate(&raw, "7000001:OTHER", now),
        Err(InitDataError::BadHash)
    );
    let flipped = match raw.strip_suffix('0') {
        Some(rest) => format!("{rest}1"),
        None => format!("{}0", &raw[..raw.len() - 1]),
    };
    assert_eq!(validate(&flipped, TOKEN, now), Err(InitDataError::BadHash));
    let short = raw.replace("hash=", "hash=00");
    assert_eq!(validate(&short, TOKEN, now), Err(InitDataError::BadHash));
    let not_hex = format!("{}zz", &raw[..raw.len() - 2]);
    assert_eq!(validate(&not_hex, TOKEN, now), Err(InitDataError::NoHash));
}

#[test]
fn a_tampered_user_is_refused() {
    let raw = independent(1_700_000_000, USER, TOKEN);
    let other = raw.replace("424242", "424243");
    assert_ne!(raw, other);
    assert_eq!(
        validate(&other, TOKEN, at(1_700_000_100)),
        Err(InitDataError::BadHash)
    );
    // An extra field is covered by the hash too.
    let extra = format!("{raw}&can_send_after=0");
    assert_eq!(
        validate(&extra, TOKEN, at(1_700_000_100)),
        Err(InitDataError::BadHash)
    );
    // A second `user` after the signed one must not be read.
    let twice = format!("{raw}&user={}", percent(r#"{"id":1,"first_name":"X"}"#));
    assert_eq!(
        validate(&twice, TOKEN, at(1_700_000_100)),
        Err(InitDataError::Malformed)
    );
}

#[test]
fn stale_auth_date_is_refused() {
    let raw = independent(1_700_000_000, USER, TOKEN);
    let day = 24 * 3600;
    assert!(validate(&raw, TOKEN, at(1_700_000_000 + day)).is_ok());
    assert_eq!(
        validate(&raw, TOKEN, at(1_700_000_001 + day)),
        Err(InitDataError::Stale)
    );
    // Signed "in the future" beyond clock skew: not from Telegram's clock either.
    assert_eq!(
        validate(&raw, TOKEN, at(1_700_000_000 - 3600)),
        Err(InitDataError::Stale)
    );
}

#[test]
fn missing_fields_are_refused() {
    let now = at(1_700_000_100);
    assert_eq!(validate("", TOKEN, now), Err(InitDataError::Malformed));
    let no_hash = "query_id=x&auth_date=1700000000";
    assert_eq!(validate(no_hash, TOKEN, now), Err(InitDataError::NoHash));
    let no_user = sign(&[("auth_date", "1700000000"), ("query_id", "q")], TOKEN);
    assert_eq!(validate(&no_user, TOKEN, now), Err(InitDataError::NoUser));
    let no_date = sign(&[("user", USER)], TOKEN);
    assert_eq!(
        validate(&no_date, TOKEN, now),
        Err(InitDataError::NoAuthDate)
    );
    let bad_user = sign(
        &[("user", "{\"id\":\"x\"}"), ("auth_date", "1700000000")],
        TOKEN,
    );
    assert_eq!(validate(&bad_user, TOKEN, now), Err(InitDataError::NoUser));
}
