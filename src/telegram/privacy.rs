//! `/privacy` (what we keep and why) and `/delete_me` (erase it, after a confirmation).

use teloxide::{
    prelude::*,
    types::{InlineKeyboardButton, InlineKeyboardMarkup},
};

use super::{App, AppRef, HandlerResult, callback::CallbackData, send};
use crate::{storage::customers::Customer, t};

pub async fn show(bot: &Bot, app: &App, chat: ChatId, customer: &Customer) -> HandlerResult {
    let mut text = t!(customer.language(), "privacy-text");
    text.push('\n');
    text.push_str(&super::extras::privacy_lines(app, customer).await);
    send::html(bot, chat, text, None).await;
    Ok(())
}

pub async fn ask_to_erase(bot: &Bot, chat: ChatId, customer: &Customer) -> HandlerResult {
    let lang = customer.language();
    let buttons = InlineKeyboardMarkup::new(vec![vec![
        InlineKeyboardButton::callback(
            t!(lang, "delete-me-button-confirm"),
            CallbackData::EraseMe { confirm: true }.encode(),
        ),
        InlineKeyboardButton::callback(
            t!(lang, "delete-me-button-cancel"),
            CallbackData::EraseMe { confirm: false }.encode(),
        ),
    ]]);
    send::html(bot, chat, t!(lang, "delete-me-ask"), Some(buttons.into())).await;
    Ok(())
}

pub async fn on_answer(bot: Bot, q: CallbackQuery, app: AppRef, confirm: bool) -> HandlerResult {
    send::answer_callback(&bot, &q.id, None).await;
    let Some(customer) = app.customer_of(&q.from).await? else {
        return Ok(()); // already erased: a second tap finds nobody
    };
    let lang = customer.language();
    let Some(message) = q.regular_message() else {
        return Ok(());
    };
    if !confirm {
        send::edit_html(
            &bot,
            message.chat.id,
            message.id,
            t!(lang, "delete-me-cancelled"),
            None,
        )
        .await;
        return Ok(());
    }
    crate::privacy::erase(&app.pool, customer.id).await?;
    send::edit_html(
        &bot,
        message.chat.id,
        message.id,
        t!(lang, "delete-me-done"),
        None,
    )
    .await;
    Ok(())
}
