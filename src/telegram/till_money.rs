//! Purchases as the staff member and the customer see them (undo and refunds are in
//! [`super::till_reversal`]).

use chrono::Utc;
use teloxide::{
    prelude::*,
    types::{InlineKeyboardButton, InlineKeyboardMarkup},
    utils::html::escape,
};

pub use super::till_reversal::till_error;
use super::{App, HandlerResult, callback::CallbackData, earn_view, send, till::flag_to_owners};
use crate::{
    domain::{Language, Money, MoneyError},
    storage::{customers::Customer, till as sessions},
    t,
    till::{Staff, TillError, purchase},
};

pub fn money_error(lang: Language, e: &MoneyError) -> String {
    let key = match e {
        MoneyError::NotANumber => "amount-not-a-number",
        MoneyError::NotPositive => "amount-not-positive",
        MoneyError::TooPrecise => "amount-too-precise",
        MoneyError::TooLarge => "amount-too-large",
    };
    t!(lang, key, max = Money::MAX.to_string())
}

pub fn customer_chat(c: &Customer) -> Option<ChatId> {
    c.chat_id.map(ChatId)
}

pub fn purchase_key(chat: ChatId, source: i64) -> String {
    format!("purchase:{}:{}", chat.0, source)
}

/// Posts a purchase typed in message `source` of `chat`. Unless `confirmed`, a second purchase
/// on the same card by the same staff member within a minute asks first (a double scan?).
#[allow(clippy::too_many_arguments)]
pub async fn purchase(
    bot: &Bot,
    app: &App,
    staff: &Staff,
    chat: ChatId,
    lang: Language,
    customer_id: i64,
    source: i64,
    amount: Money,
    confirmed: bool,
) -> HandlerResult {
    let key = purchase_key(chat, source);
    let now = Utc::now();
    if !confirmed
        && purchase::is_recent_duplicate(&app.pool, staff.tg_user_id, customer_id, now).await?
    {
        let cents = (amount.value() * rust_decimal::Decimal::ONE_HUNDRED)
            .trunc()
            .try_into()
            .unwrap_or(0i64);
        let ask = InlineKeyboardMarkup::new(vec![vec![InlineKeyboardButton::callback(
            t!(lang, "till-button-post-anyway"),
            CallbackData::ConfirmDuplicate {
                customer: customer_id,
                update: source,
                cents,
            }
            .encode(),
        )]]);
        send::html(
            bot,
            chat,
            t!(
                lang,
                "till-duplicate-ask",
                amount = app.money(lang, amount.value())
            ),
            Some(ask.into()),
        )
        .await;
        return Ok(());
    }
    let req = purchase::PurchaseRequest {
        key,
        staff,
        customer_id,
        amount,
        now,
    };
    let receipt = match purchase::post(&app.pool, &req).await {
        Ok(r) => r,
        Err(TillError::NotFound) => {
            return super::customer::reply(bot, chat, t!(lang, "till-card-unknown"), None).await;
        }
        Err(e @ (TillError::OwnCard | TillError::RedemptionOverCap { .. })) => {
            return super::customer::reply(bot, chat, till_error(app, lang, &e), None).await;
        }
        Err(e) => return Err(e.into()),
    };
    let name = escape(receipt.customer.display_name());
    let buttons = InlineKeyboardMarkup::new(vec![vec![
        InlineKeyboardButton::callback(
            t!(lang, "till-button-undo"),
            CallbackData::Undo {
                receipt: receipt.id,
            }
            .encode(),
        ),
        InlineKeyboardButton::callback(
            t!(lang, "till-button-refund"),
            CallbackData::RefundAsk {
                receipt: receipt.id,
            }
            .encode(),
        ),
    ]]);
    let text = if receipt.has_points {
        t!(
            lang,
            "till-purchase-posted",
            receipt = receipt.id,
            amount = app.money(lang, amount.value()),
            points = receipt.points,
            name = name,
            balance = receipt.balance,
        )
    } else {
        t!(
            lang,
            "earn-purchase-posted-no-points",
            receipt = receipt.id,
            amount = app.money(lang, amount.value()),
            name = name,
        )
    };
    let text = earn_view::with_lines(text, &earn_view::receipt_lines(lang, &receipt.extras));
    send::html(bot, chat, text, Some(buttons.into())).await;
    if receipt.replayed {
        return Ok(());
    }
    sessions::close(&mut *app.pool.acquire().await?, staff.tg_user_id).await?;
    announce_receipt(bot, app, staff, &receipt).await
}

/// What a posted purchase tells others, from the till or the POS API alike: the customer's
/// receipt (with rating stars), tier notices, referral bonuses, and a busy-card flag to owners.
pub async fn announce_receipt(
    bot: &Bot,
    app: &App,
    staff: &Staff,
    receipt: &purchase::Receipt,
) -> HandlerResult {
    let amount = receipt.amount;
    let c = &receipt.customer;
    if let Some(to) = customer_chat(c) {
        let clang = c.language();
        let mut text = if receipt.has_points {
            t!(
                clang,
                "receipt-customer",
                receipt = receipt.id,
                store = escape(&staff.store),
                amount = app.money(clang, amount.value()),
                points = receipt.points,
                balance = receipt.balance,
            )
        } else {
            t!(
                clang,
                "earn-receipt-customer-no-points",
                receipt = receipt.id,
                store = escape(&staff.store),
                amount = app.money(clang, amount.value()),
            )
        };
        text = earn_view::with_lines(text, &earn_view::receipt_lines(clang, &receipt.extras));
        if receipt.redeemed > 0 {
            text.push('\n');
            text.push_str(&t!(
                clang,
                "receipt-customer-redeemed",
                points = receipt.redeemed
            ));
        }
        let stars = super::extras::feedback::rating_keyboard(receipt.id);
        send::html(bot, to, text, Some(stars.into())).await;
    }
    if receipt.extras.tier_move.is_some() {
        earn_view::send_tier_notices(bot, app, Some(c.id)).await?;
    }
    if let Some(paid) = &receipt.referral {
        // Each side hears about its own bonus; a side the owner set to 0 hears nothing.
        if let Some(to) = customer_chat(c).filter(|_| paid.friend_points > 0) {
            let text = t!(
                c.language(),
                "referral-paid-friend",
                bonus = paid.friend_points,
                referrer_bonus = paid.referrer_points
            );
            send::html(bot, to, text, None).await;
        }
        let referrer = &paid.referrer;
        if let Some(to) = customer_chat(referrer).filter(|_| paid.referrer_points > 0) {
            let text = t!(
                referrer.language(),
                "referral-paid-referrer",
                bonus = paid.referrer_points,
                name = escape(c.display_name())
            );
            send::html(bot, to, text, None).await;
        }
    }
    if let Some(ops) = receipt.flagged_ops {
        flag_to_owners(bot, app, staff, c, ops).await;
    }
    Ok(())
}
