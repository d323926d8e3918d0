//! Spending points with the customer's consent, as both sides see it: the cashier asks, the
//! customer gets Confirm / Decline in their own chat, and the cashier's message follows the
//! outcome live (confirmed, declined or expired).

use chrono::Utc;
use teloxide::{
    prelude::*,
    types::{InlineKeyboardButton, InlineKeyboardMarkup, MessageId},
    utils::html::escape,
};

use super::{
    App, AppRef, HandlerResult,
    callback::CallbackData,
    send, tg_id,
    till_money::{money_error, till_error},
};
use crate::{
    domain::{Language, Money, Points},
    storage::customers,
    t,
    till::{
        Staff, TillError,
        redeem::{self, RedeemRequest, Redemption},
    },
};

/// Parses `N [purchase amount]` and sends the request to the customer.
pub async fn request(
    bot: &Bot,
    app: &App,
    staff: &Staff,
    msg: &Message,
    lang: Language,
    customer_id: i64,
    input: &str,
) -> HandlerResult {
    let chat = msg.chat.id;
    let mut words = input.split_whitespace();
    let points = match words.next().map(Points::parse) {
        Some(Ok(p)) => p,
        _ => return super::customer::reply(bot, chat, t!(lang, "redeem-usage"), None).await,
    };
    let rest: String = words.collect::<Vec<_>>().join(" ");
    let purchase_amount = if rest.is_empty() {
        None
    } else {
        match Money::parse(&rest) {
            Ok(m) => Some(m),
            Err(e) => return super::customer::reply(bot, chat, money_error(lang, &e), None).await,
        }
    };
    let req = RedeemRequest {
        key: format!("redeem:{}:{}", chat.0, msg.id.0),
        staff,
        staff_chat_id: chat.0,
        staff_language: lang,
        customer_id,
        points,
        purchase_amount,
        now: Utc::now(),
        api_key: None,
    };
    let r = match redeem::request(&app.pool, &req).await {
        Ok(r) => r,
        Err(e) => return super::customer::reply(bot, chat, till_error(app, lang, &e), None).await,
    };
    if r.staff_message_id.is_some() {
        return Ok(()); // a re-delivered update: the customer was already asked
    }
    // The card screen asks for an amount again.
    let next = super::dialogue::State::TillAmount {
        customer: customer_id,
    };
    super::dialogue::set(app, chat, &next).await?;
    let mut conn = app.pool.acquire().await?;
    let customer = customers::by_id(&mut conn, customer_id)
        .await?
        .ok_or(TillError::NotFound)?;
    drop(conn);
    // The cashier's "waiting" message goes first and its id is stored before the customer is
    // asked, so however fast the customer answers, there is a message to update live.
    let waiting = t!(
        lang,
        "redeem-waiting",
        points = r.points,
        value = money_value(app, lang, &r),
        name = escape(customer.display_name())
    );
    let to_staff = send::html(bot, chat, waiting, None).await;
    redeem::set_messages(&app.pool, r.id, None, to_staff.map(|m| i64::from(m.id.0))).await?;
    ask_customer(bot, app, &r, &customer).await
}

/// Asks the customer to Confirm or Decline request `r` in their own chat: from the till, or
/// for a POS through the API (the same message and buttons).
pub async fn ask_customer(
    bot: &Bot,
    app: &App,
    r: &Redemption,
    customer: &customers::Customer,
) -> HandlerResult {
    let clang = customer.language();
    let buttons = InlineKeyboardMarkup::new(vec![vec![
        InlineKeyboardButton::callback(
            t!(clang, "redeem-button-confirm"),
            CallbackData::RedeemConfirm { redemption: r.id }.encode(),
        ),
        InlineKeyboardButton::callback(
            t!(clang, "redeem-button-decline"),
            CallbackData::RedeemDecline { redemption: r.id }.encode(),
        ),
    ]]);
    let secs = (r.expires_at - Utc::now()).num_seconds().max(0);
    let ask = t!(
        clang,
        "redeem-ask-customer",
        points = r.points,
        store = escape(&r.store),
        seconds = secs
    );
    let to_customer = match customer.chat_id {
        Some(c) => send::html(bot, ChatId(c), ask, Some(buttons.into())).await,
        None => None,
    };
    redeem::set_messages(
        &app.pool,
        r.id,
        to_customer.map(|m| i64::from(m.id.0)),
        None,
    )
    .await?;
    Ok(())
}

