//! Every key exists in every language, and plural forms follow each language's rules.

use std::collections::BTreeSet;

use loyalty_bot::{domain::Language, t};

fn keys(lang: &str) -> BTreeSet<String> {
    let dir = format!("{}/locales/{lang}", env!("CARGO_MANIFEST_DIR"));
    let mut keys = BTreeSet::new();
    for entry in std::fs::read_dir(&dir).expect("locale dir") {
        let text = std::fs::read_to_string(entry.expect("entry").path()).expect("ftl");
        for line in text.lines() {
            // A message starts at column 0 with `identifier =`.
            if let Some((id, _)) = line.split_once(" =")
                && !id.is_empty()
                && id.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
            {
                keys.insert(id.to_owned());
            }
        }
    }
    keys
}

#[test]
fn every_language_has_every_key() {
    let en = keys("en");
    assert!(en.len() > 30, "parsed {} keys", en.len());
    for lang in ["ru", "uk"] {
        let other = keys(lang);
        let missing: Vec<_> = en.difference(&other).collect();
        let extra: Vec<_> = other.difference(&en).collect();
        assert!(
            missing.is_empty() && extra.is_empty(),
            "{lang}: missing {missing:?}, extra {extra:?}"
        );
    }
    // And each key resolves (no syntax error hides it) without falling back to the key, given
    // every variable that any English message uses.
    let en_text: String = std::fs::read_dir(format!("{}/locales/en", env!("CARGO_MANIFEST_DIR")))
        .expect("en dir")
        .map(|e| std::fs::read_to_string(e.expect("entry").path()).expect("en ftl"))
        .collect();
    let vars: BTreeSet<&'static str> = en_text
        .split('$')
        .skip(1)
        .map(|rest| {
            rest.split(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
                .next()
                .unwrap_or("")
        })
        .filter(|v| !v.is_empty())
        .map(|v| &*Box::leak(v.to_owned().into_boxed_str()))
        .collect();
    let args: Vec<(&'static str, loyalty_bot::i18n::FluentValue<'static>)> =
        vars.iter().map(|v| (*v, 5.into())).collect();
    for lang in Language::ALL {
        for key in &en {
            let text = loyalty_bot::i18n::translate(lang, key, &args);
            assert_ne!(&text, key, "{lang}: {key}");
            assert!(
                !text.contains("{"),
                "{lang}: {key}: unresolved placeable in {text}"
            );
        }
    }
}

/// The CLDR categories for 0, 1, 2, 5, 11, 21, 22, 25, 101 in each language, as words.
#[test]
fn plural_forms_for_the_usual_suspects() {
    let en = [
        "points", "point", "points", "points", "points", "points", "points", "points", "points",
    ];
    let ru = [
        "баллов",
        "балл",
        "балла",
        "баллов",
        "баллов",
        "балл",
        "балла",
        "баллов",
        "балл",
    ];
    let uk = [
        "балів",
        "бал",
        "бали",
        "балів",
        "балів",
        "бал",
        "бали",
        "балів",
        "бал",
    ];
    for (lang, words) in [(Language::En, en), (Language::Ru, ru), (Language::Uk, uk)] {
        for (n, word) in [0, 1, 2, 5, 11, 21, 22, 25, 101].into_iter().zip(words) {
            let text = t!(lang, "balance-text", balance = n);
            assert!(text.contains(&format!("{n} {word}<")), "{lang} {n}: {text}");
        }
    }
}

#[test]
fn plural_forms() {
    let cases = [
        (Language::En, 1, "1 point<"),
        (Language::En, 2, "2 points<"),
        (Language::Ru, 1, "1 балл<"),
        (Language::Ru, 2, "2 балла<"),
        (Language::Ru, 5, "5 баллов<"),
        (Language::Ru, 11, "11 баллов<"),
        (Language::Ru, 21, "21 балл<"),
        (Language::Ru, 22, "22 балла<"),
        (Language::Uk, 1, "1 бал<"),
        (Language::Uk, 2, "2 бали<"),
        (Language::Uk, 5, "5 балів<"),
        (Language::Uk, 101, "101 бал<"),
    ];
    for (lang, n, expected) in cases {
        let text = t!(lang, "balance-text", balance = n);
        assert!(text.contains(expected), "{lang} {n}: {text}");
    }
}
