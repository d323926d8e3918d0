//! `/rules` for owners: list running and upcoming promo rules (each with a Stop button), and
//! `/rules add <effect> <first day> <last day> [first K] [tier NAME]` to add one. A typo gets
//! one localized sentence and adds nothing. Dates are UTC days (there is no shop time zone
//! setting yet).

use chrono::Utc;
use teloxide::{
    prelude::*,
    types::{InlineKeyboardButton, InlineKeyboardMarkup},
    utils::html::escape,
};

use super::{App, AppRef, HandlerResult, callback::CallbackData, customer::reply, send, tg_id};
use crate::{
    domain::Language,
    earning::promo::{self, AddError, Rule},
    rules::{
        levels::percent_text,
        promo::{Effect, RuleError, parse},
    },
    t,
};

/// `/rules [add ...]` from an owner (the caller checked).
pub async fn command(
    bot: &Bot,
    app: &App,
    msg: &Message,
    lang: Language,
    args: &str,
) -> HandlerResult {
    let chat = msg.chat.id;
    let args = args.trim();
    let Some(spec) = args.strip_prefix("add") else {
        return list(bot, app, chat, lang).await;
    };
    let owner = msg.from.as_ref().map_or(0, tg_id);
    let spec = match parse(spec, Utc::now().date_naive()) {
        Ok(s) => s,
        Err(e) => {
            let text = format!("{}\n\n{}", rule_error(lang, &e), t!(lang, "rules-usage"));
            return reply(bot, chat, text, None).await;
        }
    };
    let id = match promo::add(&app.pool, &spec, owner).await {
        Ok(id) => id,
        Err(AddError::UnknownTier(name)) => {
            let text = t!(lang, "rules-error-unknown-tier", tier = escape(&name));
            return reply(bot, chat, text, None).await;
        }
        Err(AddError::Db(e)) => return Err(e.into()),
    };
    let rule = promo::live(&app.pool, spec.starts_on.min(Utc::now().date_naive()))
        .await?
        .into_iter()
        .find(|r| r.id == id);
    let described = rule.as_ref().map(|r| describe(lang, r)).unwrap_or_default();
    let text = t!(lang, "rules-added", id = id, rule = described);
    send::html(bot, chat, text, Some(stop_buttons(lang, &[id]).into())).await;
    Ok(())
}

async fn list(bot: &Bot, app: &App, chat: ChatId, lang: Language) -> HandlerResult {
    let today = Utc::now().date_naive();
    let rules = promo::live(&app.pool, today).await?;
    if rules.is_empty() {
        let text = format!("{}\n\n{}", t!(lang, "rules-none"), t!(lang, "rules-usage"));
        return reply(bot, chat, text, None).await;
    }
    let mut text = t!(lang, "rules-list-header");
    for r in &rules {
        let when = if r.starts_on <= today {
            t!(lang, "rules-running")
        } else {
            t!(lang, "rules-upcoming")
        };
        text.push_str(&format!("\n#{} {} · {when}", r.id, describe(lang, r)));
    }
    let ids: Vec<i64> = rules.iter().map(|r| r.id).collect();
    send::html(bot, chat, text, Some(stop_buttons(lang, &ids).into())).await;
    Ok(())
}

fn stop_buttons(lang: Language, ids: &[i64]) -> InlineKeyboardMarkup {
    InlineKeyboardMarkup::new(ids.iter().map(|&id| {
        vec![InlineKeyboardButton::callback(
            t!(lang, "rules-stop-button", id = id),
            CallbackData::RuleStop { rule: id }.encode(),
        )]
    }))
}

/// One rule in words: effect · dates · first K · tier.
fn describe(lang: Language, r: &Rule) -> String {
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

fn rule_error(lang: Language, e: &RuleError) -> String {
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

/// The Stop button: owners only; stopping twice says so.
pub async fn on_stop(bot: Bot, q: CallbackQuery, app: AppRef, rule: i64) -> HandlerResult {
    let lang = super::till::staff_lang(&app, &q.from).await;
    if !app.is_owner(&q.from) {
        send::answer_callback(&bot, &q.id, Some(t!(lang, "owner-only"))).await;
        return Ok(());
    }
    let stopped = promo::stop(&app.pool, rule, Utc::now()).await?;
    let text = if stopped {
        t!(lang, "rules-stopped", id = rule)
    } else {
        t!(lang, "rules-already-stopped")
    };
    send::answer_callback(&bot, &q.id, None).await;
    send::html(&bot, q.from.id.into(), text, None).await;
    Ok(())
}
