//! MarkdownV2 and legacy Markdown, following tdlib's parsers closely enough that text the real
//! server rejects (an unescaped `.` or `-` in MarkdownV2, an unclosed `*`) is rejected here with
//! the same wording.

use serde_json::Value;

use super::markup::{Builder, Rendered};

const RESERVED: &str = "_*[]()~`>#+-=|{}.!";

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Kind {
    Bold,
    Italic,
    Underline,
    Strikethrough,
    Spoiler,
    Code,
    Pre,
    TextUrl,
    CustomEmoji,
}

struct Open {
    kind: Kind,
    start: usize,
    at: usize,
    language: Option<String>,
}

pub(super) fn parse_v2(text: &str) -> Result<Rendered, String> {
    let mut out = Builder::default();
    let mut stack: Vec<Open> = Vec::new();
    let mut quote_start: Option<usize> = None;
    let mut i = 0;
    while let Some(c) = text[i..].chars().next() {
        let rest = &text[i..];
        let next = rest[c.len_utf8()..].chars().next();
        if c == '\\'
            && let Some(escaped) = next.filter(|n| (1..=126).contains(&u32::from(*n)))
        {
            out.push(escaped);
            i += 2;
            continue;
        }
        if stack
            .last()
            .is_some_and(|top| matches!(top.kind, Kind::Code | Kind::Pre))
        {
            i += inside_code(&mut out, &mut stack, rest, c);
            continue;
        }
        let at_line_start = i == 0 || text[..i].ends_with('\n');
        if c == '>' && at_line_start {
            quote_start.get_or_insert(out.offset());
            i += 1;
            continue;
        }
        if c == '\n' {
            if let Some(start) = quote_start.filter(|_| !rest[1..].starts_with('>')) {
                out.entity("blockquote", start, None);
                quote_start = None;
            }
            out.push(c);
            i += 1;
            continue;
        }
        if !RESERVED.contains(c) {
            out.push(c);
            i += c.len_utf8();
            continue;
        }
        let closed = stack.pop_if(|top| match top.kind {
            Kind::Bold => c == '*',
            Kind::Italic => c == '_' && next != Some('_'),
            Kind::Underline => c == '_' && next == Some('_'),
            Kind::Strikethrough => c == '~',
            Kind::Spoiler => c == '|' && next == Some('|'),
            Kind::TextUrl | Kind::CustomEmoji => c == ']',
            Kind::Code | Kind::Pre => false,
        });
        if let Some(top) = closed {
            i += close(&mut out, top, rest)?;
            continue;
        }
        let reserved =
            || format!("Character '{c}' is reserved and must be escaped with the preceding '\\'");
        let (kind, width) = match (c, next) {
            ('_', Some('_')) => (Kind::Underline, 2),
            ('_', _) => (Kind::Italic, 1),
            ('*', _) => (Kind::Bold, 1),
            ('~', _) => (Kind::Strikethrough, 1),
            ('|', Some('|')) => (Kind::Spoiler, 2),
            ('[', _) => (Kind::TextUrl, 1),
            ('!', Some('[')) => (Kind::CustomEmoji, 2),
            ('`', _) if rest.starts_with("```") => (Kind::Pre, 3),
            ('`', _) => (Kind::Code, 1),
            _ => return Err(reserved()),
        };
        let mut open = Open {
            kind,
            start: out.offset(),
            at: i,
            language: None,
        };
        i += width;
        if kind == Kind::Pre {
            let line = text[i..].split('\n').next().unwrap_or("");
            if text[i..].contains('\n') && !line.contains([' ', '`']) {
                open.language = (!line.is_empty()).then(|| line.to_owned());
                i += line.len() + 1;
            }
        }
        stack.push(open);
    }
    if let Some(top) = stack.last() {
        return Err(format!(
            "Can't find end of {:?} entity at byte offset {}",
            top.kind, top.at
        ));
    }
    if let Some(start) = quote_start {
        out.entity("blockquote", start, None);
    }
    Ok(out.finish())
}

