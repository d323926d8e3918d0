//! What a chat app shows besides the bot's messages: the whole conversation including the
//! user's own messages, the command menu Telegram would offer in a chat, and stored files with
//! their names and types. The web sandbox draws its chats from these.

use serde_json::Value;

use super::Emulator;
use super::model::{ChatEntry, FileData};
use super::state::State;

impl Emulator {
    /// Every message in the chat as it looks now, the user's and the bot's, oldest first.
    pub fn transcript(&self, chat_id: i64) -> Vec<ChatEntry> {
        let state = self.lock();
        let chat = state.chats.get(&chat_id);
        let messages = chat.into_iter().flat_map(|chat| chat.messages.iter());
        messages
            .map(|m| ChatEntry {
                from_bot: m.from_bot,
                date: m.date,
                message: m.sent.clone(),
            })
            .collect()
    }

    /// The command menu of the private chat `chat_id` for a user whose app speaks
    /// `language_code`, as (command, description) pairs. Telegram picks the first scope that has
    /// commands: this chat, all private chats, default; each first with the user's language, then
    /// without one.
    pub fn commands_for(&self, chat_id: i64, language_code: Option<&str>) -> Vec<(String, String)> {
        let state = self.lock();
        let language = language_code
            .and_then(|code| code.split(['-', '_']).next())
            .unwrap_or("")
            .to_ascii_lowercase();
        let mut best: Option<(usize, &Value)> = None;
        for (key, commands) in &state.settings {
            let Some((scope, key_language)) = key
                .strip_prefix("commands|")
                .and_then(|rest| rest.rsplit_once('|'))
            else {
                continue;
            };
            let Some(scope_rank) = scope_rank(&state, scope, chat_id) else {
                continue;
            };
            let rank = match key_language {
                "" => 2 * scope_rank + 1,
                l if l == language => 2 * scope_rank,
                _ => continue,
            };
            let has_commands = commands.as_array().is_some_and(|list| !list.is_empty());
            if has_commands && best.is_none_or(|(b, _)| rank < b) {
                best = Some((rank, commands));
            }
        }
        let list = best.and_then(|(_, commands)| commands.as_array().cloned());
        list.unwrap_or_default()
            .iter()
            .map(|c| {
                let field = |name: &str| c[name].as_str().unwrap_or("").to_owned();
                (field("command"), field("description"))
            })
            .collect()
    }

    /// A stored file with its type and name.
    pub fn file(&self, file_id: &str) -> Option<FileData> {
        self.lock().files.get(file_id).map(|file| FileData {
            bytes: file.bytes.clone(),
            mime_type: file.mime_type.clone(),
            file_name: file.file_name.clone(),
        })
    }
}

/// 0 for this chat's own scope, 1 for all private chats, 2 for default; None for scopes that do
/// not apply to a private chat with `chat_id`.
fn scope_rank(state: &State, scope: &str, chat_id: i64) -> Option<usize> {
    let scope: Value = serde_json::from_str(scope).ok()?;
    match scope["type"].as_str()? {
        "chat" => names_chat(state, &scope["chat_id"], chat_id).then_some(0),
        "all_private_chats" => Some(1),
        "default" => Some(2),
        _ => None,
    }
}

/// A `chat_id` parameter is a number, a number as a string, or "@username".
fn names_chat(state: &State, value: &Value, chat_id: i64) -> bool {
    match value {
        Value::Number(n) => n.as_i64() == Some(chat_id),
        Value::String(s) => match s.strip_prefix('@') {
            Some(name) => state
                .chats
                .get(&chat_id)
                .is_some_and(|chat| chat.user.username.as_deref() == Some(name)),
            None => s.parse() == Ok(chat_id),
        },
        _ => false,
    }
}
