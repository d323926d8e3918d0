//! Checks the spec's types cannot express but the real server enforces: text and caption
//! lengths, parse modes, inline keyboard buttons, callback answer and command limits. They run on
//! the typed parameters of any method, right after [`super::spec`] validation.

use serde_json::{Map, Value};

use super::error::ApiError;
use super::markup::render;

const MAX_TEXT_CHARS: usize = 4096;
const MAX_CAPTION_CHARS: usize = 1024;
const MAX_CALLBACK_DATA_BYTES: usize = 64;
const MAX_CALLBACK_ANSWER_CHARS: usize = 200;
/// Methods whose `text` is a message text (elsewhere `text` means other things, with other
/// limits).
const MESSAGE_TEXT_METHODS: &[&str] = &["sendMessage", "editMessageText"];

pub(crate) fn check(method: &str, params: &Map<String, Value>) -> Result<(), ApiError> {
    let str_param = |name: &str| params.get(name).and_then(Value::as_str);
    let parse_mode = str_param("parse_mode");
    if method == "answerCallbackQuery" {
        if str_param("text").is_some_and(|text| text.chars().count() > MAX_CALLBACK_ANSWER_CHARS) {
            return Err(ApiError::bad_request("MESSAGE_TOO_LONG"));
        }
    } else if let Some(text) = str_param("text").filter(|_| MESSAGE_TEXT_METHODS.contains(&method))
    {
        let shown = render(text, parse_mode).map_err(ApiError::bad_request)?;
        if shown.text.trim().is_empty() {
            return Err(ApiError::bad_request("message text is empty"));
        }
        if shown.text.chars().count() > MAX_TEXT_CHARS {
            return Err(ApiError::bad_request("message is too long"));
        }
    }
    if let Some(caption) = str_param("caption") {
        let shown = render(caption, parse_mode).map_err(ApiError::bad_request)?;
        if shown.text.chars().count() > MAX_CAPTION_CHARS {
            return Err(ApiError::bad_request("message caption is too long"));
        }
    }
    if let Some(mode) = parse_mode {
        render("", Some(mode)).map_err(ApiError::bad_request)?;
    }
    if let Some(markup) = params.get("reply_markup") {
        check_reply_markup(markup)?;
        // Mini App buttons open only from a private chat (groups have negative ids).
        let in_group = params
            .get("chat_id")
            .and_then(Value::as_i64)
            .is_some_and(|id| id < 0);
        if in_group && has_web_app_button(markup) {
            return Err(ApiError::bad_request("BUTTON_TYPE_INVALID"));
        }
    }
    if method == "setMyCommands" {
        check_commands(params.get("commands"))?;
    }
    super::web_app::check_urls(method, params)?;
    Ok(())
}

fn check_reply_markup(markup: &Value) -> Result<(), ApiError> {
    let rows = markup.get("inline_keyboard").and_then(Value::as_array);
    for button in rows
        .into_iter()
        .flatten()
        .filter_map(Value::as_array)
        .flatten()
    {
        let text = button.get("text").and_then(Value::as_str).unwrap_or("");
        if text.trim().is_empty() {
            return Err(ApiError::bad_request("BUTTON_TEXT_INVALID"));
        }
        if let Some(data) = button.get("callback_data").and_then(Value::as_str)
            && (data.is_empty() || data.len() > MAX_CALLBACK_DATA_BYTES)
        {
            return Err(ApiError::bad_request("BUTTON_DATA_INVALID"));
        }
        let has_action = button.as_object().is_some_and(|fields| {
            fields
                .keys()
                .any(|key| !matches!(key.as_str(), "text" | "icon_custom_emoji_id" | "style"))
        });
        if !has_action {
            return Err(ApiError::bad_request(
                "can't parse inline keyboard button: Text buttons are unallowed in the inline keyboard",
            ));
        }
    }
    Ok(())
}

/// Whether an inline or reply keyboard has a `web_app` button.
fn has_web_app_button(markup: &Value) -> bool {
    ["inline_keyboard", "keyboard"]
        .iter()
        .filter_map(|kind| markup.get(*kind).and_then(Value::as_array))
        .flatten()
        .filter_map(Value::as_array)
        .flatten()
        .any(|button| button.get("web_app").is_some())
}

fn check_commands(commands: Option<&Value>) -> Result<(), ApiError> {
    for command in commands.and_then(Value::as_array).into_iter().flatten() {
        let name = command.get("command").and_then(Value::as_str).unwrap_or("");
        let valid_name = (1..=32).contains(&name.len())
            && name
                .chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_');
        if !valid_name {
            return Err(ApiError::bad_request("BOT_COMMAND_INVALID"));
        }
        let description = command
            .get("description")
            .and_then(Value::as_str)
            .unwrap_or("");
        if !(1..=256).contains(&description.chars().count()) {
            return Err(ApiError::bad_request("BOT_COMMAND_DESCRIPTION_INVALID"));
        }
    }
    Ok(())
}