/// Inside code or pre only the closing backticks matter; returns the bytes consumed.
fn inside_code(out: &mut Builder, stack: &mut Vec<Open>, rest: &str, c: char) -> usize {
    let is_pre = stack.last().is_some_and(|top| top.kind == Kind::Pre);
    let closing = if is_pre { "```" } else { "`" };
    match stack.pop_if(|_| rest.starts_with(closing)) {
        Some(top) => {
            let language = top.language.map(|lang| ("language", Value::String(lang)));
            out.entity(if is_pre { "pre" } else { "code" }, top.start, language);
            closing.len()
        }
        None => {
            out.push(c);
            c.len_utf8()
        }
    }
}

/// Closes `top` at `rest` (which starts with its closing character); returns the bytes consumed.
fn close(out: &mut Builder, top: Open, rest: &str) -> Result<usize, String> {
    let kind = match top.kind {
        Kind::Bold => "bold",
        Kind::Italic => "italic",
        Kind::Underline => "underline",
        Kind::Strikethrough => "strikethrough",
        Kind::Spoiler => "spoiler",
        Kind::Code => "code", // closed by inside_code, listed for completeness
        Kind::Pre => "pre",
        Kind::TextUrl | Kind::CustomEmoji => {
            let Some(target) = rest[1..].strip_prefix('(') else {
                return Ok(1); // `[text]` without a URL is plain text
            };
            let (url, len) = read_url(target)
                .ok_or_else(|| format!("Can't find end of a URL at byte offset {}", top.at))?;
            if top.kind == Kind::TextUrl {
                out.entity("text_link", top.start, Some(("url", Value::String(url))));
            } else {
                let id = url
                    .strip_prefix("tg://emoji?id=")
                    .ok_or("Custom emoji URL must have scheme tg")?;
                out.entity(
                    "custom_emoji",
                    top.start,
                    Some(("custom_emoji_id", Value::String(id.to_owned()))),
                );
            }
            return Ok(2 + len);
        }
    };
    out.entity(kind, top.start, None);
    Ok(if matches!(top.kind, Kind::Underline | Kind::Spoiler) {
        2
    } else {
        1
    })
}

/// Reads `url)` with `\)` and `\\` escapes: (url, bytes including the `)`).
fn read_url(s: &str) -> Option<(String, usize)> {
    let mut url = String::new();
    let mut chars = s.char_indices();
    while let Some((pos, c)) = chars.next() {
        match c {
            ')' => return Some((url, pos + 1)),
            '\\' => url.push(chars.next()?.1),
            _ => url.push(c),
        }
    }
    None
}

/// Legacy Markdown: `*bold*`, `_italic_`, `` `code` ``, ```` ```pre``` ````, `[text](url)`;
/// no nesting, `\` escapes the four markers.
pub(super) fn parse_legacy(text: &str) -> Result<Rendered, String> {
    let mut out = Builder::default();
    let mut i = 0;
    while let Some(c) = text[i..].chars().next() {
        let rest = &text[i..];
        let unclosed = || format!("Can't find end of the entity starting at byte offset {i}");
        match c {
            '\\' if rest[1..].starts_with(['_', '*', '`', '[']) => {
                out.push(rest[1..].chars().next().unwrap_or_default());
                i += 2;
            }
            '*' | '_' | '`' => {
                let marker = if rest.starts_with("```") {
                    "```"
                } else {
                    &rest[..1]
                };
                let body = &rest[marker.len()..];
                let end = body.find(marker).ok_or_else(unclosed)?;
                let start = out.offset();
                body[..end].chars().for_each(|c| out.push(c));
                let kind = match marker {
                    "*" => "bold",
                    "_" => "italic",
                    "`" => "code",
                    _ => "pre",
                };
                out.entity(kind, start, None);
                i += 2 * marker.len() + end;
            }
            '[' => {
                let end = rest.find(']').ok_or_else(unclosed)?;
                let start = out.offset();
                rest[1..end].chars().for_each(|c| out.push(c));
                let mut consumed = end + 1;
                if let Some(target) = rest[end + 1..].strip_prefix('(') {
                    let close = target.find(')').ok_or_else(unclosed)?;
                    let url = Value::String(target[..close].to_owned());
                    out.entity("text_link", start, Some(("url", url)));
                    consumed += close + 2;
                }
                i += consumed;
            }
            _ => {
                out.push(c);
                i += c.len_utf8();
            }
        }
    }
    Ok(out.finish())
}
