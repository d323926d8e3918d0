//! Connecting the shop's other systems, for owners: `/apikey` (keys for the POS API, see
//! [`crate::api`]) and `/webhook` (outbound webhooks, see [`crate::hooks_out`]). Its own command enum and handler branch keep the shared files' edits to one
//! line each.

mod apikey;
mod webhooks;

pub use webhooks::run_sender as run_webhook_sender;

use teloxide::{prelude::*, utils::command::BotCommands};

use super::{AppRef, HandlerResult, callback::CallbackData, send};
use crate::t;

#[derive(BotCommands, Clone, Debug, PartialEq, Eq)]
#[command(rename_rule = "lowercase")]
pub enum IntegrationsCommand {
    /// Owners: `/apikey` lists keys, `/apikey new <name>` makes one.
    Apikey(String),
    /// Owners: `/webhook` lists endpoints, `/webhook add <https url>` adds one.
    Webhook(String),
}

pub async fn on_command(
    bot: Bot,
    msg: Message,
    cmd: IntegrationsCommand,
    app: AppRef,
) -> HandlerResult {
    let Some(user) = msg.from.as_ref() else {
        return Ok(());
    };
    let chat = msg.chat.id;
    let lang = super::till::staff_lang(&app, user).await;
    if !app.is_owner(user) {
        send::html(&bot, chat, t!(lang, "owner-only"), None).await;
        return Ok(());
    }
    match cmd {
        IntegrationsCommand::Apikey(args) => {
            apikey::on_command(&bot, &app, super::tg_id(user), chat, lang, &args).await
        }
        IntegrationsCommand::Webhook(args) => {
            webhooks::on_command(&bot, &app, super::tg_id(user), chat, lang, &args).await
        }
    }
}

/// The integrations' inline buttons (owners only).
pub async fn on_button(
    bot: Bot,
    q: CallbackQuery,
    app: AppRef,
    data: CallbackData,
) -> HandlerResult {
    let Some(lang) = super::owner_button(&bot, &q, &app).await else {
        return Ok(());
    };
    match data {
        CallbackData::ApiKeyRevoke { key } => apikey::on_revoke(&bot, &q, &app, lang, key).await,
        CallbackData::WebhookRemove { endpoint } => {
            webhooks::on_button(&bot, &q, &app, lang, endpoint, false).await
        }
        CallbackData::WebhookEnable { endpoint } => {
            webhooks::on_button(&bot, &q, &app, lang, endpoint, true).await
        }
        _ => {
            send::answer_callback(&bot, &q.id, None).await;
            Ok(())
        }
    }
}
