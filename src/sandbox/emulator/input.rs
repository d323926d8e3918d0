//! The users' side: what a test (or the sandbox's web chat) makes users do. Each action becomes
//! an update in the queue, shaped like Telegram's, and returns its `update_id`.

use serde_json::{Value, json};

use super::Emulator;
use super::model::{SentMessage, UserProfile};
use super::objects;
use super::send::{image_info, store_photo};
use super::state::{State, StoredMessage, now};

impl Emulator {
    /// Makes the user known (as after they opened the bot) without sending anything, so the bot
    /// may message them.
    pub fn add_user(&self, user: &UserProfile) {
        self.lock().chat_with(user);
    }

    /// The user sends `text`; a leading `/command` gets its `bot_command` entity.
    pub fn send_text(&self, from: &UserProfile, text: &str) -> i64 {
        let message = user_message(from, Some(text.to_owned()), None);
        self.push_user_message(
            from,
            StoredMessage {
                entities: command_entity(text),
                ..message
            },
        )
    }

    /// `from` sends `text` in the group `group` (a chat with a negative id whose profile holds
    /// the group's title as `first_name`); a leading `/command` gets its entity.
    pub fn send_group_text(&self, group: &UserProfile, from: &UserProfile, text: &str) -> i64 {
        let mut message = user_message(group, Some(text.to_owned()), None);
        message.entities = command_entity(text);
        message.sender = Some(from.clone());
        self.push_user_message(group, message)
    }

    /// The user sends a photo. The bytes are stored as a file (the bot can getFile and download
    /// them); sizes come from the image header when the `image` crate recognizes it, else 0×0.
    /// A caption starting with `/command` gets its `bot_command` entity, as Telegram adds.
    pub fn send_photo(
        &self,
        from: &UserProfile,
        image_bytes: Vec<u8>,
        caption: Option<&str>,
    ) -> i64 {
        let (width, height, mime) = image_info(&image_bytes).unwrap_or((0, 0, "image/jpeg"));
        let mut state = self.lock();
        let sizes = store_photo(&mut state, image_bytes, width, height, mime);
        drop(state);
        let mut message = user_message(from, None, caption.map(str::to_owned));
        message.sent.photo_file_id = sizes
            .as_array()
            .and_then(|s| s.last())
            .and_then(|s| s["file_id"].as_str())
            .map(str::to_owned);
        message.media = Some(("photo", sizes));
        message.entities = caption.map(command_entity).unwrap_or_default();
        self.push_user_message(from, message)
    }

    /// The user sends a file as a document (a CSV, say), optionally with a caption; a caption
    /// that starts with a `/command` gets its entity, as in Telegram. The bot can getFile and
    /// download the bytes.
    pub fn send_document(
        &self,
        from: &UserProfile,
        bytes: Vec<u8>,
        file_name: &str,
        caption: Option<&str>,
    ) -> i64 {
        let mime = super::send::mime_from_name(file_name).unwrap_or("application/octet-stream");
        let mut state = self.lock();
        let file_id = state.store_file(bytes, "documents", Some(file_name.to_owned()), mime);
        let document = state
            .files
            .get(&file_id)
            .map(|file| objects::document(&file_id, file));
        drop(state);
        let mut message = user_message(from, None, caption.map(str::to_owned));
        message.entities = caption.map(command_entity).unwrap_or_default();
        message.sent.document_file_id = Some(file_id);
        message.sent.document_name = Some(file_name.to_owned());
        message.media = document.map(|d| ("document", d));
        self.push_user_message(from, message)
    }

    /// The user shares their own contact (as with a `request_contact` keyboard button).
    pub fn send_contact(&self, from: &UserProfile, phone: &str) -> i64 {
        let mut message = user_message(from, None, None);
        message.media = Some(("contact", objects::contact(from, phone)));
        self.push_user_message(from, message)
    }

    /// The user forwards someone else's contact card (`owner` is that person's user id).
    pub fn send_foreign_contact(&self, from: &UserProfile, phone: &str, owner: i64) -> i64 {
        let mut message = user_message(from, None, None);
        let mut contact = objects::contact(from, phone);
        contact["user_id"] = owner.into();
        message.media = Some(("contact", contact));
        self.push_user_message(from, message)
    }

