//! The chat actions behind the page: who is there, what a chat shows, and what a persona does
//! (type, tap a button, send a picture, scan a card shown in another pane).

use std::sync::PoisonError;

use axum::{
    Json,
    body::Bytes,
    extract::{Path, State},
};
use serde::Deserialize;
use serde_json::{Value, json};

use super::error::WebError;
use super::view::{CommandView, MessageView, PersonaView, Transcript, WebAppButton, language_of};
use super::{Persona, Role, WebState, links};
use crate::domain::Language;
use crate::sandbox::emulator::UserProfile;

type ApiResult<T> = Result<Json<T>, WebError>;

/// The bot the chats talk to and the languages a new customer can speak.
pub async fn info(State(state): State<WebState>) -> Json<Value> {
    let bot = state.emulator.bot();
    let languages: Vec<Value> = Language::ALL
        .iter()
        .map(|&l| json!({ "code": l.code(), "name": crate::t!(l, "language-name") }))
        .collect();
    Json(json!({
        "bot": { "username": bot.username, "first_name": bot.first_name },
        "languages": languages,
    }))
}

pub async fn personas(State(state): State<WebState>) -> Json<Vec<PersonaView>> {
    Json(state.personas().iter().map(PersonaView::from).collect())
}

#[derive(Deserialize)]
pub struct NewPersona {
    name: String,
    language: String,
}

/// A new customer with the next free id; the emulator knows them at once (as after they found
/// the bot), and their pane opens with a Start button.
pub async fn add_persona(
    State(state): State<WebState>,
    Json(new): Json<NewPersona>,
) -> ApiResult<PersonaView> {
    let name = new.name.trim();
    if name.is_empty() || name.chars().count() > 64 {
        return Err(WebError::BadRequest("a name of 1 to 64 characters"));
    }
    let language =
        Language::from_code(&new.language).ok_or(WebError::BadRequest("language: en, ru or uk"))?;
    let mut personas = state
        .personas
        .write()
        .unwrap_or_else(PoisonError::into_inner);
    let id = personas.iter().map(|p| p.user.id).max().unwrap_or(100_000) + 1;
    let persona = Persona {
        user: UserProfile {
            id,
            first_name: name.to_owned(),
            username: None,
            language_code: Some(language.code().to_owned()),
        },
        role: Role::Customer,
    };
    state.emulator.add_user(&persona.user);
    personas.push(persona.clone());
    Ok(Json(PersonaView::from(&persona)))
}

pub async fn transcript(
    State(state): State<WebState>,
    Path(id): Path<i64>,
) -> ApiResult<Transcript> {
    let persona = state.persona(id)?;
    let emulator = &state.emulator;
    let language = language_of(&persona);
    let commands = emulator.commands_for(
        id,
        persona.user.language_code.as_deref().or(Some(&language)),
    );
    Ok(Json(Transcript {
        messages: emulator
            .transcript(id)
            .iter()
            .map(MessageView::from)
            .collect(),
        reply_keyboard: emulator.reply_keyboard(id),
        commands: commands
            .into_iter()
            .map(|(command, description)| CommandView {
                command,
                description,
            })
            .collect(),
        menu_button: emulator
            .menu_web_app(id)
            .map(|(text, url)| WebAppButton { text, url }),
    }))
}

#[derive(Deserialize)]
pub struct OpenWebApp {
    url: String,
}

/// The persona opens a Mini App (its menu button or a `web_app` button): the address to load,
/// with initData in the fragment as Telegram passes it, signed with the bot's token.
pub async fn web_app(
    State(state): State<WebState>,
    Path(id): Path<i64>,
    Json(body): Json<OpenWebApp>,
) -> ApiResult<Value> {
    let persona = state.persona(id)?;
    if !crate::sandbox::emulator::valid_web_app_url(&body.url) {
        return Err(WebError::BadRequest(
            "a Mini App URL (https, or http on this machine)",
        ));
    }
    let init_data = state
        .emulator
        .web_app_init_data(&persona.user)
        .ok_or(WebError::BadRequest("the bot has not started yet"))?;
    let theme = json!({
        "bg_color": "#ffffff", "text_color": "#111111", "hint_color": "#8a8a8e",
        "link_color": "#2678b6", "button_color": "#3390ec", "button_text_color": "#ffffff",
        "secondary_bg_color": "#f1f1f4",
    });
    let mut fragment = url::form_urlencoded::Serializer::new(String::new());
    fragment
        .append_pair("tgWebAppData", &init_data)
        .append_pair("tgWebAppVersion", "8.0")
        .append_pair("tgWebAppPlatform", "weba")
        .append_pair("tgWebAppThemeParams", &theme.to_string());
    let base = body.url.split('#').next().unwrap_or_default();
    Ok(Json(
        json!({ "src": format!("{base}#{}", fragment.finish()) }),
    ))
}

