//! The till conversation: a staff member opens a card (deep link, photo of the QR, or typed
//! number), sees the card screen, and types an amount to post a purchase or `N [amount]` to
//! ask the customer to spend points. Receipts carry Undo and Refund buttons.

use chrono::{Duration, Utc};
use teloxide::{prelude::*, utils::html::escape};

use super::{
    App, AppRef, HandlerResult,
    callback::CallbackData,
    dialogue::{self, State},
    send, tg_id, till_money,
};
use crate::{
    domain::{CardNumber, Language, Money},
    storage::{customers, till as sessions},
    t,
    till::Staff,
};

/// How long a card screen stays open without activity.
pub const SESSION_TTL: Duration = Duration::minutes(5);

/// The staff member behind a message, if they are staff right now (checked on every update,
/// so a revoked cashier loses every action at once).
pub async fn staff_of(msg: Message, app: AppRef) -> Option<Staff> {
    let user = msg.from.as_ref()?;
    staff_for(&app, user).await
}

pub async fn staff_for(app: &App, user: &teloxide::types::User) -> Option<Staff> {
    let mut conn = app.pool.acquire().await.ok()?;
    crate::till::staff_member(
        &mut conn,
        tg_id(user),
        &user.first_name,
        &app.config.owner_ids,
    )
    .await
    .ok()
    .flatten()
}

/// The language to talk to a staff member in.
pub async fn staff_lang(app: &App, user: &teloxide::types::User) -> Language {
    let customer = app.customer_of(user).await.ok().flatten();
    app.language_for(Some(user), customer.as_ref())
}

pub use super::till_scan::{on_photo, open_card, open_card_by_number, open_card_by_token};

/// Text from staff: a card number opens a card; with a card open, an amount posts a purchase
/// (or `N [amount]` asks to spend points after the Redeem button).
pub async fn on_text(bot: Bot, msg: Message, staff: Staff, app: AppRef) -> HandlerResult {
    let (Some(user), Some(text)) = (msg.from.as_ref(), msg.text()) else {
        return Ok(());
    };
    let lang = staff_lang(&app, user).await;
    let chat = msg.chat.id;
    if CardNumber::parse(text).is_ok() {
        return open_card_by_number(&bot, &app, &staff, chat, lang, text).await;
    }
    // Telegram re-delivered an update we already posted (the card screen is closed by now):
    // show the same receipt again instead of asking for a card.
    let key = till_money::purchase_key(chat, msg_key(&msg));
    if let Some((customer, amount)) = crate::till::purchase::by_key(&app.pool, &key).await? {
        let amount = Money::new(amount)?;
        return till_money::purchase(
            &bot,
            &app,
            &staff,
            chat,
            lang,
            customer,
            msg_key(&msg),
            amount,
            true,
        )
        .await;
    }
    let session = sessions::current(
        &mut *app.pool.acquire().await?,
        staff.tg_user_id,
        Utc::now(),
    )
    .await?;
    let Some(session) = session else {
        return super::customer::reply(&bot, chat, t!(lang, "till-no-card-open"), None).await;
    };
    match Money::parse(text) {
        Ok(amount) => {
            till_money::purchase(
                &bot,
                &app,
                &staff,
                chat,
                lang,
                session.customer_id,
                msg_key(&msg),
                amount,
                false,
            )
            .await
        }
        Err(e) => super::customer::reply(&bot, chat, till_money::money_error(lang, &e), None).await,
    }
}

/// The message that carried an amount: with the chat id it makes the posting's idempotency
/// key, and a re-delivered update carries the same ids.
pub fn msg_key(msg: &Message) -> i64 {
    i64::from(msg.id.0)
}

