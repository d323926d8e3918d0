//! The POS API: a small REST API on `LISTEN_ADDR` for shops whose till system posts purchases
//! itself (issue #16). Owners create keys with `/apikey` in the bot ([`keys`]); every request
//! carries one ([`auth`]), is rate-limited per key ([`rate`]), and every POST carries an
//! `Idempotency-Key` ([`idempotency`]).
//!
//! The handlers are as thin as the Telegram ones: parse the JSON into domain values, call the
//! same use cases as the till ([`crate::till`]: rules, anti-fraud and ledger are shared), and
//! tell the customer in Telegram through the same functions the till uses. A redemption asked
//! for by a POS is confirmed by the customer in their chat exactly as at the till; the POS
//! polls `GET /api/v1/redemptions/{id}` (or listens for the webhook, see
//! [`crate::hooks_out`]).
//!
//! `GET /api/openapi.json` is generated from the handlers' `#[utoipa::path]` attributes and
//! the request and response types, so the document cannot drift from the routes.

pub mod auth;
mod cards;
pub mod error;
pub mod idempotency;
pub mod keys;
mod purchases;
pub mod rate;
mod redemptions;
mod respond;

use std::sync::Arc;

use axum::{Json, Router, routing::get};
use teloxide::Bot;
use utoipa::{
    Modify, OpenApi,
    openapi::security::{HttpAuthScheme, HttpBuilder, SecurityScheme},
};
use utoipa_axum::{router::OpenApiRouter, routes};

use crate::telegram::AppRef;

/// What every API handler shares.
#[derive(Clone)]
pub struct ApiState {
    pub app: AppRef,
    /// To tell the customer in Telegram (receipts, redemption requests).
    pub bot: Bot,
    pub limiter: Arc<rate::RateLimiter>,
}

#[derive(OpenApi)]
#[openapi(
    info(
        title = "loyalty-bot POS API",
        description = "Post purchases, refunds and redemptions from a till system. Every request \
                       needs `Authorization: Bearer <key>` (owners create keys with /apikey in \
                       the bot); every POST needs an `Idempotency-Key` header. Amounts are \
                       decimal strings. Errors are `{\"error\": {\"code\", \"message\"}}`."
    ),
    components(schemas(error::ErrorBody)),
    modifiers(&BearerKey)
)]
struct ApiDoc;

struct BearerKey;

impl Modify for BearerKey {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        let components = openapi.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            "api_key",
            SecurityScheme::Http(HttpBuilder::new().scheme(HttpAuthScheme::Bearer).build()),
        );
    }
}

/// The API's routes and its OpenAPI document.
fn routes(state: ApiState) -> (Router, utoipa::openapi::OpenApi) {
    OpenApiRouter::with_openapi(ApiDoc::openapi())
        .routes(routes!(cards::get_card))
        .routes(routes!(purchases::create))
        .routes(routes!(purchases::refund))
        .routes(routes!(redemptions::create))
        .routes(routes!(redemptions::get_status))
        .with_state(state)
        .split_for_parts()
}

/// The OpenAPI document alone (for tests and tools).
pub fn openapi(state: ApiState) -> utoipa::openapi::OpenApi {
    routes(state).1
}

/// The router merged into the `LISTEN_ADDR` server by [`crate::startup`].
pub fn router(app: AppRef, bot: Bot) -> Router {
    let limiter = Arc::new(rate::RateLimiter::new(app.config.api_rate_limit));
    let (router, doc) = routes(ApiState { app, bot, limiter });
    let doc = Arc::new(doc);
    router.route(
        "/api/openapi.json",
        get(move || {
            let doc = doc.clone();
            async move { Json(doc.as_ref().clone()) }
        }),
    )
}
