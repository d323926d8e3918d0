//! Undo and refunds as the staff member and the customer see them. Either may move the
//! customer's tier down (recomputed in the same transaction): the notice follows the
//! customer's message at once.

use chrono::Utc;
use teloxide::{
    prelude::*,
    types::{InlineKeyboardButton, InlineKeyboardMarkup},
    utils::html::escape,
};

use super::{
    App, HandlerResult, callback::CallbackData, earn_view, send, till_money::customer_chat,
};
use crate::{
    domain::{Language, Money},
    storage::customers::Customer,
    t,
    till::{
        Staff, TillError, purchase,
        refund::{self, RefundRequest},
        undo::OtherTaken,
    },
};

pub async fn undo(
    bot: &Bot,
    app: &App,
    staff: &Staff,
    q: &CallbackQuery,
    lang: Language,
    receipt: i64,
) -> HandlerResult {
    let mut result = purchase::undo(&app.pool, receipt, staff, Utc::now()).await;
    let toast = match &result {
        Ok(_) => None,
        Err(e) => Some(till_error(app, lang, e)),
    };
    if matches!(result, Err(TillError::AlreadyReversed)) {
        // Undone before (a double tap, or this very press handled again after its reply
        // failed): the toast says so and the receipt shows the undo as it was done.
        if let Some(done) = crate::till::undo::replay(&app.pool, receipt).await? {
            result = Ok(done);
        }
    }
    send::answer_callback(bot, &q.id, toast).await;
    let Ok(undone) = result else { return Ok(()) };
    if let Some(m) = q.regular_message() {
        let mut text = t!(
            lang,
            "till-undone",
            receipt = receipt,
            points = undone.points
        );
        if undone.written_off > 0 {
            text.push('\n');
            text.push_str(&t!(lang, "till-written-off", points = undone.written_off));
        }
        send::edit_html(bot, m.chat.id, m.id, text, None).await;
    }
    announce_undo(bot, app, &undone).await
}

/// What an undo tells others, from the chat's till or the Mini App's alike: the customer,
/// their tier move, and an inviter whose bonus went with the purchase.
pub async fn announce_undo(bot: &Bot, app: &App, undone: &purchase::Undone) -> HandlerResult {
    if undone.replayed {
        return Ok(()); // they were told the first time
    }
    if let Some(to) = customer_chat(&undone.customer) {
        let l = undone.customer.language();
        let text = t!(
            l,
            "receipt-customer-undone",
            receipt = undone.receipt,
            points = undone.points,
            balance = undone.balance
        );
        send::html(bot, to, text, None).await;
    }
    if undone.tier_move.is_some() {
        earn_view::send_tier_notices(bot, app, Some(undone.customer.id)).await?;
    }
    tell_others(bot, &undone.customer, &undone.others).await;
    Ok(())
}

/// An inviter whose referral bonus went with the friend's cancelled purchase is told.
async fn tell_others(bot: &Bot, buyer: &Customer, others: &[OtherTaken]) {
    for other in others.iter().filter(|o| o.taken > 0) {
        let Some(to) = customer_chat(&other.customer) else {
            continue;
        };
        let text = t!(
            other.customer.language(),
            "bonus-taken-back-other",
            name = escape(buyer.display_name()),
            points = other.taken,
            balance = other.balance
        );
        send::html(bot, to, text, None).await;
    }
}

/// `/refund <receipt> [amount]` or a receipt's Refund button: the receipt as it was posted
/// (date, store, amount, the customer's masked card) and what would be refunded, with Confirm.
/// Every refund rule is checked here already, and again when Confirm is pressed.
pub async fn ask_refund(
    bot: &Bot,
    app: &App,
    staff: &Staff,
    chat: ChatId,
    lang: Language,
    receipt: i64,
    amount: Option<Money>,
) -> HandlerResult {
    let req = RefundRequest {
        receipt,
        amount,
        staff,
        now: Utc::now(),
    };
    let p = match refund::preview(&app.pool, &req).await {
        Ok(p) => p,
        Err(e) => return super::customer::reply(bot, chat, till_error(app, lang, &e), None).await,
    };
    let refund = if p.amount == p.whole {
        t!(
            lang,
            "till-refund-in-full",
            amount = app.money(lang, p.amount.value())
        )
    } else {
        app.money(lang, p.amount.value())
    };
    let text = t!(
        lang,
        "till-refund-screen",
        receipt = receipt,
        date = crate::i18n::date_time(lang, p.posted_at),
        store = escape(&p.store),
        amount = app.money(lang, p.whole.value()),
        card = p.card.map_or_else(|| "—".to_owned(), |c| c.masked()),
        refund = refund,
    );
    let cents = if p.amount == p.whole {
        0
    } else {
        (p.amount.value() * rust_decimal::Decimal::ONE_HUNDRED)
            .trunc()
            .try_into()
            .unwrap_or(0i64)
    };
    let buttons = InlineKeyboardMarkup::new(vec![vec![
        InlineKeyboardButton::callback(
            t!(lang, "till-button-refund-yes"),
            CallbackData::RefundConfirm { receipt, cents }.encode(),
        ),
        InlineKeyboardButton::callback(
            t!(lang, "till-button-cancel"),
            CallbackData::RefundCancel { receipt }.encode(),
        ),
    ]]);
    send::html(bot, chat, text, Some(buttons.into())).await;
    Ok(())
}

