//! Typed inline-button payloads. Telegram gives us at most 64 bytes of `callback_data`; we
//! encode a short tag and fields separated by `:`, and decode back into [`CallbackData`], so no
//! handler ever matches raw strings.

use teloxide::prelude::*;

use super::{AppRef, HandlerResult, customer};
use crate::domain::Language;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CallbackData {
    /// Show the customer's history starting `offset` operations back.
    History {
        offset: u32,
    },
    SetLanguage(Language),
}

impl CallbackData {
    pub fn encode(&self) -> String {
        match self {
            Self::History { offset } => format!("h:{offset}"),
            Self::SetLanguage(lang) => format!("l:{}", lang.code()),
        }
    }

    pub fn decode(data: &str) -> Option<Self> {
        let (tag, rest) = data.split_once(':')?;
        match tag {
            "h" => rest.parse().ok().map(|offset| Self::History { offset }),
            "l" => Language::from_code(rest).map(Self::SetLanguage),
            _ => None,
        }
    }
}

pub async fn on_callback(bot: Bot, q: CallbackQuery, app: AppRef) -> HandlerResult {
    match q.data.as_deref().and_then(CallbackData::decode) {
        Some(CallbackData::History { offset }) => {
            customer::on_history_page(bot, q, app, offset).await
        }
        Some(CallbackData::SetLanguage(lang)) => {
            customer::on_language_chosen(bot, q, app, lang).await
        }
        None => {
            // A stale button from an older version, or a forged payload: just stop the spinner.
            super::send::answer_callback(&bot, &q.id, None).await;
            Ok(())
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trip_and_size() {
        for data in [
            CallbackData::History { offset: 0 },
            CallbackData::History { offset: u32::MAX },
            CallbackData::SetLanguage(Language::Uk),
        ] {
            let encoded = data.encode();
            assert!(encoded.len() <= 64);
            assert_eq!(CallbackData::decode(&encoded), Some(data));
        }
        assert_eq!(CallbackData::decode("h:-1"), None);
        assert_eq!(CallbackData::decode("zz"), None);
        assert_eq!(CallbackData::decode("l:de"), None);
    }
}
