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

/// Every variable any English message uses, as a name for `translate`.
fn all_variables() -> BTreeSet<&'static str> {
    let en_text: String = std::fs::read_dir(format!("{}/locales/en", env!("CARGO_MANIFEST_DIR")))
        .expect("en dir")
        .map(|e| std::fs::read_to_string(e.expect("entry").path()).expect("en ftl"))
        .collect();
    en_text
        .split('$')
        .skip(1)
        .map(|rest| {
            rest.split(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
                .next()
                .unwrap_or("")
        })
        .filter(|v| !v.is_empty())
        .map(|v| &*Box::leak(v.to_owned().into_boxed_str()))
        .collect()
}

/// Nouns that follow a count in our messages: (one, few, many) forms; English has no "few".
const EN_NOUNS: &[(&str, &str)] = &[
    ("point", "points"),
    ("stamp", "stamps"),
    ("day", "days"),
    ("row", "rows"),
    ("month", "months"),
    ("purchase", "purchases"),
    ("customer", "customers"),
    ("operation", "operations"),
    ("second", "seconds"),
    ("minute", "minutes"),
    ("hour", "hours"),
    ("card", "cards"),
    ("use", "uses"),
    ("comment", "comments"),
    ("rating", "ratings"),
    ("member", "members"),
    ("line", "lines"),
    ("time", "times"),
    ("message", "messages"),
    ("receipt", "receipts"),
    ("character", "characters"),
    ("visit", "visits"),
    ("recipient", "recipients"),
    ("person", "people"),
    ("code", "codes"),
    ("star", "stars"),
];
const RU_NOUNS: &[(&str, &str, &str)] = &[
    ("балл", "балла", "баллов"),
    ("день", "дня", "дней"),
    ("месяц", "месяца", "месяцев"),
    ("строка", "строки", "строк"),
    ("карта", "карты", "карт"),
    ("покупка", "покупки", "покупок"),
    ("клиент", "клиента", "клиентов"),
    ("клиенту", "клиентам", "клиентам"),
    ("операция", "операции", "операций"),
    ("секунда", "секунды", "секунд"),
    ("секунду", "секунды", "секунд"),
    ("штамп", "штампа", "штампов"),
    ("отметка", "отметки", "отметок"),
    ("символ", "символа", "символов"),
    ("участник", "участника", "участников"),
    ("комментарий", "комментария", "комментариев"),
    ("оценка", "оценки", "оценок"),
    ("раз", "раза", "раз"),
    ("получатель", "получателя", "получателей"),
];
const UK_NOUNS: &[(&str, &str, &str)] = &[
    ("бал", "бали", "балів"),
    ("день", "дні", "днів"),
    ("місяць", "місяці", "місяців"),
    ("рядок", "рядки", "рядків"),
    ("картка", "картки", "карток"),
    ("картку", "картки", "карток"),
    ("покупка", "покупки", "покупок"),
    ("покупку", "покупки", "покупок"),
    ("клієнт", "клієнти", "клієнтів"),
    ("клієнту", "клієнтам", "клієнтам"),
    ("операція", "операції", "операцій"),
    ("секунда", "секунди", "секунд"),
    ("секунду", "секунди", "секунд"),
    ("штамп", "штампи", "штампів"),
    ("символ", "символи", "символів"),
    ("учасник", "учасники", "учасників"),
    ("коментар", "коментарі", "коментарів"),
    ("оцінка", "оцінки", "оцінок"),
    ("раз", "рази", "разів"),
    ("одержувач", "одержувачі", "одержувачів"),
];

/// The words right after `n ` in `text` (a count followed by its noun).
fn words_after(text: &str, n: i64) -> Vec<String> {
    let needle = format!("{n} ");
    let mut found = Vec::new();
    let mut rest = text;
    while let Some(at) = rest.find(&needle) {
        let before = rest[..at].chars().next_back();
        let after = &rest[at + needle.len()..];
        // Only a whole number: not the end of 121 or of #21.
        if !before.is_some_and(|c| c.is_ascii_digit() || c == '#' || c == '.' || c == ',') {
            let word: String = after
                .chars()
                .take_while(|c| c.is_alphabetic())
                .collect::<String>()
                .to_lowercase();
            found.push(word);
        }
        rest = after;
    }
    found
}

/// Renders every message of every language with each count (1, 2, 5, 21) in every variable,
/// and checks that a noun after a count has the form that count takes: "1 point", "2 points";
/// "1 балл", "2 балла", "5 баллов", "21 балл"; "1 бал", "2 бали", "5 балів", "21 бал".
#[test]
fn every_message_shows_counts_with_their_plural_forms() {
    let vars = all_variables();
    let mut wrong = Vec::new();
    for n in [1i64, 2, 5, 21] {
        let args: Vec<(&'static str, loyalty_bot::i18n::FluentValue<'static>)> =
            vars.iter().map(|v| (*v, n.into())).collect();
        for key in &keys("en") {
            for lang in Language::ALL {
                let text = loyalty_bot::i18n::translate(lang, key, &args);
                for word in words_after(&text, n) {
                    let bad = match lang {
                        Language::En => EN_NOUNS.iter().any(|(one, many)| {
                            (n == 1 && word == *many) || (n != 1 && word == *one)
                        }),
                        Language::Ru | Language::Uk => {
                            let nouns = if lang == Language::Ru {
                                RU_NOUNS
                            } else {
                                UK_NOUNS
                            };
                            nouns.iter().any(|(one, few, many)| {
                                let right = match n {
                                    1 | 21 => one,
                                    2 => few,
                                    _ => many,
                                };
                                [one, few, many].contains(&&word.as_str()) && word != *right
                            })
                        }
                    };
                    if bad {
                        wrong.push(format!("{lang} {key} ({n}): …{n} {word}…  in {text:?}"));
                    }
                }
            }
        }
    }
    assert!(
        wrong.is_empty(),
        "{} wrong forms:\n{}",
        wrong.len(),
        wrong.join("\n")
    );
}
