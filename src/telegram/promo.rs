//! Promotions in the chat. Owners: `/promo <text>` makes a draft, shows it exactly as customers
//! will see it, then a control message with audience buttons, Add button, Schedule, Send and Discard
//! (typed answers to its questions are in [`super::promo_input`]); Send turns that
//! message into the live progress (see [`crate::broadcast::progress`]) with Pause / Resume /
//! Cancel. Customers: `/promos` switches promotions off and on (service messages are not
//! promotions and never pass through the broadcast outbox).

use teloxide::{
    prelude::*,
    types::{MessageEntity, MessageEntityKind as Kind},
    utils::{html::escape, render::RenderMessageTextHelper},
};

use super::{
    App, AppRef, HandlerResult, callback::CallbackData, customer::reply, promo_view, send, tg_id,
};
use crate::{
    broadcast::{self, Audience, Awaiting, outbox, progress},
    domain::Language,
    sandbox::emulator::markup,
    storage::customers::{self, Customer},
    t,
};

/// `/promos` for a customer.
pub async fn toggle(bot: &Bot, app: &App, chat: ChatId, customer: &Customer) -> HandlerResult {
    let on = customers::toggle_promos(&mut *app.pool.acquire().await?, customer.id).await?;
    let key = if on { "promos-on" } else { "promos-off" };
    reply(bot, chat, t!(customer.language(), key), None).await
}

/// `/promo <text>` from an owner (the caller checked), as a message or as a photo's caption;
/// `/promo list` shows the scheduled ones.
pub async fn compose(
    bot: &Bot,
    app: &App,
    msg: &Message,
    lang: Language,
    args: &str,
) -> HandlerResult {
    if args.trim() == "list" {
        return super::promo_input::list_scheduled(bot, app, msg.chat.id, lang).await;
    }
    compose_from(bot, app, msg, lang, true).await.map(drop)
}

/// A draft from `msg`'s text, or its photo and caption: after the command (`after_command`), or
/// the whole message (the answer to a bare `/promo`). `false` when refused (the owner was told
/// why).
pub async fn compose_from(
    bot: &Bot,
    app: &App,
    msg: &Message,
    lang: Language,
    after_command: bool,
) -> anyhow::Result<bool> {
    // teloxide parses a photo's caption as a command too: the photo comes along.
    let photo = msg
        .photo()
        .and_then(|sizes| sizes.iter().max_by_key(|p| p.width * p.height))
        .map(|p| p.file.id.to_string());
    let text = match &photo {
        Some(_) => promo_html(
            msg.caption().unwrap_or_default(),
            msg.caption_entities(),
            after_command,
            || msg.html_caption(),
        ),
        None => promo_html(
            msg.text().unwrap_or_default(),
            msg.entities(),
            after_command,
            || msg.html_text(),
        )
        .filter(|t| !t.is_empty()),
    };
    match text {
        Some(text) => start_draft(bot, app, msg, lang, text, photo.as_deref()).await,
        None if after_command => {
            reply(bot, msg.chat.id, t!(lang, "promo-usage"), None).await?;
            Ok(false)
        }
        None => {
            reply(bot, msg.chat.id, t!(lang, "dialogue-promo-ask"), None).await?;
            Ok(false)
        }
    }
}

/// Checks the length Telegram allows (a caption is shorter than a message), stores the draft,
/// shows the preview and the control message.
async fn start_draft(
    bot: &Bot,
    app: &App,
    msg: &Message,
    lang: Language,
    text: String,
    photo: Option<&str>,
) -> anyhow::Result<bool> {
    let chat = msg.chat.id;
    let Some(user) = msg.from.as_ref() else {
        return Ok(false);
    };
    let (limit, key) = match photo {
        Some(_) => (broadcast::MAX_CAPTION_CHARS, "promo-caption-too-long"),
        None => (broadcast::MAX_TEXT_CHARS, "promo-too-long"),
    };
    let too_long = markup::render(&text, Some("HTML"))
        .map_or(true, |shown| shown.text.chars().count() > limit);
    if too_long {
        reply(bot, chat, t!(lang, key), None).await?;
        return Ok(false);
    }
    let id = broadcast::create_draft_with_photo(&app.pool, tg_id(user), &text, lang, photo).await?;
    let Some(draft) = broadcast::get(&app.pool, id).await? else {
        return Ok(false);
    };
    promo_view::preview(bot, chat, &draft).await;
    let (body, buttons) = promo_view::control(app, &draft, lang).await?;
    send::html(bot, chat, body, Some(buttons.into())).await;
    Ok(true)
}

