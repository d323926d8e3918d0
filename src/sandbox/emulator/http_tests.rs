//! Over real HTTP: a minimal HTTP/1.1 client for the protocol details, and teloxide itself for
//! the requests a bot actually makes (JSON bodies, multipart uploads, file downloads, errors).

use std::net::SocketAddr;
use std::time::Duration;

use serde_json::{Value, json};
use teloxide::RequestError;
use teloxide::net::Download;
use teloxide::prelude::*;
use teloxide::types::{
    BotCommand, InlineKeyboardButton, InlineKeyboardMarkup, InputFile, ParseMode,
};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};

use super::test_support::{alice, emulator, png};
use super::{Emulator, Fault};

async fn serve() -> (Emulator, SocketAddr) {
    let listener = TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind a local port");
    let address = listener.local_addr().expect("local address");
    let emulator = emulator();
    emulator.serve(listener).await;
    (emulator, address)
}

/// Sends one request and returns (status, body).
async fn http(
    address: SocketAddr,
    method: &str,
    path: &str,
    content_type: &str,
    body: &[u8],
) -> (u16, Vec<u8>) {
    let mut stream = TcpStream::connect(address).await.expect("connect");
    let head = format!(
        "{method} {path} HTTP/1.1\r\nHost: {address}\r\nContent-Type: {content_type}\r\n\
         Content-Length: {}\r\nConnection: close\r\n\r\n",
        body.len()
    );
    stream.write_all(head.as_bytes()).await.expect("write head");
    stream.write_all(body).await.expect("write body");
    let mut response = Vec::new();
    stream
        .read_to_end(&mut response)
        .await
        .expect("read response");
    let split = response
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .expect("end of headers");
    let head = String::from_utf8_lossy(&response[..split]).to_string();
    assert!(
        !head
            .to_ascii_lowercase()
            .contains("transfer-encoding: chunked"),
        "{head}"
    );
    let status = head
        .split(' ')
        .nth(1)
        .and_then(|code| code.parse().ok())
        .expect("status code");
    (status, response[split + 4..].to_vec())
}

fn json_of(body: &[u8]) -> Value {
    serde_json::from_slice(body).expect("a JSON body")
}

#[tokio::test]
async fn raw_http_follows_the_bot_api_conventions() {
    let (emulator, address) = serve().await;
    let body = br#"{"chat_id":1001,"text":"Hi"}"#;
    let (status, reply) = http(
        address,
        "POST",
        "/bot1:AA/SendMessage",
        "application/json",
        body,
    )
    .await;
    assert_eq!(status, 200);
    assert_eq!(json_of(&reply)["result"]["text"], "Hi");

    let (status, reply) = http(
        address,
        "POST",
        "/bot1:AA/sendSmoke",
        "application/json",
        b"{}",
    )
    .await;
    assert_eq!(status, 404);
    assert_eq!(
        json_of(&reply),
        json!({"ok": false, "error_code": 404, "description": "Not Found: method not found"})
    );

    let form = b"chat_id=1001&text=Fish+%26+chips&disable_notification=true";
    let (status, reply) = http(
        address,
        "POST",
        "/bot1:AA/sendMessage",
        "application/x-www-form-urlencoded",
        form,
    )
    .await;
    assert_eq!(status, 200, "{}", String::from_utf8_lossy(&reply));
    assert_eq!(json_of(&reply)["result"]["text"], "Fish & chips");

    let (status, reply) = http(
        address,
        "GET",
        "/bot1:AA/getUpdates?timeout=0&limit=5",
        "text/plain",
        b"",
    )
    .await;
    assert_eq!(
        (status, json_of(&reply)),
        (200, json!({"ok": true, "result": []}))
    );

    let (status, reply) = http(
        address,
        "POST",
        "/bot1:AA/sendMessage",
        "application/json",
        b"{\"chat_id\":",
    )
    .await;
    assert_eq!(status, 400);
    assert_eq!(json_of(&reply)["error_code"], 400);
    let (status, _) = http(address, "GET", "/token/getMe", "text/plain", b"").await;
    assert_eq!(status, 404);
    let (status, _) = http(
        address,
        "GET",
        "/file/bot1:AA/photos/none.jpg",
        "text/plain",
        b"",
    )
    .await;
    assert_eq!(status, 404);

    let calls = emulator.calls();
    assert_eq!(
        calls.iter().map(|c| c.method.as_str()).collect::<Vec<_>>()[..3],
        ["sendMessage", "sendSmoke", "sendMessage"]
    );
    assert_eq!(calls[0].token, "1:AA");
    assert_eq!(emulator.validation_errors().len(), 2);
}

