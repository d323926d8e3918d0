use std::{fmt, str::FromStr};

use rust_decimal::Decimal;

/// A positive amount of money with at most two decimals, below [`Money::MAX`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Money(Decimal);

#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum MoneyError {
    #[error("not an amount")]
    NotANumber,
    #[error("the amount must be above zero")]
    NotPositive,
    #[error("at most two decimals")]
    TooPrecise,
    #[error("the amount is too large")]
    TooLarge,
}

impl Money {
    /// A sane ceiling for one purchase at a shop's till.
    pub const MAX: Decimal = Decimal::from_parts(10_000_000, 0, 0, false, 0);

    /// Parses what a cashier types: `1250,50`, `1 250.50`, `1250`. Rejects `-5`, `0`, `abc`,
    /// `1e9`, `12.345` and anything too large, each with its own reason.
    pub fn parse(input: &str) -> Result<Self, MoneyError> {
        let compact: String = input
            .trim()
            .chars()
            .filter(|c| !matches!(c, ' ' | '\u{a0}' | '\u{202f}' | '\''))
            .map(|c| if c == ',' { '.' } else { c })
            .collect();
        if compact.starts_with('-') {
            return Err(MoneyError::NotPositive);
        }
        let valid = !compact.is_empty()
            && compact.chars().all(|c| c.is_ascii_digit() || c == '.')
            && compact.matches('.').count() <= 1
            && compact.chars().any(|c| c.is_ascii_digit());
        if !valid {
            return Err(MoneyError::NotANumber);
        }
        if compact.split('.').nth(1).is_some_and(|d| d.len() > 2) {
            return Err(MoneyError::TooPrecise);
        }
        let digits_before = compact
            .split('.')
            .next()
            .unwrap_or("")
            .trim_start_matches('0')
            .len();
        if digits_before > 12 {
            return Err(MoneyError::TooLarge);
        }
        let value = Decimal::from_str(&compact).map_err(|_| MoneyError::TooLarge)?;
        Self::new(value)
    }

    pub fn new(value: Decimal) -> Result<Self, MoneyError> {
        if value <= Decimal::ZERO {
            Err(MoneyError::NotPositive)
        } else if value.scale() > 2 && value.normalize().scale() > 2 {
            Err(MoneyError::TooPrecise)
        } else if value > Self::MAX {
            Err(MoneyError::TooLarge)
        } else {
            Ok(Self(value.round_dp(2)))
        }
    }

    pub fn value(self) -> Decimal {
        self.0
    }
}

impl fmt::Display for Money {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:.2}", self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ok(s: &str) -> String {
        Money::parse(s)
            .map(|m| m.to_string())
            .unwrap_or_else(|e| format!("{e:?}"))
    }

    #[test]
    fn what_cashiers_type() {
        assert_eq!(ok("1250,50"), "1250.50");
        assert_eq!(ok("1 250.50"), "1250.50");
        assert_eq!(ok("1250"), "1250.00");
        assert_eq!(ok(" 0.5 "), "0.50");
        assert_eq!(ok("10000000"), "10000000.00");
    }

    #[test]
    fn what_is_refused() {
        assert_eq!(Money::parse("-5"), Err(MoneyError::NotPositive));
        assert_eq!(Money::parse("0"), Err(MoneyError::NotPositive));
        assert_eq!(Money::parse("0.00"), Err(MoneyError::NotPositive));
        assert_eq!(Money::parse("abc"), Err(MoneyError::NotANumber));
        assert_eq!(Money::parse("1e9"), Err(MoneyError::NotANumber));
        assert_eq!(Money::parse("12.345"), Err(MoneyError::TooPrecise));
        assert_eq!(Money::parse("1.2.3"), Err(MoneyError::NotANumber));
        assert_eq!(Money::parse("."), Err(MoneyError::NotANumber));
        assert_eq!(Money::parse(""), Err(MoneyError::NotANumber));
        assert_eq!(Money::parse("10000000.01"), Err(MoneyError::TooLarge));
        assert_eq!(Money::parse(&"9".repeat(40)), Err(MoneyError::TooLarge));
    }
}
