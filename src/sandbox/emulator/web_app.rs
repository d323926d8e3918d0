//! Mini Apps as a Telegram client sees them: the chat's menu button (set by
//! `setChatMenuButton` for the chat, else the bot's default), the URL checks the real server
//! makes on `web_app` buttons, and the `initData` Telegram hands an opened Mini App, signed
//! with the bot's token exactly as Telegram signs it ([`crate::miniapp::init_data::sign`]).

use serde_json::{Value, json};

use super::Emulator;
use super::error::ApiError;
use super::model::UserProfile;

impl Emulator {
    /// Tells the emulator the bot's token, as Telegram knows it: Mini App initData is signed
    /// with it.
    pub fn set_bot_token(&self, token: &str) {
        self.lock().token = Some(token.to_owned());
    }

    /// The chat's menu button if it opens a Mini App: (text, url).
    pub fn menu_web_app(&self, chat_id: i64) -> Option<(String, String)> {
        let state = self.lock();
        let button = state
            .settings
            .get(&format!("menu_button|{chat_id}"))
            .or_else(|| state.settings.get(&format!("menu_button|\"{chat_id}\"")))
            .or_else(|| state.settings.get("menu_button|"))?;
        let url = button["web_app"]["url"].as_str()?;
        let text = button["text"].as_str().unwrap_or_default();
        Some((text.to_owned(), url.to_owned()))
    }

    /// The initData Telegram gives a Mini App that `user` opens now; `None` until the emulator
    /// knows the bot's token.
    pub fn web_app_init_data(&self, user: &UserProfile) -> Option<String> {
        let token = self.lock().token.clone()?;
        let user = json!({
            "id": user.id, "first_name": user.first_name, "username": user.username,
            "language_code": user.language_code, "allows_write_to_pm": true,
        })
        .to_string();
        let query_id = format!("AA{:016x}", rand::random::<u64>());
        let now = chrono::Utc::now().timestamp().to_string();
        Some(crate::miniapp::init_data::sign(
            &[
                ("query_id", &query_id),
                ("user", &user),
                ("auth_date", &now),
            ],
            &token,
        ))
    }
}

/// Telegram opens Mini Apps over https only; its test environment also takes plain http, which
/// the emulator (a test environment) allows for loopback hosts, where the sandbox runs.
pub fn valid_url(url: &str) -> bool {
    let Ok(parsed) = url::Url::parse(url) else {
        return false;
    };
    let loopback = match parsed.host() {
        Some(url::Host::Domain(d)) => d == "localhost",
        Some(url::Host::Ipv4(ip)) => ip.is_loopback(),
        Some(url::Host::Ipv6(ip)) => ip.is_loopback(),
        None => false,
    };
    parsed.scheme() == "https" || (parsed.scheme() == "http" && loopback)
}

/// `web_app` buttons in a reply markup or a menu button: the URL the real server would refuse.
pub(crate) fn check_urls(
    method: &str,
    params: &serde_json::Map<String, Value>,
) -> Result<(), ApiError> {
    if method == "setChatMenuButton"
        && let Some(url) = params
            .get("menu_button")
            .and_then(|b| b["web_app"]["url"].as_str())
        && !valid_url(url)
    {
        return Err(ApiError::bad_request(format!(
            "menu button Web App URL '{url}' is invalid: Only HTTPS links are allowed"
        )));
    }
    let markup = params.get("reply_markup");
    for kind in ["inline_keyboard", "keyboard"] {
        let rows = markup.and_then(|m| m.get(kind)).and_then(Value::as_array);
        let buttons = rows
            .into_iter()
            .flatten()
            .filter_map(Value::as_array)
            .flatten();
        for url in buttons.filter_map(|b| b["web_app"]["url"].as_str()) {
            if !valid_url(url) {
                let what = if kind == "keyboard" {
                    "keyboard"
                } else {
                    "inline keyboard"
                };
                return Err(ApiError::bad_request(format!(
                    "{what} button Web App URL '{url}' is invalid: Only HTTPS links are allowed"
                )));
            }
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_https_or_loopback_http_opens_a_mini_app() {
        assert!(valid_url("https://shop.example/app/"));
        assert!(valid_url("http://127.0.0.1:8080/app/"));
        assert!(valid_url("http://localhost/app/"));
        assert!(!valid_url("http://shop.example/app/"));
        assert!(!valid_url("javascript:alert(1)"));
        let menu = json!({ "menu_button": { "type": "web_app", "text": "Card",
            "web_app": { "url": "http://shop.example/app/" } } });
        let params = menu.as_object().cloned().unwrap_or_default();
        assert!(check_urls("setChatMenuButton", &params).is_err());
        let inline = json!({ "reply_markup": { "inline_keyboard": [[{ "text": "Open",
            "web_app": { "url": "ftp://x/" } }]] } });
        let params = inline.as_object().cloned().unwrap_or_default();
        assert!(check_urls("sendMessage", &params).is_err());
    }
}
