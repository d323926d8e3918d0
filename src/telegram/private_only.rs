//! Everything the bot does happens in private chats: a card, a balance, a receipt or a till
//! screen posted in a group would be seen (and its buttons pressed) by everyone there.
//!
//! - A command in a group gets one answer, "talk to me in private", with a button that opens
//!   the private chat (carrying a `/start` payload along, so an invite link shared in a group
//!   still works), and nothing else happens: no customer, no card, no till action. Other group
//!   messages get no answer at all.
//! - A button acts only for the person whose private chat it is in: a press from a group, or
//!   a forged press on a message of someone else's chat, is refused before any handler runs.

use teloxide::{
    prelude::*,
    types::{InlineKeyboardButton, InlineKeyboardMarkup},
};

use super::{AppRef, HandlerResult, send, tg_id};
use crate::{domain::StartPayload, t};

/// Messages that are not in a private chat.
pub fn in_group(msg: Message) -> bool {
    !msg.chat.is_private()
}

pub async fn on_group_message(bot: Bot, msg: Message, app: AppRef) -> HandlerResult {
    let text = msg.text().or(msg.caption()).unwrap_or("");
    if !text.starts_with('/') {
        return Ok(());
    }
    let lang = app.language_for(msg.from.as_ref(), None);
    // `/start@bot r_code` in a group: the private chat starts with the same payload.
    let mut words = text.split_whitespace();
    let is_start = words
        .next()
        .is_some_and(|c| c == "/start" || c.starts_with("/start@"));
    let payload = words
        .next()
        .filter(|p| is_start && !matches!(StartPayload::parse(p), StartPayload::Unknown));
    let link = match payload {
        Some(p) => app.deep_link(p),
        None => format!("https://t.me/{}", app.bot_username),
    };
    let button = InlineKeyboardMarkup::new(vec![vec![InlineKeyboardButton::url(
        t!(lang, "group-open-private"),
        match link.parse() {
            Ok(url) => url,
            Err(_) => return Ok(()),
        },
    )]]);
    send::html(
        &bot,
        msg.chat.id,
        t!(lang, "group-private-only"),
        Some(button.into()),
    )
    .await;
    Ok(())
}

/// True when `q` was pressed by the person whose private chat holds the message; otherwise the
/// presser is told and the press goes no further.
pub async fn presser_is_recipient(bot: &Bot, q: &CallbackQuery, app: &AppRef) -> bool {
    let chat = q.message.as_ref().map(|m| m.chat());
    let theirs = chat.is_some_and(|c| c.is_private() && c.id.0 == tg_id(&q.from));
    if !theirs {
        let lang = app.language_for(Some(&q.from), None);
        send::answer_callback(bot, &q.id, Some(t!(lang, "button-not-yours"))).await;
    }
    theirs
}
