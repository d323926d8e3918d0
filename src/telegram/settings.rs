//! `/settings` for owners: one message with every setting, grouped, and a button per setting
//! (plus the change log). A button starts the dialogue in [`super::settings_dialogue`]. Anyone
//! else gets one short refusal and sees nothing.

use teloxide::{
    prelude::*,
    types::{InlineKeyboardButton, InlineKeyboardMarkup},
};

use super::{
    App, AppRef, HandlerResult, callback::CallbackData, commands::SettingsCommand, send,
    settings_dialogue, settings_text as text, tg_id,
};
use crate::{
    domain::Language,
    settings::{SettingKey, drafts, store},
    t,
};

/// How many audit rows the change log shows.
const LOG_ROWS: i64 = 20;

/// The groups of the overview, in order, each a heading and its settings.
const GROUPS: &[(&str, &[SettingKey])] = &[
    ("settings-group-programme", &[SettingKey::ProgrammeType]),
    (
        "settings-group-points",
        &[
            SettingKey::EarnRate,
            SettingKey::PointValue,
            SettingKey::MaxRedeemShare,
            SettingKey::WelcomeBonus,
            SettingKey::ReferralBonus,
            SettingKey::ReferrerBonus,
            SettingKey::ReferralMinAmount,
            SettingKey::ExpiryMonths,
        ],
    ),
    ("settings-group-till", &[SettingKey::RefundWindowDays]),
    (
        "settings-group-discount",
        &[
            SettingKey::DiscountMode,
            SettingKey::DiscountPercent,
            SettingKey::DiscountLevels,
        ],
    ),
    (
        "settings-group-tiers",
        &[SettingKey::TierPeriodDays, SettingKey::Tiers],
    ),
    (
        "settings-group-stamps",
        &[
            SettingKey::StampEvery,
            SettingKey::StampMinAmount,
            SettingKey::StampGift,
            SettingKey::StampGiftPoints,
        ],
    ),
    (
        "settings-group-gifts",
        &[SettingKey::BirthdayBonus, SettingKey::FeedbackBonus],
    ),
    (
        "settings-group-card",
        &[SettingKey::ShopName, SettingKey::ShopColour],
    ),
];

pub async fn on_command(
    bot: Bot,
    msg: Message,
    cmd: SettingsCommand,
    app: AppRef,
) -> HandlerResult {
    let Some(user) = msg.from.as_ref() else {
        return Ok(());
    };
    let lang = super::till::staff_lang(&app, user).await;
    let chat = msg.chat.id;
    if !app.is_owner(user) {
        send::html(&bot, chat, t!(lang, "owner-only"), None).await;
        return Ok(());
    }
    match cmd {
        SettingsCommand::Settings => {
            // A fresh overview ends whatever dialogue was open: typed text goes back to the till.
            drafts::discard(&mut *app.pool.acquire().await?, tg_id(user)).await?;
            let (body, buttons) = overview(&app, lang).await?;
            send::html(&bot, chat, body, Some(buttons.into())).await;
            Ok(())
        }
    }
}

/// The overview message and its keyboard.
pub async fn overview(app: &App, lang: Language) -> anyhow::Result<(String, InlineKeyboardMarkup)> {
    let snapshot = store::snapshot(&mut *app.pool.acquire().await?).await?;
    let mut body = t!(lang, "settings-title");
    for (heading, keys) in GROUPS {
        body.push_str("\n\n");
        body.push_str(&t!(lang, heading));
        for &key in *keys {
            let value = snapshot.get(key)?;
            body.push('\n');
            body.push_str(&t!(
                lang,
                "settings-line",
                name = text::name(lang, key),
                value = text::show(app, lang, &value)
            ));
        }
    }
    let mut rows: Vec<Vec<InlineKeyboardButton>> = SettingKey::ALL
        .chunks(2)
        .map(|pair| {
            pair.iter()
                .map(|&key| {
                    let data = CallbackData::SettingsEdit { key: key.index() };
                    InlineKeyboardButton::callback(text::name(lang, key), data.encode())
                })
                .collect()
        })
        .collect();
    rows.push(vec![InlineKeyboardButton::callback(
        t!(lang, "settings-button-log"),
        CallbackData::SettingsLog.encode(),
    )]);
    Ok((body, InlineKeyboardMarkup::new(rows)))
}

/// The change log: the latest changes, newest first.
async fn change_log(app: &App, lang: Language) -> anyhow::Result<String> {
    let changes = store::recent(&mut *app.pool.acquire().await?, LOG_ROWS).await?;
    let mut body = t!(lang, "settings-log-title");
    if changes.is_empty() {
        body.push('\n');
        body.push_str(&t!(lang, "settings-log-empty"));
    }
    for c in changes {
        let Some(key) = SettingKey::from_code(&c.setting) else {
            continue;
        };
        body.push('\n');
        body.push_str(&t!(
            lang,
            "settings-log-line",
            when = crate::i18n::date_time(lang, c.changed_at),
            who = c.changed_by,
            name = text::name(lang, key),
            old = text::show_canonical(app, lang, key, &c.old_value),
            new = text::show_canonical(app, lang, key, &c.new_value)
        ));
    }
    Ok(body)
}

/// Every `/settings` button: owners only.
pub async fn on_button(
    bot: Bot,
    q: CallbackQuery,
    app: AppRef,
    action: CallbackData,
) -> HandlerResult {
    let Some(lang) = super::owner_button(&bot, &q, &app).await else {
        return Ok(());
    };
    // The overview's buttons act on the message they sit on; the dialogue's on their draft.
    let shown = q.regular_message().map(|m| (m.chat.id, m.id));
    match (action, shown) {
        (CallbackData::SettingsEdit { key }, _) => {
            send::answer_callback(&bot, &q.id, None).await;
            // Private chats: the owner's chat id is their user id.
            let chat = shown.map_or(ChatId(tg_id(&q.from)), |(chat, _)| chat);
            if let Some(key) = SettingKey::from_index(key) {
                settings_dialogue::start(&bot, &app, &q.from, chat, lang, key).await?;
            }
        }
        (CallbackData::SettingsLog, Some((chat, message_id))) => {
            send::answer_callback(&bot, &q.id, None).await;
            let back = InlineKeyboardMarkup::new(vec![vec![InlineKeyboardButton::callback(
                t!(lang, "settings-button-back"),
                CallbackData::SettingsHome.encode(),
            )]]);
            let body = change_log(&app, lang).await?;
            send::edit_html(&bot, chat, message_id, body, Some(back)).await;
        }
        (CallbackData::SettingsHome, Some((chat, message_id))) => {
            send::answer_callback(&bot, &q.id, None).await;
            let (body, buttons) = overview(&app, lang).await?;
            send::edit_html(&bot, chat, message_id, body, Some(buttons)).await;
        }
        (CallbackData::SettingsPick { draft, choice }, _) => {
            settings_dialogue::on_pick(&bot, &app, &q, draft, choice).await?;
        }
        (CallbackData::SettingsSave { draft }, _) => {
            settings_dialogue::on_save(&bot, &app, &q, draft).await?;
        }
        (CallbackData::SettingsCancel { draft }, _) => {
            settings_dialogue::on_cancel(&bot, &app, &q, draft).await?;
        }
        _ => send::answer_callback(&bot, &q.id, None).await,
    }
    Ok(())
}
