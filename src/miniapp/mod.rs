//! The Telegram Mini App (issue #15): the customer's card and the cashier's till as web pages
//! inside Telegram, served on `LISTEN_ADDR` beside the POS API when `PUBLIC_URL` is set.
//!
//! How the pieces fit: the bot offers the pages through `web_app` buttons
//! ([`crate::telegram::miniapp`]); Telegram opens them with `initData`, the user's identity
//! signed with the bot's token. The pages ([`pages`], plain HTML/CSS/JS embedded in the
//! binary) call the JSON API below with `Authorization: tma <initData>`, which [`auth`]
//! validates ([`init_data`]) and turns into a role on every request. The handlers are as thin
//! as the chat's: [`me`] reads the customer's card, [`till`] calls the till's use cases
//! ([`crate::till`]) exactly as the chat does, so rules, anti-fraud and the ledger are shared.
//!
//! | path | who | what |
//! |---|---|---|
//! | `GET /app/`, `GET /app/till` | anyone | the pages |
//! | `GET /app/api/me` | a customer | card, balance, tier, stamps, coupons, history |
//! | `GET /app/api/card.png` | a customer | the card picture with its QR code |
//! | `POST /app/api/till/open` | staff | `{qr}` → the card screen |
//! | `POST /app/api/till/scan` | staff | a photo of the QR → the card screen |
//! | `POST /app/api/till/purchase` | staff | `{card, amount, request_id}` → the receipt |
//! | `POST /app/api/till/redeem` | staff | `{card, points, amount?, request_id}` → asked |
//! | `POST /app/api/till/undo` | staff | `{receipt}` → undone |

pub mod auth;
pub mod error;
pub mod init_data;
mod me;
mod pages;
mod till;
pub mod view;

use axum::{
    Router,
    extract::DefaultBodyLimit,
    routing::{get, post},
};
use teloxide::Bot;

use crate::telegram::AppRef;

/// What every Mini App handler shares.
#[derive(Clone)]
pub struct MiniState {
    pub app: AppRef,
    /// To tell customers in Telegram (receipts, undo).
    pub bot: Bot,
}

/// Photos of a QR code from a phone are a few MB.
const MAX_PHOTO_BYTES: usize = 10 * 1024 * 1024;

/// The pages and the API, merged into the `LISTEN_ADDR` server by [`crate::startup`]; empty
/// without `PUBLIC_URL` (nothing of the Mini App exists then).
pub fn router(app: AppRef, bot: Bot) -> Router {
    if app.config.public_url.is_none() {
        return Router::new();
    }
    let pages = pages::router(&app.config);
    let api = Router::new()
        .route("/app/api/me", get(me::me))
        .route("/app/api/card.png", get(me::card_png))
        .route("/app/api/till/open", post(till::open))
        .route(
            "/app/api/till/scan",
            post(till::scan_photo).layer(DefaultBodyLimit::max(MAX_PHOTO_BYTES)),
        )
        .route("/app/api/till/purchase", post(till::purchase))
        .route("/app/api/till/redeem", post(till::redeem))
        .route("/app/api/till/undo", post(till::undo))
        .with_state(MiniState { app, bot });
    pages.merge(api)
}
