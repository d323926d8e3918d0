use std::collections::BTreeMap;

use serde_json::{Value, json};

use super::super::params::{Raw, RawParams, Upload};
use super::super::test_support::{call, call_form, description, emulator};
use super::spec;

const UPSTREAM: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../shared/telegram-bot-api/api.json"
);

/// (name, types, required) of every field, per method or type.
fn fields_of(items: &Value) -> BTreeMap<String, Vec<(String, Value, bool)>> {
    let items = items.as_object().expect("an object of methods or types");
    items
        .iter()
        .map(|(name, item)| {
            let fields = item["fields"].as_array().into_iter().flatten();
            let fields = fields
                .map(|f| {
                    (
                        f["name"].as_str().unwrap_or("").to_owned(),
                        f["types"].clone(),
                        f["required"] == json!(true),
                    )
                })
                .collect();
            (name.clone(), fields)
        })
        .collect()
}

#[test]
fn vendored_spec_agrees_with_the_shared_copy() {
    let Ok(upstream) = std::fs::read_to_string(UPSTREAM) else {
        return; // the shared copy is not on this machine
    };
    let upstream: Value = serde_json::from_str(&upstream).expect("upstream api.json parses");
    let vendored: Value = serde_json::from_str(super::SPEC_JSON).expect("spec/botapi.json parses");
    assert_eq!(vendored["version"], upstream["version"]);
    assert_eq!(
        fields_of(&vendored["methods"]),
        fields_of(&upstream["methods"])
    );
    assert_eq!(fields_of(&vendored["types"]), fields_of(&upstream["types"]));
    for (name, ty) in upstream["types"].as_object().into_iter().flatten() {
        assert_eq!(
            vendored["types"][name]["subtypes"], ty["subtypes"],
            "subtypes of {name}"
        );
    }
}

#[test]
fn methods_match_case_insensitively_to_the_spec_spelling() {
    assert_eq!(spec().canonical_method("SendMessage"), Some("sendMessage"));
    assert_eq!(spec().canonical_method("GETUPDATES"), Some("getUpdates"));
    assert_eq!(spec().canonical_method("sendMessages"), None);
}

#[tokio::test]
async fn unknown_method_is_404_and_recorded() {
    let emulator = emulator();
    let error = call(&emulator, "sendTelepathy", json!({}))
        .await
        .expect_err("unknown method");
    assert_eq!(error.code, 404);
    assert_eq!(
        error.body(),
        json!({"ok": false, "error_code": 404, "description": "Not Found: method not found"})
    );
    assert_eq!(
        emulator.validation_errors(),
        ["sendTelepathy: Not Found: method not found"]
    );
}

#[tokio::test]
async fn missing_required_fields_are_400_in_the_servers_words() {
    let emulator = emulator();
    let no_text = call(&emulator, "SendMessage", json!({"chat_id": 1001})).await;
    assert_eq!(description(no_text), "Bad Request: message text is empty");
    let no_chat = call(&emulator, "sendMessage", json!({"text": "hi"})).await;
    assert_eq!(description(no_chat), "Bad Request: chat_id is empty");
    let no_query = call(&emulator, "answerCallbackQuery", json!({})).await;
    assert_eq!(
        description(no_query),
        "Bad Request: parameter \"callback_query_id\" is required"
    );
    assert_eq!(emulator.validation_errors().len(), 3);
    assert_eq!(emulator.calls()[0].method, "sendMessage");
}

#[tokio::test]
async fn wrongly_typed_fields_are_400() {
    let emulator = emulator();
    let error = call(
        &emulator,
        "sendMessage",
        json!({"chat_id": true, "text": "hi"}),
    )
    .await;
    assert_eq!(
        description(error),
        "Bad Request: field \"chat_id\" must be of type Integer or String"
    );
    let markup = json!({"inline_keyboard": [[{"text": 5, "callback_data": "x"}]]});
    let error = call(
        &emulator,
        "sendMessage",
        json!({"chat_id": 1001, "text": "hi", "reply_markup": markup}),
    )
    .await;
    assert_eq!(
        description(error),
        "Bad Request: can't parse reply_markup: field \"reply_markup.inline_keyboard[0][0].text\" must be of type String"
    );
    let error = call(&emulator, "getUpdates", json!({"offset": "7"})).await;
    assert_eq!(
        description(error),
        "Bad Request: field \"offset\" must be of type Integer"
    );
}

