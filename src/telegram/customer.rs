//! The customer's side of the conversation: joining, the card, balance, history, invites,
//! language and help.

use teloxide::{
    prelude::*,
    types::{InputFile, ParseMode, ReplyMarkup},
    utils::html::escape,
};

use super::{
    App, AppRef, HandlerResult, commands::CustomerCommand, keyboards, keyboards::MenuButton,
    send::deliver, tg_id,
};
use crate::{
    domain::{CardToken, Language, StartPayload},
    enrollment::{self, Joining, Referral},
    ledger,
    storage::{customers, customers::Customer},
    t,
};

pub async fn on_command(
    bot: Bot,
    msg: Message,
    cmd: CustomerCommand,
    app: AppRef,
) -> HandlerResult {
    let Some(user) = msg.from.as_ref() else {
        return Ok(());
    };
    if let CustomerCommand::Start(payload) = &cmd {
        return on_start(&bot, &msg, user, &app, StartPayload::parse(payload)).await;
    }
    let customer = app.customer_of(user).await?;
    let lang = app.language_for(Some(user), customer.as_ref());
    let Some(customer) = customer else {
        return reply(&bot, msg.chat.id, t!(lang, "not-registered"), None).await;
    };
    match cmd {
        CustomerCommand::Start(_) => Ok(()),
        CustomerCommand::Card => send_card(&bot, &app, &customer).await,
        CustomerCommand::Balance => show_balance(&bot, &app, &customer).await,
        CustomerCommand::History => {
            super::history::show_history(&bot, &app, &customer, msg.chat.id, None, 0).await
        }
        CustomerCommand::Invite => show_invite(&bot, &app, &customer).await,
        CustomerCommand::Language => {
            let markup = keyboards::languages().into();
            reply(&bot, msg.chat.id, t!(lang, "language-choose"), Some(markup)).await
        }
        CustomerCommand::Privacy => super::privacy::show(&bot, &app, msg.chat.id, &customer).await,
        CustomerCommand::Promos => super::promo::toggle(&bot, &app, msg.chat.id, &customer).await,
        CustomerCommand::Phone => super::phone::ask(&bot, msg.chat.id, &customer).await,
        CustomerCommand::DeleteMe => {
            super::privacy::ask_to_erase(&bot, msg.chat.id, &customer).await
        }
        CustomerCommand::Help => {
            reply(&bot, msg.chat.id, t!(lang, "help-text"), Some(menu(lang))).await
        }
    }
}

pub async fn on_menu(bot: Bot, msg: Message, button: MenuButton, app: AppRef) -> HandlerResult {
    let cmd = match button {
        MenuButton::Card => CustomerCommand::Card,
        MenuButton::Balance => CustomerCommand::Balance,
        MenuButton::History => CustomerCommand::History,
        MenuButton::Invite => CustomerCommand::Invite,
        MenuButton::Help => CustomerCommand::Help,
    };
    on_command(bot, msg, cmd, app).await
}

/// Anything we did not understand: an unknown command, free text, a sticker, a photo...
pub async fn fallback(bot: Bot, msg: Message, app: AppRef) -> HandlerResult {
    let customer = match msg.from.as_ref() {
        Some(user) => app.customer_of(user).await?,
        None => None,
    };
    let lang = app.language_for(msg.from.as_ref(), customer.as_ref());
    let key = match msg.text() {
        Some(text) if text.starts_with('/') => "unknown-command",
        _ => "fallback-text",
    };
    let markup = customer.is_some().then(|| menu(lang));
    reply(&bot, msg.chat.id, t!(lang, key), markup).await
}

async fn on_start(
    bot: &Bot,
    msg: &Message,
    user: &teloxide::types::User,
    app: &App,
    payload: StartPayload,
) -> HandlerResult {
    let existing = app.customer_of(user).await?;
    let lang = app.language_for(Some(user), existing.as_ref());
    let referral_code = match &payload {
        StartPayload::Card(token) => {
            if let Some(staff) = super::till::staff_for(app, user).await {
                let lang = super::till::staff_lang(app, user).await;
                return super::till::open_card_by_token(bot, app, &staff, msg.chat.id, lang, token)
                    .await;
            }
            // Only staff can act on a card; anyone else learns nothing about it.
            let key = match CardToken::verify(token, &app.card_secret) {
                Ok(_) => "card-link-staff-only",
                Err(_) => "card-link-invalid",
            };
            return reply(
                bot,
                msg.chat.id,
                t!(lang, key),
                existing.as_ref().map(|_| menu(lang)),
            )
            .await;
        }
        StartPayload::StaffInvite(token) => {
            return super::staff::accept_invite(bot, app, msg, user, lang, token).await;
        }
        StartPayload::Referral(code) => Some(code.as_str()),
        // Registered first (like a plain /start), then claimed below.
        StartPayload::Coupon(_) => None,
        StartPayload::Unknown => {
            reply(bot, msg.chat.id, t!(lang, "link-unknown"), None).await?;
            None
        }
        StartPayload::None => None,
    };
    let legacy = crate::domain::identity_fingerprint(&app.card_secret, tg_id(user));
    let joined = enrollment::enroll(
        &app.pool,
        &Joining {
            tg_user_id: tg_id(user),
            chat_id: msg.chat.id.0,
            first_name: &user.first_name,
            language: lang,
            referral_code,
            legacy_fingerprint: &legacy,
            message_id: Some(i64::from(msg.id.0)),
        },
    )
    .await?;
    let customer = &joined.customer;
    let lang = customer.language();
    let name = escape(customer.display_name());

    let greeting = if joined.is_new {
        t!(
            lang,
            "welcome-new",
            name = name.clone(),
            bonus = joined.welcome_bonus
        )
    } else {
        let balance = balance_of(app, customer).await?;
        t!(lang, "welcome-back", name = name.clone(), balance = balance)
    };
    reply(bot, msg.chat.id, greeting, Some(menu(lang))).await?;

    // Each side is told its own bonus first: the owner sets the friend's and the inviter's.
    let rules = crate::storage::settings::load(&mut *app.pool.acquire().await?).await?;
    let (friend_bonus, referrer_bonus) = (rules.referral_bonus, rules.referrer_bonus);
    match &joined.referral {
        Referral::None => {}
        Referral::Recorded(referrer) => {
            let text = t!(
                lang,
                "referral-joined",
                name = escape(referrer.display_name()),
                bonus = friend_bonus,
                referrer_bonus = referrer_bonus
            );
            reply(bot, msg.chat.id, text, None).await?;
            if let Some(chat) = referrer.chat_id {
                let their = referrer.language();
                let text = t!(
                    their,
                    "referral-friend-joined",
                    name = name,
                    bonus = referrer_bonus,
                    friend_bonus = friend_bonus
                );
                reply(bot, ChatId(chat), text, None).await?;
            }
        }
        Referral::Invalid => reply(bot, msg.chat.id, t!(lang, "referral-invalid"), None).await?,
        Referral::Own => reply(bot, msg.chat.id, t!(lang, "referral-own"), None).await?,
        Referral::AlreadyMember => {
            reply(bot, msg.chat.id, t!(lang, "referral-already-member"), None).await?
        }
    }
    if joined.is_new {
        super::miniapp::customer_menu_button(bot, app, user, msg.chat.id, lang).await;
        send_card(bot, app, customer).await?;
    }
    if let StartPayload::Coupon(code) = &payload {
        super::extras::coupons::claim_from_link(bot, app, customer, code).await?;
    }
    Ok(())
}

