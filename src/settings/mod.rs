//! The owner's editing of the programme (`/settings`): which settings exist ([`SettingKey`]),
//! how typed input becomes a valid value once ([`values`], [`lists`]), how a value is read and
//! saved with its audit row in one transaction ([`store`]), and the persisted dialogue state
//! ([`drafts`]) that survives a restart. The chat side is `telegram::settings*`.
//!
//! What the settings *do* at the till lives with each feature; readers load
//! [`crate::storage::settings::ProgramSettings`] inside their own transaction, so a saved change
//! applies to every purchase posted after it and to none before.

pub mod drafts;
pub mod lists;
pub mod store;
pub mod values;

pub use values::{Value, ValueError};

/// One editable setting. `code` names it in the database (audit rows, drafts) and is the
/// `program_settings` column for the scalar ones.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum SettingKey {
    ProgrammeType,
    DiscountMode,
    DiscountPercent,
    DiscountLevels,
    EarnRate,
    PointValue,
    MaxRedeemShare,
    WelcomeBonus,
    ReferralBonus,
    ReferrerBonus,
    ExpiryMonths,
    TierPeriodDays,
    Tiers,
    StampEvery,
    StampMinAmount,
    StampGift,
    StampGiftPoints,
    BirthdayBonus,
    FeedbackBonus,
    ReferralMinAmount,
    RefundWindowDays,
    /// The shop's name and colour on the card picture.
    ShopName,
    ShopColour,
}

/// What kind of value a setting holds, which decides how it is typed and checked.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    /// 0–100 with at most two decimals.
    Percent,
    /// A whole number of points, 0 up to [`values::BonusPoints::MAX`].
    Points,
    /// A positive amount of money ([`crate::domain::Money`]).
    Money,
    /// Money or 0 (a threshold that may be "no minimum").
    MoneyOrZero,
    /// 1–120 months, or never.
    Months,
    /// 1–3650 days.
    Days,
    /// Every 2nd–20th purchase, or off.
    StampEvery,
    /// Up to 100 characters, or none.
    Text,
    ProgrammeType,
    DiscountMode,
    /// Lines of `name min_spend earn_rate`.
    Tiers,
    /// Lines of `min_spend percent`.
    Levels,
    /// Up to 40 characters, or none (the card picture's band).
    ShopName,
    /// `#rrggbb`, dark enough for white text on it.
    Colour,
}

impl SettingKey {
    /// In the order the `/settings` screen shows them.
    pub const ALL: [Self; 23] = [
        Self::ProgrammeType,
        Self::EarnRate,
        Self::PointValue,
        Self::MaxRedeemShare,
        Self::WelcomeBonus,
        Self::ReferralBonus,
        Self::ReferrerBonus,
        Self::ReferralMinAmount,
        Self::ExpiryMonths,
        Self::RefundWindowDays,
        Self::DiscountMode,
        Self::DiscountPercent,
        Self::DiscountLevels,
        Self::TierPeriodDays,
        Self::Tiers,
        Self::StampEvery,
        Self::StampMinAmount,
        Self::StampGift,
        Self::StampGiftPoints,
        Self::BirthdayBonus,
        Self::FeedbackBonus,
        Self::ShopName,
        Self::ShopColour,
    ];

    pub fn code(self) -> &'static str {
        match self {
            Self::ProgrammeType => "programme_type",
            Self::DiscountMode => "discount_mode",
            Self::DiscountPercent => "discount_percent",
            Self::DiscountLevels => "discount_levels",
            Self::EarnRate => "earn_rate",
            Self::PointValue => "point_value",
            Self::MaxRedeemShare => "max_redeem_share",
            Self::WelcomeBonus => "welcome_bonus",
            Self::ReferralBonus => "referral_bonus",
            Self::ReferrerBonus => "referrer_bonus",
            Self::ExpiryMonths => "expiry_months",
            Self::TierPeriodDays => "tier_period_days",
            Self::Tiers => "tiers",
            Self::StampEvery => "stamp_every",
            Self::StampMinAmount => "stamp_min_amount",
            Self::StampGift => "stamp_gift",
            Self::StampGiftPoints => "stamp_gift_points",
            Self::BirthdayBonus => "birthday_bonus",
            Self::FeedbackBonus => "feedback_bonus",
            Self::ReferralMinAmount => "referral_min_amount",
            Self::RefundWindowDays => "refund_window_days",
            Self::ShopName => "shop_name",
            Self::ShopColour => "shop_colour",
        }
    }

    pub fn from_code(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.code() == code)
    }

    /// A small number for callback data (64 bytes are precious).
    pub fn index(self) -> u8 {
        Self::ALL
            .iter()
            .position(|k| *k == self)
            .and_then(|i| u8::try_from(i).ok())
            .unwrap_or(u8::MAX)
    }

    pub fn from_index(i: u8) -> Option<Self> {
        Self::ALL.get(usize::from(i)).copied()
    }

    pub fn kind(self) -> Kind {
        match self {
            Self::ProgrammeType => Kind::ProgrammeType,
            Self::DiscountMode => Kind::DiscountMode,
            Self::DiscountPercent | Self::EarnRate | Self::MaxRedeemShare => Kind::Percent,
            Self::DiscountLevels => Kind::Levels,
            Self::Tiers => Kind::Tiers,
            Self::PointValue | Self::ReferralMinAmount => Kind::Money,
            Self::StampMinAmount => Kind::MoneyOrZero,
            Self::WelcomeBonus
            | Self::ReferralBonus
            | Self::ReferrerBonus
            | Self::StampGiftPoints
            | Self::BirthdayBonus
            | Self::FeedbackBonus => Kind::Points,
            Self::ExpiryMonths => Kind::Months,
            Self::TierPeriodDays | Self::RefundWindowDays => Kind::Days,
            Self::StampEvery => Kind::StampEvery,
            Self::StampGift => Kind::Text,
            Self::ShopName => Kind::ShopName,
            Self::ShopColour => Kind::Colour,
        }
    }
}

#[cfg(test)]
mod values_tests;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_and_indexes_round_trip() {
        for key in SettingKey::ALL {
            assert_eq!(SettingKey::from_code(key.code()), Some(key));
            assert_eq!(SettingKey::from_index(key.index()), Some(key));
        }
        assert_eq!(SettingKey::from_index(23), None);
        assert_eq!(SettingKey::from_code("balance"), None);
    }
}
