//! `/history`: the customer's latest operations, a page at a time, with Newer / Older
//! buttons that edit the same message.

use teloxide::{prelude::*, types::ParseMode};

use super::{App, AppRef, HandlerResult, customer::reply, keyboards, send::deliver};
use crate::{
    domain::Language,
    ledger::{self, EntryKind},
    storage::customers::Customer,
    t,
};

const HISTORY_PAGE: u32 = 10;

/// One page of history: sent fresh, or edited in place when a page button was pressed.
pub(super) async fn show_history(
    bot: &Bot,
    app: &App,
    customer: &Customer,
    chat: ChatId,
    edit: Option<teloxide::types::MessageId>,
    offset: u32,
) -> HandlerResult {
    let lang = customer.language();
    let mut conn = app.pool.acquire().await?;
    let mut lines = ledger::statement(
        &mut conn,
        customer.account_id,
        i64::from(HISTORY_PAGE) + 1,
        i64::from(offset),
    )
    .await?;
    let has_older = lines.len() > HISTORY_PAGE as usize;
    lines.truncate(HISTORY_PAGE as usize);
    let text = if lines.is_empty() {
        t!(lang, "history-empty")
    } else {
        let mut text = t!(lang, "history-title");
        for line in &lines {
            let (date, what) = describe(lang, line);
            text.push('\n');
            text.push_str(&t!(
                lang,
                "history-line",
                date = date,
                what = what,
                amount = signed(line.amount)
            ));
        }
        text
    };
    let newer = (offset > 0).then(|| offset.saturating_sub(HISTORY_PAGE));
    let older = has_older.then(|| offset + HISTORY_PAGE);
    let markup = keyboards::history_pages(lang, newer, older);
    match edit {
        None => reply(bot, chat, text, Some(markup.into())).await,
        Some(id) => {
            deliver("edit_history", Some(chat), || {
                bot.edit_message_text(chat, id, text.clone())
                    .parse_mode(ParseMode::Html)
                    .reply_markup(markup.clone())
                    .into_future()
            })
            .await;
            Ok(())
        }
    }
}

pub async fn on_history_page(
    bot: Bot,
    q: CallbackQuery,
    app: AppRef,
    offset: u32,
) -> HandlerResult {
    super::send::answer_callback(&bot, &q.id, None).await;
    let (Some(customer), Some(message)) = (app.customer_of(&q.from).await?, q.regular_message())
    else {
        return Ok(());
    };
    show_history(
        &bot,
        &app,
        &customer,
        message.chat.id,
        Some(message.id),
        offset,
    )
    .await
}

/// A statement line as the customer reads it: the date in their format, and what it was.
pub(crate) fn describe(lang: Language, line: &ledger::StatementLine) -> (String, String) {
    let what = match (line.kind, line.reverses_kind) {
        (EntryKind::Reversal, Some(original)) => {
            t!(
                lang,
                "history-reversal-of",
                what = t!(lang, kind_key(original))
            )
        }
        (EntryKind::ClawBack, Some(original)) => {
            t!(
                lang,
                "history-clawback-of",
                what = t!(lang, kind_key(original))
            )
        }
        (kind, _) => t!(lang, kind_key(kind)),
    };
    (crate::i18n::date(lang, line.at), what)
}

fn kind_key(kind: EntryKind) -> &'static str {
    match kind {
        EntryKind::Welcome => "history-kind-welcome",
        EntryKind::Referral => "history-kind-referral",
        EntryKind::Purchase => "history-kind-purchase",
        EntryKind::Redemption => "history-kind-redemption",
        EntryKind::Reversal => "history-kind-reversal",
        EntryKind::Refund => "history-kind-refund",
        EntryKind::Expiry => "history-kind-expiry",
        EntryKind::Import => "history-kind-import",
        EntryKind::Adjustment => "history-kind-adjustment",
        EntryKind::Stamp => "history-kind-stamp",
        EntryKind::Promo => "history-kind-promo",
        EntryKind::Birthday => "history-kind-birthday",
        EntryKind::Coupon => "history-kind-coupon",
        EntryKind::Feedback => "history-kind-feedback",
        EntryKind::ClawBack => "history-kind-clawback",
    }
}

fn signed(n: i64) -> String {
    if n > 0 {
        format!("+{n}")
    } else {
        format!("−{}", n.unsigned_abs())
    }
}
