//! Parse modes: turns `text` + `parse_mode` into what the client displays plus Telegram-style
//! entities (offsets in UTF-16 code units), or the reason the real server would refuse it
//! ("can't parse entities: ...").
//!
//! The HTML check is a little stricter than Telegram's: a bare `&` or `>` outside a tag is an
//! error here although Telegram tolerates it. Telegram only rejects the `<` of unescaped user
//! input (`<b>&_*`), and only when it happens to look like a tag; failing on all three makes a
//! missing escape show up in tests whatever the user typed.

use serde_json::{Value, json};

use super::markdown;

/// Displayed text and its entities.
#[derive(Clone, Debug, Default, PartialEq)]
pub(crate) struct Rendered {
    pub text: String,
    pub entities: Vec<Value>,
}

/// Renders `text` for `parse_mode` (case-insensitive; `None` or "" = plain text). The error is
/// the full description without the "Bad Request: " prefix.
pub(crate) fn render(text: &str, parse_mode: Option<&str>) -> Result<Rendered, String> {
    let mode = parse_mode.unwrap_or("").to_ascii_lowercase();
    let result = match mode.as_str() {
        "" => {
            return Ok(Rendered {
                text: text.to_owned(),
                entities: Vec::new(),
            });
        }
        "html" => parse_html(text),
        "markdownv2" => markdown::parse_v2(text),
        "markdown" => markdown::parse_legacy(text),
        _ => return Err("unsupported parse_mode".to_owned()),
    };
    result.map_err(|reason| format!("can't parse entities: {reason}"))
}

/// Accumulates displayed text and entities; shared by the HTML and Markdown parsers.
#[derive(Default)]
pub(super) struct Builder {
    text: String,
    utf16_len: usize,
    entities: Vec<Value>,
}

impl Builder {
    pub fn push(&mut self, c: char) {
        self.text.push(c);
        self.utf16_len += c.len_utf16();
    }

    pub fn offset(&self) -> usize {
        self.utf16_len
    }

    /// Adds an entity from `start` to the current end; empty entities are dropped, as Telegram
    /// does.
    pub fn entity(&mut self, kind: &str, start: usize, extra: Option<(&str, Value)>) {
        if self.utf16_len == start {
            return;
        }
        let mut entity = json!({ "type": kind, "offset": start, "length": self.utf16_len - start });
        if let Some((key, value)) = extra {
            entity[key] = value;
        }
        self.entities.push(entity);
    }

    pub fn finish(mut self) -> Rendered {
        self.entities.sort_by_key(|e| e["offset"].as_u64());
        Rendered {
            text: self.text,
            entities: self.entities,
        }
    }
}

const HTML_TAGS: &[&str] = &[
    "b",
    "strong",
    "i",
    "em",
    "u",
    "ins",
    "s",
    "strike",
    "del",
    "span",
    "tg-spoiler",
    "a",
    "code",
    "pre",
    "blockquote",
    "tg-emoji",
    "tg-time",
];

struct OpenTag {
    name: String,
    start: usize,
    attrs: Vec<(String, String)>,
}

fn parse_html(text: &str) -> Result<Rendered, String> {
    let mut out = Builder::default();
    let mut open: Vec<OpenTag> = Vec::new();
    let mut i = 0;
    while i < text.len() {
        let rest = &text[i..];
        let Some(c) = rest.chars().next() else { break };
        match c {
            '&' => {
                let (decoded, len) = decode_entity(rest)
                    .ok_or_else(|| format!("unescaped \"&\" at byte offset {i}, use &amp;"))?;
                out.push(decoded);
                i += len;
            }
            '>' => return Err(format!("unescaped \">\" at byte offset {i}, use &gt;")),
            '<' => {
                let close = rest
                    .find('>')
                    .ok_or_else(|| format!("Unclosed start tag at byte offset {i}"))?;
                let inner = &rest[1..close];
                if let Some(name) = inner.strip_prefix('/') {
                    close_tag(&mut out, &mut open, name.trim().to_ascii_lowercase(), i)?;
                } else {
                    open.push(open_tag(inner, out.offset(), i)?);
                }
                i += close + 1;
            }
            _ => {
                out.push(c);
                i += c.len_utf8();
            }
        }
    }
    if let Some(tag) = open.last() {
        return Err(format!(
            "Can't find end tag corresponding to start tag \"{}\"",
            tag.name
        ));
    }
    Ok(out.finish())
}

