//! Promotions in the chat. Owners: `/promo <text>` makes a draft, shows it exactly as customers
//! will see it, then a control message with audience buttons and Send / Discard; Send turns that
//! message into the live progress (see [`crate::broadcast::progress`]) with Pause / Resume /
//! Cancel. Customers: `/promos` switches promotions off and on (service messages are not
//! promotions and never pass through the broadcast outbox).

use teloxide::{
    prelude::*,
    types::{InlineKeyboardButton, InlineKeyboardMarkup, MessageEntityKind as Kind},
    utils::{html::escape, render::RenderMessageTextHelper},
};

use super::{App, AppRef, HandlerResult, callback::CallbackData, customer::reply, send, tg_id};
use crate::{
    broadcast::{self, Audience, outbox, progress},
    domain::Language,
    sandbox::emulator::markup,
    storage::customers::{self, Customer},
    t,
};

/// What Telegram accepts in one message, counted after the markup is rendered.
const MAX_TEXT_CHARS: usize = 4096;

/// `/promos` for a customer.
pub async fn toggle(bot: &Bot, app: &App, chat: ChatId, customer: &Customer) -> HandlerResult {
    let on = customers::toggle_promos(&mut *app.pool.acquire().await?, customer.id).await?;
    let key = if on { "promos-on" } else { "promos-off" };
    reply(bot, chat, t!(customer.language(), key), None).await
}

/// `/promo <text>` from an owner (the caller checked).
pub async fn compose(
    bot: &Bot,
    app: &App,
    msg: &Message,
    lang: Language,
    args: &str,
) -> HandlerResult {
    let chat = msg.chat.id;
    let Some(user) = msg.from.as_ref() else {
        return Ok(());
    };
    let Some(text) = promo_html(msg, args) else {
        return reply(bot, chat, t!(lang, "promo-usage"), None).await;
    };
    let too_long = markup::render(&text, Some("HTML"))
        .map_or(true, |shown| shown.text.chars().count() > MAX_TEXT_CHARS);
    if too_long {
        return reply(bot, chat, t!(lang, "promo-too-long"), None).await;
    }
    let id = broadcast::create_draft(&app.pool, tg_id(user), &text, lang).await?;
    // The preview is the message itself, exactly as customers will get it.
    send::html(bot, chat, text, None).await;
    let (body, buttons) = draft_view(app, id, lang, Audience::All).await?;
    send::html(bot, chat, body, Some(buttons.into())).await;
    Ok(())
}

/// The promotion as Telegram HTML. Formatting the owner applied in their app (bold, links...)
/// arrives as entities and is rendered by teloxide; otherwise the text is taken as HTML the
/// owner typed when Telegram's parser accepts it, and escaped (shown literally) when not.
fn promo_html(msg: &Message, args: &str) -> Option<String> {
    let formatted = msg.entities().is_some_and(|entities| {
        entities.iter().any(|e| {
            !matches!(
                e.kind,
                Kind::BotCommand
                    | Kind::Mention
                    | Kind::Hashtag
                    | Kind::Cashtag
                    | Kind::Url
                    | Kind::Email
                    | Kind::PhoneNumber
            )
        })
    });
    let html = if formatted {
        let html = msg.html_text()?;
        let (_command, rest) = html.split_once(char::is_whitespace)?;
        rest.trim().to_owned()
    } else {
        let typed = args.trim();
        if markup::render(typed, Some("HTML")).is_ok() {
            typed.to_owned()
        } else {
            escape(typed)
        }
    };
    (!html.is_empty()).then_some(html)
}

/// Audience codes in callback data: 0 = everyone, `i + 1` = `Language::ALL[i]`.
fn audience_code(audience: Audience) -> u8 {
    match audience {
        Audience::All => 0,
        Audience::Language { language } => Language::ALL
            .iter()
            .position(|l| *l == language)
            .and_then(|i| u8::try_from(i + 1).ok())
            .unwrap_or(0),
    }
}

