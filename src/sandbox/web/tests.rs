//! The page's API over real HTTP, merged with the emulator's routes as the sandbox serves them.

use std::sync::{Arc, RwLock};

use serde_json::{Value, json};

use super::{Persona, Role, WebState, router, strings};
use crate::domain::Language;
use crate::sandbox::emulator::{BotProfile, Emulator, UserProfile};

fn user(id: i64, name: &str, language: &str) -> UserProfile {
    UserProfile {
        id,
        first_name: name.to_owned(),
        username: None,
        language_code: Some(language.to_owned()),
    }
}

/// The web routes and the Bot API on one port, with a cashier (1) and a customer (2).
async fn serve() -> (String, Emulator) {
    let emulator = Emulator::new(BotProfile {
        id: 42,
        username: "web_test_bot".to_owned(),
        first_name: "Web Test".to_owned(),
    });
    let personas = vec![
        Persona {
            user: user(1, "Kate", "en"),
            role: Role::Cashier,
        },
        Persona {
            user: user(2, "Борис", "ru"),
            role: Role::Customer,
        },
    ];
    for p in &personas {
        emulator.add_user(&p.user);
    }
    let state = WebState {
        emulator: emulator.clone(),
        personas: Arc::new(RwLock::new(personas)),
    };
    let app = emulator.router().merge(router(state));
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind");
    let url = format!("http://{}", listener.local_addr().expect("addr"));
    tokio::spawn(async move { axum::serve(listener, app).await });
    (url, emulator)
}

async fn get(url: &str) -> (u16, Value) {
    let response = reqwest::get(url).await.expect("GET");
    let status = response.status().as_u16();
    (status, response.json().await.unwrap_or(Value::Null))
}

async fn post(url: &str, body: Value) -> (u16, Value) {
    let client = reqwest::Client::new();
    let response = client.post(url).json(&body).send().await.expect("POST");
    let status = response.status().as_u16();
    (status, response.json().await.unwrap_or(Value::Null))
}

#[tokio::test]
async fn personas_chats_and_the_bot_api_share_one_port() {
    let (url, emulator) = serve().await;
    let (_, personas) = get(&format!("{url}/api/personas")).await;
    assert_eq!(personas[1]["name"], "Борис");
    assert_eq!(personas[1]["language"], "ru");
    assert_eq!(personas[0]["role"], "cashier");
    let (status, added) = post(
        &format!("{url}/api/personas"),
        json!({"name": "Mia", "language": "uk"}),
    )
    .await;
    assert_eq!((status, added["id"].as_i64()), (200, Some(3)));

    let (status, _) = post(&format!("{url}/api/chats/3/send"), json!({"text": "hi"})).await;
    assert_eq!(status, 200);
    let (_, transcript) = get(&format!("{url}/api/chats/3/transcript")).await;
    assert_eq!(transcript["messages"][0]["text"], "hi");
    assert_eq!(transcript["messages"][0]["from_bot"], false);
    let (status, _) = post(&format!("{url}/api/chats/99/send"), json!({"text": "x"})).await;
    assert_eq!(status, 404);

    // The bot's side still answers on the same port.
    let (_, me) = get(&format!("{url}/botTOKEN/getMe")).await;
    assert_eq!(me["result"]["username"], "web_test_bot");
    assert_eq!(emulator.transcript(3).len(), 1);
}

#[tokio::test]
async fn scanning_a_card_in_another_pane_opens_its_deep_link() {
    let (url, emulator) = serve().await;
    let card =
        crate::qr::render_card("https://t.me/web_test_bot?start=c_abc", "1234").expect("card PNG");
    emulator.send_photo(&user(2, "Борис", "ru"), card, None);
    let file_id = emulator.transcript(2)[0]
        .message
        .photo_file_id
        .clone()
        .expect("photo");

    let (status, _) = post(
        &format!("{url}/api/chats/1/scan"),
        json!({ "file_id": file_id }),
    )
    .await;
    assert_eq!(status, 200);
    assert_eq!(emulator.transcript(1)[0].message.body(), "/start c_abc");

    let image = reqwest::get(format!("{url}/api/files/{file_id}"))
        .await
        .expect("file");
    assert_eq!(image.headers()["content-type"], "image/png");

    let other = crate::qr::render_card("https://example.com/", "1").expect("PNG");
    emulator.send_photo(&user(2, "Борис", "ru"), other, None);
    let other_id = emulator.transcript(2)[1].message.photo_file_id.clone();
    let (status, error) = post(
        &format!("{url}/api/chats/1/scan"),
        json!({ "file_id": other_id }),
    )
    .await;
    assert_eq!((status, &error["error"]), (422, &json!("not-a-bot-link")));
}

#[tokio::test]
async fn every_page_string_exists_in_every_language() {
    for language in Language::ALL {
        for (key, text) in strings::all(language) {
            assert_ne!(key, text, "{language}: {key} is missing");
            assert!(!text.contains(['<', '>', '&']), "{language}: {key}");
        }
    }
    let (url, _) = serve().await;
    let (_, ru) = get(&format!("{url}/api/strings/ru")).await;
    assert_eq!(ru["sandbox-scan"], "Сканировать");
    let page = reqwest::get(format!("{url}/")).await.expect("page");
    assert!(page.text().await.expect("html").contains("app.js"));
}

#[tokio::test]
async fn documents_download_under_their_own_name() {
    let (url, _) = serve().await;
    let csv = reqwest::multipart::Part::bytes(b"date,points\n2026-11-23,62\n".to_vec())
        .file_name("операции.csv");
    let form = reqwest::multipart::Form::new()
        .text("chat_id", "2")
        .part("document", csv);
    let client = reqwest::Client::new();
    let sent = client
        .post(format!("{url}/botTOKEN/sendDocument"))
        .multipart(form)
        .send()
        .await
        .expect("sendDocument");
    assert!(sent.status().is_success());

    let (_, transcript) = get(&format!("{url}/api/chats/2/transcript")).await;
    let document = &transcript["messages"][0]["document"];
    assert_eq!(document["name"], "операции.csv");
    let file_id = document["file_id"].as_str().expect("file id");
    let download = reqwest::get(format!("{url}/api/files/{file_id}?download=true"))
        .await
        .expect("download");
    let disposition = download.headers()["content-disposition"]
        .to_str()
        .expect("ASCII header")
        .to_owned();
    assert!(
        disposition.starts_with("attachment; filename=\"________.csv\"; filename*=UTF-8''%D0%BE"),
        "{disposition}"
    );
    assert_eq!(
        download.bytes().await.expect("body").as_ref(),
        b"date,points\n2026-11-23,62\n"
    );
}
