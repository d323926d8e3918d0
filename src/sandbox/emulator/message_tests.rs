//! Sending, editing and deleting through the full pipeline (without HTTP): the server's rules
//! and limits, and what the emulator remembers.

use serde_json::json;

use super::test_support::{alice, call, description, emulator, inline, send};

#[tokio::test]
async fn edits_follow_the_real_servers_rules() {
    let emulator = emulator();
    let id = send(&emulator, json!({"chat_id": 1001, "text": "<b>Balance</b>", "parse_mode": "HTML", "reply_markup": inline("r")})).await;
    let same = json!({"chat_id": 1001, "message_id": id, "text": "<strong>Balance</strong>", "parse_mode": "HTML", "reply_markup": inline("r")});
    assert!(
        description(call(&emulator, "editMessageText", same).await)
            .starts_with("Bad Request: message is not modified: ")
    );
    let missing = json!({"chat_id": 1001, "message_id": 999, "text": "x"});
    assert_eq!(
        description(call(&emulator, "editMessageText", missing).await),
        "Bad Request: message to edit not found"
    );
    let caption = json!({"chat_id": 1001, "message_id": id, "caption": "x"});
    assert_eq!(
        description(call(&emulator, "editMessageCaption", caption).await),
        "Bad Request: there is no caption in the message to edit"
    );

    let markup = json!({"chat_id": 1001, "message_id": id, "reply_markup": inline("s")});
    let edited = call(&emulator, "editMessageReplyMarkup", markup.clone())
        .await
        .expect("new keyboard");
    assert_eq!(edited["reply_markup"], inline("s"));
    assert!(
        description(call(&emulator, "editMessageReplyMarkup", markup).await)
            .contains("not modified")
    );
    let messages = emulator.messages(1001);
    assert_eq!(messages.len(), 1);
    assert!(messages[0].edited);
    assert_eq!(messages[0].body(), "Balance");
    assert_eq!(
        messages[0].inline_buttons(),
        [("Button".to_owned(), "s".to_owned())]
    );

    emulator.send_text(&alice(), "hello");
    let users = json!({"chat_id": 1001, "message_id": id + 1, "text": "x"});
    assert_eq!(
        description(call(&emulator, "editMessageText", users).await),
        "Bad Request: message can't be edited"
    );
    let inline_message = json!({"inline_message_id": "abc", "text": "x"});
    assert_eq!(
        call(&emulator, "editMessageText", inline_message)
            .await
            .expect("inline"),
        json!(true)
    );

    let delete = json!({"chat_id": 1001, "message_id": id});
    assert_eq!(
        call(&emulator, "deleteMessage", delete.clone())
            .await
            .expect("deleted"),
        json!(true)
    );
    assert_eq!(
        description(call(&emulator, "deleteMessage", delete).await),
        "Bad Request: message to delete not found"
    );
    assert!(emulator.messages(1001).is_empty());
    assert!(
        emulator.validation_errors().is_empty(),
        "runtime refusals are not validation errors"
    );
}

