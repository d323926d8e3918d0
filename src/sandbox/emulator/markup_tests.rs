use serde_json::json;

use super::render;

fn html(text: &str) -> Result<super::Rendered, String> {
    render(text, Some("HTML"))
}

#[test]
fn html_renders_text_and_utf16_entities() {
    let shown =
        html("Hi 👋 <b>Alice</b>, <a href=\"https://t.me/x?a=1&amp;b=2\">link</a>").expect("valid");
    assert_eq!(shown.text, "Hi 👋 Alice, link");
    assert_eq!(
        shown.entities,
        [
            json!({"type": "bold", "offset": 6, "length": 5}),
            json!({"type": "text_link", "offset": 13, "length": 4, "url": "https://t.me/x?a=1&b=2"}),
        ]
    );
}

#[test]
fn escaped_user_text_shows_as_typed() {
    let shown = html("Name: <i>&lt;b&gt;&amp;_*</i> &#39;&#x41;").expect("escaped");
    assert_eq!(shown.text, "Name: <b>&_* 'A");
}

#[test]
fn unescaped_user_text_is_refused() {
    let unclosed = html("Name: <b>&_*").expect_err("raw user text");
    assert!(unclosed.starts_with("can't parse entities: "), "{unclosed}");
    let ampersand = html("Fish & chips").expect_err("bare &");
    assert_eq!(
        ampersand,
        "can't parse entities: unescaped \"&\" at byte offset 5, use &amp;"
    );
    let greater = html("a > b").expect_err("bare >");
    assert_eq!(
        greater,
        "can't parse entities: unescaped \">\" at byte offset 2, use &gt;"
    );
    let less = html("a <3 b").expect_err("bare <");
    assert_eq!(
        less,
        "can't parse entities: Unclosed start tag at byte offset 2"
    );
}

#[test]
fn html_tags_must_be_telegrams_and_balanced() {
    let unsupported = html("<div>x</div>").expect_err("div");
    assert_eq!(
        unsupported,
        "can't parse entities: Unsupported start tag \"div\" at byte offset 0"
    );
    let crossed = html("<b><i>x</b></i>").expect_err("crossed");
    assert_eq!(
        crossed,
        "can't parse entities: Unmatched end tag at byte offset 7, expected \"</i>\", found \"</b>\""
    );
    let open = html("<b>x").expect_err("unclosed");
    assert_eq!(
        open,
        "can't parse entities: Can't find end tag corresponding to start tag \"b\""
    );
    let stray = html("x</b>").expect_err("stray end tag");
    assert_eq!(
        stray,
        "can't parse entities: Unexpected end tag at byte offset 1"
    );
    assert!(html("<span>x</span>").is_err());
    let spoiler =
        html("<span class=\"tg-spoiler\">x</span> <tg-spoiler>y</tg-spoiler>").expect("spoilers");
    assert_eq!(spoiler.entities.len(), 2);
    let nested = html("<pre><code class=\"language-rust\">fn</code></pre>").expect("pre+code");
    assert_eq!(nested.text, "fn");
}

#[test]
fn markdown_v2_requires_escaping_reserved_characters() {
    let shown = render(
        "*Balance:* 10\\.5 _pts_ [site](https://e.x/a\\)b)",
        Some("MarkdownV2"),
    )
    .expect("valid");
    assert_eq!(shown.text, "Balance: 10.5 pts site");
    assert_eq!(
        shown.entities[0],
        json!({"type": "bold", "offset": 0, "length": 8})
    );
    assert_eq!(shown.entities[2]["url"], "https://e.x/a)b");
    let dot = render("Total 10.5", Some("MarkdownV2")).expect_err("unescaped dot");
    assert_eq!(
        dot,
        "can't parse entities: Character '.' is reserved and must be escaped with the preceding '\\'"
    );
    let open = render("*bold", Some("MarkdownV2")).expect_err("unclosed");
    assert_eq!(
        open,
        "can't parse entities: Can't find end of Bold entity at byte offset 0"
    );
    let code =
        render("`a.b_c` and ```rust\nlet x = 1;```", Some("MarkdownV2")).expect("code is literal");
    assert_eq!(code.text, "a.b_c and let x = 1;");
    assert_eq!(code.entities[1]["language"], "rust");
    let quote = render(">quoted\nplain", Some("MarkdownV2")).expect("blockquote");
    assert_eq!(quote.text, "quoted\nplain");
    assert_eq!(
        quote.entities[0],
        json!({"type": "blockquote", "offset": 0, "length": 6})
    );
}

#[test]
fn legacy_markdown_and_plain_text() {
    let shown = render("*bold* _it_ `c` [l](http://x) a\\_b", Some("Markdown")).expect("valid");
    assert_eq!(shown.text, "bold it c l a_b");
    assert_eq!(shown.entities.len(), 4);
    assert!(render("*open", Some("Markdown")).is_err());
    assert_eq!(render("<b>&", None).expect("plain").text, "<b>&");
    assert_eq!(
        render("x", Some("html")).expect("case-insensitive").text,
        "x"
    );
    assert_eq!(
        render("x", Some("BBCode")).expect_err("unknown mode"),
        "unsupported parse_mode"
    );
}
