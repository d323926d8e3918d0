//! Everything the emulator remembers: the update queue, chats with their messages and the events
//! the bot caused, stored files, recorded calls, injected faults and validation errors. One
//! `State` lives behind the emulator's mutex; nothing in here awaits.

use std::collections::{HashMap, VecDeque};

use serde_json::{Value, json};

use super::error::ApiError;
use super::model::{ApiCall, BotEvent, BotProfile, Fault, SentMessage, UserProfile};

/// Update kinds Telegram leaves out unless `allowed_updates` asks for them.
const OPT_IN_UPDATES: &[&str] = &["chat_member", "message_reaction", "message_reaction_count"];

pub(crate) struct State {
    pub bot: BotProfile,
    next_update_id: i64,
    /// Unconfirmed updates, ordered by id.
    queue: Vec<QueuedUpdate>,
    /// Every update ever queued, for [`State::resend`].
    history: HashMap<i64, Value>,
    allowed_updates: Option<Vec<String>>,
    /// Bumped by each getUpdates; an older long poll that sees it change ends with 409.
    pub poll_generation: u64,
    pub webhook_url: Option<String>,
    pub chats: HashMap<i64, ChatState>,
    pub files: HashMap<String, StoredFile>,
    /// PhotoSize arrays by the file_id of any of their sizes, so a photo re-sent by id is the same.
    pub photo_sets: HashMap<String, Value>,
    pub(super) next_file: u64,
    pub calls: Vec<ApiCall>,
    pub faults: HashMap<String, VecDeque<Fault>>,
    pub validation_errors: Vec<String>,
    /// Values of the set*/get* pairs (commands, descriptions, menu button) by key.
    pub settings: HashMap<String, Value>,
    /// The bot's token, when the emulator was told it: Mini App initData is signed with it.
    pub token: Option<String>,
    /// The chat each callback query id was asked in.
    pub callback_chats: HashMap<String, i64>,
    pub(super) next_callback: u64,
    /// Telegram's global limit on messages a bot sends (`None`: unlimited, the default).
    pub send_limit: Option<usize>,
    /// When the messages inside the current one-second window were accepted.
    pub recent_sends: VecDeque<std::time::Instant>,
    /// Sends refused with `429` by [`State::send_limit`].
    pub rate_limited: u64,
    /// getUpdates requests being held right now.
    pub polls_waiting: u32,
    /// getUpdates requests that arrived while another was still being held.
    pub overlapping_polls: u64,
    /// getUpdates requests whose client went away before the answer.
    pub abandoned_polls: u64,
}

struct QueuedUpdate {
    id: i64,
    update: Value,
    /// Re-queued by `resend`: delivered once more even though its id is below the offset.
    redelivery: bool,
}

pub(crate) struct ChatState {
    pub user: UserProfile,
    pub(super) next_message_id: i64,
    pub messages: Vec<StoredMessage>,
    pub events: Vec<BotEvent>,
    pub reply_keyboard: Vec<Vec<String>>,
}

/// A message as stored; [`super::objects::message`] renders it.
#[derive(Clone, Debug)]
pub(crate) struct StoredMessage {
    pub sent: SentMessage,
    pub from_bot: bool,
    pub date: i64,
    pub edit_date: Option<i64>,
    /// Entities of the text or the caption.
    pub entities: Vec<Value>,
    /// ("photo", [PhotoSize]), ("document", Document) or ("contact", Contact).
    pub media: Option<(&'static str, Value)>,
    /// Who sent it in a group (in a private chat: the chat's user, or the bot).
    pub sender: Option<UserProfile>,
}

#[derive(Clone, Debug)]
pub(crate) struct StoredFile {
    pub bytes: Vec<u8>,
    pub unique_id: String,
    pub path: String,
    pub file_name: Option<String>,
    pub mime_type: String,
}

pub(crate) fn now() -> i64 {
    chrono::Utc::now().timestamp()
}

impl State {
    pub fn new(bot: BotProfile) -> Self {
        Self {
            bot,
            next_update_id: 100_000,
            queue: Vec::new(),
            history: HashMap::new(),
            allowed_updates: None,
            poll_generation: 0,
            webhook_url: None,
            chats: HashMap::new(),
            files: HashMap::new(),
            photo_sets: HashMap::new(),
            next_file: 1,
            calls: Vec::new(),
            faults: HashMap::new(),
            validation_errors: Vec::new(),
            settings: HashMap::new(),
            token: None,
            callback_chats: HashMap::new(),
            next_callback: 1,
            send_limit: None,
            recent_sends: VecDeque::new(),
            rate_limited: 0,
            polls_waiting: 0,
            overlapping_polls: 0,
            abandoned_polls: 0,
        }
    }