#[tokio::test]
async fn unions_are_checked_against_the_member_their_discriminator_names() {
    let emulator = emulator();
    let commands = json!([{"command": "start", "description": "Start"}]);
    let ok = call(
        &emulator,
        "setMyCommands",
        json!({"commands": commands, "scope": {"type": "chat", "chat_id": 1001}}),
    );
    assert_eq!(ok.await.expect("valid scope"), json!(true));
    let error = call(
        &emulator,
        "setMyCommands",
        json!({"commands": commands, "scope": {"type": "chat"}}),
    )
    .await;
    assert_eq!(
        description(error),
        "Bad Request: can't parse scope: field \"scope.chat_id\" is required"
    );
    let error = call(
        &emulator,
        "setMyCommands",
        json!({"commands": commands, "scope": {"type": "everyone"}}),
    )
    .await;
    assert!(
        description(error)
            .starts_with("Bad Request: field \"scope\" must be of type BotCommandScopeDefault or")
    );
}

#[tokio::test]
async fn form_values_are_read_as_their_declared_types() {
    let emulator = emulator();
    let markup = r#"{"inline_keyboard":[[{"text":"Go","callback_data":"go"}]]}"#;
    let fields = [
        ("chat_id", "1001"),
        ("text", "hi"),
        ("disable_notification", "true"),
        ("reply_markup", markup),
    ];
    call_form(&emulator, "sendMessage", &fields)
        .await
        .expect("valid form");
    let params = &emulator.calls()[0].params;
    assert_eq!(params["chat_id"], json!(1001));
    assert_eq!(params["disable_notification"], json!(true));
    assert_eq!(
        params["reply_markup"]["inline_keyboard"][0][0]["text"],
        "Go"
    );
    let error = call_form(&emulator, "getUpdates", &[("limit", "ten")]).await;
    assert_eq!(
        description(error),
        "Bad Request: field \"limit\" must be of type Integer"
    );
}

#[tokio::test]
async fn unknown_extra_fields_pass() {
    let emulator = emulator();
    let result = call(
        &emulator,
        "sendMessage",
        json!({"chat_id": 1001, "text": "hi", "colour": "teal"}),
    )
    .await;
    assert!(result.is_ok());
    assert!(emulator.validation_errors().is_empty());
}

#[test]
fn input_files_are_uploads_or_strings() {
    let upload = Upload {
        file_name: Some("a.png".to_owned()),
        content_type: None,
        bytes: vec![1],
    };
    let mut params = RawParams::default();
    params
        .fields
        .insert("chat_id".to_owned(), Raw::Text("1".to_owned()));
    params.uploads.insert("photo".to_owned(), upload.clone());
    let typed = spec()
        .validate("sendPhoto", &params)
        .expect("a part named after the field");
    assert_eq!(typed["photo"], "attach://photo");

    let mut params = RawParams::default();
    params
        .fields
        .insert("chat_id".to_owned(), Raw::Text("1".to_owned()));
    params
        .fields
        .insert("document".to_owned(), Raw::Text("attach://f1".to_owned()));
    params.uploads.insert("f1".to_owned(), upload);
    let typed = spec()
        .validate("sendDocument", &params)
        .expect("attach:// to a part");
    assert_eq!(typed["document"], "attach://f1");

    let mut params = RawParams::default();
    params
        .fields
        .insert("user_id".to_owned(), Raw::Text("1".to_owned()));
    params.fields.insert(
        "sticker".to_owned(),
        Raw::Text("attach://missing".to_owned()),
    );
    params
        .fields
        .insert("sticker_format".to_owned(), Raw::Text("static".to_owned()));
    let error = spec()
        .validate("uploadStickerFile", &params)
        .expect_err("no such part");
    assert_eq!(
        error.description,
        "Bad Request: field \"sticker\" must be of type InputFile"
    );
}
