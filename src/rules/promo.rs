//! Promo rules as the owner types them and as a purchase meets them: parsing the one-line
//! `/rules add` syntax, and which rules apply on a day. Dates are UTC calendar days, inclusive.

use chrono::NaiveDate;
use rust_decimal::Decimal;

use crate::domain::Money;

/// What a rule does to a purchase.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Effect {
    /// Points the purchase earns are multiplied (x2, x1.5).
    Multiplier(Decimal),
    /// A one-off bonus per customer, on their first purchase while the rule runs.
    Bonus(i64),
}

/// A rule as typed: `x2 2026-11-28 2026-11-30` or `+200 2026-12-01 2026-12-07 first 100 tier Gold`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RuleSpec {
    pub effect: Effect,
    pub starts_on: NaiveDate,
    pub ends_on: NaiveDate,
    pub first_k: Option<i32>,
    pub tier: Option<String>,
}

pub const MAX_MULTIPLIER: i64 = 10;
pub const MAX_BONUS: i64 = 1_000_000;

/// Why a typed rule was refused; each maps to one localized sentence.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum RuleError {
    #[error("expected an effect, a start and an end date")]
    Usage,
    #[error("the effect must be xN (more than 1, at most 10) or +N points")]
    BadEffect,
    #[error("not a date (YYYY-MM-DD): {0}")]
    BadDate(String),
    #[error("the end is before the start")]
    EndBeforeStart,
    #[error("the rule would already be over")]
    InThePast,
    #[error("first needs a whole number above zero")]
    BadFirst,
    #[error("tier needs a name")]
    NoTierName,
    #[error("unexpected word: {0}")]
    Unexpected(String),
}

fn parse_effect(s: &str) -> Result<Effect, RuleError> {
    if let Some(m) = s.strip_prefix(['x', 'X', '×']) {
        let m: Decimal = m
            .replace(',', ".")
            .parse()
            .map_err(|_| RuleError::BadEffect)?;
        if m <= Decimal::ONE || m > Decimal::from(MAX_MULTIPLIER) || m.scale() > 2 {
            return Err(RuleError::BadEffect);
        }
        return Ok(Effect::Multiplier(m.normalize()));
    }
    if let Some(b) = s.strip_prefix('+') {
        let b: i64 = b.parse().map_err(|_| RuleError::BadEffect)?;
        if b <= 0 || b > MAX_BONUS {
            return Err(RuleError::BadEffect);
        }
        return Ok(Effect::Bonus(b));
    }
    Err(RuleError::BadEffect)
}

fn parse_date(s: &str) -> Result<NaiveDate, RuleError> {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").map_err(|_| RuleError::BadDate(s.to_owned()))
}

/// Parses the words after `/rules add`; `today` (UTC) refuses rules that are already over.
pub fn parse(input: &str, today: NaiveDate) -> Result<RuleSpec, RuleError> {
    let words: Vec<&str> = input.split_whitespace().collect();
    let [effect, start, end, rest @ ..] = words.as_slice() else {
        return Err(RuleError::Usage);
    };
    let effect = parse_effect(effect)?;
    let (starts_on, ends_on) = (parse_date(start)?, parse_date(end)?);
    if ends_on < starts_on {
        return Err(RuleError::EndBeforeStart);
    }
    if ends_on < today {
        return Err(RuleError::InThePast);
    }
    let (mut first_k, mut tier) = (None, None);
    let mut i = 0;
    while i < rest.len() {
        match rest[i].to_lowercase().as_str() {
            "first" => {
                let k = rest.get(i + 1).and_then(|k| k.parse::<i32>().ok());
                first_k = Some(k.filter(|k| *k > 0).ok_or(RuleError::BadFirst)?);
                i += 2;
            }
            "tier" => {
                // A tier name may have spaces: it runs until the next keyword.
                let name: Vec<&str> = rest[i + 1..]
                    .iter()
                    .take_while(|w| !w.eq_ignore_ascii_case("first"))
                    .copied()
                    .collect();
                if name.is_empty() {
                    return Err(RuleError::NoTierName);
                }
                i += 1 + name.len();
                tier = Some(name.join(" "));
            }
            _ => return Err(RuleError::Unexpected(rest[i].to_owned())),
        }
    }
    Ok(RuleSpec {
        effect,
        starts_on,
        ends_on,
        first_k,
        tier,
    })
}

/// Whether a rule running `starts_on..=ends_on` is on for a purchase on `day`.
pub fn runs_on(starts_on: NaiveDate, ends_on: NaiveDate, day: NaiveDate) -> bool {
    starts_on <= day && day <= ends_on
}