/// Refunds after the screen's Confirm (every rule is checked again in the transaction).
pub async fn refund(
    bot: &Bot,
    app: &App,
    staff: &Staff,
    chat: ChatId,
    lang: Language,
    receipt: i64,
    amount: Option<Money>,
) -> HandlerResult {
    let req = RefundRequest {
        receipt,
        amount,
        staff,
        now: Utc::now(),
    };
    let done = match refund::refund(&app.pool, &req).await {
        Ok(done) => done,
        Err(e) => return super::customer::reply(bot, chat, till_error(app, lang, &e), None).await,
    };
    let text = t!(
        lang,
        "till-refunded",
        receipt = receipt,
        amount = app.money(lang, done.amount.value()),
        taken = done.clawed_back + done.bonus_taken,
        written_off = done.written_off + done.bonus_written_off,
        returned = done.returned,
    );
    send::html(bot, chat, text, None).await;
    announce_refund(bot, app, &done).await
}

/// The customer hears of a refund (from the till or the POS API), and of a tier move.
pub async fn announce_refund(bot: &Bot, app: &App, done: &refund::Refunded) -> HandlerResult {
    let receipt = done.receipt;
    if let Some(to) = customer_chat(&done.customer) {
        let l = done.customer.language();
        let text = t!(
            l,
            "receipt-customer-refunded",
            receipt = receipt,
            taken = done.clawed_back + done.bonus_taken,
            returned = done.returned,
            balance = done.balance,
        );
        send::html(bot, to, text, None).await;
    }
    if done.tier_move.is_some() {
        earn_view::send_tier_notices(bot, app, Some(done.customer.id)).await?;
    }
    tell_others(bot, &done.customer, &done.others).await;
    Ok(())
}

/// One localized sentence per till error.
pub fn till_error(app: &App, lang: Language, e: &TillError) -> String {
    match e {
        TillError::NotFound => t!(lang, "till-error-not-found"),
        TillError::InsufficientPoints { available } => {
            t!(lang, "till-error-insufficient", available = *available)
        }
        TillError::OverCap { max } => t!(lang, "till-error-over-cap", max = *max),
        TillError::AlreadyReversed => t!(lang, "till-error-already-reversed"),
        TillError::UndoWindowPassed => t!(lang, "till-error-undo-window"),
        TillError::NotYours => t!(lang, "till-error-not-yours"),
        TillError::RefundTooLarge => t!(lang, "till-error-refund-too-large"),
        TillError::Closed => t!(lang, "till-error-closed"),
        TillError::NoPoints => t!(lang, "earn-error-no-points"),
        TillError::OwnCard => t!(lang, "till-own-card"),
        TillError::RedemptionOverCap {
            points,
            min_amount: Some(min),
        } => t!(
            lang,
            "till-error-redemption-over-cap",
            points = *points,
            min = app.money(lang, min.value())
        ),
        TillError::RedemptionOverCap { points, .. } => {
            t!(lang, "till-error-redemption-no-share", points = *points)
        }
        TillError::OtherStore => t!(lang, "till-error-other-store"),
        TillError::RefundWindowPassed { days } => {
            t!(lang, "till-error-refund-window", days = *days)
        }
        TillError::Ledger(_) | TillError::Db(_) => {
            tracing::error!(error = ?e, "till operation failed");
            t!(lang, "error-generic")
        }
    }
}
