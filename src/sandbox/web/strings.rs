//! The page's own texts (buttons, prompts, labels) from the locales, as JSON: each pane asks for
//! its persona's language. The bot's messages are not here; they come translated by the bot.

use std::collections::BTreeMap;

use axum::{Json, extract::Path};

use crate::{domain::Language, i18n::translate};

/// Every `sandbox-*` key the page uses.
pub const KEYS: &[&str] = &[
    "sandbox-title",
    "sandbox-tagline",
    "sandbox-add-customer",
    "sandbox-new-customer-name",
    "sandbox-new-customer-language",
    "sandbox-new-customer-create",
    "sandbox-cancel",
    "sandbox-role-owner",
    "sandbox-role-cashier",
    "sandbox-role-customer",
    "sandbox-bot",
    "sandbox-start",
    "sandbox-empty",
    "sandbox-message-placeholder",
    "sandbox-send",
    "sandbox-menu",
    "sandbox-attach",
    "sandbox-scan",
    "sandbox-scan-prompt",
    "sandbox-scan-upload",
    "sandbox-scan-no-qr",
    "sandbox-scan-not-card",
    "sandbox-download",
    "sandbox-edited",
    "sandbox-offline",
    "sandbox-error",
    "sandbox-link-copied",
];

/// `lang` is a Telegram language code; unknown ones get English.
pub async fn strings(Path(lang): Path<String>) -> Json<BTreeMap<&'static str, String>> {
    let language = Language::from_code(&lang).unwrap_or_default();
    Json(all(language))
}

pub fn all(language: Language) -> BTreeMap<&'static str, String> {
    KEYS.iter()
        .map(|&key| (key, translate(language, key, &[])))
        .collect()
}