/// The staff's till buttons and receipt buttons.
pub async fn on_staff_button(
    bot: Bot,
    q: CallbackQuery,
    app: AppRef,
    data: CallbackData,
) -> HandlerResult {
    let lang = staff_lang(&app, &q.from).await;
    let Some(staff) = staff_for(&app, &q.from).await else {
        send::answer_callback(&bot, &q.id, Some(t!(lang, "staff-only"))).await;
        return Ok(());
    };
    // A press from a stale or old message still names its chat: act, but edit nothing of it.
    let Some((chat, message_id)) = q.message.as_ref().map(|m| (m.chat().id, m.id())) else {
        send::answer_callback(&bot, &q.id, None).await;
        return Ok(());
    };
    let message = q.regular_message();
    let current = sessions::current(
        &mut *app.pool.acquire().await?,
        staff.tg_user_id,
        Utc::now(),
    )
    .await?;
    let on_screen = |customer: i64| current.is_some_and(|s| s.customer_id == customer);
    match data {
        CallbackData::TillPurchase { customer } | CallbackData::TillRedeem { customer }
            if !on_screen(customer) =>
        {
            send::answer_callback(&bot, &q.id, Some(t!(lang, "till-screen-expired"))).await;
            send::edit_html(
                &bot,
                chat,
                message_id,
                t!(lang, "till-screen-expired"),
                None,
            )
            .await;
        }
        CallbackData::TillPurchase { customer } => {
            dialogue::set(&app, chat, &State::TillAmount { customer }).await?;
            send::answer_callback(&bot, &q.id, None).await;
            send::html(&bot, chat, t!(lang, "till-ask-amount"), None).await;
        }
        CallbackData::TillRedeem { customer } => {
            dialogue::set(&app, chat, &State::RedeemPoints { customer }).await?;
            send::answer_callback(&bot, &q.id, None).await;
            send::html(&bot, chat, t!(lang, "till-ask-redeem"), None).await;
        }
        CallbackData::TillCancel { .. } => {
            if current.is_some() {
                close(&app, &staff, chat).await?;
            }
            send::answer_callback(&bot, &q.id, None).await;
            send::edit_html(&bot, chat, message_id, t!(lang, "till-closed"), None).await;
        }
        CallbackData::ConfirmDuplicate {
            customer,
            update,
            cents,
        } => {
            send::answer_callback(&bot, &q.id, None).await;
            send::edit_html(
                &bot,
                chat,
                message_id,
                t!(lang, "till-duplicate-confirmed"),
                None,
            )
            .await;
            let amount = Money::new(rust_decimal::Decimal::new(cents, 2));
            if let Ok(amount) = amount {
                till_money::purchase(
                    &bot, &app, &staff, chat, lang, customer, update, amount, true,
                )
                .await?;
            }
        }
        CallbackData::Undo { receipt } => {
            super::till_reversal::undo(&bot, &app, &staff, &q, lang, receipt).await?
        }
        CallbackData::RefundAsk { receipt } => {
            send::answer_callback(&bot, &q.id, None).await;
            // The answer to a bare /refund's question, when pressed under it.
            let asked =
                |s: &super::dialogue::State| matches!(s, super::dialogue::State::RefundReceipt);
            super::dialogue::finish(&app, chat, asked).await?;
            super::till_reversal::ask_refund(&bot, &app, &staff, chat, lang, receipt, None).await?
        }
        CallbackData::RefundConfirm { receipt, cents } => {
            send::answer_callback(&bot, &q.id, None).await;
            // The screen keeps its text and loses its buttons (a second tap is refused below).
            if let Some(m) = message.filter(|m| m.reply_markup().is_some()) {
                let shown = m.text().map(escape).unwrap_or_default();
                send::edit_html(&bot, chat, message_id, shown, None).await;
            }
            let amount = (cents > 0)
                .then(|| Money::new(rust_decimal::Decimal::new(cents, 2)).ok())
                .flatten();
            super::till_reversal::refund(&bot, &app, &staff, chat, lang, receipt, amount).await?;
        }
        CallbackData::RefundCancel { receipt } => {
            send::answer_callback(&bot, &q.id, None).await;
            let text = t!(lang, "till-refund-cancelled", receipt = receipt);
            send::edit_html(&bot, chat, message_id, text, None).await;
        }
        _ => send::answer_callback(&bot, &q.id, None).await,
    }
    Ok(())
}

/// Closes the staff member's card screen, and the question it asked.
pub async fn close(app: &App, staff: &Staff, chat: ChatId) -> HandlerResult {
    sessions::close(&mut *app.pool.acquire().await?, staff.tg_user_id).await?;
    dialogue::finish(app, chat, State::is_till).await
}

/// Owners: a card has had more operations today than the limit allows.
pub async fn flag_to_owners(
    bot: &Bot,
    app: &App,
    staff: &Staff,
    customer: &customers::Customer,
    ops: i64,
) {
    for &owner in &app.config.owner_ids {
        let lang = app.config.default_language;
        let text = t!(
            lang,
            "owner-flag-busy-card",
            name = escape(customer.display_name()),
            ops = ops,
            staff = escape(&staff.name),
            store = escape(&staff.store),
        );
        send::html(bot, ChatId(owner), text, None).await;
    }
}
