//! The chat's doors into the Mini App (see [`crate::miniapp`]), all only when `PUBLIC_URL` is
//! set: the menu button of every chat opens the card ("Card"), staff chats' menu button opens
//! the till ("Till"), and `/card` carries an "Open card" button.

use teloxide::{
    prelude::*,
    types::{InlineKeyboardButton, InlineKeyboardMarkup, MenuButton, WebAppInfo},
};

use super::{App, send};
use crate::{domain::Language, t};

/// "Open card" under the card picture.
pub fn open_card_button(app: &App, lang: Language) -> Option<InlineKeyboardMarkup> {
    let url = app.config.mini_app_url("")?;
    Some(InlineKeyboardMarkup::new(vec![vec![
        InlineKeyboardButton::web_app(t!(lang, "miniapp-open-card"), WebAppInfo { url }),
    ]]))
}

fn web_app(app: &App, text: String, page: &str) -> Option<MenuButton> {
    let url = app.config.mini_app_url(page)?;
    Some(MenuButton::WebApp {
        text,
        web_app: WebAppInfo { url },
    })
}

/// At start-up: "Card" is the default menu button of every chat, and owners' chats get "Till".
pub async fn set_menu_buttons(bot: &Bot, app: &App) {
    let lang = app.config.default_language;
    let Some(card) = web_app(app, t!(lang, "miniapp-menu-card"), "") else {
        return;
    };
    send::deliver("set_default_menu_button", None, || {
        bot.set_chat_menu_button()
            .menu_button(card.clone())
            .into_future()
    })
    .await;
    for &owner in &app.config.owner_ids {
        // Fails with "chat not found" until the owner has started the bot: harmless.
        staff_menu_button(bot, app, ChatId(owner), lang).await;
    }
}

/// A staff member's chat: the menu button opens the till.
pub async fn staff_menu_button(bot: &Bot, app: &App, chat: ChatId, lang: Language) {
    let Some(till) = web_app(app, t!(lang, "miniapp-menu-till"), "till") else {
        return;
    };
    send::deliver("set_staff_menu_button", None, || {
        bot.set_chat_menu_button()
            .chat_id(chat)
            .menu_button(till.clone())
            .into_future()
    })
    .await;
}

/// A customer's chat: "Card" in their language (the default button speaks the default one).
/// Staff keep their "Till".
pub async fn customer_menu_button(
    bot: &Bot,
    app: &App,
    user: &teloxide::types::User,
    chat: ChatId,
    lang: Language,
) {
    if app.config.public_url.is_none() || super::till::staff_for(app, user).await.is_some() {
        return;
    }
    let Some(card) = web_app(app, t!(lang, "miniapp-menu-card"), "") else {
        return;
    };
    send::deliver("set_customer_menu_button", None, || {
        bot.set_chat_menu_button()
            .chat_id(chat)
            .menu_button(card.clone())
            .into_future()
    })
    .await;
}

/// A revoked cashier's chat goes back to the default button (the card).
pub async fn reset_menu_button(bot: &Bot, app: &App, chat: ChatId) {
    if app.config.public_url.is_none() {
        return;
    }
    send::deliver("reset_menu_button", None, || {
        bot.set_chat_menu_button()
            .chat_id(chat)
            .menu_button(MenuButton::Default)
            .into_future()
    })
    .await;
}
