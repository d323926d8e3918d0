//! Typed input to setting values, parsed once: a [`Value`] can only hold what the programme
//! accepts (a percent 0–100 with two decimals at most, whole points up to a sane cap, money
//! through [`Money`], months 1–120 or never...). `-5`, `abc`, `12.345`, `1e9` each get their
//! own [`ValueError`], which the chat turns into one localized answer.
//!
//! Every value also has a canonical text form (`canonical` / `from_canonical`): that is what
//! a persisted dialogue stores and what the audit log shows, and it parses back to the same
//! value.

use std::str::FromStr;

use rust_decimal::Decimal;

use super::{
    Kind,
    lists::{self, Level, Tier},
};
use crate::{
    domain::{Money, MoneyError},
    storage::settings::{DiscountMode, ProgrammeType},
};

#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum ValueError {
    #[error("not a number")]
    NotANumber,
    #[error("below zero")]
    Negative,
    #[error("at most two decimals")]
    TooPrecise,
    #[error("not a whole number")]
    NotWhole,
    #[error("outside {min}..={max}")]
    OutOfRange { min: Decimal, max: Decimal },
    #[error("longer than {max} characters")]
    TooLong { max: usize },
    #[error("not a colour such as #2b6cb0")]
    NotAColour,
    #[error("too light for white text on it")]
    TooLight,
    #[error("not `name amount percent`")]
    TierShape,
    #[error("not `amount percent`")]
    LevelShape,
    #[error("line {line}: {reason}")]
    Line {
        line: usize,
        reason: Box<ValueError>,
    },
    #[error("line {line} repeats a name or an amount")]
    Duplicate { line: usize },
    #[error("more than {max} lines")]
    TooManyLines { max: usize },
    #[error("not one of the choices")]
    NotAChoice,
}

/// A percent: 0–100, at most two decimals (`7`, `7,5`, `7.25%`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct Percent(Decimal);

impl Percent {
    pub fn parse(input: &str) -> Result<Self, ValueError> {
        let trimmed = input.trim();
        let number = trimmed.strip_suffix('%').unwrap_or(trimmed);
        decimal_in(number, Decimal::ZERO, Decimal::ONE_HUNDRED).map(Self)
    }

    /// A percent stored by the database (its CHECK constraint already holds it to 0–100).
    pub fn from_db(value: Decimal) -> Self {
        Self(value.clamp(Decimal::ZERO, Decimal::ONE_HUNDRED).round_dp(2))
    }

    pub fn value(self) -> Decimal {
        self.0
    }
}

impl std::fmt::Display for Percent {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.0.normalize().fmt(f)
    }
}

/// A bonus in whole points: 0 (off) up to [`BonusPoints::MAX`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct BonusPoints(i64);

impl BonusPoints {
    /// Far above any real bonus; a typo such as an extra zero or two still fits, a pasted
    /// phone number does not.
    pub const MAX: i64 = 1_000_000;

    pub fn parse(input: &str) -> Result<Self, ValueError> {
        whole_in(input, 0, Self::MAX).map(Self)
    }

    pub fn new(n: i64) -> Result<Self, ValueError> {
        if (0..=Self::MAX).contains(&n) {
            Ok(Self(n))
        } else {
            Err(ValueError::OutOfRange {
                min: Decimal::ZERO,
                max: Self::MAX.into(),
            })
        }
    }

    pub fn get(self) -> i64 {
        self.0
    }
}

/// The value of one setting, always valid for it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Value {
    Percent(Percent),
    Points(BonusPoints),
    Money(Money),
    /// Money or zero.
    Threshold(Decimal),
    /// Months, or `None` for never.
    Months(Option<i32>),
    Days(i32),
    /// Every Nth purchase, or `None` for no stamp card.
    StampEvery(Option<i32>),
    Text(Option<String>),
    /// `#rrggbb`, lower case.
    Colour(String),
    Programme(ProgrammeType),
    Discount(DiscountMode),
    Tiers(Vec<Tier>),
    Levels(Vec<Level>),
}

pub const MAX_TEXT: usize = 100;
const NEVER: &str = "never";
const OFF: &str = "off";

