//! Settings typed as lists, one item a line: tiers (`Silver 10000 7`: name, spend threshold,
//! earn rate) and progressive discount levels (`1000 3`: spend threshold, percent). Lines may
//! also be separated by `;`, which is how the canonical text keeps a list on one line.

use rust_decimal::Decimal;

use super::values::{self, Percent, ValueError};
use crate::domain::Money;

/// At most this many tiers or discount levels: a card screen and a `/settings` message stay
/// readable, and nobody runs twenty levels.
pub const MAX_LINES: usize = 10;
pub const MAX_TIER_NAME: usize = 32;

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Tier {
    pub name: String,
    pub min_spend: Money,
    pub earn_rate: Percent,
}

impl Tier {
    pub fn canonical(&self) -> String {
        format!("{} {} {}", self.name, self.min_spend, self.earn_rate)
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Level {
    /// Money or zero (a level for everyone).
    pub min_spend: Decimal,
    pub percent: Percent,
}

impl Level {
    pub fn canonical(&self) -> String {
        format!("{:.2} {}", self.min_spend, self.percent)
    }
}

pub(super) fn join(items: impl Iterator<Item = String>) -> String {
    items.collect::<Vec<_>>().join("; ")
}

fn lines(input: &str) -> Result<Vec<(usize, &str)>, ValueError> {
    let lines: Vec<&str> = input
        .split(['\n', ';'])
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .collect();
    if lines.len() > MAX_LINES {
        return Err(ValueError::TooManyLines { max: MAX_LINES });
    }
    Ok(lines
        .into_iter()
        .enumerate()
        .map(|(i, l)| (i + 1, l))
        .collect())
}

fn at(line: usize) -> impl Fn(ValueError) -> ValueError {
    move |reason| ValueError::Line {
        line,
        reason: Box::new(reason),
    }
}

/// Tiers, sorted by threshold. Names and thresholds must be unique.
pub fn parse_tiers(input: &str) -> Result<Vec<Tier>, ValueError> {
    let mut tiers: Vec<Tier> = Vec::new();
    let all = lines(input)?;
    if all.is_empty() {
        return Err(at(1)(ValueError::TierShape));
    }
    for (line, text) in all {
        let words: Vec<&str> = text.split_whitespace().collect();
        let [name @ .., spend, rate] = words.as_slice() else {
            return Err(at(line)(ValueError::TierShape));
        };
        let name = name.join(" ");
        if name.is_empty() {
            return Err(at(line)(ValueError::TierShape));
        }
        if name.chars().count() > MAX_TIER_NAME {
            return Err(at(line)(ValueError::TooLong { max: MAX_TIER_NAME }));
        }
        let tier = Tier {
            min_spend: values::money(spend).map_err(at(line))?,
            earn_rate: Percent::parse(rate).map_err(at(line))?,
            name,
        };
        let repeated = tiers.iter().any(|t| {
            t.min_spend == tier.min_spend || t.name.to_lowercase() == tier.name.to_lowercase()
        });
        if repeated {
            return Err(ValueError::Duplicate { line });
        }
        tiers.push(tier);
    }
    tiers.sort_by_key(|t| t.min_spend);
    Ok(tiers)
}

/// Discount levels, sorted by threshold. Thresholds must be unique.
pub fn parse_levels(input: &str) -> Result<Vec<Level>, ValueError> {
    let mut levels: Vec<Level> = Vec::new();
    let all = lines(input)?;
    if all.is_empty() {
        return Err(at(1)(ValueError::LevelShape));
    }
    for (line, text) in all {
        let words: Vec<&str> = text.split_whitespace().collect();
        let [spend, percent] = words.as_slice() else {
            return Err(at(line)(ValueError::LevelShape));
        };
        let level = Level {
            min_spend: values::threshold(spend).map_err(at(line))?,
            percent: Percent::parse(percent).map_err(at(line))?,
        };
        if levels.iter().any(|l| l.min_spend == level.min_spend) {
            return Err(ValueError::Duplicate { line });
        }
        levels.push(level);
    }
    levels.sort_by_key(|l| l.min_spend);
    Ok(levels)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tiers(s: &str) -> Result<String, ValueError> {
        parse_tiers(s).map(|t| join(t.iter().map(Tier::canonical)))
    }

    fn line(line: usize, reason: ValueError) -> ValueError {
        ValueError::Line {
            line,
            reason: Box::new(reason),
        }
    }

    #[test]
    fn tiers_are_named_thresholds_with_rates() {
        assert_eq!(
            tiers("Gold 50000 10\nSilver 10000 7"),
            Ok("Silver 10000.00 7; Gold 50000.00 10".into())
        );
        assert_eq!(
            tiers("  VIP club  1000,50  7,5% ; "),
            Ok("VIP club 1000.50 7.5".into())
        );
        assert_eq!(tiers("Silver 10000"), Err(line(1, ValueError::TierShape)));
        assert_eq!(tiers("10000 7"), Err(line(1, ValueError::TierShape)));
        assert_eq!(
            tiers("Silver 10000 7\nGold abc 10"),
            Err(line(2, ValueError::NotANumber))
        );
        assert_eq!(tiers("Silver -5 7"), Err(line(1, ValueError::Negative)));
        assert_eq!(
            tiers("Silver 100 12.345"),
            Err(line(1, ValueError::TooPrecise))
        );
        assert_eq!(
            tiers("Silver 100 7\nsilver 200 8"),
            Err(ValueError::Duplicate { line: 2 })
        );
        assert_eq!(
            tiers("Silver 100 7\nGold 100 8"),
            Err(ValueError::Duplicate { line: 2 })
        );
        assert_eq!(
            tiers(&format!("{} 100 7", "x".repeat(33))),
            Err(line(1, ValueError::TooLong { max: 32 }))
        );
        let eleven: String = (1..=11).map(|i| format!("T{i} {i}00 1\n")).collect();
        assert_eq!(tiers(&eleven), Err(ValueError::TooManyLines { max: 10 }));
        assert_eq!(tiers(" \n "), Err(line(1, ValueError::TierShape)));
    }

    #[test]
    fn levels_are_thresholds_with_percents() {
        let levels = |s: &str| parse_levels(s).map(|l| join(l.iter().map(Level::canonical)));
        assert_eq!(
            levels("5000 5\n1000 3\n0 1"),
            Ok("0.00 1; 1000.00 3; 5000.00 5".into())
        );
        assert_eq!(levels("1000 3 4"), Err(line(1, ValueError::LevelShape)));
        assert_eq!(
            levels("1000 300"),
            Err(line(
                1,
                ValueError::OutOfRange {
                    min: Decimal::ZERO,
                    max: Decimal::ONE_HUNDRED
                }
            ))
        );
        assert_eq!(
            levels("1000 3\n1000.00 4"),
            Err(ValueError::Duplicate { line: 2 })
        );
    }
}
