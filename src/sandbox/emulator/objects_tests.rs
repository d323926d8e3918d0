//! The emulator's JSON must deserialize into teloxide's types, or the bot under test would fail
//! where the real server works.

use serde_json::{Value, json};
use teloxide::types::{
    File, MaybeInaccessibleMessage, Me, MediaKind, Message, MessageKind, Update, UpdateKind,
};

use super::super::test_support::{alice, call, emulator, png};

/// Parses from text, as teloxide does (its Update parser needs borrowed keys).
fn parse<T: serde::de::DeserializeOwned>(value: Value) -> T {
    let text = value.to_string();
    serde_json::from_str(&text).unwrap_or_else(|error| panic!("{error}: {text}"))
}

fn media(message: &Message) -> &MediaKind {
    match &message.kind {
        MessageKind::Common(common) => &common.media_kind,
        other => panic!("not a common message: {other:?}"),
    }
}

async fn updates(emulator: &super::super::Emulator) -> Vec<Update> {
    let batch = call(emulator, "getUpdates", json!({}))
        .await
        .expect("getUpdates");
    parse(batch)
}

#[tokio::test]
async fn get_me_is_teloxides_me() {
    let me: Me = parse(call(&emulator(), "getMe", json!({})).await.expect("getMe"));
    assert!(me.is_bot);
    assert_eq!(me.username(), "loyalty_test_bot");
}

#[tokio::test]
async fn bot_messages_are_teloxide_messages() {
    let emulator = emulator();
    let markup = json!({"inline_keyboard": [[{"text": "Card", "callback_data": "card"}]]});
    let params =
        json!({"chat_id": 1001, "text": "<b>Hi</b>", "parse_mode": "HTML", "reply_markup": markup});
    let message: Message = parse(call(&emulator, "sendMessage", params).await.expect("sent"));
    assert_eq!(message.text(), Some("Hi"));
    assert!(message.chat.is_private());
    assert_eq!(message.from.as_ref().map(|u| u.is_bot), Some(true));
    assert!(message.reply_markup().is_some());
    assert_eq!(message.entities().map(<[_]>::len), Some(1));

    let edit = json!({"chat_id": 1001, "message_id": message.id.0, "text": "Bye"});
    let edited: Message = parse(
        call(&emulator, "editMessageText", edit)
            .await
            .expect("edited"),
    );
    assert!(edited.edit_date().is_some());
    assert!(
        edited.reply_markup().is_none(),
        "an edit without reply_markup drops the keyboard"
    );
}

#[tokio::test]
async fn users_updates_are_teloxide_updates() {
    let emulator = emulator();
    let alice = alice();
    let sent = emulator.messages(1001);
    assert!(sent.is_empty());
    emulator.send_text(&alice, "/start ref42");
    emulator.send_photo(&alice, png(200, 100), Some("my card"));
    emulator.send_contact(&alice, "+15550100");
    let bot_message = call(
        &emulator,
        "sendMessage",
        json!({
            "chat_id": 1001, "text": "Pick", "reply_markup": {"inline_keyboard": [[{"text": "A", "callback_data": "a"}]]}
        }),
    );
    bot_message.await.expect("sent");
    let pick = emulator.messages(1001).pop().expect("the bot's message");
    emulator.press_button(&alice, &pick, "a");

    let updates = updates(&emulator).await;
    assert_eq!(updates.len(), 4);
    let UpdateKind::Message(start) = &updates[0].kind else {
        panic!("{:?}", updates[0])
    };
    assert_eq!(start.text(), Some("/start ref42"));
    assert_eq!(
        start.from.as_ref().and_then(|u| u.language_code.as_deref()),
        Some("en")
    );
    assert_eq!(start.entities().map(|e| e[0].length), Some(6));
    let UpdateKind::Message(photo) = &updates[1].kind else {
        panic!("{:?}", updates[1])
    };
    let MediaKind::Photo(photo_kind) = media(photo) else {
        panic!("{photo:?}")
    };
    assert_eq!(
        photo_kind.photo.last().map(|p| (p.width, p.height)),
        Some((200, 100))
    );
    assert_eq!(
        photo_kind.photo.first().map(|p| (p.width, p.height)),
        Some((90, 45))
    );
    assert_eq!(photo.caption(), Some("my card"));
    let UpdateKind::Message(contact) = &updates[2].kind else {
        panic!("{:?}", updates[2])
    };
    assert!(
        matches!(media(contact), MediaKind::Contact(c) if c.contact.phone_number == "+15550100")
    );
    let UpdateKind::CallbackQuery(query) = &updates[3].kind else {
        panic!("{:?}", updates[3])
    };
    assert_eq!(query.data.as_deref(), Some("a"));
    let Some(MaybeInaccessibleMessage::Regular(pressed)) = &query.message else {
        panic!("{query:?}")
    };
    assert_eq!(i64::from(pressed.id.0), pick.message_id);
    assert!(emulator.validation_errors().is_empty());
}

#[tokio::test]
async fn photos_documents_and_files_are_teloxide_types() {
    let emulator = emulator();
    let mut raw = super::super::params::RawParams::default();
    raw.add_texts([
        ("chat_id".to_owned(), "1001".to_owned()),
        ("photo".to_owned(), "attach://p".to_owned()),
    ]);
    let upload = super::super::params::Upload {
        file_name: None,
        content_type: None,
        bytes: png(300, 300),
    };
    raw.uploads.insert("p".to_owned(), upload);
    let sent = super::super::routes::execute(&emulator, "T", "SendPhoto", Ok(raw)).await;
    let photo: Message = parse(sent.expect("photo sent"));
    let MediaKind::Photo(photo_kind) = media(&photo) else {
        panic!("{photo:?}")
    };
    let largest = photo_kind.photo.last().expect("sizes").file.id.0.clone();
    assert_eq!(emulator.file_bytes(&largest), Some(png(300, 300)));

    let again = call(
        &emulator,
        "sendPhoto",
        json!({"chat_id": 1001, "photo": largest}),
    )
    .await;
    let again: Message = parse(again.expect("re-sent by file_id"));
    assert!(
        matches!(media(&again), MediaKind::Photo(p) if p.photo.last().map(|s| &s.file.id.0) == Some(&largest))
    );

    let file: File = parse(
        call(&emulator, "getFile", json!({"file_id": largest}))
            .await
            .expect("getFile"),
    );
    assert!(file.path.starts_with("photos/"));
    assert_eq!(
        file.meta.size,
        u32::try_from(png(300, 300).len()).expect("small")
    );

    let sent_photo = emulator.messages(1001);
    assert_eq!(
        sent_photo[0].photo_file_id.as_deref(),
        Some(largest.as_str())
    );
    let document = call(
        &emulator,
        "sendDocument",
        json!({"chat_id": 1001, "document": largest, "caption": "c"}),
    )
    .await;
    let document: Message = parse(document.expect("document by id"));
    assert!(matches!(media(&document), MediaKind::Document(_)));
}
