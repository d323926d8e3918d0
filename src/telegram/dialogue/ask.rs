//! The first question of each guided dialogue: what a bare command answers. Each saves the
//! state it waits in, then asks (with buttons where the answers are few).

use chrono::Utc;
use teloxide::prelude::*;
use teloxide::types::{InlineKeyboardButton, InlineKeyboardMarkup};

use super::{State, set};
use crate::{
    domain::Language,
    storage::till as sessions,
    t,
    telegram::{App, HandlerResult, callback::CallbackData, send},
    till::{Staff, refund},
};

/// How many recent receipts a bare `/refund` offers.
const RECENT_RECEIPTS: i64 = 5;

async fn ask(
    bot: &Bot,
    app: &App,
    chat: ChatId,
    state: &State,
    text: String,
    buttons: Option<InlineKeyboardMarkup>,
) -> HandlerResult {
    set(app, chat, state).await?;
    send::html(bot, chat, text, buttons.map(Into::into)).await;
    Ok(())
}

/// `/promo`: the text or a photo with its caption.
pub async fn promo(bot: &Bot, app: &App, chat: ChatId, lang: Language) -> HandlerResult {
    let text = t!(lang, "dialogue-promo-ask");
    ask(bot, app, chat, &State::PromoText, text, None).await
}

/// `/export`: customers or the ledger.
pub async fn export(bot: &Bot, app: &App, chat: ChatId, lang: Language) -> HandlerResult {
    let buttons = InlineKeyboardMarkup::new([[
        InlineKeyboardButton::callback(
            t!(lang, "dialogue-export-customers"),
            CallbackData::ExportWhat { ledger: false }.encode(),
        ),
        InlineKeyboardButton::callback(
            t!(lang, "dialogue-export-ledger"),
            CallbackData::ExportWhat { ledger: true }.encode(),
        ),
    ]]);
    let text = t!(lang, "dialogue-export-ask");
    ask(bot, app, chat, &State::ExportWhat, text, Some(buttons)).await
}

/// `/export` → ledger: the period.
pub async fn export_period(bot: &Bot, app: &App, chat: ChatId, lang: Language) -> HandlerResult {
    let row = crate::analytics::Period::ALL
        .map(|p| InlineKeyboardButton::callback(p.code(), CallbackData::ExportPeriod(p).encode()));
    let text = t!(lang, "dialogue-export-period");
    let buttons = InlineKeyboardMarkup::new([row]);
    ask(bot, app, chat, &State::ExportPeriod, text, Some(buttons)).await
}

/// `/refund`: the recent receipts as buttons (their Refund buttons), or a typed number.
pub async fn refund(
    bot: &Bot,
    app: &App,
    staff: &Staff,
    chat: ChatId,
    lang: Language,
) -> HandlerResult {
    let recent = refund::recent(&app.pool, staff, RECENT_RECEIPTS).await?;
    let rows: Vec<_> = recent
        .iter()
        .map(|(receipt, amount, at)| {
            let label = t!(
                lang,
                "dialogue-refund-receipt",
                receipt = *receipt,
                amount = app.money(lang, *amount),
                time = at.format("%d.%m %H:%M").to_string()
            );
            vec![InlineKeyboardButton::callback(
                label,
                CallbackData::RefundAsk { receipt: *receipt }.encode(),
            )]
        })
        .collect();
    let (text, buttons) = if rows.is_empty() {
        (t!(lang, "dialogue-refund-ask-number"), None)
    } else {
        (
            t!(lang, "dialogue-refund-ask"),
            Some(InlineKeyboardMarkup::new(rows)),
        )
    };
    ask(bot, app, chat, &State::RefundReceipt, text, buttons).await
}

/// `/redeem` with a card open: how many points.
pub async fn redeem(
    bot: &Bot,
    app: &App,
    staff: &Staff,
    chat: ChatId,
    lang: Language,
) -> HandlerResult {
    let mut conn = app.pool.acquire().await?;
    let session = sessions::current(&mut conn, staff.tg_user_id, Utc::now()).await?;
    drop(conn);
    let Some(session) = session else {
        send::html(bot, chat, t!(lang, "till-no-card-open"), None).await;
        return Ok(());
    };
    let state = State::RedeemPoints {
        customer: session.customer_id,
    };
    ask(bot, app, chat, &state, t!(lang, "till-ask-redeem"), None).await
}

/// The "New…" row under the `/coupon` list.
pub fn coupon_list_new(lang: Language) -> Vec<InlineKeyboardButton> {
    vec![InlineKeyboardButton::callback(
        t!(lang, "dialogue-button-new-coupon"),
        CallbackData::CouponNew.encode(),
    )]
}

/// The "New…" row under the `/rules` list.
pub fn rule_list_new(lang: Language) -> Vec<InlineKeyboardButton> {
    vec![InlineKeyboardButton::callback(
        t!(lang, "dialogue-button-new-rule"),
        CallbackData::RuleNew.encode(),
    )]
}

/// `/import`: the file.
pub async fn import(bot: &Bot, app: &App, chat: ChatId, lang: Language) -> HandlerResult {
    let text = t!(lang, "dialogue-import-ask");
    ask(bot, app, chat, &State::ImportFile, text, None).await
}

/// `/addcashier`: the store (typed, or the default name's button).
pub async fn addcashier(bot: &Bot, app: &App, chat: ChatId, lang: Language) -> HandlerResult {
    let buttons = InlineKeyboardMarkup::new([[InlineKeyboardButton::callback(
        t!(lang, "store-default-name"),
        CallbackData::CashierDefaultStore.encode(),
    )]]);
    let text = t!(lang, "dialogue-cashier-ask");
    ask(bot, app, chat, &State::CashierStore, text, Some(buttons)).await
}