impl Value {
    /// What the owner typed, for a setting of `kind`.
    pub fn parse(kind: Kind, input: &str) -> Result<Self, ValueError> {
        let word = input.trim().to_lowercase();
        Ok(match kind {
            Kind::Percent => Self::Percent(Percent::parse(input)?),
            Kind::Points => Self::Points(BonusPoints::parse(input)?),
            Kind::Money => Self::Money(money(input)?),
            Kind::MoneyOrZero => Self::Threshold(threshold(input)?),
            Kind::Months if word == NEVER => Self::Months(None),
            Kind::Months => Self::Months(Some(small(input, 1, 120)?)),
            Kind::Days => Self::Days(small(input, 1, 3650)?),
            Kind::StampEvery if word == OFF => Self::StampEvery(None),
            Kind::StampEvery => Self::StampEvery(Some(small(input, 2, 20)?)),
            Kind::Text => Self::Text(Some(text(input)?)),
            Kind::ShopName => Self::Text(Some(shop_name(input)?)),
            Kind::Colour => Self::Colour(colour(input)?),
            Kind::ProgrammeType => Self::Programme(match word.as_str() {
                "points" => ProgrammeType::Points,
                "discount" => ProgrammeType::Discount,
                "both" => ProgrammeType::Both,
                _ => return Err(ValueError::NotAChoice),
            }),
            Kind::DiscountMode => Self::Discount(match word.as_str() {
                "fixed" => DiscountMode::Fixed,
                "progressive" => DiscountMode::Progressive,
                _ => return Err(ValueError::NotAChoice),
            }),
            Kind::Tiers => Self::Tiers(lists::parse_tiers(input)?),
            Kind::Levels => Self::Levels(lists::parse_levels(input)?),
        })
    }

    /// The text form stored in drafts and audit rows; [`Value::from_canonical`] reads it back.
    pub fn canonical(&self) -> String {
        match self {
            Self::Percent(p) => p.to_string(),
            Self::Points(p) => p.get().to_string(),
            Self::Money(m) => m.to_string(),
            Self::Threshold(d) => format!("{:.2}", d),
            Self::Months(None) => NEVER.to_owned(),
            Self::StampEvery(None) => OFF.to_owned(),
            Self::Months(Some(n)) | Self::Days(n) | Self::StampEvery(Some(n)) => n.to_string(),
            Self::Text(t) => t.clone().unwrap_or_default(),
            Self::Colour(c) => c.clone(),
            Self::Programme(p) => format!("{p:?}").to_lowercase(),
            Self::Discount(d) => format!("{d:?}").to_lowercase(),
            Self::Tiers(tiers) => lists::join(tiers.iter().map(Tier::canonical)),
            Self::Levels(levels) => lists::join(levels.iter().map(Level::canonical)),
        }
    }

    pub fn from_canonical(kind: Kind, text: &str) -> Result<Self, ValueError> {
        match kind {
            Kind::Text | Kind::ShopName if text.is_empty() => Ok(Self::Text(None)),
            Kind::Tiers if text.is_empty() => Ok(Self::Tiers(Vec::new())),
            Kind::Levels if text.is_empty() => Ok(Self::Levels(Vec::new())),
            _ => Self::parse(kind, text),
        }
    }

    /// The values offered as buttons (the rest is typed).
    pub fn choices(kind: Kind) -> Vec<Self> {
        match kind {
            Kind::ProgrammeType => vec![
                Self::Programme(ProgrammeType::Points),
                Self::Programme(ProgrammeType::Discount),
                Self::Programme(ProgrammeType::Both),
            ],
            Kind::DiscountMode => vec![
                Self::Discount(DiscountMode::Fixed),
                Self::Discount(DiscountMode::Progressive),
            ],
            Kind::Months => vec![Self::Months(None)],
            Kind::StampEvery => vec![Self::StampEvery(None)],
            Kind::Text => vec![Self::Text(None)],
            Kind::Tiers => vec![Self::Tiers(Vec::new())],
            Kind::Levels => vec![Self::Levels(Vec::new())],
            _ => Vec::new(),
        }
    }
}

