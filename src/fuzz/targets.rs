//! Every parser of user input, each with examples of what people type and the property it must
//! keep: never panic, and where the type has a written form (Display, encode), writing what was
//! parsed and parsing it again gives the same value.

use chrono::{NaiveDate, TimeZone, Utc};

use crate::{
    analytics::{self, csv},
    broadcast::{audience, button::UrlButton, schedule},
    domain::{CardNumber, CardSecret, CardToken, Money, Points, StartPayload},
    extras::{birthday::Birthday, coupons},
    rules,
    sandbox::emulator::markup,
    telegram::callback::CallbackData,
};

/// One parser under test.
pub struct Target {
    pub name: &'static str,
    pub examples: &'static [&'static str],
    /// `Err` describes a broken property; a panic is caught by the runner.
    pub check: fn(&str) -> Result<(), String>,
}

pub const TARGETS: &[Target] = &[
    Target {
        name: "amount",
        examples: &[
            "1250,50", "1 250.50", "0.5", "10000000", "12.345", "-5", "1e9",
        ],
        check: amount,
    },
    Target {
        name: "points",
        examples: &["150", "0", "-3", "1 000", "99999999999999999999"],
        check: points,
    },
    Target {
        name: "card_number",
        examples: &["4821 0394 7712", "482103947712", "4821-0394-7712", "123"],
        check: card_number,
    },
    Target {
        name: "start_payload",
        examples: &[
            "c_AAAAAAAAAAqODDuO8I54PZ75Io8",
            "r_vkyEm7gpSk",
            "s_abc",
            "k_SUMMER",
            "x_1",
        ],
        check: start_payload,
    },
    Target {
        name: "card_token",
        examples: &[
            "AAAAAAAAAAqODDuO8I54PZ75Io8",
            "AAAAAAAAACkyUbErDWVgU1zv-GQ",
            "",
        ],
        check: card_token,
    },
    Target {
        name: "callback_data",
        examples: &[
            "u:99",
            "rc:93",
            "rf:22:0",
            "h:10",
            "cd:5:100:1250",
            "pa:3:1",
            "l:ru",
        ],
        check: callback_data,
    },
    Target {
        name: "csv",
        examples: &[
            "card,points\r\n482103947712,100\r\n",
            "\"a,b\",\"c\"\"d\"\n",
            "\u{feff}x\n\ny",
        ],
        check: csv_records,
    },
    Target {
        name: "import_rows",
        examples: &[
            "card,points\n482103947712,100\n",
            "+380501234567,50",
            "phone,balance\n+1 555,7",
        ],
        check: import_rows,
    },
    Target {
        name: "promo_html",
        examples: &[
            "Double points <b>today</b>",
            "<a href=\"https://x.y\">go</a> &amp; <i>more</i>",
            "<tg-spoiler>s</tg-spoiler><pre><code class=\"language-rust\">x</code></pre>",
            "<blockquote expandable>q</blockquote> &lt;3 &#65;",
        ],
        check: promo_html,
    },
    Target {
        name: "coupon",
        examples: &[
            "SUMMER bonus 100 limit 500 until 2026-12-31",
            "SAVE10 discount 10% limit 100 until 2026-12-31 from 2026-12-01",
        ],
        check: coupon,
    },
    Target {
        name: "promo_rule",
        examples: &[
            "x2 2026-11-28 2026-11-30",
            "+200 2026-12-01 2026-12-07 first 100 tier Gold",
            "x1.5 2026-12-03 2026-12-03",
        ],
        check: promo_rule,
    },
    Target {
        name: "birthday",
        examples: &["24.12.1990", "29.02", "1/2/2000", "31-04-1999"],
        check: birthday,
    },
    Target {
        name: "promo_button",
        examples: &["Shop now | https://example.com/a?b=c", "x|http://y"],
        check: promo_button,
    },
    Target {
        name: "audience_params",
        examples: &["100", "30", "500 30", "1 250,50 90"],
        check: audience_params,
    },
    Target {
        name: "schedule",
        examples: &["2026-12-24 18:00", "2027-01-01 00:00"],
        check: schedule_time,
    },
    Target {
        name: "stats_period",
        examples: &["7d", "30d", "90d", "365d", "all"],
        check: stats_period,
    },
];

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 12, 3).unwrap_or_default()
}

fn same<T: PartialEq + std::fmt::Debug>(what: &str, first: T, again: T) -> Result<(), String> {
    if first == again {
        Ok(())
    } else {
        Err(format!(
            "{what}: {first:?} written and parsed again gives {again:?}"
        ))
    }
}

fn amount(s: &str) -> Result<(), String> {
    match Money::parse(s) {
        Ok(m) => same("amount", Ok(m), Money::parse(&m.to_string())),
        Err(_) => Ok(()),
    }
}

