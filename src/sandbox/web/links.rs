//! Deep links: `https://t.me/<bot>?start=<payload>` is what a card QR code and an invite hold.
//! Opening one in Telegram sends `/start <payload>` to the bot; the sandbox does the same.

/// The `start` payload of a deep link to the bot `bot_username`, if `link` is one.
pub fn start_payload(link: &str, bot_username: &str) -> Option<String> {
    let url = url::Url::parse(link.trim()).ok()?;
    let host = url.host_str()?;
    let telegram = ["t.me", "telegram.me", "www.t.me"].contains(&host);
    let bot = url.path().trim_matches('/');
    if !telegram || !matches!(url.scheme(), "https" | "http") {
        return None;
    }
    if !bot.eq_ignore_ascii_case(bot_username) {
        return None;
    }
    let payload = url.query_pairs().find(|(key, _)| key == "start")?.1;
    // Telegram allows A-Z, a-z, 0-9, _ and - up to 64 characters.
    let valid = !payload.is_empty()
        && payload.len() <= 64
        && payload
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-');
    valid.then(|| payload.into_owned())
}

#[cfg(test)]
mod tests {
    use super::start_payload;

    #[test]
    fn only_start_links_to_this_bot() {
        let payload = |link| start_payload(link, "loyalty_bot");
        assert_eq!(
            payload("https://t.me/loyalty_bot?start=c_abc-1"),
            Some("c_abc-1".to_owned())
        );
        assert_eq!(
            payload("https://t.me/Loyalty_Bot?start=s_x"),
            Some("s_x".to_owned())
        );
        assert_eq!(payload("https://t.me/other_bot?start=c_abc"), None);
        assert_eq!(payload("https://t.me/loyalty_bot"), None);
        assert_eq!(payload("https://evil.example/loyalty_bot?start=c"), None);
        assert_eq!(payload("https://t.me/loyalty_bot?start=a%20b"), None);
        assert_eq!(payload("not a link"), None);
    }
}