fn open_tag(inner: &str, start: usize, at: usize) -> Result<OpenTag, String> {
    let name_end = inner
        .find(|c: char| c.is_whitespace())
        .unwrap_or(inner.len());
    let name = inner[..name_end].to_ascii_lowercase();
    if !HTML_TAGS.contains(&name.as_str()) {
        return Err(format!(
            "Unsupported start tag \"{name}\" at byte offset {at}"
        ));
    }
    let attrs = parse_attributes(&inner[name_end..])
        .ok_or_else(|| format!("Can't parse attributes of tag \"{name}\" at byte offset {at}"))?;
    if name == "span" && !attrs.iter().any(|(k, v)| k == "class" && v == "tg-spoiler") {
        return Err(format!(
            "Tag \"span\" must have class \"tg-spoiler\" at byte offset {at}"
        ));
    }
    Ok(OpenTag { name, start, attrs })
}

fn close_tag(
    out: &mut Builder,
    open: &mut Vec<OpenTag>,
    name: String,
    at: usize,
) -> Result<(), String> {
    let Some(tag) = open.pop() else {
        return Err(format!("Unexpected end tag at byte offset {at}"));
    };
    if tag.name != name {
        return Err(format!(
            "Unmatched end tag at byte offset {at}, expected \"</{}>\", found \"</{name}>\"",
            tag.name
        ));
    }
    let attr = |key: &str| {
        tag.attrs
            .iter()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v.clone())
    };
    let (kind, extra) = match name.as_str() {
        "b" | "strong" => ("bold", None),
        "i" | "em" => ("italic", None),
        "u" | "ins" => ("underline", None),
        "s" | "strike" | "del" => ("strikethrough", None),
        "span" | "tg-spoiler" => ("spoiler", None),
        "code" => ("code", None),
        "pre" => ("pre", None),
        "blockquote" if attr("expandable").is_some() => ("expandable_blockquote", None),
        "blockquote" => ("blockquote", None),
        "a" => match attr("href") {
            Some(url) if !url.is_empty() => ("text_link", Some(("url", Value::String(url)))),
            _ => return Ok(()),
        },
        "tg-emoji" => match attr("emoji-id") {
            Some(id) => ("custom_emoji", Some(("custom_emoji_id", Value::String(id)))),
            None => {
                return Err(format!(
                    "Tag \"tg-emoji\" must have attribute \"emoji-id\" at byte offset {at}"
                ));
            }
        },
        _ => match attr("unix").and_then(|unix| unix.parse::<i64>().ok()) {
            Some(unix) => ("date_time", Some(("unix_time", Value::from(unix)))),
            None => {
                return Err(format!(
                    "Tag \"{name}\" must have attribute \"unix\" at byte offset {at}"
                ));
            }
        },
    };
    out.entity(kind, tag.start, extra);
    Ok(())
}

/// `key="value" key='value' key=value key` → pairs, entities decoded; `None` if malformed.
fn parse_attributes(mut s: &str) -> Option<Vec<(String, String)>> {
    let mut attrs = Vec::new();
    loop {
        s = s.trim_start();
        if s.is_empty() || s == "/" {
            return Some(attrs);
        }
        let key_end = s
            .find(|c: char| c == '=' || c.is_whitespace())
            .unwrap_or(s.len());
        let key = s[..key_end].to_ascii_lowercase();
        s = s[key_end..].trim_start();
        let Some(after_eq) = s.strip_prefix('=') else {
            attrs.push((key, String::new()));
            continue;
        };
        let after_eq = after_eq.trim_start();
        let (raw, rest) = match after_eq.chars().next() {
            Some(quote @ ('"' | '\'')) => {
                let end = after_eq[1..].find(quote)? + 1;
                (&after_eq[1..end], &after_eq[end + 1..])
            }
            _ => {
                let end = after_eq.find(char::is_whitespace).unwrap_or(after_eq.len());
                (&after_eq[..end], &after_eq[end..])
            }
        };
        attrs.push((key, decode_all(raw)?));
        s = rest;
    }
}

fn decode_all(mut s: &str) -> Option<String> {
    let mut out = String::new();
    while let Some(pos) = s.find('&') {
        out.push_str(&s[..pos]);
        let (c, len) = decode_entity(&s[pos..])?;
        out.push(c);
        s = &s[pos + len..];
    }
    out.push_str(s);
    Some(out)
}

/// Decodes the entity at the start of `s` (`&amp;`, `&#60;`, `&#x3C;` ...): (char, byte length).
fn decode_entity(s: &str) -> Option<(char, usize)> {
    let end = s.find(';').filter(|&end| end <= 12)?;
    let name = &s[1..end];
    let c = match name {
        "amp" => '&',
        "lt" => '<',
        "gt" => '>',
        "quot" => '"',
        "apos" => '\'',
        "nbsp" => '\u{a0}',
        _ => {
            let code = name.strip_prefix('#')?;
            let number = match code.strip_prefix(['x', 'X']) {
                Some(hex) => u32::from_str_radix(hex, 16).ok()?,
                None => code.parse().ok()?,
            };
            char::from_u32(number)?
        }
    };
    Some((c, end + 1))
}

#[cfg(test)]
#[path = "markup_tests.rs"]
mod tests;
