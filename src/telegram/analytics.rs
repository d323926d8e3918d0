//! Owners' reports in the chat: `/stats [period]` (the chart photo with the numbers as its
//! caption and period buttons), `/export customers|ledger [period]` (CSV documents) and
//! `/import` (a CSV document of opening balances). Everyone else gets one short refusal.

use chrono::Utc;
use teloxide::{
    net::Download,
    prelude::*,
    types::{InlineKeyboardButton, InlineKeyboardMarkup, InputFile, ParseMode},
};

use super::{
    App, AppRef, HandlerResult, callback::CallbackData, commands::ReportCommand, customer::reply,
    send::deliver, stats_view, tg_id, till::staff_lang,
};
use crate::{
    analytics::{self, Period, export, import, import_draft},
    domain::Language,
    t,
};

pub async fn on_command(bot: Bot, msg: Message, cmd: ReportCommand, app: AppRef) -> HandlerResult {
    let Some(user) = msg.from.as_ref() else {
        return Ok(());
    };
    let lang = staff_lang(&app, user).await;
    let chat = msg.chat.id;
    if !app.is_owner(user) {
        return reply(&bot, chat, t!(lang, "owner-only"), None).await;
    }
    match cmd {
        ReportCommand::Stats(args) if args.trim().is_empty() => {
            send_stats(&bot, &app, chat, lang, Period::default()).await
        }
        ReportCommand::Stats(args) => match Period::parse(&args) {
            Some(period) => send_stats(&bot, &app, chat, lang, period).await,
            None => reply(&bot, chat, t!(lang, "stats-usage"), None).await,
        },
        ReportCommand::Export(args) if args.trim().is_empty() => {
            super::dialogue::export(&bot, &app, chat, lang).await
        }
        ReportCommand::Export(args) => match parse_export(&args) {
            Some(what) => export(&bot, &app, chat, lang, what).await,
            None => reply(&bot, chat, t!(lang, "export-usage"), None).await,
        },
        ReportCommand::Import(_) => super::dialogue::import(&bot, &app, chat, lang).await,
    }
}

/// A period button under a stats photo: the photo is replaced by the chosen period's.
pub async fn on_period(bot: Bot, q: CallbackQuery, app: AppRef, period: Period) -> HandlerResult {
    super::send::answer_callback(&bot, &q.id, None).await;
    let lang = staff_lang(&app, &q.from).await;
    let Some(message) = q.regular_message() else {
        return Ok(());
    };
    if !app.is_owner(&q.from) {
        return reply(&bot, message.chat.id, t!(lang, "owner-only"), None).await;
    }
    let (chat, id) = (message.chat.id, message.id);
    deliver("delete_stats", None, || {
        bot.delete_message(chat, id).into_future()
    })
    .await;
    send_stats(&bot, &app, chat, lang, period).await
}

async fn send_stats(
    bot: &Bot,
    app: &App,
    chat: ChatId,
    lang: Language,
    period: Period,
) -> HandlerResult {
    let now = Utc::now();
    let stats = analytics::stats::compute(&app.pool, period, now).await?;
    let buckets = analytics::chart::series(&app.pool, period, now).await?;
    let labels = chart_labels(lang);
    let png =
        tokio::task::spawn_blocking(move || analytics::chart::render(&buckets, &labels)).await??;
    let caption = stats_view::stats_text(app, lang, &stats);
    let buttons = stats_view::period_buttons(period);
    deliver("send_stats", Some(chat), || {
        bot.send_photo(chat, InputFile::memory(png.clone()).file_name("stats.png"))
            .caption(caption.clone())
            .parse_mode(ParseMode::Html)
            .reply_markup(buttons.clone())
            .into_future()
    })
    .await;
    Ok(())
}

/// The chart's axis titles and legend in the owner's language.
fn chart_labels(lang: Language) -> analytics::chart::Labels {
    analytics::chart::Labels {
        members_title: t!(lang, "chart-members-title"),
        points_title: t!(lang, "chart-points-title"),
        date_axis: t!(lang, "chart-axis-date"),
        members_axis: t!(lang, "chart-axis-members"),
        points_axis: t!(lang, "chart-axis-points"),
        members: t!(lang, "chart-legend-members"),
        issued: t!(lang, "chart-legend-issued"),
        redeemed: t!(lang, "chart-legend-redeemed"),
        date_format: crate::i18n::day_month_format(lang),
    }
}

/// What an owner exports.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Export {
    Customers,
    Ledger(Period),
}

/// `customers`, or `ledger [period]` (30 days by default).
fn parse_export(args: &str) -> Option<Export> {
    let mut words = args.split_whitespace();
    let what = words.next().map(str::to_ascii_lowercase);
    let period = match words.next() {
        None => Some(Period::default()),
        Some(p) => Period::parse(p),
    };
    match (what.as_deref(), period) {
        (Some("customers"), _) => Some(Export::Customers),
        (Some("ledger"), Some(period)) => Some(Export::Ledger(period)),
        _ => None,
    }
}

