//! Bot API objects as JSON (User, Chat, Message, PhotoSize, Document, File), shaped like the real
//! server's so that teloxide deserializes them; `objects_tests.rs` proves it with teloxide's own
//! types.

use serde_json::{Value, json};

use super::model::{BotProfile, UserProfile};
use super::state::{StoredFile, StoredMessage};

pub(crate) fn user(user: &UserProfile) -> Value {
    let mut value = json!({ "id": user.id, "is_bot": false, "first_name": user.first_name });
    if let Some(username) = &user.username {
        value["username"] = json!(username);
    }
    if let Some(language) = &user.language_code {
        value["language_code"] = json!(language);
    }
    value
}

pub(crate) fn bot_user(bot: &BotProfile) -> Value {
    json!({ "id": bot.id, "is_bot": true, "first_name": bot.first_name, "username": bot.username })
}

/// `getMe`: the bot's User plus the capability flags only getMe returns.
pub(crate) fn me(bot: &BotProfile) -> Value {
    let mut value = bot_user(bot);
    for (flag, on) in [
        ("can_join_groups", true),
        ("can_read_all_group_messages", false),
        ("supports_inline_queries", false),
        ("can_connect_to_business", false),
        ("has_main_web_app", false),
    ] {
        value[flag] = json!(on);
    }
    value
}

/// The private chat with `user` (its id is the user's id).
pub(crate) fn private_chat(user: &UserProfile) -> Value {
    let mut value = json!({ "id": user.id, "type": "private", "first_name": user.first_name });
    if let Some(username) = &user.username {
        value["username"] = json!(username);
    }
    value
}

/// The chat a message is in: the private chat with `user`, or a group when the id is negative
/// (as Telegram's group ids are); a group's "user" holds its title as `first_name`.
pub(crate) fn chat(user: &UserProfile) -> Value {
    if user.id < 0 {
        json!({ "id": user.id, "type": "group", "title": user.first_name })
    } else {
        private_chat(user)
    }
}

/// A message in the chat with `user` (see [`chat`]), sent by the bot, by the user, or in a
/// group by the member in `stored.sender`.
pub(crate) fn message(bot: &BotProfile, user: &UserProfile, stored: &StoredMessage) -> Value {
    let sent = &stored.sent;
    let from = if stored.from_bot {
        bot_user(bot)
    } else {
        self::user(stored.sender.as_ref().unwrap_or(user))
    };
    let mut value = json!({
        "message_id": sent.message_id,
        "from": from,
        "chat": chat(user),
        "date": stored.date,
    });
    if let Some(edit_date) = stored.edit_date {
        value["edit_date"] = json!(edit_date);
    }
    if let Some((key, media)) = &stored.media {
        value[*key] = media.clone();
    }
    let entities = (!stored.entities.is_empty()).then(|| json!(stored.entities));
    if let Some(text) = &sent.text {
        value["text"] = json!(text);
        if let Some(entities) = entities {
            value["entities"] = entities;
        }
    } else if let Some(caption) = &sent.caption {
        value["caption"] = json!(caption);
        if let Some(entities) = entities {
            value["caption_entities"] = entities;
        }
    }
    // Only inline keyboards are part of a message; reply keyboards belong to the chat.
    if let Some(markup) = sent
        .reply_markup
        .as_ref()
        .filter(|m| m.get("inline_keyboard").is_some())
    {
        value["reply_markup"] = markup.clone();
    }
    value
}

pub(crate) fn photo_size(file_id: &str, file: &StoredFile, width: u32, height: u32) -> Value {
    json!({
        "file_id": file_id,
        "file_unique_id": file.unique_id,
        "width": width,
        "height": height,
        "file_size": file.bytes.len(),
    })
}

pub(crate) fn document(file_id: &str, file: &StoredFile) -> Value {
    let mut value = json!({
        "file_id": file_id,
        "file_unique_id": file.unique_id,
        "mime_type": file.mime_type,
        "file_size": file.bytes.len(),
    });
    if let Some(name) = &file.file_name {
        value["file_name"] = json!(name);
    }
    value
}

/// `getFile`'s File.
pub(crate) fn file(file_id: &str, file: &StoredFile) -> Value {
    json!({
        "file_id": file_id,
        "file_unique_id": file.unique_id,
        "file_size": file.bytes.len(),
        "file_path": file.path,
    })
}

pub(crate) fn contact(user: &UserProfile, phone: &str) -> Value {
    json!({ "phone_number": phone, "first_name": user.first_name, "user_id": user.id })
}

pub(crate) fn callback_query(id: &str, user: &UserProfile, message: Value, data: &str) -> Value {
    json!({
        "id": id,
        "from": self::user(user),
        "message": message,
        "chat_instance": format!("{}", user.id.unsigned_abs().wrapping_mul(7_919)),
        "data": data,
    })
}

#[cfg(test)]
#[path = "objects_tests.rs"]
mod tests;
