//! What the owner sees while composing a promotion: the preview (the promotion exactly as
//! customers will get it: photo, caption or text, URL button) and the control message (the
//! audience with its recipient count, audience buttons, Add button, Schedule, Send, Discard).

use teloxide::{
    prelude::*,
    types::{InlineKeyboardButton, InlineKeyboardMarkup, InputFile, ParseMode, ReplyMarkup},
    utils::html::escape,
};

use super::{App, callback::CallbackData, send};
use crate::{
    broadcast::{self, Audience, Awaiting, Broadcast},
    domain::Language,
    t,
};

/// Simple audiences in callback data: 0 = everyone, 1..=3 = `Language::ALL[i - 1]`,
/// 4 = birthday this month, 5 = invited by a friend. Tiers and typed ones have their own
/// buttons.
pub fn audience_code(audience: Audience) -> Option<u8> {
    match audience {
        Audience::All => Some(0),
        Audience::Language { language } => Language::ALL
            .iter()
            .position(|l| *l == language)
            .and_then(|i| u8::try_from(i + 1).ok()),
        Audience::Birthday => Some(4),
        Audience::Referred => Some(5),
        _ => None,
    }
}

pub fn audience_of(code: u8) -> Option<Audience> {
    match code {
        0 => Some(Audience::All),
        4 => Some(Audience::Birthday),
        5 => Some(Audience::Referred),
        n => Language::ALL
            .get(usize::from(n).checked_sub(1)?)
            .map(|&language| Audience::Language { language }),
    }
}

/// The audience in words (HTML-escaped), e.g. "At least 500 points".
pub async fn audience_label(app: &App, lang: Language, audience: Audience) -> sqlx::Result<String> {
    Ok(match audience {
        Audience::All => t!(lang, "promo-audience-all"),
        Audience::Language { language } => t!(language, "language-name"),
        Audience::Tier { tier } => {
            let name: Option<String> = sqlx::query_scalar("SELECT name FROM tiers WHERE id = $1")
                .bind(tier)
                .fetch_optional(&app.pool)
                .await?;
            let name = name.unwrap_or_else(|| format!("#{tier}"));
            t!(lang, "promo-audience-tier", name = escape(&name))
        }
        Audience::Inactive { days } => t!(lang, "promo-audience-inactive", days = days),
        Audience::Birthday => t!(lang, "promo-audience-birthday"),
        Audience::Referred => t!(lang, "promo-audience-referred"),
        Audience::Points { min } => t!(lang, "promo-audience-points", points = min),
        Audience::Spent { amount, days } => t!(
            lang,
            "promo-audience-spent",
            amount = app.money(lang, amount),
            days = days
        ),
    })
}

/// Sends the promotion to the owner exactly as customers will get it.
pub async fn preview(bot: &Bot, chat: ChatId, b: &Broadcast) {
    let markup = url_markup(b);
    match &b.photo_file_id {
        Some(photo) => {
            send::deliver("send_photo", Some(chat), || {
                let mut req = bot.send_photo(chat, InputFile::file_id(photo.clone().into()));
                if !b.text.is_empty() {
                    req = req.caption(b.text.clone()).parse_mode(ParseMode::Html);
                }
                if let Some(m) = &markup {
                    req = req.reply_markup(m.clone());
                }
                req.into_future()
            })
            .await;
        }
        None => {
            send::html(bot, chat, b.text.clone(), markup.map(ReplyMarkup::from)).await;
        }
    }
}

fn url_markup(b: &Broadcast) -> Option<InlineKeyboardMarkup> {
    let button = b.button()?;
    let url = button.url.parse().ok()?;
    Some(InlineKeyboardMarkup::new([[InlineKeyboardButton::url(
        button.label,
        url,
    )]]))
}

/// The control message of draft `b`: its audience and recipient count, and every button.
pub async fn control(
    app: &App,
    b: &Broadcast,
    lang: Language,
) -> sqlx::Result<(String, InlineKeyboardMarkup)> {
    let audience = b.audience.0;
    let count = broadcast::audience_size(&app.pool, audience).await?;
    let mut text = t!(
        lang,
        "promo-draft",
        audience = audience_label(app, lang, audience).await?,
        count = count
    );
    if let Some(button) = b.button() {
        let line = t!(
            lang,
            "promo-draft-button",
            label = escape(&button.label),
            url = escape(&button.url)
        );
        text = format!("{text}\n{line}");
    }
    let id = b.id;
    let mark = |on: bool, label: String| if on { format!("✓ {label}") } else { label };
    let simple = |a: Audience, label: String| {
        let code = audience_code(a).unwrap_or(0);
        let data = CallbackData::PromoAudience {
            broadcast: id,
            audience: code,
        };
        InlineKeyboardButton::callback(mark(a == audience, label), data.encode())
    };
    let mut languages = vec![simple(Audience::All, t!(lang, "promo-audience-all"))];
    for language in Language::ALL {
        languages.push(simple(
            Audience::Language { language },
            t!(language, "language-name"),
        ));
    }
    let groups = vec![
        simple(Audience::Birthday, t!(lang, "promo-audience-birthday")),
        simple(Audience::Referred, t!(lang, "promo-audience-referred")),
    ];
    let tiers: Vec<(i64, String)> =
        sqlx::query_as("SELECT id, name FROM tiers ORDER BY min_spend LIMIT 12")
            .fetch_all(&app.pool)
            .await?;
    let tier_buttons: Vec<InlineKeyboardButton> = tiers
        .into_iter()
        .map(|(tier, name)| {
            let on = audience == Audience::Tier { tier };
            let data = CallbackData::PromoTier {
                broadcast: id,
                tier,
            };
            InlineKeyboardButton::callback(mark(on, format!("🏅 {name}")), data.encode())
        })
        .collect();
    let ask = |q: Awaiting, on: bool, key: &str| {
        let data = CallbackData::PromoAsk {
            broadcast: id,
            ask: q,
        };
        InlineKeyboardButton::callback(mark(on, t!(lang, key)), data.encode())
    };
    let typed = vec![
        ask(
            Awaiting::Points,
            matches!(audience, Audience::Points { .. }),
            "promo-button-points",
        ),
        ask(
            Awaiting::Inactive,
            matches!(audience, Audience::Inactive { .. }),
            "promo-button-inactive",
        ),
        ask(
            Awaiting::Spent,
            matches!(audience, Audience::Spent { .. }),
            "promo-button-spent",
        ),
    ];
    let extras = vec![
        ask(Awaiting::Button, b.button().is_some(), "promo-button-url"),
        ask(Awaiting::Schedule, false, "promo-button-schedule"),
    ];
    let actions = vec![
        InlineKeyboardButton::callback(
            t!(lang, "promo-button-send"),
            CallbackData::PromoSend { broadcast: id }.encode(),
        ),
        InlineKeyboardButton::callback(
            t!(lang, "promo-button-discard"),
            CallbackData::PromoDiscard { broadcast: id }.encode(),
        ),
    ];
    let mut rows = vec![languages, groups];
    rows.extend(tier_buttons.chunks(3).map(<[_]>::to_vec));
    rows.extend([typed, extras, actions]);
    Ok((text, InlineKeyboardMarkup::new(rows)))
}

/// Sends a fresh control message for draft `id` (after a typed answer changed it).
pub async fn send_control(bot: &Bot, app: &App, chat: ChatId, id: i64) -> anyhow::Result<()> {
    if let Some(b) = broadcast::get(&app.pool, id).await? {
        let (text, markup) = control(app, &b, b.language()).await?;
        send::html(bot, chat, text, Some(markup.into())).await;
    }
    Ok(())
}