    /// The user presses the inline button carrying `callback_data` on `message` as they saw it.
    ///
    /// The snapshot may be stale, as on a real phone: a quick double tap sends a second press
    /// from the old keyboard after the bot has already edited it. The callback query carries the
    /// message as it is now (or, if deleted, as an inaccessible message with `date: 0`).
    /// Pressing a button the snapshot does not have is a test mistake: it is still delivered,
    /// and recorded in `validation_errors`.
    pub fn press_button(
        &self,
        from: &UserProfile,
        message: &SentMessage,
        callback_data: &str,
    ) -> i64 {
        let on_snapshot = message
            .inline_buttons()
            .iter()
            .any(|(_, data)| data == callback_data);
        let mut state = self.lock();
        if !on_snapshot {
            let problem = format!(
                "press_button: message {} in chat {} has no button with callback_data {callback_data:?}",
                message.message_id, from.id
            );
            tracing::warn!("{problem}");
            state.validation_errors.push(problem);
        }
        let bot = state.bot.clone();
        let chat = state.chat_with(from);
        let user = chat.user.clone();
        let message_json = match chat.message(message.message_id) {
            Some(current) => objects::message(&bot, &user, current),
            None => json!({
                "message_id": message.message_id,
                "chat": objects::private_chat(&user),
                "date": 0,
            }),
        };
        let id = state.new_callback_id();
        let query = objects::callback_query(&id, &user, message_json, callback_data);
        let update_id = state.push_update(json!({ "callback_query": query }));
        drop(state);
        self.shared.updates.notify_waiters();
        update_id
    }

    /// Queues any update (without `update_id`) and returns the id it got.
    pub fn push_raw_update(&self, update_without_id: Value) -> i64 {
        let id = self.lock().push_update(update_without_id);
        self.shared.updates.notify_waiters();
        id
    }

    /// Queues an already delivered update again under the same id, as Telegram re-delivers an
    /// update whose confirmation it did not get. Does nothing if it is still queued.
    pub fn resend_update(&self, update_id: i64) {
        if self.lock().resend(update_id) {
            self.shared.updates.notify_waiters();
        } else {
            tracing::warn!(update_id, "resend_update: unknown or still queued update");
        }
    }

    fn push_user_message(&self, from: &UserProfile, mut message: StoredMessage) -> i64 {
        let mut state = self.lock();
        let id = append_message(&mut state, from, &mut message);
        drop(state);
        self.shared.updates.notify_waiters();
        id
    }
}

/// The `bot_command` entity of a leading `/command`, as Telegram marks it in texts and captions.
fn command_entity(text: &str) -> Vec<Value> {
    if !text.starts_with('/') {
        return Vec::new();
    }
    let command = text.split_whitespace().next().unwrap_or(text);
    let length: usize = command.chars().map(char::len_utf16).sum();
    vec![json!({ "type": "bot_command", "offset": 0, "length": length })]
}

fn user_message(
    from: &UserProfile,
    text: Option<String>,
    caption: Option<String>,
) -> StoredMessage {
    let sent = SentMessage {
        chat_id: from.id,
        message_id: 0,
        text,
        caption,
        parse_mode: None,
        raw: None,
        photo_file_id: None,
        document_file_id: None,
        document_name: None,
        reply_markup: None,
        edited: false,
    };
    StoredMessage {
        sent,
        from_bot: false,
        date: now(),
        edit_date: None,
        entities: Vec::new(),
        media: None,
        sender: None,
    }
}

/// Adds the user's message to their chat and queues the `message` update; returns its id.
fn append_message(state: &mut State, from: &UserProfile, message: &mut StoredMessage) -> i64 {
    let bot = state.bot.clone();
    let chat = state.chat_with(from);
    message.sent.message_id = chat.next_message_id();
    let json = objects::message(&bot, from, message);
    chat.messages.push(message.clone());
    state.push_update(json!({ "message": json }))
}