#[tokio::test]
async fn teloxide_round_trip() {
    let (emulator, address) = serve().await;
    let api_url = format!("http://{address}/").parse().expect("a URL");
    let bot = Bot::new("123:TEST").set_api_url(api_url);
    let chat = ChatId(1001);

    assert_eq!(
        bot.get_me().await.expect("getMe").username(),
        "loyalty_test_bot"
    );
    emulator.send_text(&alice(), "/start");
    let updates = bot.get_updates().timeout(1).await.expect("getUpdates");
    assert_eq!(updates.len(), 1);

    let keyboard = InlineKeyboardMarkup::new([[InlineKeyboardButton::callback("Go", "go")]]);
    let text = bot
        .send_message(chat, "<b>Hi</b> &lt;b&gt;&amp;_*")
        .parse_mode(ParseMode::Html)
        .reply_markup(keyboard)
        .await
        .expect("sendMessage");
    assert_eq!(text.text(), Some("Hi <b>&_*"));

    let image = png(64, 48);
    let photo = bot
        .send_photo(chat, InputFile::memory(image.clone()))
        .caption("card")
        .await
        .expect("sendPhoto");
    let largest = photo.photo().and_then(<[_]>::last).expect("photo sizes");
    assert_eq!((largest.width, largest.height), (64, 48));
    let file = bot
        .get_file(largest.file.id.clone())
        .await
        .expect("getFile");
    let mut downloaded = Vec::new();
    bot.download_file(&file.path, &mut downloaded)
        .await
        .expect("download");
    assert_eq!(downloaded, image);

    let csv = InputFile::memory(b"a,b\n".to_vec()).file_name("report.csv");
    let document = bot.send_document(chat, csv).await.expect("sendDocument");
    let document = document.document().expect("a document");
    assert_eq!(document.file_name.as_deref(), Some("report.csv"));
    assert_eq!(
        document
            .mime_type
            .as_ref()
            .map(ToString::to_string)
            .as_deref(),
        Some("text/csv")
    );

    bot.edit_message_text(chat, text.id, "Bye")
        .await
        .expect("edit");
    let again = bot
        .edit_message_text(chat, text.id, "Bye")
        .await
        .expect_err("not modified");
    assert!(
        matches!(
            again,
            RequestError::Api(teloxide::ApiError::MessageNotModified)
        ),
        "{again:?}"
    );
    emulator.inject_fault("sendMessage", Fault::RetryAfter(2));
    let limited = bot.send_message(chat, "x").await.expect_err("429");
    assert!(
        matches!(limited, RequestError::RetryAfter(s) if s.duration() == Duration::from_secs(2)),
        "{limited:?}"
    );
    bot.set_my_commands([BotCommand::new("card", "Your card")])
        .await
        .expect("setMyCommands");

    let shown = emulator.messages(1001);
    assert_eq!(
        shown.iter().map(|m| m.body()).collect::<Vec<_>>(),
        ["Bye", "card", ""]
    );
    assert_eq!(shown[2].document_name.as_deref(), Some("report.csv"));
    assert_eq!(emulator.validation_errors(), Vec::<String>::new());
    let methods: Vec<_> = emulator.calls().into_iter().map(|c| c.method).collect();
    assert!(
        methods.contains(&"sendPhoto".to_owned()) && methods.contains(&"setMyCommands".to_owned())
    );
}
