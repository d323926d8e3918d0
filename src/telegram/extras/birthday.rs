//! `/birthday`: the customer gives their birthday once (asked, checked, confirmed with a
//! warning that it cannot be changed), and the job that credits the gift and says so.

use chrono::Utc;
use teloxide::{
    prelude::*,
    types::{InlineKeyboardButton, InlineKeyboardMarkup, User},
};

use super::super::{
    App, HandlerResult,
    callback::CallbackData,
    dialogue::{self, State},
    send,
};
use crate::{
    domain::Language,
    extras::birthday::{self, Birthday, BirthdayError},
    storage::customers::{self, Customer},
    t,
};

async fn customer_or_hint(
    bot: &Bot,
    app: &App,
    user: &User,
    chat: ChatId,
) -> anyhow::Result<Option<Customer>> {
    let customer = app.customer_of(user).await?;
    if customer.is_none() {
        let lang = app.language_for(Some(user), None);
        send::html(bot, chat, t!(lang, "not-registered"), None).await;
    }
    Ok(customer)
}

async fn already(bot: &Bot, chat: ChatId, lang: Language, b: Birthday) {
    let text = t!(lang, "birthday-already", date = b.display());
    send::html(bot, chat, text, None).await;
}

pub async fn on_command(
    bot: &Bot,
    app: &App,
    user: &User,
    chat: ChatId,
    arg: &str,
) -> HandlerResult {
    let Some(customer) = customer_or_hint(bot, app, user, chat).await? else {
        return Ok(());
    };
    let lang = customer.language();
    if let Some(b) = birthday::of(&app.pool, customer.id).await? {
        already(bot, chat, lang, b).await;
        return Ok(());
    }
    if !arg.trim().is_empty() {
        return on_text(bot, app, user, chat, arg).await;
    }
    dialogue::set(app, chat, &State::Birthday).await?;
    send::html(bot, chat, t!(lang, "birthday-ask"), None).await;
    Ok(())
}

/// The customer typed a date: check it and ask to confirm (nothing is saved yet).
pub async fn on_text(bot: &Bot, app: &App, user: &User, chat: ChatId, text: &str) -> HandlerResult {
    let Some(customer) = customer_or_hint(bot, app, user, chat).await? else {
        return Ok(());
    };
    let lang = customer.language();
    if let Some(b) = birthday::of(&app.pool, customer.id).await? {
        dialogue::take(app, chat).await?;
        already(bot, chat, lang, b).await;
        return Ok(());
    }
    let now = Utc::now();
    let b = match Birthday::parse(text, now.date_naive()) {
        Ok(b) => b,
        Err(e) => {
            // Still waiting: the next message may be the corrected date.
            dialogue::set(app, chat, &State::Birthday).await?;
            let key = match e {
                BirthdayError::Format => "birthday-error-format",
                BirthdayError::NoSuchDay => "birthday-error-no-such-day",
                BirthdayError::Future => "birthday-error-future",
                BirthdayError::Year => "birthday-error-year",
            };
            send::html(bot, chat, t!(lang, key), None).await;
            return Ok(());
        }
    };
    dialogue::finish(app, chat, |s| *s == State::Birthday).await?;
    let buttons = InlineKeyboardMarkup::new(vec![vec![
        InlineKeyboardButton::callback(
            t!(lang, "birthday-button-save"),
            CallbackData::BirthdaySave { date: b.code() }.encode(),
        ),
        InlineKeyboardButton::callback(
            t!(lang, "birthday-button-retry"),
            CallbackData::BirthdayRetry.encode(),
        ),
    ]]);
    let text = t!(lang, "birthday-confirm", date = b.display());
    send::html(bot, chat, text, Some(buttons.into())).await;
    Ok(())
}

/// "Save" (`Some(date)`) or "Enter again" (`None`) under the confirmation.
pub async fn on_save(bot: &Bot, q: &CallbackQuery, app: &App, date: Option<u32>) -> HandlerResult {
    send::answer_callback(bot, &q.id, None).await;
    let Some(customer) = app.customer_of(&q.from).await? else {
        return Ok(());
    };
    let lang = customer.language();
    let now = Utc::now();
    let text = match date.map(|d| Birthday::from_code(d, now.date_naive())) {
        None => {
            let chat = ChatId(customer.chat_id.or(customer.tg_user_id).unwrap_or_default());
            dialogue::set(app, chat, &State::Birthday).await?;
            t!(lang, "birthday-ask")
        }
        Some(None) => t!(lang, "birthday-error-format"),
        Some(Some(b)) => {
            if birthday::set(&app.pool, customer.id, b).await? {
                t!(lang, "birthday-saved", date = b.display())
            } else {
                // A double tap, or a stale button after the birthday was set: it stays.
                let stored = birthday::of(&app.pool, customer.id).await?.unwrap_or(b);
                t!(lang, "birthday-already", date = stored.display())
            }
        }
    };
    match q.regular_message() {
        Some(m) => send::edit_html(bot, m.chat.id, m.id, text, None).await,
        // Too old to edit (Telegram no longer shows it to us): answer with a new message.
        None => {
            let chat = ChatId(customer.chat_id.or(customer.tg_user_id).unwrap_or_default());
            send::html(bot, chat, text, None).await;
        }
    }
    Ok(())
}

/// The job: pays the gifts due now (catching up after downtime), then tells each customer
/// once. Several processes may run it; see [`crate::extras::birthday`].
pub async fn run_due(bot: &Bot, app: &App) -> anyhow::Result<()> {
    birthday::pay_due(&app.pool, Utc::now()).await?;
    notify_paid(bot, app).await
}

/// Sends the congratulations for gifts paid (by this process or another, or by a test).
pub async fn notify_paid(bot: &Bot, app: &App) -> anyhow::Result<()> {
    for (customer, points) in birthday::claim_notifications(&app.pool).await? {
        let mut conn = app.pool.acquire().await?;
        let Some(c) = customers::by_id(&mut conn, customer).await? else {
            continue;
        };
        let Some(chat) = c.chat_id else { continue };
        let balance = crate::ledger::balance(&mut conn, c.account_id)
            .await?
            .available();
        drop(conn);
        let text = t!(
            c.language(),
            "birthday-gift",
            name = teloxide::utils::html::escape(c.display_name()),
            points = points,
            balance = balance
        );
        send::html(bot, ChatId(chat), text, None).await;
    }
    Ok(())
}
