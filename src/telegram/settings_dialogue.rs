//! One setting's dialogue: the prompt (current value, what to type, choice buttons), the typed
//! value parsed once into a [`Value`], the preview (old → new, with an example) and Save /
//! Cancel. The draft is a row in `settings_drafts` ([`drafts`]) and the chat's state says the
//! next text is its value, so after a restart the owner's next typed value simply continues; a dialogue idle for 30 minutes is cancelled by
//! the job with a message. Buttons carry the draft's id: stale ones are answered and ignored.

use chrono::Utc;
use teloxide::{
    prelude::*,
    types::{InlineKeyboardButton, InlineKeyboardMarkup, MessageId, User},
};

use super::{
    App, AppRef, HandlerResult, callback::CallbackData, dialogue::State, send,
    settings_text as text, tg_id,
};
use crate::{
    domain::Language,
    settings::{
        SettingKey, Value,
        drafts::{self, Draft},
        store,
    },
    t,
};

/// Opens the dialogue for `key` (replacing any other) with a new prompt message.
pub async fn start(
    bot: &Bot,
    app: &App,
    user: &User,
    chat: ChatId,
    lang: Language,
    key: SettingKey,
) -> HandlerResult {
    let mut conn = app.pool.acquire().await?;
    if let Some(old) = drafts::active(&mut conn, tg_id(user), Utc::now()).await? {
        remove_buttons(bot, &old).await;
    }
    let draft = drafts::start(&mut conn, tg_id(user), chat.0, lang, key).await?;
    // The owner's next text is the value (the chat's state; see `telegram::dialogue`).
    super::dialogue::set(app, chat, &State::SettingsValue).await?;
    let current = store::snapshot(&mut conn).await?.get(key)?;
    let body = format!(
        "{}\n{}",
        t!(
            lang,
            "settings-prompt-head",
            name = text::name(lang, key),
            value = text::show(app, lang, &current)
        ),
        text::prompt(lang, key.kind())
    );
    let mut rows: Vec<Vec<InlineKeyboardButton>> = Value::choices(key.kind())
        .iter()
        .zip(0u8..)
        .map(|(choice, i)| {
            let data = CallbackData::SettingsPick {
                draft: draft.id,
                choice: i,
            };
            vec![InlineKeyboardButton::callback(
                text::choice_label(lang, choice),
                data.encode(),
            )]
        })
        .collect();
    rows.push(vec![cancel_button(lang, draft.id)]);
    let sent = send::html(
        bot,
        chat,
        body,
        Some(InlineKeyboardMarkup::new(rows).into()),
    )
    .await;
    if let Some(m) = sent {
        drafts::set_message(&mut conn, draft.id, m.id.0.into()).await?;
    }
    Ok(())
}

fn cancel_button(lang: Language, draft: i64) -> InlineKeyboardButton {
    InlineKeyboardButton::callback(
        t!(lang, "settings-button-cancel"),
        CallbackData::SettingsCancel { draft }.encode(),
    )
}

/// A typed value: parsed, then previewed; bad input gets its answer and changes nothing.
pub async fn on_input(bot: Bot, msg: Message, draft: Draft, app: AppRef) -> HandlerResult {
    let (Some(user), Some(typed)) = (msg.from.as_ref(), msg.text()) else {
        return Ok(());
    };
    let lang = super::till::staff_lang(&app, user).await;
    let Some(key) = draft.key() else {
        return Ok(());
    };
    match Value::parse(key.kind(), typed) {
        Ok(value) => preview(&bot, &app, msg.chat.id, lang, &draft, key, value, None).await,
        Err(e) => {
            let answer = format!(
                "{}\n{}",
                text::error(lang, &e),
                t!(lang, "settings-try-again")
            );
            send::html(&bot, msg.chat.id, answer, None).await;
            Ok(())
        }
    }
}

/// A choice button on the prompt.
pub async fn on_pick(
    bot: &Bot,
    app: &App,
    q: &CallbackQuery,
    id: i64,
    choice: u8,
) -> HandlerResult {
    let lang = super::till::staff_lang(app, &q.from).await;
    let draft = drafts::get(&mut *app.pool.acquire().await?, id, tg_id(&q.from)).await?;
    let picked = draft.as_ref().and_then(|d| {
        let key = d.key()?;
        let value = Value::choices(key.kind())
            .into_iter()
            .nth(usize::from(choice))?;
        Some((key, value))
    });
    let (Some(draft), Some((key, value))) = (draft, picked) else {
        send::answer_callback(bot, &q.id, Some(t!(lang, "settings-stale"))).await;
        return Ok(());
    };
    send::answer_callback(bot, &q.id, None).await;
    let (chat, shown) = step_message(&draft);
    preview(bot, app, chat, lang, &draft, key, value, shown).await
}

