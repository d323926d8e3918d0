//! How settings read in the chat: names, values in the owner's language (money with the
//! currency, "never", plurals), the answer to each kind of bad input, and the worked example a
//! preview shows ("a purchase of 1,000.00 earns 70 points").

use rust_decimal::Decimal;
use teloxide::utils::html::escape;

use super::App;
use crate::{
    domain::{Language, Money},
    rules,
    settings::{Kind, SettingKey, Value, ValueError, lists},
    storage::settings::{DiscountMode, ProgramSettings, ProgrammeType},
    t,
};

pub fn name(lang: Language, key: SettingKey) -> String {
    t!(
        lang,
        &format!("settings-name-{}", key.code().replace('_', "-"))
    )
}

/// A value as the owner reads it (HTML: user text is escaped).
pub fn show(app: &App, lang: Language, value: &Value) -> String {
    let money = |d: Decimal| app.money(lang, d);
    match value {
        Value::Percent(p) => format!("{p}%"),
        Value::Points(p) => t!(lang, "settings-points", count = p.get()),
        Value::Money(m) => money(m.value()),
        Value::Threshold(d) if d.is_zero() => t!(lang, "settings-no-minimum"),
        Value::Threshold(d) => money(*d),
        Value::Months(None) => t!(lang, "settings-never"),
        Value::Months(Some(n)) => t!(lang, "settings-months", count = *n),
        Value::Days(n) => t!(lang, "settings-days", count = *n),
        Value::StampEvery(None) => t!(lang, "settings-off"),
        Value::StampEvery(Some(n)) => t!(lang, "settings-every", count = *n),
        Value::Text(None) => t!(lang, "settings-none"),
        Value::Text(Some(text)) => escape(text),
        Value::Colour(c) => c.clone(),
        Value::Programme(p) => programme(lang, *p),
        Value::Discount(DiscountMode::Fixed) => t!(lang, "settings-discount-fixed"),
        Value::Discount(DiscountMode::Progressive) => t!(lang, "settings-discount-progressive"),
        Value::Tiers(tiers) if tiers.is_empty() => t!(lang, "settings-none"),
        Value::Tiers(tiers) => list(tiers.iter().map(|tier| {
            t!(
                lang,
                "settings-tier-item",
                name = escape(&tier.name),
                spend = money(tier.min_spend.value()),
                rate = tier.earn_rate.to_string()
            )
        })),
        Value::Levels(levels) if levels.is_empty() => t!(lang, "settings-none"),
        Value::Levels(levels) => list(levels.iter().map(|level: &lists::Level| {
            t!(
                lang,
                "settings-level-item",
                spend = money(level.min_spend),
                percent = level.percent.to_string()
            )
        })),
    }
}

fn list(items: impl Iterator<Item = String>) -> String {
    items.collect::<Vec<_>>().join("; ")
}

fn programme(lang: Language, p: ProgrammeType) -> String {
    match p {
        ProgrammeType::Points => t!(lang, "settings-programme-points"),
        ProgrammeType::Discount => t!(lang, "settings-programme-discount"),
        ProgrammeType::Both => t!(lang, "settings-programme-both"),
    }
}

/// A stored canonical text (audit rows), shown like a value when it still parses.
pub fn show_canonical(app: &App, lang: Language, key: SettingKey, text: &str) -> String {
    match Value::from_canonical(key.kind(), text) {
        Ok(v) => show(app, lang, &v),
        Err(_) => escape(text),
    }
}

/// The label of a choice button.
pub fn choice_label(lang: Language, value: &Value) -> String {
    match value {
        Value::Months(None) => t!(lang, "settings-choice-never"),
        Value::StampEvery(None) => t!(lang, "settings-choice-off"),
        Value::Text(None) => t!(lang, "settings-choice-no-text"),
        Value::Tiers(_) | Value::Levels(_) => t!(lang, "settings-choice-clear"),
        Value::Programme(p) => programme(lang, *p),
        Value::Discount(DiscountMode::Fixed) => t!(lang, "settings-discount-fixed"),
        Value::Discount(DiscountMode::Progressive) => t!(lang, "settings-discount-progressive"),
        _ => String::new(),
    }
}

