//! Finding the card at the till, three ways: the phone camera opens the card's deep link
//! (`/start c_<token>`), a photo of the QR code, or the typed card number (`/scan`). Each ends
//! in [`open_card`]: the card screen, with the till session stored in Postgres.

use chrono::Utc;
use teloxide::{
    net::Download,
    prelude::*,
    types::{InlineKeyboardButton, InlineKeyboardMarkup, PhotoSize},
    utils::html::escape,
};

use super::{
    App, AppRef, HandlerResult,
    callback::CallbackData,
    earn_view, send,
    till::{SESSION_TTL, staff_lang},
};
use crate::{
    domain::{CardNumber, CardToken, Language, StartPayload},
    ledger,
    storage::{cards, cards::Card, customers, till as sessions},
    t,
    till::Staff,
};

/// Opens `card` on the staff member's till and shows the card screen.
pub async fn open_card(
    bot: &Bot,
    app: &App,
    staff: &Staff,
    chat: ChatId,
    lang: Language,
    card: &Card,
) -> HandlerResult {
    let mut conn = app.pool.acquire().await?;
    let Some(customer) = customers::by_id(&mut conn, card.customer_id).await? else {
        return super::customer::reply(bot, chat, t!(lang, "till-card-unknown"), None).await;
    };
    // No card screen for one's own card: nothing could be posted on it anyway.
    if crate::till::guards::not_own_card(staff, &customer).is_err() {
        return super::customer::reply(bot, chat, t!(lang, "till-own-card"), None).await;
    }
    sessions::open(
        &mut conn,
        staff.tg_user_id,
        customer.id,
        Utc::now() + SESSION_TTL,
    )
    .await?;
    // The question asked last: an open promo or settings question gives way to the till.
    let asked = super::dialogue::State::TillAmount {
        customer: customer.id,
    };
    super::dialogue::set(app, chat, &asked).await?;
    let balance = ledger::balance(&mut conn, customer.account_id)
        .await?
        .available();
    let rules = crate::storage::settings::load(&mut conn).await?;
    let status = crate::earning::status(&mut conn, customer.id, &rules).await?;
    let text = t!(
        lang,
        "till-card-screen",
        name = escape(customer.display_name()),
        number = card.number.masked(),
        balance = balance,
        tier = earn_view::tier_name(lang, &status),
    );
    let text = earn_view::with_lines(
        text,
        &earn_view::status_lines(lang, &status, earn_view::Reader::Cashier),
    );
    let id = customer.id;
    let mut row = vec![InlineKeyboardButton::callback(
        t!(lang, "till-button-purchase"),
        CallbackData::TillPurchase { customer: id }.encode(),
    )];
    // A discount-only programme has no points to spend.
    if status.has_points {
        row.push(InlineKeyboardButton::callback(
            t!(lang, "till-button-redeem"),
            CallbackData::TillRedeem { customer: id }.encode(),
        ));
    }
    row.push(InlineKeyboardButton::callback(
        t!(lang, "till-button-cancel"),
        CallbackData::TillCancel { customer: id }.encode(),
    ));
    let buttons = InlineKeyboardMarkup::new(vec![row]);
    let buttons = super::extras::coupons::with_coupon_buttons(&mut conn, buttons, id, lang).await;
    send::html(bot, chat, text, Some(buttons.into())).await;
    Ok(())
}

/// `/start c_<token>` from staff: the phone camera scanned a customer's QR.
pub async fn open_card_by_token(
    bot: &Bot,
    app: &App,
    staff: &Staff,
    chat: ChatId,
    lang: Language,
    token: &str,
) -> HandlerResult {
    let card = match CardToken::verify(token, &app.card_secret) {
        Ok(t) => cards::active_by_id(&mut *app.pool.acquire().await?, t.card_id()).await?,
        Err(_) => None,
    };
    match card {
        Some(card) => open_card(bot, app, staff, chat, lang, &card).await,
        None => super::customer::reply(bot, chat, t!(lang, "card-link-invalid"), None).await,
    }
}

pub async fn open_card_by_number(
    bot: &Bot,
    app: &App,
    staff: &Staff,
    chat: ChatId,
    lang: Language,
    input: &str,
) -> HandlerResult {
    let number = match CardNumber::parse(input) {
        Ok(n) => n,
        Err(_) => {
            return super::customer::reply(bot, chat, t!(lang, "till-card-number-invalid"), None)
                .await;
        }
    };
    match cards::active_by_number(&mut *app.pool.acquire().await?, &number).await? {
        Some(card) => open_card(bot, app, staff, chat, lang, &card).await,
        None => super::customer::reply(bot, chat, t!(lang, "till-card-unknown"), None).await,
    }
}

/// A photo from staff: download it, find the QR code, open the card it links to.
pub async fn on_photo(bot: Bot, msg: Message, staff: Staff, app: AppRef) -> HandlerResult {
    let user = msg
        .from
        .as_ref()
        .ok_or_else(|| anyhow::anyhow!("photo without sender"))?;
    let lang = staff_lang(&app, user).await;
    let Some(photo) = msg
        .photo()
        .and_then(|sizes| sizes.iter().max_by_key(|p: &&PhotoSize| p.width * p.height))
    else {
        return Ok(());
    };
    let file = bot.get_file(photo.file.id.clone()).await?;
    let mut bytes = Vec::with_capacity(file.size as usize);
    bot.download_file(&file.path, &mut bytes).await?;
    let link = tokio::task::spawn_blocking(move || crate::qr::decode(&bytes)).await?;
    let payload = link.as_deref().and_then(|l| {
        let prefix = format!("https://t.me/{}?start=", app.bot_username);
        l.strip_prefix(&prefix).map(StartPayload::parse)
    });
    match (link, payload) {
        (None, _) => {
            super::customer::reply(&bot, msg.chat.id, t!(lang, "till-photo-no-qr"), None).await
        }
        (Some(_), Some(StartPayload::Card(token))) => {
            open_card_by_token(&bot, &app, &staff, msg.chat.id, lang, &token).await
        }
        (Some(_), _) => {
            super::customer::reply(&bot, msg.chat.id, t!(lang, "till-photo-not-a-card"), None).await
        }
    }
}
