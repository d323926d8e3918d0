//! The JSON the page draws: personas, messages with their media and inline keyboards, and the
//! chat's reply keyboard and command menu.

use serde::Serialize;
use serde_json::Value;

use super::{Persona, Role};
use crate::sandbox::emulator::{BotEvent, ChatEntry};

#[derive(Serialize)]
pub struct PersonaView {
    pub id: i64,
    pub name: String,
    pub language: String,
    pub role: Role,
}

impl From<&Persona> for PersonaView {
    fn from(persona: &Persona) -> Self {
        Self {
            id: persona.user.id,
            name: persona.user.first_name.clone(),
            language: language_of(persona),
            role: persona.role,
        }
    }
}

/// The language the pane's chrome uses: the persona's app language if we speak it, else en.
pub fn language_of(persona: &Persona) -> String {
    let code = persona.user.language_code.as_deref().unwrap_or("en");
    crate::domain::Language::from_code(code)
        .unwrap_or_default()
        .code()
        .to_owned()
}

/// Everything a pane shows, fetched again whenever the bot does something in the chat.
#[derive(Serialize)]
pub struct Transcript {
    pub messages: Vec<MessageView>,
    pub reply_keyboard: Vec<Vec<String>>,
    pub commands: Vec<CommandView>,
    /// The chat's menu button when it opens a Mini App.
    pub menu_button: Option<WebAppButton>,
}

#[derive(Serialize)]
pub struct WebAppButton {
    pub text: String,
    pub url: String,
}

#[derive(Serialize)]
pub struct CommandView {
    pub command: String,
    pub description: String,
}

#[derive(Serialize)]
pub struct MessageView {
    pub id: i64,
    pub from_bot: bool,
    pub date: i64,
    pub edited: bool,
    /// The bot's HTML as sent (Telegram's subset); the page sanitizes it while drawing.
    pub html: Option<String>,
    /// Plain text or caption, for messages without HTML.
    pub text: Option<String>,
    pub photo: Option<String>,
    pub document: Option<DocumentView>,
    pub inline_keyboard: Vec<Vec<ButtonView>>,
}

#[derive(Serialize)]
pub struct DocumentView {
    pub file_id: String,
    pub name: String,
}

#[derive(Serialize)]
pub struct ButtonView {
    pub text: String,
    pub callback_data: Option<String>,
    pub url: Option<String>,
    /// A Mini App's URL (a `web_app` button).
    pub web_app: Option<String>,
}

impl From<&ChatEntry> for MessageView {
    fn from(entry: &ChatEntry) -> Self {
        let m = &entry.message;
        let is_html = m.parse_mode.as_deref() == Some("HTML");
        Self {
            id: m.message_id,
            from_bot: entry.from_bot,
            date: entry.date,
            edited: m.edited,
            html: m.raw.clone().filter(|_| is_html),
            text: m.text.clone().or_else(|| m.caption.clone()),
            photo: m.photo_file_id.clone(),
            document: m.document_file_id.clone().map(|file_id| DocumentView {
                name: m.document_name.clone().unwrap_or_else(|| file_id.clone()),
                file_id,
            }),
            inline_keyboard: inline_keyboard(m.reply_markup.as_ref()),
        }
    }
}

fn inline_keyboard(markup: Option<&Value>) -> Vec<Vec<ButtonView>> {
    let rows = markup
        .and_then(|m| m.get("inline_keyboard"))
        .and_then(Value::as_array);
    let text = |button: &Value, key: &str| button[key].as_str().map(str::to_owned);
    rows.into_iter()
        .flatten()
        .map(|row| {
            let buttons = row.as_array().into_iter().flatten();
            buttons
                .map(|b| ButtonView {
                    text: text(b, "text").unwrap_or_default(),
                    callback_data: text(b, "callback_data"),
                    url: text(b, "url"),
                    web_app: b["web_app"]["url"].as_str().map(str::to_owned),
                })
                .collect()
        })
        .collect()
}

/// One item of the live stream: which chat, what happened. Messages, edits and deletions make
/// the page fetch the transcript again; callback answers are shown as toasts.
#[derive(Serialize)]
pub struct EventView {
    pub chat_id: i64,
    pub kind: &'static str,
    pub text: Option<String>,
    pub show_alert: bool,
}

impl EventView {
    pub fn new(chat_id: i64, event: &BotEvent) -> Self {
        let (kind, text, show_alert) = match event {
            BotEvent::Message(_) => ("message", None, false),
            BotEvent::Edited(_) => ("edited", None, false),
            BotEvent::Deleted { .. } => ("deleted", None, false),
            BotEvent::CallbackAnswer {
                text, show_alert, ..
            } => ("callback_answer", text.clone(), *show_alert),
        };
        Self {
            chat_id,
            kind,
            text,
            show_alert,
        }
    }
}
