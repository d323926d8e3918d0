//! The owner's typed answers while composing a promotion: after pressing "≥ N points",
//! "Inactive N days", "Spent ≥ X", "Add button" or "Schedule" on a draft, their next text
//! message is the answer. The open question is the chat's state
//! ([`dialogue::State::PromoAnswer`]), so a restart in between changes nothing. A refused answer gets a localized reason, changes
//! nothing and leaves the question open for another try.

use chrono::Utc;
use teloxide::{prelude::*, utils::html::escape};

use super::{App, HandlerResult, callback::CallbackData, customer::reply, dialogue, promo_view};
use crate::{
    broadcast::{
        self, Audience, Awaiting, ButtonError, UrlButton,
        audience::{self, ParamError},
        schedule::{self, WhenError},
    },
    domain::Language,
    t,
};

/// The owner's answer to `question` about draft `id`: accepted, it ends the chat's state;
/// refused, the question stays open.
pub async fn on_answer(
    bot: &Bot,
    msg: &Message,
    app: &App,
    lang: Language,
    id: i64,
    question: Awaiting,
) -> HandlerResult {
    let chat = msg.chat.id;
    let text = msg.text().unwrap_or_default().trim();
    let pool = &app.pool;
    let audience = match question {
        Awaiting::Points => audience::parse_points(text).map(|min| Audience::Points { min }),
        Awaiting::Inactive => audience::parse_days(text).map(|days| Audience::Inactive { days }),
        Awaiting::Spent => {
            audience::parse_spent(text).map(|(amount, days)| Audience::Spent { amount, days })
        }
        Awaiting::Button => return on_button_answer(bot, app, chat, lang, id, text).await,
        Awaiting::Schedule => return on_schedule_answer(bot, app, chat, lang, id, text).await,
    };
    match audience {
        Ok(audience) => {
            dialogue::take(app, chat).await?;
            if broadcast::set_audience(pool, id, audience).await? {
                promo_view::send_control(bot, app, chat, id).await?;
            } else {
                reply(bot, chat, t!(lang, "dialogue-button-stale"), None).await?;
            }
            Ok(())
        }
        Err(e) => {
            let key = match e {
                ParamError::Number => "promo-bad-points",
                ParamError::Days => "promo-bad-days",
                ParamError::Amount => "promo-bad-spent",
            };
            reply(bot, chat, t!(lang, key, max = audience::MAX_DAYS), None).await
        }
    }
}

/// `Label | https://...` sets the button, `-` removes it; the preview is shown again.
async fn on_button_answer(
    bot: &Bot,
    app: &App,
    chat: ChatId,
    lang: Language,
    id: i64,
    text: &str,
) -> HandlerResult {
    let button = if text == "-" {
        None
    } else {
        match UrlButton::parse(text) {
            Ok(button) => Some(button),
            Err(e) => {
                let key = match e {
                    ButtonError::Shape => "promo-bad-button",
                    ButtonError::Label => "promo-bad-button-label",
                    ButtonError::Url => "promo-bad-button-url",
                };
                let max = UrlButton::MAX_LABEL_CHARS;
                return reply(bot, chat, t!(lang, key, max = max), None).await;
            }
        }
    };
    dialogue::take(app, chat).await?;
    if broadcast::set_button(&app.pool, id, button.as_ref()).await?
        && let Some(draft) = broadcast::get(&app.pool, id).await?
    {
        promo_view::preview(bot, chat, &draft).await;
        promo_view::send_control(bot, app, chat, id).await?;
    }
    Ok(())
}

async fn on_schedule_answer(
    bot: &Bot,
    app: &App,
    chat: ChatId,
    lang: Language,
    id: i64,
    text: &str,
) -> HandlerResult {
    let at = match schedule::parse_when(text, Utc::now()) {
        Ok(at) => at,
        Err(e) => {
            let key = match e {
                WhenError::Format => "promo-bad-date",
                WhenError::Past => "promo-date-past",
                WhenError::TooFar => "promo-date-too-far",
            };
            return reply(bot, chat, t!(lang, key), None).await;
        }
    };
    dialogue::take(app, chat).await?;
    if !schedule::schedule(&app.pool, id, at).await? {
        return reply(bot, chat, t!(lang, "dialogue-button-stale"), None).await;
    }
    let count = match broadcast::get(&app.pool, id).await? {
        Some(b) => broadcast::audience_size(&app.pool, b.audience.0).await?,
        None => 0,
    };
    let text = t!(
        lang,
        "promo-scheduled",
        id = id,
        when = at.format(schedule::FORMAT).to_string(),
        count = count
    );
    let markup = cancel_button(lang, id);
    reply(bot, chat, text, Some(markup.into())).await
}

fn cancel_button(lang: Language, id: i64) -> teloxide::types::InlineKeyboardMarkup {
    teloxide::types::InlineKeyboardMarkup::new([[teloxide::types::InlineKeyboardButton::callback(
        t!(lang, "promo-button-cancel"),
        CallbackData::PromoCancel { broadcast: id }.encode(),
    )]])
}

/// `/promo list`: the scheduled promotions, each with its Cancel button.
pub async fn list_scheduled(bot: &Bot, app: &App, chat: ChatId, lang: Language) -> HandlerResult {
    let pending = schedule::pending(&app.pool).await?;
    if pending.is_empty() {
        return reply(bot, chat, t!(lang, "promo-list-empty"), None).await;
    }
    for (id, at, text) in pending {
        // Shown as plain text: cutting the HTML at 60 characters could split a tag.
        let plain = crate::sandbox::emulator::markup::render(&text, Some("HTML"))
            .map_or(text, |shown| shown.text);
        let excerpt: String = plain.chars().take(60).collect();
        let line = t!(
            lang,
            "promo-list-item",
            id = id,
            when = at.format(schedule::FORMAT).to_string(),
            text = escape(&excerpt)
        );
        reply(bot, chat, line, Some(cancel_button(lang, id).into())).await?;
    }
    Ok(())
}