/// Several multipliers on one day do not stack: the highest applies (owners expect "x2
/// weekend" plus "x3 for Gold" to give Gold x3, not x6).
pub fn best_multiplier(multipliers: impl IntoIterator<Item = Decimal>) -> Decimal {
    multipliers.into_iter().fold(Decimal::ONE, Decimal::max)
}

/// For the owner's preview: the points a purchase of `amount` at `rate_percent` earns with the
/// rule and without it (a bonus counts on the customer's first purchase while the rule runs).
/// The same arithmetic as the till's quote.
pub fn example(effect: Effect, amount: Money, rate_percent: Decimal) -> (i64, i64) {
    let without = super::points_for_purchase(amount, rate_percent);
    let with = match effect {
        Effect::Multiplier(m) => super::points_for_purchase(amount, rate_percent * m),
        Effect::Bonus(b) => without + b,
    };
    (with, without)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(s: &str) -> NaiveDate {
        parse_date(s).unwrap_or_default()
    }

    #[test]
    fn parses_the_compact_syntax() {
        let today = day("2026-11-23");
        assert_eq!(
            parse("x2 2026-11-28 2026-11-30", today),
            Ok(RuleSpec {
                effect: Effect::Multiplier(Decimal::from(2)),
                starts_on: day("2026-11-28"),
                ends_on: day("2026-11-30"),
                first_k: None,
                tier: None,
            })
        );
        assert_eq!(
            parse("+200 2026-12-01 2026-12-07 first 100 tier Gold Plus", today),
            Ok(RuleSpec {
                effect: Effect::Bonus(200),
                starts_on: day("2026-12-01"),
                ends_on: day("2026-12-07"),
                first_k: Some(100),
                tier: Some("Gold Plus".into()),
            })
        );
        let r = parse("X1,5 2026-11-23 2026-11-23 tier Gold first 3", today);
        assert_eq!(
            r.as_ref().map(|r| (r.effect, r.first_k, r.tier.as_deref())),
            Ok((
                Effect::Multiplier(Decimal::new(15, 1)),
                Some(3),
                Some("Gold")
            ))
        );
    }

    #[test]
    fn refuses_bad_rules() {
        let today = day("2026-11-23");
        for (input, err) in [
            ("", RuleError::Usage),
            ("x2 2026-11-28", RuleError::Usage),
            ("x1 2026-11-28 2026-11-30", RuleError::BadEffect),
            ("x11 2026-11-28 2026-11-30", RuleError::BadEffect),
            ("x1.555 2026-11-28 2026-11-30", RuleError::BadEffect),
            ("+0 2026-11-28 2026-11-30", RuleError::BadEffect),
            ("+-5 2026-11-28 2026-11-30", RuleError::BadEffect),
            ("double 2026-11-28 2026-11-30", RuleError::BadEffect),
            (
                "x2 28.11.2026 2026-11-30",
                RuleError::BadDate("28.11.2026".into()),
            ),
            ("x2 2026-11-30 2026-11-28", RuleError::EndBeforeStart),
            ("x2 2026-11-01 2026-11-22", RuleError::InThePast),
            ("+5 2026-11-28 2026-11-30 first", RuleError::BadFirst),
            ("+5 2026-11-28 2026-11-30 first 0", RuleError::BadFirst),
            ("+5 2026-11-28 2026-11-30 tier", RuleError::NoTierName),
            (
                "+5 2026-11-28 2026-11-30 soon",
                RuleError::Unexpected("soon".into()),
            ),
        ] {
            assert_eq!(parse(input, today), Err(err), "{input}");
        }
    }

    #[test]
    fn dates_are_inclusive_and_multipliers_do_not_stack() {
        let (s, e) = (day("2026-11-28"), day("2026-11-30"));
        assert!(!runs_on(s, e, day("2026-11-27")));
        assert!(runs_on(s, e, day("2026-11-28")));
        assert!(runs_on(s, e, day("2026-11-30")));
        assert!(!runs_on(s, e, day("2026-12-01")));
        assert_eq!(best_multiplier([]), Decimal::ONE);
        assert_eq!(
            best_multiplier([Decimal::from(2), Decimal::from(3)]),
            Decimal::from(3)
        );
    }

    #[test]
    fn the_preview_example_earns_what_the_till_would() {
        let money = |s: &str| Money::parse(s).expect("amount");
        let five = Decimal::from(5);
        let x2 = Effect::Multiplier(Decimal::from(2));
        assert_eq!(example(x2, money("1000"), five), (100, 50));
        let x15 = Effect::Multiplier(Decimal::new(15, 1));
        assert_eq!(example(x15, money("999.99"), five), (74, 49));
        assert_eq!(example(Effect::Bonus(200), money("1000"), five), (250, 50));
    }
}
