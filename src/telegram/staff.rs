//! Staff commands and staff management: owners invite cashiers with one-time links, list and
//! revoke them; everyone on staff gets the till commands. A non-staff sender of any of these
//! gets one short answer and nothing changes.

use chrono::{Duration, Utc};
use rand::{Rng, distributions::Alphanumeric};
use teloxide::{
    prelude::*,
    types::{InlineKeyboardButton, InlineKeyboardMarkup},
    utils::html::escape,
};

use super::{
    App, AppRef, HandlerResult, callback::CallbackData, commands::StaffCommand, customer::reply,
    send, tg_id, till, till_money, till_redeem,
};
use crate::{
    domain::{Language, Money},
    storage::{customers, staff, till as sessions},
    t,
    till::Staff,
};

pub const INVITE_TTL: Duration = Duration::hours(24);

pub async fn on_command(bot: Bot, msg: Message, cmd: StaffCommand, app: AppRef) -> HandlerResult {
    let Some(user) = msg.from.as_ref() else {
        return Ok(());
    };
    let lang = till::staff_lang(&app, user).await;
    let chat = msg.chat.id;
    let Some(staff) = till::staff_for(&app, user).await else {
        return reply(&bot, chat, t!(lang, "staff-only"), None).await;
    };
    match cmd {
        StaffCommand::Scan(number) if number.trim().is_empty() => {
            reply(&bot, chat, t!(lang, "till-scan-help"), None).await
        }
        StaffCommand::Scan(number) => {
            till::open_card_by_number(&bot, &app, &staff, chat, lang, &number).await
        }
        StaffCommand::Redeem(args) if args.trim().is_empty() => {
            super::dialogue::redeem(&bot, &app, &staff, chat, lang).await
        }
        StaffCommand::Redeem(args) => {
            let session = sessions::current(
                &mut *app.pool.acquire().await?,
                staff.tg_user_id,
                Utc::now(),
            )
            .await?;
            match session {
                None => reply(&bot, chat, t!(lang, "till-no-card-open"), None).await,
                Some(s) => {
                    till_redeem::request(&bot, &app, &staff, &msg, lang, s.customer_id, &args).await
                }
            }
        }
        StaffCommand::Refund(args) if args.trim().is_empty() => {
            super::dialogue::refund(&bot, &app, &staff, chat, lang).await
        }
        StaffCommand::Refund(args) => match parse_refund(&args) {
            Err(e) => reply(&bot, chat, e.text(lang), None).await,
            Ok((receipt, amount)) => {
                super::till_reversal::ask_refund(&bot, &app, &staff, chat, lang, receipt, amount)
                    .await
            }
        },
        StaffCommand::Today => today(&bot, &app, &staff, chat, lang).await,
        StaffCommand::Cancel => {
            till::close(&app, &staff, chat).await?;
            if staff.is_owner
                && super::settings_dialogue::cancel_open(&bot, &app, staff.tg_user_id).await?
            {
                return Ok(());
            }
            reply(&bot, chat, t!(lang, "till-closed"), None).await
        }
        StaffCommand::Addcashier(_)
        | StaffCommand::Staff
        | StaffCommand::Promo(_)
        | StaffCommand::Rules(_)
            if !staff.is_owner =>
        {
            reply(&bot, chat, t!(lang, "owner-only"), None).await
        }
        StaffCommand::Addcashier(store) if store.trim().is_empty() => {
            super::dialogue::addcashier(&bot, &app, chat, lang).await
        }
        StaffCommand::Addcashier(store) => {
            add_cashier(&bot, &app, user, chat, lang, store.trim()).await
        }
        StaffCommand::Staff => list_staff(&bot, &app, chat, lang).await,
        StaffCommand::Promo(text) if text.trim().is_empty() && msg.photo().is_none() => {
            super::dialogue::promo(&bot, &app, chat, lang).await
        }
        StaffCommand::Promo(text) => super::promo::compose(&bot, &app, &msg, lang, &text).await,
        StaffCommand::Rules(args) => {
            super::promo_rules::command(&bot, &app, &msg, lang, &args).await
        }
    }
}