#[derive(Deserialize)]
pub struct Decode {
    file_id: String,
}

/// A Mini App's QR scanner pointed at a picture in another pane: the text of its QR code.
pub async fn decode(State(state): State<WebState>, Json(body): Json<Decode>) -> ApiResult<Value> {
    let bytes = state
        .emulator
        .file_bytes(&body.file_id)
        .ok_or_else(|| WebError::UnknownFile(body.file_id.clone()))?;
    let decoded = tokio::task::spawn_blocking(move || crate::qr::decode(&bytes)).await;
    let text = decoded.ok().flatten().ok_or(WebError::NoQr)?;
    Ok(Json(json!({ "text": text })))
}

#[derive(Deserialize)]
pub struct Text {
    text: String,
}

/// The persona types `text` and sends it (a reply-keyboard tap sends its label the same way).
pub async fn send(
    State(state): State<WebState>,
    Path(id): Path<i64>,
    Json(body): Json<Text>,
) -> ApiResult<Value> {
    let persona = state.persona(id)?;
    let text = body.text.trim();
    if text.is_empty() || text.chars().count() > 4096 {
        return Err(WebError::BadRequest("a text of 1 to 4096 characters"));
    }
    let update_id = state.emulator.send_text(&persona.user, text);
    Ok(Json(json!({ "update_id": update_id })))
}

#[derive(Deserialize)]
pub struct Press {
    message_id: i64,
    data: String,
}

/// The persona taps an inline button on one of the bot's messages.
pub async fn press(
    State(state): State<WebState>,
    Path(id): Path<i64>,
    Json(body): Json<Press>,
) -> ApiResult<Value> {
    let persona = state.persona(id)?;
    let messages = state.emulator.messages(id);
    let message = messages
        .iter()
        .find(|m| m.message_id == body.message_id)
        .ok_or(WebError::UnknownMessage(body.message_id))?;
    let update_id = state
        .emulator
        .press_button(&persona.user, message, &body.data);
    Ok(Json(json!({ "update_id": update_id })))
}

/// The persona sends a picture (the request body is the image file as it is).
pub async fn photo(
    State(state): State<WebState>,
    Path(id): Path<i64>,
    bytes: Bytes,
) -> ApiResult<Value> {
    let persona = state.persona(id)?;
    if bytes.is_empty() {
        return Err(WebError::BadRequest("an image in the request body"));
    }
    let update_id = state
        .emulator
        .send_photo(&persona.user, bytes.to_vec(), None);
    Ok(Json(json!({ "update_id": update_id })))
}

#[derive(Deserialize)]
pub struct Scan {
    file_id: String,
}

/// The persona points their phone camera at a picture shown in another pane: the QR code in it
/// is decoded and, being a deep link to the bot, opened, which sends `/start <payload>`.
pub async fn scan(
    State(state): State<WebState>,
    Path(id): Path<i64>,
    Json(body): Json<Scan>,
) -> ApiResult<Value> {
    let persona = state.persona(id)?;
    let bytes = state
        .emulator
        .file_bytes(&body.file_id)
        .ok_or_else(|| WebError::UnknownFile(body.file_id.clone()))?;
    // Decoding takes a moment of CPU: keep it off the threads serving other requests.
    let decoded = tokio::task::spawn_blocking(move || crate::qr::decode(&bytes)).await;
    let link = decoded.ok().flatten().ok_or(WebError::NoQr)?;
    let bot = state.emulator.bot().username;
    let payload = links::start_payload(&link, &bot).ok_or(WebError::NotBotLink(link))?;
    let update_id = state
        .emulator
        .send_text(&persona.user, &format!("/start {payload}"));
    Ok(Json(json!({ "update_id": update_id })))
}
