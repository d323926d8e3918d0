//! `/webhook`: the owner's outbound webhook endpoints (see [`crate::hooks_out`]). `/webhook add
//! <url>` shows the signing secret once; `/webhook` lists endpoints with their delivery health
//! and Remove (and Enable for one the sender disabled). Also the sender loop, which tells an
//! owner when their endpoint is disabled.

use std::time::Duration;

use teloxide::{
    prelude::*,
    types::{InlineKeyboardButton, InlineKeyboardMarkup},
    utils::html::escape,
};
use tokio::sync::watch;

use crate::{
    domain::Language,
    hooks_out::{
        address::UrlError,
        endpoints::{self, AddError, Health},
        sender::Sender,
    },
    t,
    telegram::{App, AppRef, HandlerResult, callback::CallbackData, send},
};

pub async fn on_command(
    bot: &Bot,
    app: &App,
    owner: i64,
    chat: ChatId,
    lang: Language,
    args: &str,
) -> HandlerResult {
    let args = args.trim();
    let (verb, rest) = args.split_once(char::is_whitespace).unwrap_or((args, ""));
    let text = match verb {
        "" => {
            let (text, buttons) = list(app, lang).await?;
            send::html(bot, chat, text, buttons.map(Into::into)).await;
            return Ok(());
        }
        "add" if rest.trim().is_empty() => t!(lang, "webhook-usage"),
        "add" => {
            let allow_private = app.config.webhook_allow_private;
            match endpoints::add(&app.pool, owner, rest, allow_private).await {
                Ok((_, secret)) => t!(
                    lang,
                    "webhook-added",
                    url = escape(rest.trim()),
                    secret = secret
                ),
                Err(AddError::Url(e)) => url_error(lang, &e),
                Err(AddError::Db(e)) => return Err(e.into()),
            }
        }
        _ => t!(lang, "webhook-usage"),
    };
    send::html(bot, chat, text, None).await;
    Ok(())
}

fn url_error(lang: Language, e: &UrlError) -> String {
    match e {
        UrlError::Invalid => t!(lang, "webhook-url-invalid"),
        UrlError::NotHttps => t!(lang, "webhook-url-not-https"),
        UrlError::Private => t!(lang, "webhook-url-private"),
    }
}

async fn list(app: &App, lang: Language) -> anyhow::Result<(String, Option<InlineKeyboardMarkup>)> {
    let all = endpoints::list(&app.pool).await?;
    if all.is_empty() {
        return Ok((t!(lang, "webhook-list-empty"), None));
    }
    let mut text = t!(lang, "webhook-list-title");
    let mut rows = Vec::new();
    for (n, e) in all.iter().enumerate() {
        let n = n + 1;
        let when = |at: Option<chrono::DateTime<chrono::Utc>>| {
            at.map(|a| crate::i18n::date_time(lang, a))
                .unwrap_or_default()
        };
        let health = match e.health() {
            Health::New => t!(lang, "webhook-health-new"),
            Health::Healthy => t!(lang, "webhook-health-ok", when = when(e.last_success_at)),
            Health::Failing => t!(
                lang,
                "webhook-health-failing",
                since = when(e.failing_since),
                error = escape(e.last_error.as_deref().unwrap_or(""))
            ),
            Health::Disabled => t!(lang, "webhook-health-disabled", since = when(e.disabled_at)),
        };
        text.push_str("\n\n");
        text.push_str(&t!(
            lang,
            "webhook-line",
            n = n,
            url = escape(&e.url),
            health = health,
            pending = e.pending
        ));
        let mut row = vec![InlineKeyboardButton::callback(
            t!(lang, "webhook-button-remove", n = n),
            CallbackData::WebhookRemove { endpoint: e.id }.encode(),
        )];
        if e.health() == Health::Disabled {
            row.push(InlineKeyboardButton::callback(
                t!(lang, "webhook-button-enable", n = n),
                CallbackData::WebhookEnable { endpoint: e.id }.encode(),
            ));
        }
        rows.push(row);
    }
    text.push_str("\n\n");
    text.push_str(&t!(lang, "webhook-usage"));
    Ok((text, Some(InlineKeyboardMarkup::new(rows))))
}

/// Remove (`enable` false) or Enable pressed under the list.
pub async fn on_button(
    bot: &Bot,
    q: &CallbackQuery,
    app: &App,
    lang: Language,
    endpoint: i64,
    enable: bool,
) -> HandlerResult {
    let done = if enable {
        endpoints::enable(&app.pool, endpoint).await?
    } else {
        endpoints::remove(&app.pool, endpoint).await?
    };
    let toast = match (done, enable) {
        (Some(url), true) => t!(lang, "webhook-enabled", url = url),
        (Some(url), false) => t!(lang, "webhook-removed", url = url),
        (None, _) => t!(lang, "webhook-gone"),
    };
    send::answer_callback(bot, &q.id, Some(toast)).await;
    if let Some(m) = q.regular_message() {
        let (text, buttons) = list(app, lang).await?;
        send::edit_html(bot, m.chat.id, m.id, text, buttons).await;
    }
    Ok(())
}

/// The webhook sender, beside the job loop: every half second it delivers what is due and
/// tells owners about endpoints it disabled.
pub async fn run_sender(bot: Bot, app: AppRef, mut stop: watch::Receiver<bool>) {
    let sender = match Sender::new(app.config.webhook_allow_private) {
        Ok(s) => s,
        Err(e) => {
            tracing::error!(error = %e, "cannot build the webhook HTTP client; webhooks are off");
            return;
        }
    };
    loop {
        tokio::select! {
            () = tokio::time::sleep(Duration::from_millis(500)) => {}
            _ = stop.changed() => return,
        }
        match sender.tick(&app.pool).await {
            Ok(disabled) => {
                for d in disabled {
                    let lang = app.config.default_language;
                    let text = t!(
                        lang,
                        "webhook-disabled-notice",
                        url = escape(&d.url),
                        error = escape(d.last_error.as_deref().unwrap_or(""))
                    );
                    send::html(&bot, ChatId(d.owner), text, None).await;
                }
            }
            Err(e) => tracing::warn!(error = %e, "sending webhooks failed"),
        }
    }
}