/// Shows old → new with Save / Cancel, in a new message or (`edit`) in place of the prompt.
#[allow(clippy::too_many_arguments)]
async fn preview(
    bot: &Bot,
    app: &App,
    chat: ChatId,
    lang: Language,
    draft: &Draft,
    key: SettingKey,
    value: Value,
    edit: Option<MessageId>,
) -> HandlerResult {
    let mut conn = app.pool.acquire().await?;
    let snapshot = store::snapshot(&mut conn).await?;
    let old = snapshot.get(key)?;
    if old == value {
        send::html(bot, chat, t!(lang, "settings-error-unchanged"), None).await;
        return Ok(());
    }
    let Some(next) = drafts::to_preview(&mut conn, draft.id, &value.canonical()).await? else {
        return Ok(()); // the dialogue moved on meanwhile (another tap, another replica)
    };
    if edit.is_none() {
        remove_buttons(bot, draft).await;
    }
    let mut body = t!(
        lang,
        "settings-preview",
        name = text::name(lang, key),
        old = text::show(app, lang, &old),
        new = text::show(app, lang, &value)
    );
    if let Some(example) = text::example(app, lang, key, &value, &snapshot.settings) {
        body.push('\n');
        body.push_str(&example);
    }
    body.push('\n');
    body.push_str(&t!(lang, "settings-preview-hint"));
    let buttons = InlineKeyboardMarkup::new(vec![vec![
        InlineKeyboardButton::callback(
            t!(lang, "settings-button-save"),
            CallbackData::SettingsSave { draft: next.id }.encode(),
        ),
        cancel_button(lang, next.id),
    ]]);
    let shown = match edit {
        Some(id) => {
            send::edit_html(bot, chat, id, body, Some(buttons)).await;
            Some(id)
        }
        None => send::html(bot, chat, body, Some(buttons.into()))
            .await
            .map(|m| m.id),
    };
    if let Some(id) = shown {
        drafts::set_message(&mut conn, next.id, id.0.into()).await?;
    }
    Ok(())
}

/// Save: the value and its audit row in one transaction that also ends the draft, so a second
/// tap (or a stale button) finds nothing to save.
pub async fn on_save(bot: &Bot, app: &App, q: &CallbackQuery, id: i64) -> HandlerResult {
    let lang = super::till::staff_lang(app, &q.from).await;
    let owner = tg_id(&q.from);
    let mut tx = app.pool.begin().await?;
    let draft = drafts::take(&mut tx, id, owner).await?;
    let saving = draft.as_ref().filter(|d| d.in_preview()).and_then(|d| {
        let key = d.key()?;
        let value = Value::from_canonical(key.kind(), d.value.as_deref()?).ok()?;
        Some((d, key, value))
    });
    let Some((draft, key, value)) = saving else {
        tx.rollback().await?;
        send::answer_callback(bot, &q.id, Some(t!(lang, "settings-stale"))).await;
        return Ok(());
    };
    let change = store::save(&mut tx, owner, draft.id, key, &value).await?;
    tx.commit().await?;
    end_question(app, draft).await?;
    tracing::info!(owner, setting = key.code(), old = %change.old_value, new = %change.new_value, "setting changed");
    send::answer_callback(bot, &q.id, Some(t!(lang, "settings-saved-toast"))).await;
    let body = t!(
        lang,
        "settings-saved",
        name = text::name(lang, key),
        old = text::show_canonical(app, lang, key, &change.old_value),
        new = text::show(app, lang, &value)
    );
    show_final(bot, draft, body).await;
    Ok(())
}

pub async fn on_cancel(bot: &Bot, app: &App, q: &CallbackQuery, id: i64) -> HandlerResult {
    let lang = super::till::staff_lang(app, &q.from).await;
    let taken = drafts::take(&mut *app.pool.acquire().await?, id, tg_id(&q.from)).await?;
    let Some(draft) = taken else {
        send::answer_callback(bot, &q.id, Some(t!(lang, "settings-stale"))).await;
        return Ok(());
    };
    send::answer_callback(bot, &q.id, None).await;
    end_question(app, &draft).await?;
    show_final(bot, &draft, t!(lang, "settings-cancelled")).await;
    Ok(())
}

/// A dialogue that ended asks for no more values.
async fn end_question(app: &App, draft: &Draft) -> HandlerResult {
    let chat = ChatId(draft.chat_id);
    super::dialogue::finish(app, chat, |s| *s == State::SettingsValue).await
}

/// `/cancel` from an owner: ends their open dialogue, if any, as its Cancel button would.
pub async fn cancel_open(bot: &Bot, app: &App, owner: i64) -> anyhow::Result<bool> {
    let Some(draft) = drafts::discard(&mut *app.pool.acquire().await?, owner).await? else {
        return Ok(false);
    };
    show_final(bot, &draft, t!(draft.lang(), "settings-cancelled")).await;
    Ok(true)
}

/// The chat of a dialogue and the message that shows its current step (the one whose button
/// was pressed: a draft's id changes with every step).
fn step_message(draft: &Draft) -> (ChatId, Option<MessageId>) {
    let shown = draft
        .message_id
        .and_then(|id| i32::try_from(id).ok())
        .map(MessageId);
    (ChatId(draft.chat_id), shown)
}

/// Replaces the step's message (and its buttons) with how the dialogue ended.
async fn show_final(bot: &Bot, draft: &Draft, body: String) {
    match step_message(draft) {
        (chat, Some(id)) => send::edit_html(bot, chat, id, body, None).await,
        (chat, None) => drop(send::html(bot, chat, body, None).await),
    }
}

/// The job: dialogues idle longer than [`drafts::TTL`] end with a message (also the ones a
/// stopped bot left behind, on its first tick after the restart).
pub async fn expire_stale(bot: &Bot, app: &App) -> HandlerResult {
    let stale = drafts::take_stale(&mut *app.pool.acquire().await?, Utc::now()).await?;
    for draft in stale {
        end_question(app, &draft).await?;
        remove_buttons(bot, &draft).await;
        let chat = ChatId(draft.chat_id);
        send::html(bot, chat, t!(draft.lang(), "settings-expired"), None).await;
    }
    Ok(())
}

/// Takes the buttons off the message of a step that is over, so nobody taps them later.
async fn remove_buttons(bot: &Bot, draft: &Draft) {
    let (chat, Some(id)) = step_message(draft) else {
        return;
    };
    send::deliver("edit_message_reply_markup", Some(chat), || {
        bot.edit_message_reply_markup(chat, id)
            .reply_markup(InlineKeyboardMarkup::new(Vec::<Vec<_>>::new()))
            .into_future()
    })
    .await;
}
