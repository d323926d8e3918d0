//! The chat app's view: both sides of a conversation, command menus by scope and language,
//! stored files.

use serde_json::json;

use super::test_support::{alice, call, emulator, png, send};

#[tokio::test]
async fn transcript_has_both_sides_in_order() {
    let emulator = emulator();
    emulator.send_text(&alice(), "/start");
    send(
        &emulator,
        json!({"chat_id": 1001, "text": "<b>Hi</b>", "parse_mode": "HTML"}),
    )
    .await;
    emulator.send_photo(&alice(), png(4, 4), Some("me"));
    let transcript = emulator.transcript(1001);
    let sides: Vec<_> = transcript.iter().map(|e| e.from_bot).collect();
    assert_eq!(sides, [false, true, false]);
    assert_eq!(transcript[0].message.body(), "/start");
    assert_eq!(transcript[1].message.raw.as_deref(), Some("<b>Hi</b>"));
    let photo = transcript[2]
        .message
        .photo_file_id
        .as_deref()
        .expect("photo");
    let file = emulator.file(photo).expect("stored");
    assert_eq!(
        (file.mime_type.as_str(), file.bytes),
        ("image/png", png(4, 4))
    );
    assert_eq!(emulator.events_len(1001), 1);
    assert_eq!(emulator.events_len(4242), 0);
}

#[tokio::test]
async fn command_menu_follows_telegrams_scope_order() {
    let emulator = emulator();
    let set = |scope: serde_json::Value, language: &str, command: &str| {
        let mut params = json!({"commands": [{"command": command, "description": command}],
                                "scope": scope});
        if !language.is_empty() {
            params["language_code"] = json!(language);
        }
        call(&emulator, "setMyCommands", params)
    };
    let names = |language: Option<&str>| -> Vec<String> {
        let commands = emulator.commands_for(1001, language);
        commands.into_iter().map(|(c, _)| c).collect()
    };
    assert!(names(Some("en")).is_empty());
    set(json!({"type": "default"}), "", "default")
        .await
        .expect("set");
    set(json!({"type": "default"}), "ru", "default_ru")
        .await
        .expect("set");
    assert_eq!(names(Some("en")), ["default"]);
    assert_eq!(names(Some("ru-RU")), ["default_ru"]);
    set(json!({"type": "all_private_chats"}), "", "private")
        .await
        .expect("set");
    assert_eq!(names(Some("ru")), ["private"]);
    set(json!({"type": "chat", "chat_id": 1001}), "", "mine")
        .await
        .expect("set");
    set(json!({"type": "chat", "chat_id": 2002}), "", "other")
        .await
        .expect("set");
    assert_eq!(names(None), ["mine"]);
    set(
        json!({"type": "chat", "chat_id": "@alice"}),
        "en",
        "mine_en",
    )
    .await
    .expect("set");
    assert_eq!(names(Some("en")), ["mine_en"]);
    assert_eq!(names(Some("ru")), ["mine"]);
}
