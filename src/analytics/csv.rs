//! CSV as RFC 4180 says: fields separated by commas, records by CRLF, a field with a comma, a
//! quote or a line break is quoted and its quotes doubled. The reader also takes LF line ends
//! and a UTF-8 byte-order mark (what spreadsheets save).

use std::io::{self, Write};

/// Writes one record.
pub fn write_record<W: Write, S: AsRef<str>>(out: &mut W, fields: &[S]) -> io::Result<()> {
    for (i, field) in fields.iter().enumerate() {
        if i > 0 {
            out.write_all(b",")?;
        }
        let field = field.as_ref();
        // A leading U+FEFF would read back as a byte-order mark and vanish (found by
        // `loyalty-bot fuzz`): quoted, it stays text.
        if field.contains([',', '"', '\r', '\n']) || field.starts_with('\u{feff}') {
            out.write_all(b"\"")?;
            out.write_all(field.replace('"', "\"\"").as_bytes())?;
            out.write_all(b"\"")?;
        } else {
            out.write_all(field.as_bytes())?;
        }
    }
    out.write_all(b"\r\n")
}

/// Text people typed (names): a spreadsheet would run a cell starting with `=`, `+`, `-` or `@`
/// as a formula, so such text gets a leading apostrophe, which spreadsheets show as text.
pub fn text_cell(s: &str) -> String {
    if s.starts_with(['=', '+', '-', '@']) {
        format!("'{s}")
    } else {
        s.to_owned()
    }
}

/// One parsed record and the line it starts on (1-based, as an editor shows it).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Record {
    pub line: usize,
    pub fields: Vec<String>,
}

#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum CsvError {
    #[error("line {0}: a quoted field is not closed")]
    UnclosedQuote(usize),
    #[error("line {0}: text after a closing quote")]
    AfterQuote(usize),
}

/// Parses a whole document. Blank lines are skipped.
pub fn parse(text: &str) -> Result<Vec<Record>, CsvError> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut records = Vec::new();
    let mut chars = text.chars().peekable();
    let mut line = 1;
    while chars.peek().is_some() {
        let start = line;
        let mut fields = Vec::new();
        let mut field = String::new();
        let mut quoted = false;
        let mut closed = false;
        loop {
            let Some(c) = chars.next() else {
                if quoted && !closed {
                    return Err(CsvError::UnclosedQuote(start));
                }
                fields.push(std::mem::take(&mut field));
                break;
            };
            if quoted && !closed {
                match c {
                    '"' if chars.peek() == Some(&'"') => {
                        chars.next();
                        field.push('"');
                    }
                    '"' => closed = true,
                    c => {
                        if c == '\n' {
                            line += 1;
                        }
                        field.push(c);
                    }
                }
                continue;
            }
            match c {
                ',' => {
                    fields.push(std::mem::take(&mut field));
                    (quoted, closed) = (false, false);
                }
                '\r' if chars.peek() == Some(&'\n') => {}
                '\n' | '\r' => {
                    line += 1;
                    fields.push(std::mem::take(&mut field));
                    break;
                }
                '"' if field.is_empty() && !quoted => quoted = true,
                _ if closed => return Err(CsvError::AfterQuote(line)),
                c => field.push(c),
            }
        }
        if !(fields.len() == 1 && fields[0].trim().is_empty()) {
            records.push(Record {
                line: start,
                fields,
            });
        }
    }
    Ok(records)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn written(fields: &[&str]) -> String {
        let mut out = Vec::new();
        assert!(write_record(&mut out, fields).is_ok());
        String::from_utf8(out).unwrap_or_default()
    }

    #[test]
    fn quotes_only_what_needs_quoting_and_reads_it_back() {
        let fields = ["plain", "a,b", "say \"hi\"", "two\r\nlines", "", "Ünï"];
        let line = written(&fields);
        assert_eq!(
            line,
            "plain,\"a,b\",\"say \"\"hi\"\"\",\"two\r\nlines\",,Ünï\r\n"
        );
        let mut doc = line.clone();
        doc.push_str(&written(&["x", "y"]));
        let parsed = parse(&doc).unwrap_or_default();
        assert_eq!(parsed.len(), 2);
        assert_eq!(parsed[0].fields, fields);
        assert_eq!((parsed[0].line, parsed[1].line), (1, 3));
        assert_eq!(parsed[1].fields, ["x", "y"]);
    }

    #[test]
    fn a_field_starting_like_a_byte_order_mark_reads_back() {
        let text = written(&["\u{feff}Anna", "1"]);
        assert_eq!(text, "\"\u{feff}Anna\",1\r\n");
        let records = parse(&text).expect("parses");
        assert_eq!(records[0].fields, ["\u{feff}Anna", "1"]);
    }

    #[test]
    fn reads_what_spreadsheets_save() {
        let parsed = parse("\u{feff}card,points\n\n111,5\n222,6").unwrap_or_default();
        let lines: Vec<_> = parsed.iter().map(|r| r.line).collect();
        assert_eq!(lines, [1, 3, 4]);
        assert_eq!(parsed[2].fields, ["222", "6"]);
        assert_eq!(parse("a,\"open\n"), Err(CsvError::UnclosedQuote(1)));
        assert_eq!(parse("a,\"x\"y\n"), Err(CsvError::AfterQuote(1)));
        assert_eq!(text_cell("=1+1"), "'=1+1");
        assert_eq!(text_cell("Olena"), "Olena");
    }
}