/// What is wrong with a typed `<receipt> [amount]`.
pub(crate) enum RefundArgsError {
    Usage,
    Amount(crate::domain::MoneyError),
}

impl RefundArgsError {
    pub(crate) fn text(&self, lang: Language) -> String {
        match self {
            Self::Usage => t!(lang, "refund-usage"),
            Self::Amount(e) => till_money::money_error(lang, e),
        }
    }
}

/// `<receipt> [amount]` as `/refund` takes it (a leading `#` is fine).
pub(crate) fn parse_refund(args: &str) -> Result<(i64, Option<Money>), RefundArgsError> {
    let mut words = args.split_whitespace();
    let receipt = words
        .next()
        .and_then(|r| r.trim_start_matches('#').parse::<i64>().ok())
        .ok_or(RefundArgsError::Usage)?;
    let rest = words.collect::<Vec<_>>().join(" ");
    if rest.is_empty() {
        return Ok((receipt, None));
    }
    let amount = Money::parse(&rest).map_err(RefundArgsError::Amount)?;
    Ok((receipt, Some(amount)))
}

/// The till's reply keyboard: Scan, Today, Close.
pub async fn on_button(
    bot: Bot,
    msg: Message,
    staff: Staff,
    button: super::keyboards::StaffButton,
    app: AppRef,
) -> HandlerResult {
    use super::keyboards::StaffButton;
    let Some(user) = msg.from.as_ref() else {
        return Ok(());
    };
    let lang = till::staff_lang(&app, user).await;
    let chat = msg.chat.id;
    match button {
        StaffButton::Scan => reply(&bot, chat, t!(lang, "till-scan-instructions"), None).await,
        StaffButton::Today => today(&bot, &app, &staff, chat, lang).await,
        StaffButton::Close => {
            till::close(&app, &staff, chat).await?;
            reply(&bot, chat, t!(lang, "till-closed"), None).await
        }
    }
}

async fn today(bot: &Bot, app: &App, staff: &Staff, chat: ChatId, lang: Language) -> HandlerResult {
    let r = crate::till::report::day(&app.pool, staff.tg_user_id, Utc::now().date_naive()).await?;
    let text = t!(
        lang,
        "today-report",
        purchases = r.purchases,
        sales = app.money(lang, r.sales),
        issued = r.points_issued,
        redemptions = r.redemptions,
        redeemed = r.points_redeemed,
        refunds = r.refunds,
        refunded = app.money(lang, r.refunded),
    );
    reply(bot, chat, text, None).await
}

pub(crate) async fn add_cashier(
    bot: &Bot,
    app: &App,
    owner: &teloxide::types::User,
    chat: ChatId,
    lang: Language,
    store: &str,
) -> HandlerResult {
    let store = if store.is_empty() {
        t!(lang, "store-default-name")
    } else {
        store.chars().take(64).collect()
    };
    let token: String = rand::thread_rng()
        .sample_iter(&Alphanumeric)
        .take(20)
        .map(char::from)
        .collect();
    let expires = Utc::now() + INVITE_TTL;
    staff::create_invite(
        &mut *app.pool.acquire().await?,
        &token,
        &store,
        tg_id(owner),
        expires,
    )
    .await?;
    let link = app.deep_link(&format!("s_{token}"));
    reply(
        bot,
        chat,
        t!(
            lang,
            "staff-invite-created",
            store = escape(&store),
            link = link
        ),
        None,
    )
    .await
}