/// What to type for a setting of `kind`.
pub fn prompt(lang: Language, kind: Kind) -> String {
    let key = match kind {
        Kind::Percent => "settings-prompt-percent",
        Kind::Points => "settings-prompt-points",
        Kind::Money => "settings-prompt-money",
        Kind::MoneyOrZero => "settings-prompt-threshold",
        Kind::Months => "settings-prompt-months",
        Kind::Days => "settings-prompt-days",
        Kind::StampEvery => "settings-prompt-stamp-every",
        Kind::Text => "settings-prompt-text",
        Kind::ShopName => "settings-prompt-shop-name",
        Kind::Colour => "settings-prompt-colour",
        Kind::ProgrammeType | Kind::DiscountMode => "settings-prompt-choice",
        Kind::Tiers => "settings-prompt-tiers",
        Kind::Levels => "settings-prompt-levels",
    };
    t!(lang, key)
}

/// One answer per kind of bad input.
pub fn error(lang: Language, e: &ValueError) -> String {
    match e {
        ValueError::NotANumber => t!(lang, "settings-error-not-a-number"),
        ValueError::Negative => t!(lang, "settings-error-negative"),
        ValueError::TooPrecise => t!(lang, "settings-error-too-precise"),
        ValueError::NotWhole => t!(lang, "settings-error-not-whole"),
        ValueError::OutOfRange { min, max } => t!(
            lang,
            "settings-error-range",
            min = plain(*min),
            max = plain(*max)
        ),
        ValueError::TooLong { max } => t!(lang, "settings-error-too-long", max = *max),
        ValueError::TierShape => t!(lang, "settings-error-tier-shape"),
        ValueError::LevelShape => t!(lang, "settings-error-level-shape"),
        ValueError::Line { line, reason } => t!(
            lang,
            "settings-error-line",
            line = *line,
            reason = error(lang, reason)
        ),
        ValueError::Duplicate { line } => t!(lang, "settings-error-duplicate", line = *line),
        ValueError::TooManyLines { max } => t!(lang, "settings-error-too-many", max = *max),
        ValueError::NotAChoice => t!(lang, "settings-error-not-a-choice"),
        ValueError::NotAColour => t!(lang, "settings-error-not-a-colour"),
        ValueError::TooLight => t!(lang, "settings-error-too-light"),
    }
}

/// A bound as digits (`0.01`, `10000000`): what the owner may type, not a formatted amount.
fn plain(d: Decimal) -> String {
    d.normalize().to_string()
}

/// "e.g. ..." under a preview, for the settings where a number alone says little.
pub fn example(
    app: &App,
    lang: Language,
    key: SettingKey,
    new: &Value,
    now: &ProgramSettings,
) -> Option<String> {
    let thousand = Money::new(Decimal::ONE_THOUSAND).ok()?;
    let amount = app.money(lang, thousand.value());
    match (key, new) {
        (SettingKey::EarnRate, Value::Percent(rate)) => Some(t!(
            lang,
            "settings-example-earn-rate",
            amount = amount,
            points = rules::points_for_purchase(thousand, rate.value())
        )),
        (SettingKey::PointValue, Value::Money(value)) => Some(t!(
            lang,
            "settings-example-point-value",
            points = 100,
            amount = app.money(lang, value.value() * Decimal::ONE_HUNDRED)
        )),
        (SettingKey::MaxRedeemShare, Value::Percent(share)) => {
            let points = rules::max_points_for(thousand, share.value(), now.point_value);
            Some(t!(
                lang,
                "settings-example-max-share",
                amount = amount,
                points = points,
                value = app.money(lang, Decimal::from(points) * now.point_value)
            ))
        }
        _ => None,
    }
}