fn audience_of(code: u8) -> Option<Audience> {
    match code {
        0 => Some(Audience::All),
        n => Language::ALL
            .get(usize::from(n) - 1)
            .map(|&language| Audience::Language { language }),
    }
}

async fn draft_view(
    app: &App,
    id: i64,
    lang: Language,
    audience: Audience,
) -> sqlx::Result<(String, InlineKeyboardMarkup)> {
    let count = broadcast::audience_size(&app.pool, audience).await?;
    let label = |a: Audience| match a {
        Audience::All => t!(lang, "promo-audience-all"),
        Audience::Language { language } => t!(language, "language-name"),
    };
    let text = t!(
        lang,
        "promo-draft",
        audience = label(audience),
        count = count
    );
    let choices = std::iter::once(Audience::All)
        .chain(
            Language::ALL
                .iter()
                .map(|&language| Audience::Language { language }),
        )
        .map(|a| {
            let mark = if a == audience { "✓ " } else { "" };
            let data = CallbackData::PromoAudience {
                broadcast: id,
                audience: audience_code(a),
            };
            InlineKeyboardButton::callback(format!("{mark}{}", label(a)), data.encode())
        })
        .collect();
    let actions = vec![
        InlineKeyboardButton::callback(
            t!(lang, "promo-button-send"),
            CallbackData::PromoSend { broadcast: id }.encode(),
        ),
        InlineKeyboardButton::callback(
            t!(lang, "promo-button-discard"),
            CallbackData::PromoDiscard { broadcast: id }.encode(),
        ),
    ];
    Ok((text, InlineKeyboardMarkup::new(vec![choices, actions])))
}

/// Every promo button: owners only; each acts on the broadcast named in its payload.
pub async fn on_button(
    bot: Bot,
    q: CallbackQuery,
    app: AppRef,
    action: CallbackData,
) -> HandlerResult {
    let lang = super::till::staff_lang(&app, &q.from).await;
    if !app.is_owner(&q.from) {
        send::answer_callback(&bot, &q.id, Some(t!(lang, "owner-only"))).await;
        return Ok(());
    }
    let Some(message) = q.regular_message() else {
        send::answer_callback(&bot, &q.id, None).await;
        return Ok(());
    };
    let (chat, message_id) = (message.chat.id, message.id);
    let pool = &app.pool;
    let mut toast = None;
    match action {
        CallbackData::PromoAudience {
            broadcast: id,
            audience,
        } => {
            if let Some(audience) = audience_of(audience)
                && broadcast::set_audience(pool, id, audience).await?
            {
                let (text, buttons) = draft_view(&app, id, lang, audience).await?;
                send::edit_html(&bot, chat, message_id, text, Some(buttons)).await;
            }
        }
        CallbackData::PromoSend { broadcast: id } => {
            if let Some(n) = outbox::enqueue(pool, id, chat.0, message_id.0).await? {
                tracing::info!(broadcast = id, recipients = n, "broadcast started");
                toast = Some(t!(lang, "promo-started", count = n));
                progress::refresh(&bot, pool, id).await?;
            }
        }
        CallbackData::PromoDiscard { broadcast: id }
            if broadcast::transition(pool, id, &["draft"], "cancelled").await? =>
        {
            let text = t!(lang, "promo-discarded");
            send::edit_html(&bot, chat, message_id, text, None).await;
        }
        CallbackData::PromoPause { broadcast: id } => {
            broadcast::transition(pool, id, &["sending"], "paused").await?;
            progress::refresh(&bot, pool, id).await?;
        }
        CallbackData::PromoResume { broadcast: id } => {
            broadcast::transition(pool, id, &["paused"], "sending").await?;
            progress::refresh(&bot, pool, id).await?;
        }
        CallbackData::PromoCancel { broadcast: id } => {
            broadcast::transition(pool, id, &["sending", "paused"], "cancelled").await?;
            progress::refresh(&bot, pool, id).await?;
        }
        _ => {}
    }
    send::answer_callback(&bot, &q.id, toast).await;
    Ok(())
}
