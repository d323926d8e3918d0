//! The extras in the chat (logic in [`crate::extras`]): `/birthday` for customers, `/coupon` and
//! `/feedback` for owners, coupon links (`/start k_<code>`), the rating stars under receipts,
//! the coupon buttons on the card screen, and the free text the bot waits for (a birthday, a
//! comment). Its own command enum and handler branch keep the shared files' edits to one line.

pub mod birthday;
pub mod coupons;
pub mod feedback;

use chrono::Utc;
use teloxide::{prelude::*, utils::command::BotCommands};

use super::{AppRef, HandlerResult, callback::CallbackData, keyboards::MenuButton, send, tg_id};
use crate::{
    extras::pending::{self, Pending},
    storage::till as sessions,
    t,
};

#[derive(BotCommands, Clone, Debug, PartialEq, Eq)]
#[command(rename_rule = "lowercase")]
pub enum ExtrasCommand {
    /// Customers: give (once) or see their birthday; `/birthday 15.06.1990` works too.
    Birthday(String),
    /// Owners: `/coupon` lists, `/coupon add CODE bonus 100 limit 500 until 2026-12-31`.
    Coupon(String),
    /// Owners: ratings and the latest comments.
    Feedback,
}

pub async fn on_command(bot: Bot, msg: Message, cmd: ExtrasCommand, app: AppRef) -> HandlerResult {
    let Some(user) = msg.from.as_ref() else {
        return Ok(());
    };
    let chat = msg.chat.id;
    match cmd {
        ExtrasCommand::Birthday(arg) => birthday::on_command(&bot, &app, user, chat, &arg).await,
        ExtrasCommand::Coupon(_) | ExtrasCommand::Feedback if !app.is_owner(user) => {
            let lang = super::till::staff_lang(&app, user).await;
            send::html(&bot, chat, t!(lang, "owner-only"), None).await;
            Ok(())
        }
        ExtrasCommand::Coupon(args) => coupons::on_command(&bot, &app, user, chat, &args).await,
        ExtrasCommand::Feedback => feedback::show_summary(&bot, &app, user, chat).await,
    }
}

/// Free text the bot is waiting for from this customer.
#[derive(Clone, Copy, Debug)]
pub struct PendingInput {
    customer: i64,
    what: Pending,
}

/// The handler tree's first filter: a command (or a menu button) cancels what was awaited
/// and goes on to its own handler; other text is taken as the awaited input. A staff member
/// with a card open at the till keeps typing amounts: the till wins.
pub async fn pending_input(msg: Message, app: AppRef) -> Option<PendingInput> {
    let (user, text) = (msg.from.as_ref()?, msg.text()?);
    let mut conn = app.pool.acquire().await.ok()?;
    if text.starts_with('/') || MenuButton::from_text(text).is_some() {
        if let Err(e) = pending::clear_for_user(&mut conn, tg_id(user)).await {
            tracing::warn!(error = %e, "clearing awaited input failed");
        }
        return None;
    }
    let now = Utc::now();
    let (customer, what) = pending::current(&mut conn, tg_id(user), now).await.ok()??;
    let at_till = sessions::current(&mut conn, tg_id(user), now)
        .await
        .ok()
        .flatten()
        .is_some();
    (!at_till).then_some(PendingInput { customer, what })
}

pub async fn on_pending_input(
    bot: Bot,
    msg: Message,
    input: PendingInput,
    app: AppRef,
) -> HandlerResult {
    let Some(user) = msg.from.as_ref() else {
        return Ok(());
    };
    let text = msg.text().unwrap_or_default();
    match input.what {
        Pending::Birthday => birthday::on_text(&bot, &app, user, msg.chat.id, text).await,
        Pending::Comment { purchase } => {
            feedback::on_comment(
                &bot,
                &app,
                user,
                msg.chat.id,
                input.customer,
                purchase,
                text,
            )
            .await
        }
    }
}

/// The extras' inline buttons.
pub async fn on_button(
    bot: Bot,
    q: CallbackQuery,
    app: AppRef,
    data: CallbackData,
) -> HandlerResult {
    match data {
        CallbackData::BirthdaySave { date } => birthday::on_save(&bot, &q, &app, Some(date)).await,
        CallbackData::BirthdayRetry => birthday::on_save(&bot, &q, &app, None).await,
        CallbackData::FeedbackRate { purchase, rating } => {
            feedback::on_rate(&bot, &q, &app, purchase, rating).await
        }
        CallbackData::CouponStop { coupon } => coupons::on_stop(&bot, &q, &app, coupon).await,
        CallbackData::CouponApply { claim } => coupons::on_apply(&bot, &q, &app, claim).await,
        _ => {
            send::answer_callback(&bot, &q.id, None).await;
            Ok(())
        }
    }
}

/// Lines for `/privacy`: the birthday we keep, if any.
pub async fn privacy_lines(
    app: &super::App,
    customer: &crate::storage::customers::Customer,
) -> String {
    let lang = customer.language();
    let birthday = crate::extras::birthday::of(&app.pool, customer.id)
        .await
        .ok()
        .flatten()
        .map_or_else(|| t!(lang, "birthday-not-given"), |b| b.display());
    t!(lang, "privacy-extras", birthday = birthday)
}
