//! Every user-visible string comes from `locales/<lang>/*.ftl` (Fluent). Plurals follow each
//! language's CLDR rules (`1 балл`, `2 балла`, `5 баллов`), so code passes numbers, not words.
//!
//! ```ignore
//! let text = t!(lang, "balance-text", points = 112);
//! ```

use std::{borrow::Cow, collections::HashMap};

pub use fluent_templates::fluent_bundle::FluentValue;
use fluent_templates::{LanguageIdentifier, Loader, langid};

use crate::domain::Language;

fluent_templates::static_loader! {
    static LOCALES = {
        locales: "./locales",
        fallback_language: "en",
        // Unicode isolation marks around placeables break copy-pasting card numbers and
        // confuse Telegram's entity offsets; our placeables are never mixed-direction.
        customise: |bundle| bundle.set_use_isolating(false),
    };
}

fn langid(lang: Language) -> LanguageIdentifier {
    match lang {
        Language::En => langid!("en"),
        Language::Ru => langid!("ru"),
        Language::Uk => langid!("uk"),
    }
}

/// Looks up `key` in `lang` with `args`. A missing key is a bug that the locale test catches;
/// at run time it degrades to the key itself instead of crashing a conversation.
pub fn translate(lang: Language, key: &str, args: &[(&'static str, FluentValue<'_>)]) -> String {
    let id = langid(lang);
    let found = if args.is_empty() {
        LOCALES.try_lookup(&id, key)
    } else {
        let map: HashMap<Cow<'static, str>, FluentValue<'_>> = args
            .iter()
            .map(|(k, v)| (Cow::Borrowed(*k), v.clone()))
            .collect();
        LOCALES.try_lookup_with_args(&id, key, &map)
    };
    found.unwrap_or_else(|| {
        tracing::error!(key, lang = lang.code(), "missing translation");
        key.to_owned()
    })
}

/// `t!(lang, "key")` or `t!(lang, "key", name = value, ...)`; values are anything that converts
/// into a [`FluentValue`] (numbers select plural forms, strings are inserted as they are).
#[macro_export]
macro_rules! t {
    ($lang:expr, $key:expr) => {
        $crate::i18n::translate($lang, $key, &[])
    };
    ($lang:expr, $key:expr, $($name:ident = $value:expr),+ $(,)?) => {
        $crate::i18n::translate(
            $lang,
            $key,
            &[$((stringify!($name), $crate::i18n::FluentValue::from($value))),+],
        )
    };
}

/// Money as people of `lang` write it: `1,250.50` in English, `1 250,50` in Russian and
/// Ukrainian (narrow no-break space between thousands), followed by `currency` if one is set.
pub fn money(lang: Language, value: rust_decimal::Decimal, currency: &str) -> String {
    let (group, decimal) = match lang {
        Language::En => (",", "."),
        Language::Ru | Language::Uk => ("\u{202f}", ","),
    };
    let fixed = format!("{:.2}", value.round_dp(2));
    let (int, frac) = fixed.split_once('.').unwrap_or((&fixed, "00"));
    let (sign, digits) = int.strip_prefix('-').map_or(("", int), |d| ("-", d));
    let mut grouped = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            grouped.push_str(group);
        }
        grouped.push(c);
    }
    let number = format!("{sign}{grouped}{decimal}{frac}");
    if currency.is_empty() {
        number
    } else {
        format!("{number}\u{a0}{currency}")
    }
}

/// How a date is written in `lang` (`2026-12-03`; `03.12.2026`). Every date shown to people goes
/// through these, so one language writes dates one way everywhere.
pub fn date_format(lang: Language) -> &'static str {
    match lang {
        Language::En => "%Y-%m-%d",
        Language::Ru | Language::Uk => "%d.%m.%Y",
    }
}

/// A date in `lang` (see [`date_format`]): anything chrono formats as a date.
pub fn date(lang: Language, at: impl DateFormat) -> String {
    at.format_with(date_format(lang))
}

/// A moment in `lang`, with the time in UTC (there is no shop time zone yet).
pub fn date_time(lang: Language, at: chrono::DateTime<chrono::Utc>) -> String {
    let format = match lang {
        Language::En => "%Y-%m-%d %H:%M UTC",
        Language::Ru | Language::Uk => "%d.%m.%Y %H:%M UTC",
    };
    at.format(format).to_string()
}

/// Day and month only, for chart axes (`12-03`; `03.12`).
pub fn day_month_format(lang: Language) -> &'static str {
    match lang {
        Language::En => "%m-%d",
        Language::Ru | Language::Uk => "%d.%m",
    }
}

/// Dates and moments that chrono can write with a format string.
pub trait DateFormat {
    fn format_with(&self, format: &str) -> String;
}

impl DateFormat for chrono::NaiveDate {
    fn format_with(&self, format: &str) -> String {
        self.format(format).to_string()
    }
}

impl<Tz: chrono::TimeZone> DateFormat for chrono::DateTime<Tz>
where
    Tz::Offset: std::fmt::Display,
{
    fn format_with(&self, format: &str) -> String {
        self.format(format).to_string()
    }
}

#[cfg(test)]
mod tests {
    use rust_decimal::Decimal;

    use super::*;

    #[test]
    fn dates_by_locale() {
        use chrono::{NaiveDate, TimeZone, Utc};
        let day = NaiveDate::from_ymd_opt(2026, 12, 3).expect("date");
        assert_eq!(date(Language::En, day), "2026-12-03");
        assert_eq!(date(Language::Ru, day), "03.12.2026");
        let at = Utc
            .with_ymd_and_hms(2026, 1, 9, 7, 5, 0)
            .single()
            .expect("time");
        assert_eq!(date(Language::Uk, at), "09.01.2026");
        assert_eq!(date_time(Language::En, at), "2026-01-09 07:05 UTC");
        assert_eq!(date_time(Language::Ru, at), "09.01.2026 07:05 UTC");
        assert_eq!(
            at.format(day_month_format(Language::Uk)).to_string(),
            "09.01"
        );
    }

    #[test]
    fn money_by_locale() {
        let d = |s: &str| s.parse::<Decimal>().unwrap_or_default();
        assert_eq!(money(Language::En, d("1250.5"), ""), "1,250.50");
        assert_eq!(
            money(Language::Ru, d("1250.5"), "₽"),
            "1\u{202f}250,50\u{a0}₽"
        );
        assert_eq!(money(Language::Uk, d("999"), "₴"), "999,00\u{a0}₴");
        assert_eq!(
            money(Language::En, d("10000000"), "€"),
            "10,000,000.00\u{a0}€"
        );
        assert_eq!(money(Language::En, d("0.5"), ""), "0.50");
        assert_eq!(money(Language::En, d("-1234"), ""), "-1,234.00");
    }
}