    /// New updates get ids above `id` (a sandbox restarted on a database that has seen them).
    pub fn continue_update_ids_after(&mut self, id: i64) {
        self.next_update_id = self.next_update_id.max(id + 1);
    }

    /// Counts a message send against [`State::send_limit`]; `false` when it is over the limit
    /// (Telegram answers `429 retry_after`).
    pub fn take_send(&mut self) -> bool {
        let Some(limit) = self.send_limit else {
            return true;
        };
        let now = std::time::Instant::now();
        while self
            .recent_sends
            .front()
            .is_some_and(|t| now.duration_since(*t) >= std::time::Duration::from_secs(1))
        {
            self.recent_sends.pop_front();
        }
        if self.recent_sends.len() >= limit {
            self.rate_limited += 1;
            return false;
        }
        self.recent_sends.push_back(now);
        true
    }

    /// Queues `update` (without `update_id`) and returns its new id.
    pub fn push_update(&mut self, mut update: Value) -> i64 {
        let id = self.next_update_id;
        self.next_update_id += 1;
        update["update_id"] = json!(id);
        if let Some(query) = update.get("callback_query") {
            // The answer (toast) is shown to whoever pressed, in their private chat.
            let chat = query
                .pointer("/from/id")
                .or(query.pointer("/message/chat/id"));
            if let (Some(query_id), Some(chat)) =
                (query["id"].as_str(), chat.and_then(Value::as_i64))
            {
                self.callback_chats.insert(query_id.to_owned(), chat);
            }
        }
        self.history.insert(id, update.clone());
        self.queue.push(QueuedUpdate {
            id,
            update,
            redelivery: false,
        });
        id
    }

    /// Queues an already delivered update again with the same id. Returns false if unknown or
    /// still queued.
    pub fn resend(&mut self, id: i64) -> bool {
        let Some(update) = self.history.get(&id).cloned() else {
            return false;
        };
        if self.queue.iter().any(|queued| queued.id == id) {
            return false;
        }
        let at = self.queue.partition_point(|queued| queued.id < id);
        self.queue.insert(
            at,
            QueuedUpdate {
                id,
                update,
                redelivery: true,
            },
        );
        true
    }

    /// Removes up to `limit` queued updates, oldest first, and returns them: what Telegram does
    /// with an update once a webhook delivery of it succeeded.
    pub fn take(&mut self, limit: usize) -> Vec<Value> {
        let n = self.queue.len().min(limit);
        self.queue.drain(..n).map(|queued| queued.update).collect()
    }

    pub fn drop_pending_updates(&mut self) {
        self.queue.clear();
    }

    pub fn pending_updates(&self) -> usize {
        self.queue.len()
    }

    /// Applies getUpdates' `offset` (forgetting confirmed updates) and `allowed_updates`.
    /// Whether the update is still waiting for the bot's confirmation.
    pub fn is_queued(&self, id: i64) -> bool {
        self.queue.iter().any(|q| q.id == id)
    }

    /// A pushed update as it was queued (with its `update_id`).
    pub fn update_json(&self, id: i64) -> Option<Value> {
        self.history.get(&id).cloned()
    }