/// A decimal typed as people type it (`7,5`, `1 000.50`), within `min..=max`.
pub(super) fn decimal_in(input: &str, min: Decimal, max: Decimal) -> Result<Decimal, ValueError> {
    let compact: String = input
        .trim()
        .chars()
        .filter(|c| !matches!(c, ' ' | '\u{a0}' | '\u{202f}'))
        .map(|c| if c == ',' { '.' } else { c })
        .collect();
    if compact.starts_with('-') {
        return Err(ValueError::Negative);
    }
    let well_formed = compact.chars().all(|c| c.is_ascii_digit() || c == '.')
        && compact.matches('.').count() <= 1
        && compact.chars().any(|c| c.is_ascii_digit());
    if !well_formed {
        return Err(ValueError::NotANumber);
    }
    if compact.split('.').nth(1).is_some_and(|d| d.len() > 2) {
        return Err(ValueError::TooPrecise);
    }
    let out_of_range = ValueError::OutOfRange { min, max };
    if compact.split('.').next().unwrap_or("").len() > 15 {
        return Err(out_of_range);
    }
    let value = Decimal::from_str(&compact).map_err(|_| out_of_range.clone())?;
    if value < min || value > max {
        return Err(out_of_range);
    }
    Ok(value)
}

/// A whole number within `min..=max` (spaces between digits allowed: `1 000`).
pub(super) fn whole_in(input: &str, min: i64, max: i64) -> Result<i64, ValueError> {
    let compact: String = input
        .trim()
        .chars()
        .filter(|c| !matches!(c, ' ' | '\u{a0}' | '\u{202f}'))
        .collect();
    if compact.starts_with('-') {
        return Err(ValueError::Negative);
    }
    let out_of_range = ValueError::OutOfRange {
        min: min.into(),
        max: max.into(),
    };
    if compact.is_empty() || !compact.chars().all(|c| c.is_ascii_digit()) {
        let fraction = compact
            .chars()
            .all(|c| c.is_ascii_digit() || c == '.' || c == ',');
        return Err(if fraction && compact.chars().any(|c| c.is_ascii_digit()) {
            ValueError::NotWhole
        } else {
            ValueError::NotANumber
        });
    }
    let n: i64 = compact.parse().map_err(|_| out_of_range.clone())?;
    if n < min || n > max {
        return Err(out_of_range);
    }
    Ok(n)
}

fn small(input: &str, min: i32, max: i32) -> Result<i32, ValueError> {
    let n = whole_in(input, min.into(), max.into())?;
    i32::try_from(n).map_err(|_| ValueError::NotANumber)
}

pub(super) fn money(input: &str) -> Result<Money, ValueError> {
    Money::parse(input).map_err(|e| match e {
        MoneyError::NotANumber => ValueError::NotANumber,
        MoneyError::TooPrecise => ValueError::TooPrecise,
        MoneyError::NotPositive if input.trim().starts_with('-') => ValueError::Negative,
        MoneyError::NotPositive | MoneyError::TooLarge => ValueError::OutOfRange {
            min: Decimal::new(1, 2),
            max: Money::MAX,
        },
    })
}

/// Money, or zero for "no minimum".
pub(super) fn threshold(input: &str) -> Result<Decimal, ValueError> {
    match decimal_in(input, Decimal::ZERO, Money::MAX) {
        Ok(zero) if zero.is_zero() => Ok(Decimal::ZERO),
        Ok(_) => money(input).map(Money::value),
        Err(e) => Err(e),
    }
}

fn text(input: &str) -> Result<String, ValueError> {
    let t = input.trim();
    if t.is_empty() {
        Err(ValueError::NotANumber)
    } else if t.chars().count() > MAX_TEXT {
        Err(ValueError::TooLong { max: MAX_TEXT })
    } else {
        Ok(t.to_owned())
    }
}

/// The shop's name for the card picture: 1 to 40 characters.
fn shop_name(input: &str) -> Result<String, ValueError> {
    const MAX: usize = 40;
    let t = text(input)?;
    if t.chars().count() > MAX {
        return Err(ValueError::TooLong { max: MAX });
    }
    Ok(t)
}

/// `#rrggbb` (the `#` may be left out), dark enough that white text on it reads: a contrast
/// of at least 3:1 with white (WCAG's minimum for large text), i.e. a luminance up to 0.3.
fn colour(input: &str) -> Result<String, ValueError> {
    let t = input.trim().trim_start_matches('#').to_ascii_lowercase();
    let rgb = crate::picture::parse_colour(&format!("#{t}")).ok_or(ValueError::NotAColour)?;
    if crate::picture::luminance(rgb) > 0.3 {
        return Err(ValueError::TooLight);
    }
    Ok(format!("#{t}"))
}
