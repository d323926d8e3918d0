//! What the emulator keeps across a sandbox restart, as Telegram keeps it on its servers: the
//! chats with their messages, the stored files, and the bot's settings (commands, menu button).
//! The update queue, recorded calls and injected faults are a session's, and start afresh.

use std::collections::HashMap;

use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::{
    Emulator,
    model::{SentMessage, UserProfile},
    state::{ChatState, StoredFile, StoredMessage},
};

/// The emulator's lasting state. File bytes travel apart (see [`Emulator::file`]) so that a
/// saver writes each file once.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Snapshot {
    chats: Vec<SavedChat>,
    files: Vec<SavedFile>,
    photo_sets: HashMap<String, Value>,
    settings: HashMap<String, Value>,
    next_file: u64,
    next_callback: u64,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
struct SavedChat {
    user: UserProfile,
    next_message_id: i64,
    messages: Vec<SavedMessage>,
    reply_keyboard: Vec<Vec<String>>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
struct SavedMessage {
    sent: SentMessage,
    from_bot: bool,
    date: i64,
    edit_date: Option<i64>,
    entities: Vec<Value>,
    media: Option<(String, Value)>,
    sender: Option<UserProfile>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
struct SavedFile {
    file_id: String,
    unique_id: String,
    path: String,
    file_name: Option<String>,
    mime_type: String,
}

/// Message media kinds as the emulator stores them (a `&'static str` key of the message).
fn media_kind(kind: &str) -> Option<&'static str> {
    ["photo", "document", "contact"]
        .into_iter()
        .find(|k| *k == kind)
}

impl Snapshot {
    /// The ids of the files it names, whose bytes a saver stores beside it.
    pub fn file_ids(&self) -> impl Iterator<Item = &str> {
        self.files.iter().map(|f| f.file_id.as_str())
    }

    /// The users of its chats (a restarted sandbox shows a pane for each).
    pub fn users(&self) -> impl Iterator<Item = &UserProfile> {
        self.chats.iter().map(|c| &c.user)
    }
}

impl Emulator {
    /// The chats, files and settings as they are now.
    pub fn snapshot(&self) -> Snapshot {
        let state = self.lock();
        let mut chats: Vec<SavedChat> = state
            .chats
            .values()
            .map(|chat| SavedChat {
                user: chat.user.clone(),
                next_message_id: chat.next_message_id,
                messages: chat.messages.iter().map(save_message).collect(),
                reply_keyboard: chat.reply_keyboard.clone(),
            })
            .collect();
        chats.sort_by_key(|c| c.user.id);
        let mut files: Vec<SavedFile> = state
            .files
            .iter()
            .map(|(id, f)| SavedFile {
                file_id: id.clone(),
                unique_id: f.unique_id.clone(),
                path: f.path.clone(),
                file_name: f.file_name.clone(),
                mime_type: f.mime_type.clone(),
            })
            .collect();
        files.sort_by(|a, b| a.file_id.cmp(&b.file_id));
        Snapshot {
            chats,
            files,
            photo_sets: state.photo_sets.clone(),
            settings: state
                .settings
                .iter()
                .map(|(k, v)| (k.clone(), v.clone()))
                .collect(),
            next_file: state.next_file,
            next_callback: state.next_callback,
        }
    }

    /// Puts back what [`Emulator::snapshot`] saved; `bytes` has each file's content by id (a
    /// file without bytes is left out). Chats already present are replaced.
    pub fn restore(&self, snapshot: Snapshot, mut bytes: HashMap<String, Vec<u8>>) {
        let mut state = self.lock();
        for saved in snapshot.chats {
            let chat = ChatState {
                user: saved.user.clone(),
                next_message_id: saved.next_message_id,
                messages: saved.messages.into_iter().map(restore_message).collect(),
                events: Vec::new(),
                reply_keyboard: saved.reply_keyboard,
            };
            state.chats.insert(saved.user.id, chat);
        }
        for f in snapshot.files {
            let Some(content) = bytes.remove(&f.file_id) else {
                continue;
            };
            state.files.insert(
                f.file_id,
                StoredFile {
                    bytes: content,
                    unique_id: f.unique_id,
                    path: f.path,
                    file_name: f.file_name,
                    mime_type: f.mime_type,
                },
            );
        }
        state.photo_sets.extend(snapshot.photo_sets);
        state.settings.extend(snapshot.settings);
        state.next_file = state.next_file.max(snapshot.next_file);
        state.next_callback = state.next_callback.max(snapshot.next_callback);
    }
}

fn save_message(m: &StoredMessage) -> SavedMessage {
    SavedMessage {
        sent: m.sent.clone(),
        from_bot: m.from_bot,
        date: m.date,
        edit_date: m.edit_date,
        entities: m.entities.clone(),
        media: m.media.as_ref().map(|(k, v)| ((*k).to_owned(), v.clone())),
        sender: m.sender.clone(),
    }
}

fn restore_message(m: SavedMessage) -> StoredMessage {
    StoredMessage {
        sent: m.sent,
        from_bot: m.from_bot,
        date: m.date,
        edit_date: m.edit_date,
        entities: m.entities,
        media: m
            .media
            .and_then(|(k, v)| media_kind(&k).map(|kind| (kind, v))),
        sender: m.sender,
    }
}
