//! `/phone`: a customer who had points in the shop's previous system shares their phone number
//! with Telegram's "share contact" button, and the opening balance the owner imported for that
//! number (`/import` with a phone column) is credited once. Only the sender's own contact counts
//! (Telegram vouches for it by setting `user_id`); the number is used to look up the waiting
//! balance and is not stored with the customer.

use teloxide::{
    prelude::*,
    types::{ButtonRequest, KeyboardButton, KeyboardMarkup},
};

use super::{
    AppRef, HandlerResult,
    customer::{menu, reply},
};
use crate::{
    analytics::phone::{self, Claim},
    storage::customers::Customer,
    t,
};

/// Offers the one-tap "share my phone number" button.
pub async fn ask(bot: &Bot, chat: ChatId, customer: &Customer) -> HandlerResult {
    let lang = customer.language();
    let button = KeyboardButton::new(t!(lang, "phone-button")).request(ButtonRequest::Contact);
    let keyboard = KeyboardMarkup::new(vec![vec![button]])
        .resize_keyboard()
        .one_time_keyboard();
    reply(bot, chat, t!(lang, "phone-ask"), Some(keyboard.into())).await
}

/// A shared contact: claims the balance imported for that number.
pub async fn on_contact(bot: Bot, msg: Message, app: AppRef) -> HandlerResult {
    let (Some(user), Some(contact)) = (msg.from.as_ref(), msg.contact()) else {
        return Ok(());
    };
    let customer = app.customer_of(user).await?;
    let lang = app.language_for(Some(user), customer.as_ref());
    let Some(customer) = customer else {
        return reply(&bot, msg.chat.id, t!(lang, "not-registered"), None).await;
    };
    if contact.user_id != Some(user.id) {
        return reply(
            &bot,
            msg.chat.id,
            t!(lang, "phone-not-yours"),
            Some(menu(lang)),
        )
        .await;
    }
    let claim = phone::claim(
        &app.pool,
        customer.id,
        customer.account_id,
        &contact.phone_number,
    )
    .await?;
    let text = match claim {
        Claim::Credited(points) => t!(lang, "phone-credited", points = points),
        Claim::AlreadyYours => t!(lang, "phone-already"),
        Claim::Taken => t!(lang, "phone-taken"),
        Claim::Nothing => t!(lang, "phone-nothing"),
    };
    reply(&bot, msg.chat.id, text, Some(menu(lang))).await
}