/// Sends the CSV document.
pub async fn export(
    bot: &Bot,
    app: &App,
    chat: ChatId,
    lang: Language,
    what: Export,
) -> HandlerResult {
    let file = export::TempFile::new("export");
    let today = Utc::now().format("%Y-%m-%d");
    let (name, rows, caption_key) = match what {
        Export::Customers => {
            let rows = export::customers(&app.pool, file.path()).await?;
            (
                format!("customers-{today}.csv"),
                rows,
                "export-customers-caption",
            )
        }
        Export::Ledger(period) => {
            let (from, to) = period.range(Utc::now());
            let rows = export::ledger(&app.pool, from, to, file.path()).await?;
            let name = format!("ledger-{}-{today}.csv", period.code());
            (name, rows, "export-ledger-caption")
        }
    };
    let caption = t!(lang, caption_key, rows = rows);
    deliver("send_export", Some(chat), || {
        bot.send_document(chat, InputFile::file(file.path()).file_name(name.clone()))
            .caption(caption.clone())
            .parse_mode(ParseMode::Html)
            .into_future()
    })
    .await;
    Ok(())
}

/// Which documents [`on_document`] takes: any with an `/import` caption (so that others are
/// told they may not), and any document from an owner (`/import`, then the file).
pub fn is_import_document(msg: Message, app: AppRef) -> bool {
    msg.document().is_some()
        && (msg
            .caption()
            .is_some_and(|c| c.trim_start().starts_with("/import"))
            || msg.from.as_ref().is_some_and(|u| app.is_owner(u)))
}

pub async fn on_document(bot: Bot, msg: Message, app: AppRef) -> HandlerResult {
    let (Some(user), Some(document)) = (msg.from.as_ref(), msg.document()) else {
        return Ok(());
    };
    let lang = staff_lang(&app, user).await;
    let chat = msg.chat.id;
    if !app.is_owner(user) {
        return reply(&bot, chat, t!(lang, "owner-only"), None).await;
    }
    if document.file.size > import::MAX_BYTES {
        return reply(&bot, chat, t!(lang, "import-too-large"), None).await;
    }
    let file = bot.get_file(document.file.id.clone()).await?;
    let mut bytes = Vec::with_capacity(file.size as usize);
    bot.download_file(&file.path, &mut bytes).await?;
    // A dry run first: the owner sees what the file would do and confirms (or not).
    let Some((rows, rejected)) = parse_or_explain(&bot, chat, lang, bytes.clone()).await? else {
        return Ok(());
    };
    let total = rows.len() + rejected.len();
    let report = import::import(&app.pool, &rows, rejected, tg_id(user), true).await?;
    let draft = import_draft::save(&app.pool, tg_id(user), &bytes).await?;
    let buttons = InlineKeyboardMarkup::new(vec![vec![
        InlineKeyboardButton::callback(
            t!(lang, "import-button-confirm"),
            CallbackData::ImportConfirm { draft }.encode(),
        ),
        InlineKeyboardButton::callback(
            t!(lang, "settings-button-cancel"),
            CallbackData::ImportCancel { draft }.encode(),
        ),
    ]]);
    let text = stats_view::import_preview(lang, total, &report);
    reply(&bot, chat, text, Some(buttons.into())).await
}

/// Parses an import file, or tells the owner why the whole file is refused (`None`).
async fn parse_or_explain(
    bot: &Bot,
    chat: ChatId,
    lang: Language,
    bytes: Vec<u8>,
) -> anyhow::Result<Option<(Vec<import::Row>, Vec<import::Rejected>)>> {
    let parsed = tokio::task::spawn_blocking(move || import::parse(&bytes)).await?;
    let text = match parsed {
        Ok(parsed) => return Ok(Some(parsed)),
        Err(import::ImportError::TooManyRows) => {
            t!(lang, "import-too-many-rows", max = import::MAX_ROWS)
        }
        Err(import::ImportError::OwnExport) => t!(lang, "import-own-export"),
        Err(e) => {
            tracing::info!(error = %e, "import file refused");
            t!(lang, "import-not-csv")
        }
    };
    reply(bot, chat, text, None).await?;
    Ok(None)
}

/// The preview's Confirm (import now, once) or Cancel: owners only.
pub async fn on_import_button(
    bot: Bot,
    q: CallbackQuery,
    app: AppRef,
    draft: i64,
    confirm: bool,
) -> HandlerResult {
    let Some(lang) = super::owner_button(&bot, &q, &app).await else {
        return Ok(());
    };
    super::send::answer_callback(&bot, &q.id, None).await;
    let chat = ChatId(tg_id(&q.from));
    if let Some(m) = q.regular_message() {
        // The preview stays as it was, without its buttons.
        let shown = m
            .text()
            .map(teloxide::utils::html::escape)
            .unwrap_or_default();
        super::send::edit_html(&bot, m.chat.id, m.id, shown, None).await;
    }
    if !confirm {
        let text = if import_draft::cancel(&app.pool, draft).await? {
            t!(lang, "import-cancelled")
        } else {
            t!(lang, "import-answered")
        };
        return reply(&bot, chat, text, None).await;
    }
    let Some(bytes) = import_draft::confirm(&app.pool, draft).await? else {
        return reply(&bot, chat, t!(lang, "import-answered"), None).await;
    };
    let Some((rows, rejected)) = parse_or_explain(&bot, chat, lang, bytes).await? else {
        return Ok(());
    };
    let report = import::import(&app.pool, &rows, rejected, tg_id(&q.from), false).await?;
    tracing::info!(
        imported = report.imported,
        already = report.already,
        rejected = report.rejected.len(),
        "opening balances imported"
    );
    reply(&bot, chat, stats_view::import_report(lang, &report), None).await
}