/// The customer pressed Confirm or Decline.
pub async fn on_redeem_answer(
    bot: Bot,
    q: CallbackQuery,
    app: AppRef,
    id: i64,
    yes: bool,
) -> HandlerResult {
    let now = Utc::now();
    let result = if yes {
        redeem::confirm(&app.pool, id, tg_id(&q.from), now).await
    } else {
        redeem::decline(&app.pool, id, tg_id(&q.from), now).await
    };
    let customer = app.customer_of(&q.from).await?;
    let lang = app.language_for(Some(&q.from), customer.as_ref());
    match result {
        // The same button again (a double tap): nothing to say.
        Ok(answered) if !answered.changed && (answered.redemption.status == "confirmed") == yes => {
            send::answer_callback(&bot, &q.id, None).await;
        }
        // Answered now, or with the other button before (both pressed at once): then the toast
        // says so, and the message shows the real outcome again, so a late Decline never
        // leaves "expired" over a confirmed spend.
        Ok(answered) => {
            let toast = (!answered.changed).then(|| t!(lang, "redeem-too-late"));
            send::answer_callback(&bot, &q.id, toast).await;
            let pressed = q.regular_message().map(|m| (m.chat.id, m.id));
            show_outcome(
                &bot,
                &app,
                &answered.redemption,
                customer.as_ref(),
                Some(answered.balance),
                pressed,
            )
            .await;
        }
        Err(TillError::Closed) => {
            send::answer_callback(&bot, &q.id, Some(t!(lang, "redeem-too-late"))).await;
            if let Some(m) = q.regular_message() {
                send::edit_html(&bot, m.chat.id, m.id, t!(lang, "redeem-too-late"), None).await;
            }
            // It may have just expired: the sweeper may not have told the cashier yet.
            expire_due(&bot, &app).await?;
        }
        Err(e) => send::answer_callback(&bot, &q.id, Some(till_error(&app, lang, &e))).await,
    }
    Ok(())
}

/// Edits both sides' messages to the request's final state. `pressed` is the customer's message
/// whose button was pressed: a fast customer may answer before we have stored its id.
async fn show_outcome(
    bot: &Bot,
    app: &App,
    r: &Redemption,
    customer: Option<&customers::Customer>,
    balance: Option<i64>,
    pressed: Option<(ChatId, MessageId)>,
) {
    let slang = r.staff_lang();
    let clang = customer.map(customers::Customer::language).unwrap_or(slang);
    let name = escape(
        customer
            .map(customers::Customer::display_name)
            .unwrap_or(""),
    );
    let (staff_key, customer_key) = match r.status.as_str() {
        "confirmed" => ("redeem-staff-confirmed", "redeem-customer-confirmed"),
        "declined" => ("redeem-staff-declined", "redeem-customer-declined"),
        _ => ("redeem-staff-expired", "redeem-customer-expired"),
    };
    let text = t!(
        slang,
        staff_key,
        points = r.points,
        value = money_value(app, slang, r),
        name = name.clone()
    );
    match r.staff_message_id {
        // A POS asked through the API: it reads the outcome there, no staff chat to update.
        _ if r.api_key_id.is_some() => {}
        Some(id) => send::edit_html(bot, ChatId(r.staff_chat_id), msg_id(id), text, None).await,
        None => drop(send::html(bot, ChatId(r.staff_chat_id), text, None).await),
    }
    let text = t!(
        clang,
        customer_key,
        points = r.points,
        balance = balance.unwrap_or(0),
        store = escape(&r.store)
    );
    let shown =
        pressed.or_else(|| Some((ChatId(customer?.chat_id?), msg_id(r.customer_message_id?))));
    if let Some((chat, id)) = shown {
        send::edit_html(bot, chat, id, text, None).await;
    }
}

/// What the request's points are worth, as the cashier deducts it from the bill.
fn money_value(app: &App, lang: Language, r: &Redemption) -> String {
    let value = r
        .money_value
        .unwrap_or_else(|| rust_decimal::Decimal::from(r.points));
    app.money(lang, value)
}

fn msg_id(id: i64) -> MessageId {
    MessageId(i32::try_from(id).unwrap_or_default())
}

/// The timeout: releases every request past its deadline and tells both sides. Runs from the
/// background job every second, and whenever a late answer arrives.
pub async fn expire_due(bot: &Bot, app: &App) -> HandlerResult {
    for r in redeem::expire_due(&app.pool, Utc::now()).await? {
        let customer = customers::by_id(&mut *app.pool.acquire().await?, r.customer_id).await?;
        let balance = match &customer {
            Some(c) => Some(
                crate::ledger::balance(&mut *app.pool.acquire().await?, c.account_id)
                    .await?
                    .available(),
            ),
            None => None,
        };
        show_outcome(bot, app, &r, customer.as_ref(), balance, None).await;
    }
    Ok(())
}