#[tokio::test]
async fn limits_are_400_and_recorded() {
    let emulator = emulator();
    let long_data = "x".repeat(65);
    let cases = [
        (
            json!({"chat_id": 1001, "text": "hi", "reply_markup": inline(&long_data)}),
            "Bad Request: BUTTON_DATA_INVALID",
        ),
        (
            json!({"chat_id": 1001, "text": "é".repeat(4097)}),
            "Bad Request: message is too long",
        ),
        (
            json!({"chat_id": 1001, "text": "  "}),
            "Bad Request: message text is empty",
        ),
        (
            json!({"chat_id": 1001, "text": "Hi <b>&_*", "parse_mode": "HTML"}),
            "Bad Request: can't parse entities: unescaped \"&\" at byte offset 6, use &amp;",
        ),
        (
            json!({"chat_id": 1001, "text": "x", "parse_mode": "LaTeX"}),
            "Bad Request: unsupported parse_mode",
        ),
        (
            json!({"chat_id": 1001, "text": "x", "reply_markup": {"inline_keyboard": [[{"text": "", "callback_data": "a"}]]}}),
            "Bad Request: BUTTON_TEXT_INVALID",
        ),
        (
            json!({"chat_id": -1002, "text": "x", "reply_markup": {"inline_keyboard": [[{"text": "Open", "web_app": {"url": "https://example.com/app"}}]]}}),
            "Bad Request: BUTTON_TYPE_INVALID",
        ),
    ];
    for (params, expected) in &cases {
        assert_eq!(
            description(call(&emulator, "sendMessage", params.clone()).await),
            *expected
        );
    }
    assert!(
        send(
            &emulator,
            json!({"chat_id": 1001, "text": "é".repeat(4096)})
        )
        .await
            > 0
    );
    let caption = json!({"chat_id": 1001, "photo": "nope", "caption": "c".repeat(1025)});
    assert_eq!(
        description(call(&emulator, "sendPhoto", caption).await),
        "Bad Request: message caption is too long"
    );
    let commands = json!({"commands": [{"command": "Start", "description": "Start"}]});
    assert_eq!(
        description(call(&emulator, "setMyCommands", commands).await),
        "Bad Request: BOT_COMMAND_INVALID"
    );
    let errors = emulator.validation_errors();
    assert_eq!(errors.len(), cases.len() + 2);
    assert_eq!(errors[0], "sendMessage: Bad Request: BUTTON_DATA_INVALID");
    let unknown_chat = json!({"chat_id": 77, "text": "hi"});
    assert_eq!(
        description(call(&emulator, "sendMessage", unknown_chat).await),
        "Bad Request: chat not found"
    );
}

#[tokio::test]
async fn reply_keyboards_and_commands_are_remembered() {
    let emulator = emulator();
    let keyboard = json!({"keyboard": [[{"text": "Card"}, {"text": "Balance"}], [{"text": "Help"}]], "resize_keyboard": true});
    send(
        &emulator,
        json!({"chat_id": 1001, "text": "Menu", "reply_markup": keyboard}),
    )
    .await;
    assert_eq!(
        emulator.reply_keyboard(1001),
        [vec!["Card", "Balance"], vec!["Help"]]
    );
    assert_eq!(
        emulator.messages(1001)[0].reply_keyboard(),
        ["Card", "Balance", "Help"]
    );
    send(&emulator, json!({"chat_id": 1001, "text": "Plain"})).await;
    assert_eq!(
        emulator.reply_keyboard(1001).len(),
        2,
        "a message without markup keeps the keyboard"
    );
    send(
        &emulator,
        json!({"chat_id": 1001, "text": "Bye", "reply_markup": {"remove_keyboard": true}}),
    )
    .await;
    assert!(emulator.reply_keyboard(1001).is_empty());

    let commands = json!([{"command": "card", "description": "Your card"}]);
    let ru =
        json!({"commands": [{"command": "card", "description": "Карта"}], "language_code": "ru"});
    call(&emulator, "setMyCommands", json!({"commands": commands}))
        .await
        .expect("set");
    call(&emulator, "setMyCommands", ru).await.expect("set ru");
    assert_eq!(
        call(&emulator, "getMyCommands", json!({}))
            .await
            .expect("get"),
        commands
    );
    let ru = call(&emulator, "getMyCommands", json!({"language_code": "ru"}))
        .await
        .expect("get ru");
    assert_eq!(ru[0]["description"], "Карта");
    call(&emulator, "deleteMyCommands", json!({}))
        .await
        .expect("delete");
    assert_eq!(
        call(&emulator, "getMyCommands", json!({}))
            .await
            .expect("get"),
        json!([])
    );
    assert_eq!(
        call(
            &emulator,
            "sendChatAction",
            json!({"chat_id": 1001, "action": "typing"})
        )
        .await
        .expect("action"),
        json!(true)
    );
}

#[tokio::test]
async fn an_empty_inline_keyboard_is_no_keyboard() {
    let emulator = emulator();
    let id = send(
        &emulator,
        json!({"chat_id": 1001, "text": "Done", "reply_markup": inline("x")}),
    )
    .await;
    let clear = json!({"chat_id": 1001, "message_id": id, "reply_markup": {"inline_keyboard": []}});
    let edited = call(&emulator, "editMessageReplyMarkup", clear.clone())
        .await
        .expect("cleared");
    assert!(edited.get("reply_markup").is_none());
    assert_eq!(emulator.messages(1001)[0].reply_markup, None);
    assert!(
        description(call(&emulator, "editMessageReplyMarkup", clear).await)
            .contains("not modified")
    );
}
