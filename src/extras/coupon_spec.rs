//! The owner's `/coupon add` syntax parsed once into a [`CouponSpec`]: code, bonus or discount,
//! total limit and validity period. Pure, so every refusal is unit-tested.

use chrono::NaiveDate;
use rust_decimal::Decimal;

/// What a coupon gives.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CouponValue {
    /// Points credited on claiming, 1..=[`MAX_BONUS`].
    Bonus(i64),
    /// Percent off the next purchase, 0 < p ≤ 100.
    Discount(Decimal),
}

/// A validated `/coupon add` request.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CouponSpec {
    pub code: String,
    pub value: CouponValue,
    pub limit: i32,
    pub from: NaiveDate,
    pub until: NaiveDate,
}

/// Which part of `/coupon add` is wrong (each has its own message).
#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error)]
pub enum SpecError {
    #[error("usage")]
    Usage,
    #[error("bad code")]
    Code,
    #[error("bad value")]
    Value,
    #[error("bad limit")]
    Limit,
    #[error("bad date")]
    Date,
    #[error("the period is over or empty")]
    Period,
}

pub const MAX_LIMIT: i32 = 1_000_000;
pub const MAX_BONUS: i64 = 1_000_000;

/// New codes have at least this many characters: short ones can be guessed (36^6 ≈ 2·10^9).
pub const MIN_NEW_CODE: usize = 6;

/// `[A-Z0-9]{3,16}` (codes made before [`MIN_NEW_CODE`] may be short); lower case is accepted
/// and raised (flyers are read aloud, typed back).
pub fn parse_code(s: &str) -> Option<String> {
    let code = s.trim().to_ascii_uppercase();
    ((3..=16).contains(&code.len()) && code.chars().all(|c| c.is_ascii_alphanumeric()))
        .then_some(code)
}

fn parse_date(s: &str) -> Result<NaiveDate, SpecError> {
    NaiveDate::parse_from_str(s, "%Y-%m-%d")
        .or_else(|_| NaiveDate::parse_from_str(s, "%d.%m.%Y"))
        .map_err(|_| SpecError::Date)
}

impl CouponSpec {
    /// `CODE bonus N|discount P% limit L until YYYY-MM-DD [from YYYY-MM-DD]` (after `add`).
    pub fn parse(args: &str, today: NaiveDate) -> Result<Self, SpecError> {
        let words: Vec<&str> = args.split_whitespace().collect();
        let [code, kind, value, rest @ ..] = words.as_slice() else {
            return Err(SpecError::Usage);
        };
        let code = parse_code(code)
            .filter(|c| c.len() >= MIN_NEW_CODE)
            .ok_or(SpecError::Code)?;
        let value = match kind.to_ascii_lowercase().as_str() {
            "bonus" => value
                .parse::<i64>()
                .ok()
                .filter(|n| (1..=MAX_BONUS).contains(n))
                .map(CouponValue::Bonus)
                .ok_or(SpecError::Value)?,
            "discount" => value
                .trim_end_matches('%')
                .replace(',', ".")
                .parse::<Decimal>()
                .ok()
                .filter(|p| *p > Decimal::ZERO && *p <= Decimal::ONE_HUNDRED && p.scale() <= 2)
                .map(|p| CouponValue::Discount(p.normalize()))
                .ok_or(SpecError::Value)?,
            _ => return Err(SpecError::Usage),
        };
        let (mut limit, mut until, mut from) = (None, None, today);
        for pair in rest.chunks(2) {
            match (pair[0].to_ascii_lowercase().as_str(), pair.get(1)) {
                ("limit", Some(v)) => {
                    let n = v
                        .parse::<i32>()
                        .ok()
                        .filter(|n| (1..=MAX_LIMIT).contains(n));
                    limit = Some(n.ok_or(SpecError::Limit)?);
                }
                ("until", Some(v)) => until = Some(parse_date(v)?),
                ("from", Some(v)) => from = parse_date(v)?,
                _ => return Err(SpecError::Usage),
            }
        }
        let (Some(limit), Some(until)) = (limit, until) else {
            return Err(SpecError::Usage);
        };
        if until < today || until < from {
            return Err(SpecError::Period);
        }
        Ok(Self {
            code,
            value,
            limit,
            from,
            until,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).expect("date")
    }

    #[test]
    fn parses_owner_syntax() {
        let today = day(2026, 11, 23);
        let s =
            CouponSpec::parse("summer bonus 100 limit 500 until 2026-12-31", today).expect("bonus");
        assert_eq!(s.code, "SUMMER");
        assert_eq!(s.value, CouponValue::Bonus(100));
        assert_eq!((s.limit, s.from, s.until), (500, today, day(2026, 12, 31)));
        let s = CouponSpec::parse("SAVE10 discount 10% limit 100 until 31.12.2026", today)
            .expect("discount");
        assert_eq!(s.value, CouponValue::Discount(Decimal::TEN));
        for (args, err) in [
            ("", SpecError::Usage),
            ("AB bonus 1 limit 1 until 2026-12-31", SpecError::Code),
            ("ABCDE bonus 1 limit 1 until 2026-12-31", SpecError::Code),
            ("ABCDE-1 bonus 1 limit 1 until 2026-12-31", SpecError::Code),
            ("ABCDEF gift 1 limit 1 until 2026-12-31", SpecError::Usage),
            ("ABCDEF bonus 0 limit 1 until 2026-12-31", SpecError::Value),
            (
                "ABCDEF discount 101% limit 1 until 2026-12-31",
                SpecError::Value,
            ),
            (
                "ABCDEF discount 1.005 limit 1 until 2026-12-31",
                SpecError::Value,
            ),
            ("ABCDEF bonus 5 limit 0 until 2026-12-31", SpecError::Limit),
            ("ABCDEF bonus 5 until 2026-12-31", SpecError::Usage),
            ("ABCDEF bonus 5 limit 5", SpecError::Usage),
            ("ABCDEF bonus 5 limit 5 until 2026-13-01", SpecError::Date),
            ("ABCDEF bonus 5 limit 5 until 2026-11-22", SpecError::Period),
            (
                "ABCDEF bonus 5 limit 5 until 2026-12-01 from 2026-12-02",
                SpecError::Period,
            ),
            (
                "ABCDEF bonus 5 limit 5 until 2026-12-01 extra",
                SpecError::Usage,
            ),
        ] {
            assert_eq!(CouponSpec::parse(args, today), Err(err), "{args}");
        }
    }
}
