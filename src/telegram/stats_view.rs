//! How `/stats` and the `/import` report read: [`Stats`] and [`Report`] turned into the owner's
//! language, and the period buttons.

use teloxide::{
    types::{InlineKeyboardButton, InlineKeyboardMarkup},
    utils::html::escape,
};

use super::{App, callback::CallbackData};
use crate::{
    analytics::{
        Period, Stats,
        import::{Rejection, Report},
    },
    domain::Language,
    t,
};

/// What Telegram accepts in a photo caption.
const CAPTION_CHARS: usize = 1024;
/// A comment in `/stats` is cut after this many characters.
const COMMENT_CHARS: usize = 120;

/// How many rejected rows the import report lists one by one.
const REJECTED_SHOWN: usize = 20;

pub fn period_name(lang: Language, period: Period) -> String {
    t!(lang, &format!("stats-period-{}", period.code()))
}

/// The stats as the chart photo's caption (HTML, well under Telegram's 1024 characters).
pub fn stats_text(app: &App, lang: Language, s: &Stats) -> String {
    let money = |v| app.money(lang, v);
    let dash = || "—".to_owned();
    let mut lines = vec![
        t!(lang, "stats-title", period = period_name(lang, s.period)),
        t!(
            lang,
            "stats-members",
            total = s.members_total,
            new = s.members_new,
            active = s.members_active
        ),
        t!(
            lang,
            "stats-purchases",
            count = s.purchases,
            revenue = money(s.revenue),
            average = s.average_check().map_or_else(dash, money)
        ),
        t!(
            lang,
            "stats-visits",
            visits = s
                .visits_per_active()
                .map_or_else(dash, |v| format!("{v:.2}"))
        ),
        t!(
            lang,
            "stats-points",
            issued = s.points_issued,
            redeemed = s.points_redeemed,
            expired = s.points_expired
        ),
        t!(
            lang,
            "stats-outstanding",
            points = s.points_outstanding,
            liability = money(s.liability())
        ),
        t!(
            lang,
            "stats-referrals",
            joined = s.referred_new,
            converted = s.referral_conversions
        ),
    ];
    lines.push(
        match s.retention.and_then(|r| r.percent().map(|p| (r, p))) {
            Some((r, percent)) => t!(
                lang,
                "stats-retention",
                percent = format!("{percent:.1}"),
                retained = r.retained,
                previous = r.previous_active
            ),
            None => t!(lang, "stats-retention-none"),
        },
    );
    lines.push(match s.average_rating {
        Some(average) => t!(
            lang,
            "stats-ratings",
            average = format!("{average:.1}"),
            count = s.ratings
        ),
        None => t!(lang, "stats-ratings-none"),
    });
    lines.push(t!(lang, "stats-chart-legend"));
    let mut text = lines.join("\n");
    // Comments go last, as many as fit in a caption; counting HTML (tags and escapes included)
    // overestimates what Telegram counts, so the caption never runs over.
    let mut header = Some(t!(lang, "stats-comments"));
    for c in &s.comments {
        let comment: String = c.text.chars().take(COMMENT_CHARS).collect();
        let ellipsis = if comment.len() < c.text.len() {
            "…"
        } else {
            ""
        };
        let line = format!(
            "\n{} {}{ellipsis}",
            "★".repeat(c.rating.clamp(0, 5) as usize),
            escape(&comment)
        );
        let head = header.take().map(|h| format!("\n{h}")).unwrap_or_default();
        if text.chars().count() + head.chars().count() + line.chars().count() > CAPTION_CHARS {
            break;
        }
        text.push_str(&head);
        text.push_str(&line);
    }
    text
}

/// One button per period; the shown one is marked.
pub fn period_buttons(shown: Period) -> InlineKeyboardMarkup {
    let row = Period::ALL
        .into_iter()
        .map(|p| {
            let name = p.code().to_owned();
            let label = if p == shown {
                format!("• {name}")
            } else {
                name
            };
            InlineKeyboardButton::callback(label, CallbackData::StatsPeriod(p).encode())
        })
        .collect::<Vec<_>>();
    InlineKeyboardMarkup::new([row])
}

pub fn import_report(lang: Language, r: &Report) -> String {
    let mut lines = vec![t!(
        lang,
        "import-report",
        imported = r.imported,
        already = r.already,
        pending = r.phones_pending,
        zero = r.zero,
        rejected = r.rejected.len()
    )];
    lines.extend(rejected_lines(lang, r));
    lines.join("\n")
}

/// What an import of a file of `rows` rows would do (a dry run): points, cards already used
/// here, rejections.
pub fn import_preview(lang: Language, rows: usize, r: &Report) -> String {
    let mut lines = vec![t!(
        lang,
        "import-preview",
        rows = rows,
        points = r.points,
        cards = r.imported,
        pending = r.phones_pending,
        already = r.already,
        zero = r.zero,
        active = r.with_activity(),
        rejected = r.rejected.len()
    )];
    lines.extend(rejected_lines(lang, r));
    lines.push(t!(lang, "import-preview-confirm"));
    lines.join("\n")
}

fn rejected_lines(lang: Language, r: &Report) -> Vec<String> {
    let mut lines = Vec::new();
    for rejected in r.rejected.iter().take(REJECTED_SHOWN) {
        lines.push(t!(
            lang,
            "import-rejected-line",
            line = rejected.line,
            reason = reason(lang, &rejected.reason)
        ));
    }
    if r.rejected.len() > REJECTED_SHOWN {
        lines.push(t!(
            lang,
            "import-rejected-more",
            count = r.rejected.len() - REJECTED_SHOWN
        ));
    }
    lines
}

fn reason(lang: Language, r: &Rejection) -> String {
    match r {
        Rejection::Missing => t!(lang, "import-reason-missing"),
        Rejection::BadCard => t!(lang, "import-reason-bad-card"),
        Rejection::BadPhone => t!(lang, "import-reason-bad-phone"),
        Rejection::BadPoints => t!(lang, "import-reason-bad-points"),
        Rejection::Negative => t!(lang, "import-reason-negative"),
        Rejection::TooMany => t!(
            lang,
            "import-reason-too-many",
            max = crate::analytics::import::MAX_POINTS
        ),
        Rejection::Duplicate { first_line } => {
            t!(lang, "import-reason-duplicate", first = *first_line)
        }
        Rejection::UnknownCard => t!(lang, "import-reason-unknown-card"),
        Rejection::HasActivity => t!(lang, "import-reason-has-activity"),
        Rejection::OtherAmount { imported } => {
            t!(lang, "import-reason-other-amount", imported = *imported)
        }
    }
}