async fn list_staff(bot: &Bot, app: &App, chat: ChatId, lang: Language) -> HandlerResult {
    let cashiers = staff::active_cashiers(&mut *app.pool.acquire().await?).await?;
    if cashiers.is_empty() {
        return reply(bot, chat, t!(lang, "staff-list-empty"), None).await;
    }
    let mut text = t!(lang, "staff-list-title");
    let mut rows = Vec::new();
    for c in &cashiers {
        text.push('\n');
        text.push_str(&t!(
            lang,
            "staff-list-line",
            name = escape(&c.first_name),
            store = escape(&c.store)
        ));
        rows.push(vec![InlineKeyboardButton::callback(
            t!(lang, "staff-button-revoke", name = c.first_name.clone()),
            CallbackData::RevokeCashier { cashier: c.id }.encode(),
        )]);
    }
    send::html(
        bot,
        chat,
        text,
        Some(InlineKeyboardMarkup::new(rows).into()),
    )
    .await;
    Ok(())
}

pub async fn on_revoke(bot: Bot, q: CallbackQuery, app: AppRef, cashier: i64) -> HandlerResult {
    let Some(lang) = super::owner_button(&bot, &q, &app).await else {
        return Ok(());
    };
    let revoked = staff::revoke(&mut *app.pool.acquire().await?, cashier).await?;
    let Some(c) = revoked else {
        send::answer_callback(&bot, &q.id, Some(t!(lang, "staff-already-revoked"))).await;
        return Ok(());
    };
    send::answer_callback(
        &bot,
        &q.id,
        Some(t!(lang, "staff-revoked", name = c.first_name.clone())),
    )
    .await;
    if let Some(m) = q.regular_message() {
        send::html(
            &bot,
            m.chat.id,
            t!(lang, "staff-revoked", name = escape(&c.first_name)),
            None,
        )
        .await;
    }
    // Whatever their chat was asked at the till is over.
    super::dialogue::take(&app, ChatId(c.chat_id)).await?;
    // Their chat falls back to the customer command list and the card's menu button.
    super::miniapp::reset_menu_button(&bot, &app, ChatId(c.chat_id)).await;
    let their_lang = customers::by_tg_user(&mut *app.pool.acquire().await?, c.tg_user_id)
        .await?
        .map_or(app.config.default_language, |customer| customer.language());
    let chat = ChatId(c.chat_id);
    super::menus::set(&bot, &app, chat, super::menus::Role::Customer, their_lang).await?;
    send::html(
        &bot,
        ChatId(c.chat_id),
        t!(lang, "staff-you-were-revoked"),
        None,
    )
    .await;
    Ok(())
}

/// `/start s_<token>`: the first person to open a valid invite becomes a cashier.
pub async fn accept_invite(
    bot: &Bot,
    app: &App,
    msg: &Message,
    user: &teloxide::types::User,
    lang: Language,
    token: &str,
) -> HandlerResult {
    let chat = msg.chat.id;
    let mut tx = app.pool.begin().await?;
    let outcome = match staff::lock_invite(&mut tx, token).await? {
        None => Err("staff-invite-invalid"),
        Some(i) if i.used_by == Some(tg_id(user)) => Err("staff-invite-already-yours"),
        Some(i) if i.used_by.is_some() => Err("staff-invite-used"),
        Some(i) if i.expires_at <= Utc::now() => Err("staff-invite-expired"),
        Some(i) => {
            staff::use_invite(&mut tx, i.id, tg_id(user)).await?;
            Ok(staff::upsert_cashier(
                &mut tx,
                tg_id(user),
                chat.0,
                &user.first_name,
                &i.store,
                i.id,
            )
            .await?)
        }
    };
    tx.commit().await?;
    let cashier = match outcome {
        Err(key) => return reply(bot, chat, t!(lang, key), None).await,
        Ok(c) => c,
    };
    super::menus::set(bot, app, chat, super::menus::Role::Cashier, lang).await?;
    super::miniapp::staff_menu_button(bot, app, chat, lang).await;
    reply(
        bot,
        chat,
        t!(lang, "staff-welcome", store = escape(&cashier.store)),
        None,
    )
    .await?;
    for &owner in &app.config.owner_ids {
        let text = t!(
            app.config.default_language,
            "staff-owner-notified",
            name = escape(&cashier.first_name),
            store = escape(&cashier.store)
        );
        send::html(bot, ChatId(owner), text, None).await;
    }
    Ok(())
}
