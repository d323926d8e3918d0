//! `/rules` for owners: list running and upcoming promo rules (each with a Stop button), and
//! `/rules add <effect> <first day> <last day> [first K] [tier NAME]` to add one. A typo gets
//! one localized sentence and adds nothing; a valid rule is shown back as a preview (what it
//! does, when, for whom, an example purchase) with Confirm / Cancel buttons, and only Confirm
//! makes it live (see [`crate::earning::promo_draft`]). Dates are UTC days (there is no shop
//! time zone setting yet).

use chrono::Utc;
use teloxide::{prelude::*, utils::html::escape};

use super::{
    App, AppRef, HandlerResult,
    customer::reply,
    promo_rules_view::{describe, draft_buttons, preview, rule_error, stop_buttons},
    send, tg_id,
};
use crate::{
    domain::Language,
    earning::{
        promo,
        promo_draft::{self, AddError, Outcome},
    },
    rules::promo::parse,
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
    propose(bot, app, chat, lang, owner, &spec).await.map(drop)
}

/// Saves `spec` as a draft and shows its preview with Confirm / Cancel; `false` (after saying
/// why) when it names an unknown tier or the programme has no points.
pub(crate) async fn propose(
    bot: &Bot,
    app: &App,
    chat: ChatId,
    lang: Language,
    owner: i64,
    spec: &crate::rules::promo::RuleSpec,
) -> anyhow::Result<bool> {
    let (draft, rate) = match promo_draft::add(&app.pool, spec, owner).await {
        Ok(added) => added,
        Err(AddError::UnknownTier(name)) => {
            let text = t!(lang, "rules-error-unknown-tier", tier = escape(&name));
            reply(bot, chat, text, None).await?;
            return Ok(false);
        }
        Err(AddError::NoPoints) => {
            reply(bot, chat, t!(lang, "rules-error-no-points"), None).await?;
            return Ok(false);
        }
        Err(AddError::Db(e)) => return Err(e.into()),
    };
    let text = preview(app, lang, &draft, rate);
    let buttons = draft_buttons(lang, draft.id);
    send::html(bot, chat, text, Some(buttons.into())).await;
    Ok(true)
}

async fn list(bot: &Bot, app: &App, chat: ChatId, lang: Language) -> HandlerResult {
    let today = Utc::now().date_naive();
    let rules = promo::live(&app.pool, today).await?;
    let new = crate::telegram::dialogue::rule_list_new(lang);
    if rules.is_empty() {
        let text = format!("{}\n\n{}", t!(lang, "rules-none"), t!(lang, "rules-usage"));
        let buttons = teloxide::types::InlineKeyboardMarkup::new([new]);
        return reply(bot, chat, text, Some(buttons.into())).await;
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
    let buttons = stop_buttons(lang, &ids).append_row(new);
    send::html(bot, chat, text, Some(buttons.into())).await;
    Ok(())
}

/// The Stop button: owners only; stopping twice says so.
pub async fn on_stop(bot: Bot, q: CallbackQuery, app: AppRef, rule: i64) -> HandlerResult {
    let Some(lang) = super::owner_button(&bot, &q, &app).await else {
        return Ok(());
    };
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

/// Confirm or Cancel on a preview: the preview turns into the outcome (the added rule with its
/// Stop button, or "cancelled"); a tap that changes nothing only gets a short answer.
pub async fn on_draft(
    bot: Bot,
    q: CallbackQuery,
    app: AppRef,
    rule: i64,
    confirm: bool,
) -> HandlerResult {
    let Some(lang) = super::owner_button(&bot, &q, &app).await else {
        return Ok(());
    };
    let outcome = if confirm {
        promo_draft::confirm(&app.pool, rule, Utc::now().date_naive()).await?
    } else {
        promo_draft::cancel(&app.pool, rule).await?
    };
    let (text, buttons) = match outcome {
        Outcome::Added(r) => {
            let text = t!(lang, "rules-added", id = r.id, rule = describe(lang, &r));
            (text, Some(stop_buttons(lang, &[r.id])))
        }
        Outcome::Cancelled => (t!(lang, "rules-cancelled"), None),
        // Nothing changed: only a short answer.
        Outcome::AlreadyAdded | Outcome::Gone | Outcome::Over => {
            let toast = match outcome {
                Outcome::AlreadyAdded => t!(lang, "rules-already-added", id = rule),
                Outcome::Over => t!(lang, "rules-draft-over"),
                _ => t!(lang, "rules-draft-gone"),
            };
            send::answer_callback(&bot, &q.id, Some(toast)).await;
            return Ok(());
        }
    };
    send::answer_callback(&bot, &q.id, None).await;
    match q.regular_message() {
        Some(m) => send::edit_html(&bot, m.chat.id, m.id, text, buttons).await,
        None => {
            let markup = buttons.map(Into::into);
            send::html(&bot, q.from.id.into(), text, markup).await;
        }
    }
    Ok(())
}
