//! The sandbox's web chat: a page that shows several Telegram-like chats side by side (an owner,
//! a cashier, customers), each one a persona talking to the real bot through the emulator.
//!
//! The page is plain HTML, CSS and JavaScript from `static/`, embedded in the binary. Everything
//! it does goes through the emulator's user side, exactly as a test would: typing becomes
//! [`Emulator::send_text`], a tap on an inline button [`Emulator::press_button`], an uploaded
//! picture [`Emulator::send_photo`]. Scanning a card shown in another pane decodes its QR code
//! here and opens the deep link as this persona (`/start <payload>`), as a phone camera does.
//!
//! Layout: `api` holds the chat actions, `events` the live stream of what the bot does, `view`
//! the JSON shapes the page draws, `files` downloads, `strings` the page's localized texts.
//!
//! [`Emulator::send_text`]: crate::sandbox::emulator::Emulator::send_text
//! [`Emulator::press_button`]: crate::sandbox::emulator::Emulator::press_button
//! [`Emulator::send_photo`]: crate::sandbox::emulator::Emulator::send_photo

use std::sync::{Arc, PoisonError, RwLock};

use axum::{
    Router,
    extract::{DefaultBodyLimit, Path},
    http::{StatusCode, header},
    response::{Html, IntoResponse, Response},
    routing::{get, post},
};

use super::emulator::{Emulator, UserProfile};

mod api;
mod error;
mod events;
mod files;
mod links;
mod strings;
mod view;

/// Who a persona plays; the page labels panes with it and offers Scan to cashiers.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Role {
    Owner,
    Cashier,
    Customer,
}

/// A Telegram user whose chat the page shows in a pane of its own.
#[derive(Clone, Debug)]
pub struct Persona {
    pub user: UserProfile,
    pub role: Role,
}

/// What the handlers share: the emulator and the personas (customers can be added from the page).
#[derive(Clone)]
pub struct WebState {
    pub emulator: Emulator,
    pub personas: Arc<RwLock<Vec<Persona>>>,
}

impl WebState {
    fn personas(&self) -> Vec<Persona> {
        self.personas
            .read()
            .unwrap_or_else(PoisonError::into_inner)
            .clone()
    }

    fn persona(&self, id: i64) -> Result<Persona, error::WebError> {
        let personas = self.personas.read().unwrap_or_else(PoisonError::into_inner);
        let persona = personas.iter().find(|p| p.user.id == id).cloned();
        persona.ok_or(error::WebError::UnknownPersona(id))
    }
}

/// Uploaded photos from a phone camera are a few MB; Telegram's own limit for photos is 10 MB.
const MAX_UPLOAD_BYTES: usize = 10 * 1024 * 1024;

/// The page, its assets and `/api/...`. Merge it with the emulator's router on one listener:
/// the emulator's routes all start with `/bot` or `/file/`.
pub fn router(state: WebState) -> Router {
    Router::new()
        .route(
            "/",
            get(|| async { Html(include_str!("static/index.html")) }),
        )
        .route("/static/{name}", get(asset))
        .route("/api/info", get(api::info))
        .route("/api/strings/{lang}", get(strings::strings))
        .route("/api/personas", get(api::personas).post(api::add_persona))
        .route("/api/events", get(events::all_chats))
        .route("/api/chats/{id}/events", get(events::one_chat))
        .route("/api/chats/{id}/transcript", get(api::transcript))
        .route("/api/chats/{id}/send", post(api::send))
        .route("/api/chats/{id}/press", post(api::press))
        .route("/api/chats/{id}/photo", post(api::photo))
        .route("/api/chats/{id}/scan", post(api::scan))
        .route("/api/chats/{id}/web_app", post(api::web_app))
        .route("/api/decode", post(api::decode))
        .route("/telegram-web-app.js", get(telegram_web_app_js))
        .route("/api/files/{file_id}", get(files::download))
        .layer(DefaultBodyLimit::max(MAX_UPLOAD_BYTES))
        .with_state(state)
}

/// The page's files, compiled into the binary: the sandbox needs nothing on disk.
const ASSETS: &[(&str, &str, &str)] = &[
    ("style.css", "text/css", include_str!("static/style.css")),
    ("app.js", "text/javascript", include_str!("static/app.js")),
    ("chat.js", "text/javascript", include_str!("static/chat.js")),
    (
        "composer.js",
        "text/javascript",
        include_str!("static/composer.js"),
    ),
    (
        "message.js",
        "text/javascript",
        include_str!("static/message.js"),
    ),
    ("html.js", "text/javascript", include_str!("static/html.js")),
    (
        "webapp.js",
        "text/javascript",
        include_str!("static/webapp.js"),
    ),
];

/// The stand-in for Telegram's `telegram-web-app.js` that the Mini App pages load in the
/// sandbox: `Telegram.WebApp` from the initData in the page's fragment, talking to this page
/// (its parent frame) with Telegram's own postMessage events, so the scanner, the main button
/// and popups are drawn here.
async fn telegram_web_app_js() -> Response {
    (
        [(header::CONTENT_TYPE, "text/javascript; charset=utf-8")],
        include_str!("static/telegram-web-app.js"),
    )
        .into_response()
}

async fn asset(Path(name): Path<String>) -> Response {
    match ASSETS.iter().find(|(file, _, _)| *file == name) {
        Some((_, mime, body)) => {
            let content_type = format!("{mime}; charset=utf-8");
            ([(header::CONTENT_TYPE, content_type)], *body).into_response()
        }
        None => StatusCode::NOT_FOUND.into_response(),
    }
}

#[cfg(test)]
mod tests;