/// The promotion as Telegram HTML, from the message's text or caption (`raw`, starting with the
/// command) and its entities. Formatting the owner applied in their app (bold, links...)
/// arrives as entities and is rendered by teloxide (`html`); otherwise the text is taken as
/// HTML the owner typed when Telegram's parser accepts it, and escaped (shown literally) when
/// not. `None` when formatted text cannot be rendered.
fn promo_html(
    raw: &str,
    entities: Option<&[MessageEntity]>,
    after_command: bool,
    html: impl FnOnce() -> Option<String>,
) -> Option<String> {
    let formatted = entities.is_some_and(|entities| {
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
    let rest = |s: &str| {
        if !after_command {
            return s.trim().to_owned();
        }
        s.trim_start()
            .split_once(char::is_whitespace)
            .map_or("", |(_command, rest)| rest)
            .trim()
            .to_owned()
    };
    Some(if formatted {
        rest(&html()?)
    } else {
        let typed = rest(raw);
        if markup::render(&typed, Some("HTML")).is_ok() {
            typed
        } else {
            escape(&typed)
        }
    })
}

/// Every promo button: owners only; each acts on the broadcast named in its payload.
pub async fn on_button(
    bot: Bot,
    q: CallbackQuery,
    app: AppRef,
    action: CallbackData,
) -> HandlerResult {
    let Some(lang) = super::owner_button(&bot, &q, &app).await else {
        return Ok(());
    };
    let Some(message) = q.regular_message() else {
        send::answer_callback(&bot, &q.id, None).await;
        return Ok(());
    };
    let (chat, message_id) = (message.chat.id, message.id);
    let pool = &app.pool;
    let mut toast = None;
    match action {
        CallbackData::PromoAudience { broadcast: id, .. }
        | CallbackData::PromoTier { broadcast: id, .. } => {
            let audience = match action {
                CallbackData::PromoTier { tier, .. } => Some(Audience::Tier { tier }),
                CallbackData::PromoAudience { audience, .. } => promo_view::audience_of(audience),
                _ => None,
            };
            // A plain button answers any open question of this draft.
            end_question(&app, chat, id).await?;
            if let Some(audience) = audience
                && broadcast::set_audience(pool, id, audience).await?
                && let Some(draft) = broadcast::get(pool, id).await?
            {
                let (text, buttons) = promo_view::control(&app, &draft, lang).await?;
                send::edit_html(&bot, chat, message_id, text, Some(buttons)).await;
            }
        }
        CallbackData::PromoAsk { broadcast: id, ask }
            if broadcast::is_draft_of(pool, id, super::tg_id(&q.from)).await? =>
        {
            let asked = super::dialogue::State::PromoAnswer {
                broadcast: id,
                question: ask,
            };
            super::dialogue::set(&app, chat, &asked).await?;
            send::html(&bot, chat, question(lang, ask), None).await;
        }
        CallbackData::PromoSend { broadcast: id } => {
            end_question(&app, chat, id).await?;
            if let Some(n) = outbox::enqueue(pool, id, chat.0, message_id.0).await? {
                tracing::info!(broadcast = id, recipients = n, "broadcast started");
                toast = Some(t!(lang, "promo-started", count = n));
                progress::refresh(&bot, pool, id).await?;
            }
        }
        CallbackData::PromoDiscard { broadcast: id }
            if broadcast::transition(pool, id, &["draft"], "cancelled").await? =>
        {
            end_question(&app, chat, id).await?;
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
            if broadcast::transition(pool, id, &["scheduled"], "cancelled").await? {
                let text = t!(lang, "promo-schedule-cancelled", id = id);
                send::edit_html(&bot, chat, message_id, text, None).await;
            } else {
                broadcast::transition(pool, id, &["sending", "paused"], "cancelled").await?;
                progress::refresh(&bot, pool, id).await?;
            }
        }
        _ => {}
    }
    send::answer_callback(&bot, &q.id, toast).await;
    Ok(())
}

/// A draft that is sent or discarded asks nothing more.
async fn end_question(app: &App, chat: ChatId, id: i64) -> HandlerResult {
    let about = |s: &super::dialogue::State| matches!(s, super::dialogue::State::PromoAnswer { broadcast, .. } if *broadcast == id);
    super::dialogue::finish(app, chat, about).await
}

/// What the owner is asked to type after pressing one of the draft's typed-answer buttons.
fn question(lang: Language, ask: Awaiting) -> String {
    match ask {
        Awaiting::Points => t!(lang, "promo-ask-points"),
        Awaiting::Inactive => t!(lang, "promo-ask-inactive"),
        Awaiting::Spent => t!(lang, "promo-ask-spent"),
        Awaiting::Button => t!(lang, "promo-ask-button"),
        Awaiting::Schedule => t!(
            lang,
            "promo-ask-schedule",
            now = chrono::Utc::now()
                .format(broadcast::schedule::FORMAT)
                .to_string()
        ),
    }
}