fn points(s: &str) -> Result<(), String> {
    match Points::parse(s) {
        Ok(p) => same("points", Ok(p), Points::parse(&p.to_string())),
        Err(_) => Ok(()),
    }
}

fn card_number(s: &str) -> Result<(), String> {
    let Ok(n) = CardNumber::parse(s) else {
        return Ok(());
    };
    same("card digits", Ok(n), CardNumber::parse(&n.digits()))?;
    same("card as printed", Ok(n), CardNumber::parse(&n.to_string()))
}

fn start_payload(s: &str) -> Result<(), String> {
    let p = StartPayload::parse(s);
    let written = match &p {
        StartPayload::Card(x) => format!("c_{x}"),
        StartPayload::Referral(x) => format!("r_{x}"),
        StartPayload::StaffInvite(x) => format!("s_{x}"),
        StartPayload::Coupon(x) => format!("k_{x}"),
        StartPayload::None => String::new(),
        StartPayload::Unknown => return Ok(()),
    };
    same("start payload", p.clone(), StartPayload::parse(&written))
}

fn card_token(s: &str) -> Result<(), String> {
    let secret = CardSecret::new(b"fuzz-card-secret-0123456789".to_vec());
    if let Ok(t) = CardToken::verify(s, &secret) {
        same(
            "card token",
            Ok(t),
            CardToken::verify(&t.encode(&secret), &secret),
        )?;
    }
    // Any card id encodes to a token that verifies to it.
    let id = s
        .bytes()
        .fold(7i64, |h, b| h.wrapping_mul(31).wrapping_add(i64::from(b)))
        .abs();
    let token = CardToken::for_card(id).encode(&secret);
    same(
        "card id",
        Ok(id),
        CardToken::verify(&token, &secret).map(|t| t.card_id()),
    )
}

fn callback_data(s: &str) -> Result<(), String> {
    let Some(d) = CallbackData::decode(s) else {
        return Ok(());
    };
    let encoded = d.encode();
    if encoded.len() > 64 {
        return Err(format!(
            "{d:?} encodes to {} bytes (Telegram allows 64)",
            encoded.len()
        ));
    }
    same("callback data", Some(d), CallbackData::decode(&encoded))
}

fn csv_records(s: &str) -> Result<(), String> {
    let Ok(records) = csv::parse(s) else {
        return Ok(());
    };
    let mut out = Vec::new();
    for r in &records {
        csv::write_record(&mut out, &r.fields).map_err(|e| e.to_string())?;
    }
    let written = String::from_utf8(out).map_err(|e| e.to_string())?;
    let again = csv::parse(&written).map_err(|e| format!("{written:?} does not parse: {e}"))?;
    let fields = |rs: &[csv::Record]| rs.iter().map(|r| r.fields.clone()).collect::<Vec<_>>();
    same("csv records", fields(&records), fields(&again))
}

fn import_rows(s: &str) -> Result<(), String> {
    let _ = analytics::import::parse(s.as_bytes());
    Ok(())
}

fn promo_html(s: &str) -> Result<(), String> {
    let Ok(r) = markup::render(s, Some("HTML")) else {
        return Ok(());
    };
    // What the customer sees, escaped again, shows the same.
    let escaped = teloxide::utils::html::escape(&r.text);
    let again = markup::render(&escaped, Some("HTML")).map(|r| r.text);
    same("promo text", Ok(r.text), again)
}

fn coupon(s: &str) -> Result<(), String> {
    let _ = coupons::parse_code(s);
    let _ = coupons::CouponSpec::parse(s, today());
    Ok(())
}

fn promo_rule(s: &str) -> Result<(), String> {
    let _ = rules::promo::parse(s, today());
    Ok(())
}

fn birthday(s: &str) -> Result<(), String> {
    let Ok(b) = Birthday::parse(s, today()) else {
        return Ok(());
    };
    same("birthday", Ok(b), Birthday::parse(&b.display(), today()))
}

fn promo_button(s: &str) -> Result<(), String> {
    let Ok(b) = UrlButton::parse(s) else {
        return Ok(());
    };
    same(
        "button",
        Ok(b.clone()),
        UrlButton::parse(&format!("{} | {}", b.label, b.url)),
    )
}

fn audience_params(s: &str) -> Result<(), String> {
    let _ = audience::parse_points(s);
    let _ = audience::parse_days(s);
    let _ = audience::parse_spent(s);
    Ok(())
}

fn schedule_time(s: &str) -> Result<(), String> {
    let now = Utc
        .with_ymd_and_hms(2026, 12, 3, 12, 0, 0)
        .single()
        .unwrap_or_default();
    let _ = schedule::parse_when(s, now);
    Ok(())
}

fn stats_period(s: &str) -> Result<(), String> {
    match analytics::Period::parse(s) {
        Some(p) => same("period", Some(p), analytics::Period::parse(p.code())),
        None => Ok(()),
    }
}
