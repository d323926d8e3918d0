//! `/apikey`: the owner's keys for the POS API. A new key is shown once; the list shows name,
//! the key's last characters, when it was made and last used, and a Revoke button per key.

use teloxide::{
    prelude::*,
    types::{InlineKeyboardButton, InlineKeyboardMarkup},
    utils::html::escape,
};

use crate::{
    api::keys::{self, NameError},
    domain::Language,
    t,
    telegram::{App, HandlerResult, callback::CallbackData, send},
};

pub async fn on_command(
    bot: &Bot,
    app: &App,
    owner: i64,
    chat: ChatId,
    lang: Language,
    args: &str,
) -> HandlerResult {
    let args = args.trim();
    let (verb, rest) = args.split_once(char::is_whitespace).unwrap_or((args, ""));
    match verb {
        "" => {
            let (text, buttons) = list(app, lang).await?;
            send::html(bot, chat, text, buttons.map(Into::into)).await;
        }
        "new" => match keys::parse_name(rest) {
            Ok(name) => {
                let (_, key) = keys::create(&app.pool, owner, &name).await?;
                let text = t!(lang, "apikey-created", name = escape(&name), key = key);
                send::html(bot, chat, text, None).await;
            }
            Err(NameError::Empty) => {
                send::html(bot, chat, t!(lang, "apikey-usage"), None).await;
            }
            Err(NameError::TooLong) => {
                let text = t!(lang, "apikey-name-too-long", max = keys::MAX_NAME);
                send::html(bot, chat, text, None).await;
            }
        },
        _ => drop(send::html(bot, chat, t!(lang, "apikey-usage"), None).await),
    }
    Ok(())
}

/// The list message and its Revoke buttons (none when there are no keys).
async fn list(app: &App, lang: Language) -> anyhow::Result<(String, Option<InlineKeyboardMarkup>)> {
    let all = keys::list(&app.pool).await?;
    if all.is_empty() {
        return Ok((t!(lang, "apikey-list-empty"), None));
    }
    let mut text = t!(lang, "apikey-list-title");
    let mut rows = Vec::new();
    for k in &all {
        let used = k.last_used_at.map_or_else(
            || t!(lang, "apikey-never-used"),
            |u| crate::i18n::date_time(lang, u),
        );
        text.push('\n');
        text.push_str(&t!(
            lang,
            "apikey-line",
            name = escape(&k.name),
            hint = k.key_hint.clone(),
            created = crate::i18n::date_time(lang, k.created_at),
            used = used
        ));
        rows.push(vec![InlineKeyboardButton::callback(
            t!(lang, "apikey-button-revoke", name = k.name.clone()),
            CallbackData::ApiKeyRevoke { key: k.id }.encode(),
        )]);
    }
    text.push_str("\n\n");
    text.push_str(&t!(lang, "apikey-usage"));
    Ok((text, Some(InlineKeyboardMarkup::new(rows))))
}

pub async fn on_revoke(
    bot: &Bot,
    q: &CallbackQuery,
    app: &App,
    lang: Language,
    key: i64,
) -> HandlerResult {
    let toast = match keys::revoke(&app.pool, key).await? {
        Some(name) => t!(lang, "apikey-revoked", name = name),
        None => t!(lang, "apikey-already-revoked"),
    };
    send::answer_callback(bot, &q.id, Some(toast)).await;
    if let Some(m) = q.regular_message() {
        let (text, buttons) = list(app, lang).await?;
        send::edit_html(bot, m.chat.id, m.id, text, buttons).await;
    }
    Ok(())
}
