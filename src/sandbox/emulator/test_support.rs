//! Helpers for the emulator's unit tests: profiles, calls through the full request pipeline
//! without HTTP, and a tiny PNG.

use std::io::Cursor;

use serde_json::{Value, json};

use super::error::ApiError;
use super::params::RawParams;
use super::{BotProfile, Emulator, UserProfile, routes};

pub(crate) fn bot_profile() -> BotProfile {
    BotProfile {
        id: 5_000_001,
        username: "loyalty_test_bot".to_owned(),
        first_name: "Loyalty".to_owned(),
    }
}

pub(crate) fn alice() -> UserProfile {
    UserProfile {
        id: 1001,
        first_name: "Alice".to_owned(),
        username: Some("alice".to_owned()),
        language_code: Some("en".to_owned()),
    }
}

/// An emulator that already knows Alice.
pub(crate) fn emulator() -> Emulator {
    let emulator = Emulator::new(bot_profile());
    emulator.add_user(&alice());
    emulator
}

/// Calls `method` with a JSON body.
pub(crate) async fn call(
    emulator: &Emulator,
    method: &str,
    params: Value,
) -> Result<Value, ApiError> {
    let mut raw = RawParams::default();
    if let Value::Object(object) = params {
        raw.add_json(object);
    }
    routes::execute(emulator, "TEST:TOKEN", method, Ok(raw)).await
}

/// Calls `method` with form fields (all strings).
pub(crate) async fn call_form(
    emulator: &Emulator,
    method: &str,
    pairs: &[(&str, &str)],
) -> Result<Value, ApiError> {
    let mut raw = RawParams::default();
    raw.add_texts(
        pairs
            .iter()
            .map(|(k, v)| ((*k).to_owned(), (*v).to_owned())),
    );
    routes::execute(emulator, "TEST:TOKEN", method, Ok(raw)).await
}

pub(crate) fn png(width: u32, height: u32) -> Vec<u8> {
    let image = image::RgbImage::from_pixel(width, height, image::Rgb([200, 10, 10]));
    let mut bytes = Cursor::new(Vec::new());
    image
        .write_to(&mut bytes, image::ImageFormat::Png)
        .expect("encode a PNG in memory");
    bytes.into_inner()
}

/// The description of an error result.
pub(crate) fn description(result: Result<Value, ApiError>) -> String {
    match result {
        Ok(value) => panic!("expected an error, got {value}"),
        Err(error) => error.description,
    }
}

/// Sends a message as the bot; returns its id.
pub(crate) async fn send(emulator: &Emulator, params: Value) -> i64 {
    let message = call(emulator, "sendMessage", params)
        .await
        .expect("sendMessage");
    message["message_id"].as_i64().expect("message_id")
}

/// A one-button inline keyboard.
pub(crate) fn inline(data: &str) -> Value {
    json!({"inline_keyboard": [[{"text": "Button", "callback_data": data}]]})
}
