//! editMessageText, editMessageCaption, editMessageReplyMarkup and deleteMessage(s), with the
//! real server's refusals: unknown message, someone else's message, and "message is not
//! modified" when the result would look exactly the same.

use serde_json::{Value, json};

use super::error::ApiError;
use super::methods::{Params, str_param};
use super::model::BotEvent;
use super::objects;
use super::send::{caption, reply_markup, shown_text};
use super::state::{State, now};

const NOT_MODIFIED: &str = "message is not modified: specified new message content and reply markup are \
     exactly the same as a current content and reply markup of the message";

pub(crate) fn edit(state: &mut State, method: &str, params: &Params) -> Result<Value, ApiError> {
    if params.contains_key("inline_message_id") {
        return Ok(json!(true));
    }
    if !params.contains_key("chat_id") {
        return Err(ApiError::bad_request("chat_id is empty"));
    }
    let message_id = params
        .get("message_id")
        .and_then(Value::as_i64)
        .ok_or_else(|| ApiError::bad_request("message identifier is not specified"))?;
    let chat_id = state.resolve_chat(params.get("chat_id"))?;
    let bot = state.bot.clone();
    let chat = state
        .chats
        .get_mut(&chat_id)
        .ok_or_else(ApiError::chat_not_found)?;
    let user = chat.user.clone();
    let message = chat
        .message_mut(message_id)
        .ok_or_else(|| ApiError::bad_request("message to edit not found"))?;
    if !message.from_bot {
        return Err(ApiError::bad_request("message can't be edited"));
    }
    // Editing replaces the inline keyboard: leaving reply_markup out removes it.
    let markup = reply_markup(params);
    let old_markup = message
        .sent
        .reply_markup
        .clone()
        .filter(|m| m.get("inline_keyboard").is_some());
    let same_markup = markup == old_markup;
    match method {
        "editMessageText" => {
            if message.sent.text.is_none() {
                return Err(ApiError::bad_request(
                    "there is no text in the message to edit",
                ));
            }
            let raw = str_param(params, "text")
                .ok_or_else(|| ApiError::bad_request("message text is empty"))?;
            let shown = shown_text(raw, params)?;
            if same_markup
                && message.sent.text.as_deref() == Some(&shown.text)
                && message.entities == shown.entities
            {
                return Err(ApiError::bad_request(NOT_MODIFIED));
            }
            message.sent.text = Some(shown.text);
            message.sent.raw = Some(raw.to_owned());
            message.sent.parse_mode = str_param(params, "parse_mode").map(str::to_owned);
            message.entities = shown.entities;
        }
        "editMessageCaption" => {
            if message.media.is_none() {
                return Err(ApiError::bad_request(
                    "there is no caption in the message to edit",
                ));
            }
            let (caption, entities) = caption(params)?;
            if same_markup && message.sent.caption == caption && message.entities == entities {
                return Err(ApiError::bad_request(NOT_MODIFIED));
            }
            message.sent.caption = caption;
            message.sent.raw = str_param(params, "caption").map(str::to_owned);
            message.sent.parse_mode = str_param(params, "parse_mode").map(str::to_owned);
            message.entities = entities;
        }
        _ if same_markup => return Err(ApiError::bad_request(NOT_MODIFIED)),
        _ => {}
    }
    message.sent.reply_markup = markup;
    message.sent.edited = true;
    message.edit_date = Some(now());
    let edited = message.sent.clone();
    let json = objects::message(&bot, &user, message);
    chat.events.push(BotEvent::Edited(edited));
    Ok(json)
}

pub(crate) fn delete(state: &mut State, params: &Params) -> Result<Value, ApiError> {
    let chat_id = state.resolve_chat(params.get("chat_id"))?;
    let message_id = params
        .get("message_id")
        .and_then(Value::as_i64)
        .unwrap_or_default();
    if remove(state, chat_id, message_id) {
        Ok(json!(true))
    } else {
        Err(ApiError::bad_request("message to delete not found"))
    }
}

/// deleteMessages: deletes those that exist; fails only if none did.
pub(crate) fn delete_many(state: &mut State, params: &Params) -> Result<Value, ApiError> {
    let chat_id = state.resolve_chat(params.get("chat_id"))?;
    let ids = params
        .get("message_ids")
        .and_then(Value::as_array)
        .cloned()
        .unwrap_or_default();
    let deleted = ids
        .iter()
        .filter_map(Value::as_i64)
        .filter(|&id| remove(state, chat_id, id))
        .count();
    if deleted == 0 {
        return Err(ApiError::bad_request("message to delete not found"));
    }
    Ok(json!(true))
}

fn remove(state: &mut State, chat_id: i64, message_id: i64) -> bool {
    let Some(chat) = state.chats.get_mut(&chat_id) else {
        return false;
    };
    let before = chat.messages.len();
    chat.messages.retain(|m| m.sent.message_id != message_id);
    let removed = chat.messages.len() < before;
    if removed {
        chat.events.push(BotEvent::Deleted { message_id });
    }
    removed
}
