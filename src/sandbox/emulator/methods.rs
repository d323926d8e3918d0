//! What each Bot API method does to the emulator's state. Sending lives in [`super::send`],
//! editing and deleting in [`super::edit`], long polling in [`super::poll`]; the small methods
//! (getMe, webhooks, commands, descriptions, callback answers, getFile) are here. Any other method
//! the spec knows is recorded and answered with `true`.

use std::collections::HashMap;

use serde_json::{Map, Value, json};

use super::error::ApiError;
use super::model::BotEvent;
use super::params::Upload;
use super::state::State;
use super::{edit, objects, send};

pub(crate) type Params = Map<String, Value>;

pub(crate) fn str_param<'a>(params: &'a Params, name: &str) -> Option<&'a str> {
    params.get(name).and_then(Value::as_str)
}

/// Runs `method` (spec spelling) with validated `params`.
pub(crate) fn dispatch(
    state: &mut State,
    method: &str,
    params: &Params,
    uploads: &HashMap<String, Upload>,
) -> Result<Value, ApiError> {
    match method {
        "getMe" => Ok(objects::me(&state.bot)),
        "sendMessage" => send::send_message(state, params),
        "sendPhoto" => send::send_photo(state, params, uploads),
        "sendDocument" => send::send_document(state, params, uploads),
        "editMessageText" | "editMessageCaption" | "editMessageReplyMarkup" => {
            edit::edit(state, method, params)
        }
        "deleteMessage" => edit::delete(state, params),
        "deleteMessages" => edit::delete_many(state, params),
        "answerCallbackQuery" => answer_callback_query(state, params),
        "getFile" => get_file(state, params),
        "setWebhook" => {
            state.webhook_url = str_param(params, "url")
                .filter(|url| !url.is_empty())
                .map(str::to_owned);
            Ok(json!(true))
        }
        "deleteWebhook" => {
            state.webhook_url = None;
            if params.get("drop_pending_updates") == Some(&json!(true)) {
                state.drop_pending_updates();
            }
            Ok(json!(true))
        }
        "getWebhookInfo" => Ok(json!({
            "url": state.webhook_url.clone().unwrap_or_default(),
            "has_custom_certificate": false,
            "pending_update_count": state.pending_updates(),
        })),
        "setMyCommands" | "deleteMyCommands" | "getMyCommands" => {
            my_commands(state, method, params)
        }
        "setMyDescription" | "getMyDescription" => bot_text(state, method, params, "description"),
        "setMyShortDescription" | "getMyShortDescription" => {
            bot_text(state, method, params, "short_description")
        }
        "setMyName" | "getMyName" => bot_text(state, method, params, "name"),
        "setChatMenuButton" | "getChatMenuButton" => menu_button(state, method, params),
        "sendChatAction" | "logOut" | "close" => Ok(json!(true)),
        _ => {
            tracing::warn!(
                method,
                "Bot API emulator: method not implemented, answering true"
            );
            Ok(json!(true))
        }
    }
}

fn answer_callback_query(state: &mut State, params: &Params) -> Result<Value, ApiError> {
    let id = str_param(params, "callback_query_id").unwrap_or_default();
    let Some(chat_id) = state.callback_chats.get(id).copied() else {
        return Err(ApiError::bad_request(
            "query is too old and response timeout expired or query ID is invalid",
        ));
    };
    if let Some(chat) = state.chats.get_mut(&chat_id) {
        chat.events.push(BotEvent::CallbackAnswer {
            callback_query_id: id.to_owned(),
            text: str_param(params, "text").map(str::to_owned),
            show_alert: params.get("show_alert") == Some(&json!(true)),
        });
    }
    Ok(json!(true))
}

fn get_file(state: &State, params: &Params) -> Result<Value, ApiError> {
    let file_id = str_param(params, "file_id").unwrap_or_default();
    match state.files.get(file_id) {
        Some(file) => Ok(objects::file(file_id, file)),
        None => Err(ApiError::bad_request("invalid file_id")),
    }
}

/// Commands are kept per (scope, language_code), as Telegram does.
fn my_commands(state: &mut State, method: &str, params: &Params) -> Result<Value, ApiError> {
    let scope = params
        .get("scope")
        .cloned()
        .unwrap_or_else(|| json!({ "type": "default" }));
    let language = str_param(params, "language_code").unwrap_or("");
    let key = format!("commands|{scope}|{language}");
    Ok(match method {
        "setMyCommands" => {
            let commands = params.get("commands").cloned().unwrap_or_else(|| json!([]));
            state.settings.insert(key, commands);
            json!(true)
        }
        "deleteMyCommands" => {
            state.settings.remove(&key);
            json!(true)
        }
        _ => state
            .settings
            .get(&key)
            .cloned()
            .unwrap_or_else(|| json!([])),
    })
}

/// setMyDescription/getMyDescription and friends: one text per language; getMyName falls back to
/// the bot's first name.
fn bot_text(
    state: &mut State,
    method: &str,
    params: &Params,
    field: &str,
) -> Result<Value, ApiError> {
    let language = str_param(params, "language_code").unwrap_or("");
    let key = format!("{field}|{language}");
    if method.starts_with("set") {
        match str_param(params, field).filter(|text| !text.is_empty()) {
            Some(text) => state.settings.insert(key, json!(text)),
            None => state.settings.remove(&key),
        };
        return Ok(json!(true));
    }
    let fallback = if field == "name" {
        state.bot.first_name.clone()
    } else {
        String::new()
    };
    let text = state
        .settings
        .get(&key)
        .cloned()
        .unwrap_or_else(|| json!(fallback));
    Ok(json!({ field: text }))
}

fn menu_button(state: &mut State, method: &str, params: &Params) -> Result<Value, ApiError> {
    let chat = params
        .get("chat_id")
        .map(Value::to_string)
        .unwrap_or_default();
    let key = format!("menu_button|{chat}");
    if method == "setChatMenuButton" {
        let button = params
            .get("menu_button")
            .cloned()
            .unwrap_or_else(|| json!({ "type": "default" }));
        state.settings.insert(key, button);
        return Ok(json!(true));
    }
    Ok(state
        .settings
        .get(&key)
        .cloned()
        .unwrap_or_else(|| json!({ "type": "default" })))
}
