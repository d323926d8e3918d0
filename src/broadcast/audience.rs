//! Who receives a broadcast: [`Audience`], its JSONB form in `broadcasts.audience`, and the SQL
//! that selects its customers. Every audience is narrowed further by [`reachable`]: customers
//! who switched promotions off, blocked the bot or were erased never receive one.
//!
//! The SQL reads an audience's numbers from the audience JSON itself (bound as one `jsonb`
//! parameter), so no value typed by an owner is ever spliced into a query string; only the
//! shape of the condition depends on the kind.

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use crate::domain::Language;

/// Longest look-back an owner may type for "inactive" and "spent" (ten years).
pub const MAX_DAYS: u32 = 3_650;
/// Highest points threshold an owner may type.
pub const MAX_POINTS: i64 = 1_000_000_000;

/// Who receives a broadcast (always among [`reachable`] customers). Conditions that depend on
/// time are evaluated when the broadcast starts (for a scheduled one: when it is due), in UTC.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "lowercase")]
pub enum Audience {
    All,
    Language {
        #[serde(with = "language_code")]
        language: Language,
    },
    /// Customers whose current tier (`customers.tier_id`) is this one.
    Tier {
        tier: i64,
    },
    /// No purchase in the last `days` days, and registered at least `days` days ago (so someone
    /// who joined yesterday and never bought is not "inactive for 30 days" yet). Undone
    /// purchases do not count as activity; refunded ones do (the customer did come).
    Inactive {
        days: u32,
    },
    /// Born in the current calendar month (UTC), `customers.birthday`.
    Birthday,
    /// Customers who joined through a friend's invite (`referred_by` set).
    Referred,
    /// At least `min` points posted on the customer's account (`accounts.balance`, the same
    /// number as the ledger's `Balance::posted`; pending redemption holds are not subtracted).
    Points {
        min: i64,
    },
    /// Spent at least `amount` in the last `days` days: purchases not undone, minus what was
    /// refunded on those purchases.
    Spent {
        amount: Decimal,
        days: u32,
    },
}

impl Audience {
    /// An SQL condition on customers aliased `c` selecting this audience (without the
    /// [`reachable`] part); `param` is the placeholder bound to this audience as `jsonb`.
    pub fn condition(&self, param: &str) -> String {
        let a = format!("{param}::jsonb");
        match self {
            Self::All => "TRUE".to_owned(),
            Self::Language { .. } => format!("c.language = {a}->>'language'"),
            Self::Tier { .. } => format!("c.tier_id = ({a}->>'tier')::bigint"),
            Self::Inactive { .. } => format!(
                "c.created_at <= now() - make_interval(days => ({a}->>'days')::int)
                 AND NOT EXISTS (
                     SELECT 1 FROM purchases p
                     WHERE p.customer_id = c.id AND p.undone_at IS NULL
                       AND p.created_at > now() - make_interval(days => ({a}->>'days')::int))"
            ),
            Self::Birthday => "EXTRACT(MONTH FROM c.birthday) \
                 = EXTRACT(MONTH FROM now() AT TIME ZONE 'UTC')"
                .to_owned(),
            Self::Referred => "c.referred_by IS NOT NULL".to_owned(),
            Self::Points { .. } => format!(
                "(SELECT a.balance FROM accounts a WHERE a.id = c.account_id) \
                 >= ({a}->>'min')::bigint"
            ),
            Self::Spent { .. } => format!(
                "(SELECT COALESCE(SUM(n.net), 0) FROM net_purchases n
                  WHERE n.customer_id = c.id
                    AND n.created_at > now() - make_interval(days => ({a}->>'days')::int))
                 >= ({a}->>'amount')::numeric"
            ),
        }
    }

    /// The full recipient filter: [`Self::condition`] and [`reachable`].
    pub fn filter(&self, param: &str) -> String {
        format!("{} AND ({})", reachable(), self.condition(param))
    }

    /// The language filter, as stored in `customers.language`.
    pub fn language_code(&self) -> Option<&'static str> {
        match self {
            Self::Language { language } => Some(language.code()),
            _ => None,
        }
    }
}

