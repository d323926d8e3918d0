//! How promo rules read in the owner's chat: one line per rule for `/rules`, the preview a new
//! rule gets before the owner confirms it, and the buttons of both.

use rust_decimal::Decimal;
use teloxide::{
    types::{InlineKeyboardButton, InlineKeyboardMarkup},
    utils::html::escape,
};

use super::{App, callback::CallbackData};
use crate::{
    domain::{Language, Money},
    earning::promo::Rule,
    rules::{
        levels::percent_text,
        promo::{self, Effect, RuleError},
    },
    t,
};

/// The purchase the preview's example is about.
const EXAMPLE_AMOUNT: i64 = 1000;

pub fn stop_buttons(lang: Language, ids: &[i64]) -> InlineKeyboardMarkup {
    InlineKeyboardMarkup::new(ids.iter().map(|&id| {
        vec![InlineKeyboardButton::callback(
            t!(lang, "rules-stop-button", id = id),
            CallbackData::RuleStop { rule: id }.encode(),
        )]
    }))
}

/// Confirm / Cancel, bound to the draft.
pub fn draft_buttons(lang: Language, rule: i64) -> InlineKeyboardMarkup {
    InlineKeyboardMarkup::new(vec![vec![
        InlineKeyboardButton::callback(
            t!(lang, "rules-confirm-button"),
            CallbackData::RuleDraft {
                rule,
                confirm: true,
            }
            .encode(),
        ),
        InlineKeyboardButton::callback(
            t!(lang, "rules-cancel-button"),
            CallbackData::RuleDraft {
                rule,
                confirm: false,
            }
            .encode(),
        ),
    ]])
}

/// One rule in words: effect · dates · first K · tier.
pub fn describe(lang: Language, r: &Rule) -> String {
    let mut parts = vec![
        match r.effect() {
            Effect::Multiplier(m) => {
                t!(
                    lang,
                    "rules-effect-multiplier",
                    multiplier = percent_text(m)
                )
            }
            Effect::Bonus(b) => t!(lang, "rules-effect-bonus", points = b),
        },
        t!(
            lang,
            "rules-dates",
            from = r.starts_on.to_string(),
            to = r.ends_on.to_string()
        ),
    ];
    if let Some(k) = r.first_k {
        parts.push(t!(lang, "rules-first", k = k, taken = r.participants));
    }
    if let Some(tier) = &r.tier_name {
        parts.push(t!(lang, "rules-tier", tier = escape(tier)));
    }
    parts.join(" · ")
}

/// The draft spelled out line by line, with what a purchase of [`EXAMPLE_AMOUNT`] would earn
/// at `rate` (the earn rate of the level the rule is for).
pub fn preview(app: &App, lang: Language, r: &Rule, rate: Decimal) -> String {
    let effect = match r.effect() {
        Effect::Multiplier(m) => t!(
            lang,
            "rules-preview-multiplier",
            multiplier = percent_text(m)
        ),
        Effect::Bonus(b) => t!(lang, "rules-preview-bonus", points = b),
    };
    let who = match &r.tier_name {
        Some(tier) => t!(lang, "rules-preview-tier", tier = escape(tier)),
        None => t!(lang, "rules-preview-everyone"),
    };
    let limit = match r.first_k {
        Some(k) => t!(lang, "rules-preview-first", k = k),
        None => t!(lang, "rules-preview-no-limit"),
    };
    let key = match r.effect() {
        Effect::Multiplier(_) => "rules-preview-example-multiplier",
        Effect::Bonus(_) => "rules-preview-example-bonus",
    };
    let example = Money::new(Decimal::from(EXAMPLE_AMOUNT)).map(|amount| {
        let (with, without) = promo::example(r.effect(), amount, rate);
        t!(
            lang,
            key,
            amount = app.money(lang, amount.value()),
            with = with,
            without = without
        )
    });
    let dates = t!(
        lang,
        "rules-preview-dates",
        from = r.starts_on.to_string(),
        to = r.ends_on.to_string()
    );
    let mut lines = vec![t!(lang, "rules-preview-title"), effect, dates, who, limit];
    lines.extend(example.ok());
    lines.join("\n")
}

pub fn rule_error(lang: Language, e: &RuleError) -> String {
    match e {
        RuleError::Usage => t!(lang, "rules-error-usage"),
        RuleError::BadEffect => t!(lang, "rules-error-effect"),
        RuleError::BadDate(input) => t!(lang, "rules-error-date", input = escape(input)),
        RuleError::EndBeforeStart => t!(lang, "rules-error-end-before-start"),
        RuleError::InThePast => t!(lang, "rules-error-past"),
        RuleError::BadFirst => t!(lang, "rules-error-first"),
        RuleError::NoTierName => t!(lang, "rules-error-tier-name"),
        RuleError::Unexpected(word) => t!(lang, "rules-error-unexpected", word = escape(word)),
    }
}