async fn balance_of(app: &App, customer: &Customer) -> anyhow::Result<i64> {
    let mut conn = app.pool.acquire().await?;
    Ok(ledger::balance(&mut conn, customer.account_id)
        .await?
        .available())
}

/// The card: a QR of the card's deep link with the number printed under it; the number and
/// balance in the caption as text, so they can be copied.
async fn send_card(bot: &Bot, app: &App, customer: &Customer) -> HandlerResult {
    let mut conn = app.pool.acquire().await?;
    let facts = crate::card_image::facts(&mut conn, customer).await?;
    drop(conn);
    let png = crate::card_image::render(app, &facts).await?;
    let lang = customer.language();
    let number = facts.card.number.to_string();
    let caption = super::earn_view::card_caption(lang, &number, facts.balance, &facts.status);
    let chat = chat_of(customer);
    // With the Mini App on, the card opens full screen in Telegram too.
    let open = super::miniapp::open_card_button(app, lang);
    deliver("send_card", Some(chat), || {
        let mut request = bot
            .send_photo(chat, InputFile::memory(png.clone()).file_name("card.png"))
            .caption(caption.clone())
            .parse_mode(ParseMode::Html);
        if let Some(open) = &open {
            request = request.reply_markup(open.clone());
        }
        request.into_future()
    })
    .await;
    Ok(())
}

async fn show_balance(bot: &Bot, app: &App, customer: &Customer) -> HandlerResult {
    let mut conn = app.pool.acquire().await?;
    let balance = ledger::balance(&mut conn, customer.account_id).await?;
    let lang = customer.language();
    let mut text = t!(lang, "balance-text", balance = balance.available());
    if balance.pending > 0 {
        text.push('\n');
        text.push_str(&t!(lang, "balance-pending", pending = balance.pending));
    }
    reply(bot, chat_of(customer), text, Some(menu(lang))).await
}

async fn show_invite(bot: &Bot, app: &App, customer: &Customer) -> HandlerResult {
    let mut conn = app.pool.acquire().await?;
    let rules = crate::storage::settings::load(&mut conn).await?;
    let link = app.deep_link(&format!("r_{}", customer.referral_code));
    let text = t!(
        customer.language(),
        "invite-text",
        bonus = rules.referrer_bonus,
        friend_bonus = rules.referral_bonus,
        link = link
    );
    reply(bot, chat_of(customer), text, None).await
}

pub async fn on_language_chosen(
    bot: Bot,
    q: CallbackQuery,
    app: AppRef,
    lang: Language,
) -> HandlerResult {
    let Some(customer) = app.customer_of(&q.from).await? else {
        super::send::answer_callback(&bot, &q.id, None).await;
        return Ok(());
    };
    customers::set_language(&mut *app.pool.acquire().await?, customer.id, lang).await?;
    super::send::answer_callback(&bot, &q.id, Some(t!(lang, "language-set"))).await;
    let chat = chat_of(&customer);
    // The menu follows the chosen language in this chat (a cashier's stays the till's).
    if let Err(e) = super::menus::refresh(&bot, &app, chat, &q.from).await {
        tracing::warn!(error = %e, "setting the chat's menu failed");
    }
    super::miniapp::customer_menu_button(&bot, &app, &q.from, chat, lang).await;
    reply(&bot, chat, t!(lang, "language-set"), Some(menu(lang))).await
}

fn chat_of(customer: &Customer) -> ChatId {
    ChatId(customer.chat_id.or(customer.tg_user_id).unwrap_or_default())
}

pub(super) fn menu(lang: Language) -> ReplyMarkup {
    keyboards::main_menu(lang).into()
}

/// Sends an HTML message; delivery problems are logged by `send`, never fatal to a handler.
pub(super) async fn reply(
    bot: &Bot,
    chat: ChatId,
    text: String,
    markup: Option<ReplyMarkup>,
) -> HandlerResult {
    super::send::html(bot, chat, text, markup).await;
    Ok(())
}