/// Who may receive promotions at all. Expects the customers table aliased `c`.
pub fn reachable() -> &'static str {
    "c.promos_enabled AND NOT c.unreachable AND c.chat_id IS NOT NULL AND c.erased_at IS NULL"
}

/// Why a typed audience parameter was refused (each maps to one localized message).
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum ParamError {
    #[error("not a whole number in range")]
    Number,
    #[error("not a number of days in range")]
    Days,
    #[error("not an amount")]
    Amount,
}

/// `500` for "at least N points": a whole number from 1 to [`MAX_POINTS`].
pub fn parse_points(input: &str) -> Result<i64, ParamError> {
    let digits: String = input.trim().chars().filter(|c| *c != ' ').collect();
    digits
        .parse::<i64>()
        .ok()
        .filter(|n| (1..=MAX_POINTS).contains(n))
        .ok_or(ParamError::Number)
}

/// `30` for "inactive for N days": 1 to [`MAX_DAYS`].
pub fn parse_days(input: &str) -> Result<u32, ParamError> {
    input
        .trim()
        .parse::<u32>()
        .ok()
        .filter(|n| (1..=MAX_DAYS).contains(n))
        .ok_or(ParamError::Days)
}

/// `1000 30` (or `1000.50 30`) for "spent at least X in the last N days".
pub fn parse_spent(input: &str) -> Result<(Decimal, u32), ParamError> {
    let (amount, days) = input
        .trim()
        .rsplit_once(char::is_whitespace)
        .ok_or(ParamError::Amount)?;
    let amount = crate::domain::Money::parse(amount).map_err(|_| ParamError::Amount)?;
    Ok((amount.value(), parse_days(days)?))
}

mod language_code {
    use serde::{Deserialize, Deserializer, Serializer, de::Error};

    use crate::domain::Language;

    pub fn serialize<S: Serializer>(lang: &Language, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(lang.code())
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Language, D::Error> {
        let code = String::deserialize(d)?;
        Language::from_code(&code).ok_or_else(|| D::Error::custom(format!("language {code:?}")))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn json_form_round_trips() {
        let all = [
            Audience::All,
            Audience::Language {
                language: Language::Uk,
            },
            Audience::Tier { tier: 7 },
            Audience::Inactive { days: 30 },
            Audience::Birthday,
            Audience::Referred,
            Audience::Points { min: 500 },
            Audience::Spent {
                amount: Decimal::new(100_050, 2),
                days: 14,
            },
        ];
        for a in all {
            let json = serde_json::to_value(a).expect("json");
            assert_eq!(serde_json::from_value::<Audience>(json).expect("back"), a);
        }
        // The form stored by earlier versions still reads.
        let old: Audience =
            serde_json::from_str(r#"{"kind": "language", "language": "ru"}"#).expect("old");
        assert_eq!(
            old,
            Audience::Language {
                language: Language::Ru
            }
        );
    }

    #[test]
    fn typed_parameters() {
        assert_eq!(parse_points(" 500 "), Ok(500));
        assert_eq!(parse_points("1 000"), Ok(1000));
        for bad in ["abc", "0", "-5", "", "1.5", "99999999999"] {
            assert_eq!(parse_points(bad), Err(ParamError::Number), "{bad}");
        }
        assert_eq!(parse_days("30"), Ok(30));
        for bad in ["abc", "0", "-1", "3651"] {
            assert_eq!(parse_days(bad), Err(ParamError::Days), "{bad}");
        }
        assert_eq!(
            parse_spent("1000,50 30"),
            Ok((Decimal::new(100_050, 2), 30))
        );
        assert_eq!(parse_spent("1000"), Err(ParamError::Amount));
        assert_eq!(parse_spent("abc 30"), Err(ParamError::Amount));
        assert_eq!(parse_spent("100 abc"), Err(ParamError::Days));
    }
}
