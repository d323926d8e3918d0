//! The optional inline URL button under a promotion, typed by the owner as
//! `Label | https://example.com` and parsed once here, so a stored button is always valid.

/// An inline URL button under a promotion, parsed from `Label | https://example.com`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct UrlButton {
    pub label: String,
    pub url: String,
}

/// Why a typed button was refused.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum ButtonError {
    #[error("expected `Label | URL`")]
    Shape,
    #[error("the label must be 1 to 64 characters")]
    Label,
    #[error("the link must be an http or https URL")]
    Url,
}

impl UrlButton {
    pub const MAX_LABEL_CHARS: usize = 64;

    pub fn parse(input: &str) -> Result<Self, ButtonError> {
        let (label, url) = input.split_once('|').ok_or(ButtonError::Shape)?;
        let label = label.trim();
        if label.is_empty() || label.chars().count() > Self::MAX_LABEL_CHARS {
            return Err(ButtonError::Label);
        }
        let url = url.trim();
        let parsed = url::Url::parse(url).map_err(|_| ButtonError::Url)?;
        let web = matches!(parsed.scheme(), "http" | "https")
            && parsed.host_str().is_some_and(|h| !h.is_empty())
            && !url.chars().any(char::is_whitespace);
        if !web {
            return Err(ButtonError::Url);
        }
        Ok(Self {
            label: label.to_owned(),
            url: url.to_owned(),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn url_buttons() {
        let b = UrlButton::parse(" Order now | https://example.com/menu?x=1 ").expect("valid");
        assert_eq!(b.label, "Order now");
        assert_eq!(b.url, "https://example.com/menu?x=1");
        assert_eq!(UrlButton::parse("no bar"), Err(ButtonError::Shape));
        assert_eq!(UrlButton::parse(" | https://a.b"), Err(ButtonError::Label));
        let long = format!("{} | https://a.b", "x".repeat(65));
        assert_eq!(UrlButton::parse(&long), Err(ButtonError::Label));
        for bad in [
            "Go | example.com",
            "Go | ftp://example.com",
            "Go | javascript:alert(1)",
            "Go | https://",
            "Go | tg://resolve?domain=x",
        ] {
            assert_eq!(UrlButton::parse(bad), Err(ButtonError::Url), "{bad}");
        }
    }
}
