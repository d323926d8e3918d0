//! The values tests exchange with the emulator: who the bot and the users are, what the bot sent,
//! which requests it made, and which failures to inject.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use serde_json::Value;

/// The bot the emulator impersonates; `getMe` answers with it.
#[derive(Clone, Debug)]
pub struct BotProfile {
    pub id: i64,
    pub username: String,
    pub first_name: String,
}

/// A Telegram user talking to the bot in a private chat (chat id = user id).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct UserProfile {
    pub id: i64,
    pub first_name: String,
    pub username: Option<String>,
    pub language_code: Option<String>,
}

/// A failure returned instead of executing the next call of a method.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Fault {
    /// 429 "Too Many Requests: retry after N" with `parameters.retry_after = N`.
    RetryAfter(u32),
    /// 403 "Forbidden: bot was blocked by the user".
    Blocked,
    /// 400 `"Bad Request: {text}"` (the prefix is added when missing).
    BadRequest(String),
    /// 500 "Internal Server Error". Note that teloxide sleeps 10 s after any 5xx answer.
    ServerError,
    /// Not a failure: the call is answered normally after this many milliseconds (a slow
    /// server; beyond the client's timeout, a timeout whose request still took effect).
    Slow(u32),
}

/// A message in a chat as the user sees it now (after edits).
///
/// `text` and `caption` are what the client displays: markup tags removed and HTML entities
/// decoded (`&lt;b&gt;` shows as `<b>`). `raw` keeps the string exactly as the bot sent it,
/// together with `parse_mode`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SentMessage {
    pub chat_id: i64,
    pub message_id: i64,
    pub text: Option<String>,
    pub caption: Option<String>,
    pub parse_mode: Option<String>,
    pub raw: Option<String>,
    pub photo_file_id: Option<String>,
    pub document_file_id: Option<String>,
    pub document_name: Option<String>,
    pub reply_markup: Option<Value>,
    pub edited: bool,
}

impl SentMessage {
    /// The text, else the caption, else "".
    pub fn body(&self) -> &str {
        self.text
            .as_deref()
            .or(self.caption.as_deref())
            .unwrap_or("")
    }

    /// Inline keyboard buttons row by row: (label, callback_data or url or "" for other kinds).
    pub fn inline_buttons(&self) -> Vec<(String, String)> {
        self.keyboard_rows("inline_keyboard")
            .flatten()
            .map(|button| {
                let target = ["callback_data", "url"]
                    .iter()
                    .find_map(|key| button.get(*key).and_then(Value::as_str))
                    .unwrap_or("");
                (label(button), target.to_owned())
            })
            .collect()
    }

    /// Labels of the reply keyboard this message set, row by row, flattened.
    pub fn reply_keyboard(&self) -> Vec<String> {
        self.keyboard_rows("keyboard")
            .flatten()
            .map(label)
            .collect()
    }

    fn keyboard_rows(&self, kind: &str) -> impl Iterator<Item = impl Iterator<Item = &Value>> {
        let rows = self
            .reply_markup
            .as_ref()
            .and_then(|markup| markup.get(kind))
            .and_then(Value::as_array);
        rows.into_iter()
            .flatten()
            .map(|row| row.as_array().into_iter().flatten())
    }
}

/// A keyboard button is an object with `text`, or (reply keyboards only) a bare string.
fn label(button: &Value) -> String {
    button
        .get("text")
        .and_then(Value::as_str)
        .or(button.as_str())
        .unwrap_or("")
        .to_owned()
}

/// Something the bot did in a chat, in order; see [`super::Emulator::next_event`].
#[derive(Clone, Debug, PartialEq)]
pub enum BotEvent {
    Message(SentMessage),
    Edited(SentMessage),
    CallbackAnswer {
        callback_query_id: String,
        text: Option<String>,
        show_alert: bool,
    },
    Deleted {
        message_id: i64,
    },
}

/// One request the bot made.
#[derive(Clone, Debug)]
pub struct ApiCall {
    /// The method name as the spec spells it (`sendMessage`), whatever the case used; unknown
    /// methods keep the name as requested.
    pub method: String,
    /// The parameters as a JSON object. Form and multipart values are converted to the types the
    /// spec declares (numbers, booleans, objects); uploaded files appear as `"attach://<part>"`.
    pub params: Value,
    pub token: String,
    pub at: DateTime<Utc>,
}

/// One message of a chat as the user's app lists it: the bot's and the user's own, in order.
#[derive(Clone, Debug, PartialEq)]
pub struct ChatEntry {
    pub from_bot: bool,
    /// Unix time it was sent.
    pub date: i64,
    pub message: SentMessage,
}

/// A stored file with what a download needs besides the bytes.
#[derive(Clone, Debug)]
pub struct FileData {
    pub bytes: Vec<u8>,
    pub mime_type: String,
    pub file_name: Option<String>,
}
