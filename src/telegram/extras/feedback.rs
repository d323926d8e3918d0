//! Rating a visit from the receipt message (⭐1…5, then an optional comment) and the owner's
//! `/feedback` summary. Rules in [`crate::extras::feedback`].

use teloxide::{
    prelude::*,
    types::{InlineKeyboardButton, InlineKeyboardMarkup, User},
    utils::{html::escape, render::RenderMessageTextHelper},
};

use super::super::{
    App, HandlerResult,
    callback::CallbackData,
    dialogue::{self, State},
    send, till,
};
use crate::{
    domain::Language,
    extras::feedback::{self, RateError},
    t,
};

/// The stars under the customer's receipt, bound to that purchase.
pub fn rating_keyboard(purchase: i64) -> InlineKeyboardMarkup {
    InlineKeyboardMarkup::new(vec![
        (1..=5u8)
            .map(|rating| {
                InlineKeyboardButton::callback(
                    format!("{rating}⭐"),
                    CallbackData::FeedbackRate { purchase, rating }.encode(),
                )
            })
            .collect::<Vec<_>>(),
    ])
}

pub async fn on_rate(
    bot: &Bot,
    q: &CallbackQuery,
    app: &App,
    purchase: i64,
    rating: u8,
) -> HandlerResult {
    let Some(customer) = app.customer_of(&q.from).await? else {
        send::answer_callback(bot, &q.id, None).await;
        return Ok(());
    };
    let lang = customer.language();
    let bonus = match feedback::rate(&app.pool, purchase, &customer, rating).await {
        Ok(bonus) => bonus,
        Err(e) => {
            let key = match e {
                RateError::AlreadyRated => "feedback-already",
                RateError::Undone => "feedback-undone",
                RateError::NotYours | RateError::OutOfRange => "feedback-not-yours",
                RateError::Failed(e) => {
                    tracing::error!(error = ?e, "recording a rating failed");
                    "error-generic"
                }
            };
            send::answer_callback(bot, &q.id, Some(t!(lang, key))).await;
            return Ok(());
        }
    };
    send::answer_callback(bot, &q.id, None).await;
    let chat = ChatId(customer.chat_id.or(customer.tg_user_id).unwrap_or_default());
    dialogue::set(app, chat, &State::FeedbackComment { purchase }).await?;
    let mut conn = app.pool.acquire().await?;
    let mut thanks = t!(
        lang,
        "feedback-thanks",
        stars = "⭐".repeat(usize::from(rating))
    );
    if bonus > 0 {
        let balance = crate::ledger::balance(&mut conn, customer.account_id)
            .await?
            .available();
        thanks.push('\n');
        thanks.push_str(&t!(
            lang,
            "feedback-bonus",
            points = bonus,
            balance = balance
        ));
    }
    thanks.push('\n');
    thanks.push_str(&t!(lang, "feedback-ask-comment"));
    if let Some(m) = q.regular_message() {
        // The receipt stays as it was, the stars give way to the thanks.
        // Without entities teloxide renders nothing: then the plain text, escaped.
        let receipt = m
            .html_text()
            .or_else(|| m.text().map(escape))
            .unwrap_or_default();
        let text = format!("{receipt}\n\n{thanks}");
        send::edit_html(bot, m.chat.id, m.id, text, None).await;
    }
    Ok(())
}

pub async fn on_comment(
    bot: &Bot,
    app: &App,
    user: &User,
    chat: ChatId,
    customer: i64,
    purchase: i64,
    text: &str,
) -> HandlerResult {
    let lang = app.language_for(Some(user), app.customer_of(user).await?.as_ref());
    dialogue::take(app, chat).await?;
    let key = if feedback::comment(&app.pool, purchase, customer, text).await? {
        "feedback-comment-saved"
    } else {
        "feedback-comment-already"
    };
    send::html(bot, chat, t!(lang, key), None).await;
    Ok(())
}

/// One decimal, as people of `lang` write it (4.3 / 4,3).
fn average(lang: Language, x100: i64) -> String {
    let tenths = (x100 + 5) / 10;
    let sep = if lang == Language::En { "." } else { "," };
    format!("{}{sep}{}", tenths / 10, tenths % 10)
}

/// Ten full comments could pass Telegram's 4096 characters: the summary shows their start.
fn short(text: &str) -> String {
    const MAX: usize = 200;
    match text.char_indices().nth(MAX) {
        Some((at, _)) => format!("{}…", &text[..at]),
        None => text.to_owned(),
    }
}

pub async fn show_summary(bot: &Bot, app: &App, user: &User, chat: ChatId) -> HandlerResult {
    let lang = till::staff_lang(app, user).await;
    let s = feedback::summary(&app.pool, 10).await?;
    let Some(avg) = s.average_x100 else {
        send::html(bot, chat, t!(lang, "feedback-summary-empty"), None).await;
        return Ok(());
    };
    let [one, two, three, four, five] = s.by_stars;
    let mut text = t!(
        lang,
        "feedback-summary",
        average = average(lang, avg),
        count = s.count,
        five = five,
        four = four,
        three = three,
        two = two,
        one = one
    );
    if !s.latest.is_empty() {
        text.push_str("\n\n");
        text.push_str(&t!(lang, "feedback-comments-title"));
    }
    for c in &s.latest {
        text.push('\n');
        text.push_str(&t!(
            lang,
            "feedback-comment-line",
            rating = i64::from(c.rating),
            date = c.at.format("%d.%m").to_string(),
            name = escape(c.name.as_deref().unwrap_or("—")),
            comment = escape(&short(&c.text))
        ));
    }
    send::html(bot, chat, text, None).await;
    Ok(())
}
