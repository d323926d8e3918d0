//! The extras in the chat (logic in [`crate::extras`]): `/birthday` for customers, `/coupon` and
//! `/feedback` for owners, coupon links (`/start k_<code>`), the rating stars under receipts,
//! the coupon buttons on the card screen, and the answers to their questions (a birthday, a
//! comment: routed by the chat's state, `telegram::dialogue`). Its own command enum and handler branch keep the shared files' edits to one line.

pub mod birthday;
pub mod coupons;
pub mod feedback;

use teloxide::{prelude::*, utils::command::BotCommands};

use super::{AppRef, HandlerResult, callback::CallbackData, send};
use crate::t;

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
