//! Undo and refunds as the staff member and the customer see them. Either may move the
//! customer's tier down (recomputed in the same transaction): the notice follows the
//! customer's message at once.

use chrono::Utc;
use teloxide::prelude::*;

use super::{App, HandlerResult, earn_view, send, till_money::customer_chat};
use crate::{
    domain::{Language, Money},
    t,
    till::{
        Staff, TillError, purchase,
        refund::{self, RefundRequest},
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
    let result = purchase::undo(&app.pool, receipt, staff, Utc::now()).await;
    let toast = match &result {
        Ok(_) => None,
        Err(e) => Some(till_error(lang, e)),
    };
    send::answer_callback(bot, &q.id, toast).await;
    let Ok(undone) = result else { return Ok(()) };
    if let Some(m) = q.regular_message() {
        let text = t!(
            lang,
            "till-undone",
            receipt = receipt,
            points = undone.points
        );
        send::edit_html(bot, m.chat.id, m.id, text, None).await;
    }
    if let Some(to) = customer_chat(&undone.customer) {
        let l = undone.customer.language();
        let text = t!(
            l,
            "receipt-customer-undone",
            receipt = receipt,
            points = undone.points,
            balance = undone.balance
        );
        send::html(bot, to, text, None).await;
    }
    if undone.tier_move.is_some() {
        earn_view::send_tier_notices(bot, app, Some(undone.customer.id)).await?;
    }
    Ok(())
}

pub async fn refund(
    bot: &Bot,
    app: &App,
    staff: &Staff,
    chat: ChatId,
    lang: Language,
    receipt: i64,
    amount: Option<Money>,
) -> HandlerResult {
    let done = match refund::refund(
        &app.pool,
        &RefundRequest {
            receipt,
            amount,
            staff,
        },
    )
    .await
    {
        Ok(done) => done,
        Err(e) => return super::customer::reply(bot, chat, till_error(lang, &e), None).await,
    };
    let text = t!(
        lang,
        "till-refunded",
        receipt = receipt,
        amount = app.money(lang, done.amount.value()),
        taken = done.clawed_back,
        written_off = done.written_off,
        returned = done.returned,
    );
    send::html(bot, chat, text, None).await;
    if let Some(to) = customer_chat(&done.customer) {
        let l = done.customer.language();
        let text = t!(
            l,
            "receipt-customer-refunded",
            receipt = receipt,
            taken = done.clawed_back,
            returned = done.returned,
            balance = done.balance,
        );
        send::html(bot, to, text, None).await;
    }
    if done.tier_move.is_some() {
        earn_view::send_tier_notices(bot, app, Some(done.customer.id)).await?;
    }
    Ok(())
}

/// One localized sentence per till error.
pub fn till_error(lang: Language, e: &TillError) -> String {
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
        TillError::Ledger(_) | TillError::Db(_) => {
            tracing::error!(error = ?e, "till operation failed");
            t!(lang, "error-generic")
        }
    }
}