    pub fn confirm(&mut self, offset: i64, allowed_updates: Option<Vec<String>>) {
        if let Some(allowed) = allowed_updates {
            self.allowed_updates = (!allowed.is_empty()).then_some(allowed);
        }
        if offset > 0 {
            self.queue
                .retain(|queued| queued.id >= offset || queued.redelivery);
        } else if offset < 0 {
            let keep = usize::try_from(offset.unsigned_abs()).unwrap_or(usize::MAX);
            let drop = self.queue.len().saturating_sub(keep);
            self.queue.drain(..drop);
        }
        let allowed = self.allowed_updates.clone();
        self.queue.retain(|queued| {
            let kind = queued
                .update
                .as_object()
                .and_then(|o| o.keys().find(|k| *k != "update_id"));
            let kind = kind.map(String::as_str).unwrap_or("");
            match &allowed {
                Some(allowed) => allowed.iter().any(|a| a == kind),
                None => !OPT_IN_UPDATES.contains(&kind),
            }
        });
    }

    /// Up to `limit` queued updates, oldest first; they stay queued until confirmed.
    pub fn batch(&mut self, limit: usize) -> Vec<Value> {
        self.queue
            .iter_mut()
            .take(limit)
            .map(|queued| {
                queued.redelivery = false;
                queued.update.clone()
            })
            .collect()
    }

    /// The private chat with `user`, created on first contact; the profile is refreshed.
    pub fn chat_with(&mut self, user: &UserProfile) -> &mut ChatState {
        let chat = self.chats.entry(user.id).or_insert_with(|| ChatState {
            user: user.clone(),
            next_message_id: 1,
            messages: Vec::new(),
            events: Vec::new(),
            reply_keyboard: Vec::new(),
        });
        chat.user = user.clone();
        chat
    }

    /// The chat a `chat_id` parameter names: an id, or "@username" of a known user.
    pub fn resolve_chat(&self, chat_id: Option<&Value>) -> Result<i64, ApiError> {
        let id = match chat_id {
            Some(Value::Number(number)) => number.as_i64(),
            Some(Value::String(text)) => match text.strip_prefix('@') {
                Some(name) => self
                    .chats
                    .values()
                    .find(|chat| chat.user.username.as_deref() == Some(name))
                    .map(|chat| chat.user.id),
                None => text.parse().ok(),
            },
            _ => None,
        };
        id.filter(|id| self.chats.contains_key(id))
            .ok_or_else(ApiError::chat_not_found)
    }

    /// Stores a file and returns its new file_id.
    pub fn store_file(
        &mut self,
        bytes: Vec<u8>,
        dir: &str,
        file_name: Option<String>,
        mime_type: &str,
    ) -> String {
        let n = self.next_file;
        self.next_file += 1;
        let extension = file_name
            .as_deref()
            .and_then(|name| name.rsplit_once('.'))
            .map(|(_, ext)| ext.to_ascii_lowercase())
            .unwrap_or_else(|| {
                mime_type
                    .rsplit('/')
                    .next()
                    .unwrap_or("bin")
                    .replace("jpeg", "jpg")
            });
        let file_id = format!("emu-{dir}-{n}");
        let file = StoredFile {
            bytes,
            unique_id: format!("emu{n}"),
            path: format!("{dir}/file_{n}.{extension}"),
            file_name,
            mime_type: mime_type.to_owned(),
        };
        self.files.insert(file_id.clone(), file);
        file_id
    }

    /// Another id for a stored file (a second photo size of the same bytes).
    pub fn alias_file(&mut self, file_id: &str, suffix: &str) -> Option<String> {
        let file = self.files.get(file_id)?.clone();
        let alias = format!("{file_id}-{suffix}");
        self.files.insert(
            alias.clone(),
            StoredFile {
                unique_id: format!("{}{suffix}", file.unique_id),
                ..file
            },
        );
        Some(alias)
    }

    pub fn new_callback_id(&mut self) -> String {
        let n = self.next_callback;
        self.next_callback += 1;
        format!("{}", 4_000_000_000_000_000_000_u64 + n)
    }
}

impl ChatState {
    pub fn next_message_id(&mut self) -> i64 {
        let id = self.next_message_id;
        self.next_message_id += 1;
        id
    }

    pub fn message_mut(&mut self, message_id: i64) -> Option<&mut StoredMessage> {
        self.messages
            .iter_mut()
            .find(|m| m.sent.message_id == message_id)
    }

    pub fn message(&self, message_id: i64) -> Option<&StoredMessage> {
        self.messages
            .iter()
            .find(|m| m.sent.message_id == message_id)
    }
}
