//! How tiers, the discount card, stamps and promo rules show up in chats: extra lines on the
//! card screens and receipts, and the tier-move notices the job loop delivers.

use teloxide::{prelude::*, utils::html::escape};

use super::{App, send};
use crate::{
    domain::Language,
    earning::{Extras, Status, stamps::StampOutcome, tiers},
    rules::levels::{Move, percent_text},
    storage::{customers, settings},
    t,
};

/// The tier's name as shown (the base level is localized).
pub fn tier_name(lang: Language, status: &Status) -> String {
    match &status.tier {
        Some(name) => escape(name),
        None => t!(lang, "tier-base"),
    }
}

/// Who reads the card's status: the cashier applies the discount, the customer has it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Reader {
    Cashier,
    Customer,
}

/// The customer's card caption: number, balance (a discount-only programme has no points, so
/// none), tier, discount and stamps.
pub fn card_caption(lang: Language, number: &str, balance: i64, status: &Status) -> String {
    let head = if status.has_points {
        t!(lang, "card-caption", number = number, balance = balance)
    } else {
        t!(lang, "earn-card-caption-no-points", number = number)
    };
    let tier = t!(lang, "earn-card-tier", tier = tier_name(lang, status));
    let rest = with_lines(tier, &status_lines(lang, status, Reader::Customer));
    with_lines(head, &rest)
}

/// Discount and stamps collected, one line each (empty when neither applies).
pub fn status_lines(lang: Language, status: &Status, reader: Reader) -> String {
    let mut lines = Vec::new();
    if let Some(p) = status.discount {
        let key = match reader {
            Reader::Cashier => "earn-card-discount",
            Reader::Customer => "earn-card-discount-customer",
        };
        lines.push(t!(lang, key, percent = percent_text(p)));
    }
    if let Some((collected, every)) = status.stamps {
        lines.push(t!(
            lang,
            "earn-card-stamps",
            collected = collected,
            every = every
        ));
    }
    lines.join("\n")
}

fn stamp_lines(lang: Language, s: &StampOutcome, lines: &mut Vec<String>) {
    match &s.gift {
        None => lines.push(t!(
            lang,
            "earn-card-stamps",
            collected = s.collected,
            every = s.every
        )),
        Some(gift) => {
            lines.push(t!(lang, "earn-stamp-full", every = s.every));
            if gift.points > 0 {
                lines.push(t!(lang, "earn-stamp-gift-points", points = gift.points));
            }
            if let Some(text) = &gift.text {
                lines.push(t!(lang, "earn-stamp-gift-text", gift = escape(text)));
            }
        }
    }
}

/// What a purchase did beyond its points: promo multiplier and bonus, stamps.
pub fn receipt_lines(lang: Language, extras: &Extras) -> String {
    let mut lines = Vec::new();
    if let Some(m) = extras.multiplier {
        lines.push(t!(
            lang,
            "earn-promo-multiplied",
            multiplier = percent_text(m)
        ));
    }
    if extras.bonus > 0 {
        lines.push(t!(lang, "earn-promo-bonus", points = extras.bonus));
    }
    if let Some(s) = &extras.stamps {
        stamp_lines(lang, s, &mut lines);
    }
    lines.join("\n")
}

/// Appends `extra` on its own line when there is any.
pub fn with_lines(mut text: String, extra: &str) -> String {
    if !extra.is_empty() {
        text.push('\n');
        text.push_str(extra);
    }
    text
}

/// Delivers queued tier-move notices (see [`tiers::claim_notices`]): the due ones (the job
/// loop), or one customer's right after their receipt. A discount-only programme has no points,
/// so its notices name the tier without an earn rate.
pub async fn send_tier_notices(bot: &Bot, app: &App, customer: Option<i64>) -> anyhow::Result<()> {
    let notices = tiers::claim_notices(&app.pool, customer, 50).await?;
    if notices.is_empty() {
        return Ok(());
    }
    let rules = settings::load(&mut *app.pool.acquire().await?).await?;
    let has_points = rules.programme_type.has_points();
    for n in notices {
        let customer = customers::by_id(&mut *app.pool.acquire().await?, n.customer_id).await?;
        let Some((chat, lang)) = customer.and_then(|c| c.chat_id.map(|id| (id, c.language())))
        else {
            continue;
        };
        let name = n
            .tier_name
            .as_deref()
            .map_or_else(|| t!(lang, "tier-base"), escape);
        let dir = if n.up { Move::Up } else { Move::Down };
        let key = match (dir, has_points) {
            (Move::Up, true) => "earn-tier-up",
            (Move::Down, true) => "earn-tier-down",
            (Move::Up, false) => "earn-tier-up-no-points",
            (Move::Down, false) => "earn-tier-down-no-points",
        };
        let text = t!(lang, key, tier = name, rate = percent_text(n.earn_rate));
        send::html(bot, ChatId(chat), text, None).await;
    }
    Ok(())
}
