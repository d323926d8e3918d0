//! The Mini App's pages: plain HTML, CSS and JavaScript compiled into the binary (no build
//! step). Each page loads Telegram's `telegram-web-app.js` first, as Telegram requires, and
//! carries its texts in the three languages; the page picks the user's language from
//! `initDataUnsafe.user.language_code`. Sentences with numbers (balances, receipts) come
//! from the API already in the user's language, so plurals follow Fluent's rules.

use std::collections::BTreeMap;

use axum::{
    Router,
    extract::Path,
    http::{StatusCode, header},
    response::{Html, IntoResponse, Redirect, Response},
    routing::get,
};

use crate::{config::Config, domain::Language, i18n::translate};

/// Every key the pages use (all in `locales/*/miniapp.ftl`).
const KEYS: &[&str] = &[
    "miniapp-ui-title-card",
    "miniapp-ui-title-till",
    "miniapp-ui-loading",
    "miniapp-ui-error",
    "miniapp-ui-retry",
    "miniapp-ui-no-card",
    "miniapp-ui-outside-telegram",
    "miniapp-ui-history",
    "miniapp-ui-history-empty",
    "miniapp-ui-coupons",
    "miniapp-ui-card-number",
    "miniapp-ui-scan",
    "miniapp-ui-scan-prompt",
    "miniapp-ui-or-number",
    "miniapp-ui-number-placeholder",
    "miniapp-ui-open",
    "miniapp-ui-photo",
    "miniapp-ui-amount",
    "miniapp-ui-post",
    "miniapp-ui-undo",
    "miniapp-ui-next-customer",
    "miniapp-ui-close-card",
    "miniapp-ui-post-anyway",
    "miniapp-ui-redeem-hint",
    "miniapp-ui-redeem",
    "miniapp-ui-points",
];

fn strings() -> BTreeMap<&'static str, BTreeMap<&'static str, String>> {
    Language::ALL
        .iter()
        .map(|&lang| {
            let texts = KEYS.iter().map(|&k| (k, translate(lang, k, &[]))).collect();
            (lang.code(), texts)
        })
        .collect()
}

/// The page with Telegram's script and the texts filled in.
fn page(template: &str, script: &str) -> String {
    let texts = serde_json::to_string(&strings())
        .unwrap_or_else(|_| "{}".into())
        // Inside <script>: a text containing "</script>" must not end it.
        .replace("</", "<\\/");
    let script = script
        .replace('&', "&amp;")
        .replace('"', "&quot;")
        .replace('<', "&lt;");
    template
        .replace("{{WEB_APP_JS}}", &script)
        .replace("{{STRINGS}}", &texts)
}

const ASSETS: &[(&str, &str, &str)] = &[
    ("app.css", "text/css", include_str!("static/app.css")),
    (
        "common.js",
        "text/javascript",
        include_str!("static/common.js"),
    ),
    ("card.js", "text/javascript", include_str!("static/card.js")),
    ("till.js", "text/javascript", include_str!("static/till.js")),
];

async fn asset(Path(name): Path<String>) -> Response {
    match ASSETS.iter().find(|(file, _, _)| *file == name) {
        Some((_, mime, body)) => {
            let content_type = format!("{mime}; charset=utf-8");
            ([(header::CONTENT_TYPE, content_type)], *body).into_response()
        }
        None => StatusCode::NOT_FOUND.into_response(),
    }
}

pub fn router(config: &Config) -> Router {
    let card = page(include_str!("static/card.html"), &config.web_app_script);
    let till = page(include_str!("static/till.html"), &config.web_app_script);
    Router::new()
        .route("/app", get(|| async { Redirect::permanent("/app/") }))
        .route("/app/", get(move || std::future::ready(Html(card.clone()))))
        .route(
            "/app/till",
            get(move || std::future::ready(Html(till.clone()))),
        )
        .route("/app/static/{name}", get(asset))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_page_text_exists_in_every_language() {
        for (lang, texts) in strings() {
            for (key, text) in texts {
                assert_ne!(text, key, "{key} is missing in {lang}");
            }
        }
    }

    #[test]
    fn pages_load_telegram_script_first() {
        for template in [
            include_str!("static/card.html"),
            include_str!("static/till.html"),
        ] {
            let html = page(template, crate::config::TELEGRAM_WEB_APP_JS);
            let telegram = html.find("https://telegram.org/js/telegram-web-app.js");
            let ours = html.find("/app/static/");
            assert!(telegram.is_some() && telegram < ours, "{html}");
            assert!(!html.contains("{{"), "unfilled placeholder in {html}");
        }
    }
}
