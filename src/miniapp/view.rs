//! What the Mini App shows of a card, for the customer (`/app/api/me`) and at the till
//! (`/app/api/till/open`): raw values for the page's logic, and the same facts as sentences in
//! the reader's language, formatted by Fluent on the server (so plurals are right in every
//! language and the page needs no plural rules of its own).

use chrono::Utc;
use serde::Serialize;
use sqlx::PgConnection;

use crate::{
    domain::Language,
    earning::{self, tiers},
    extras::coupons,
    ledger,
    rules::levels::percent_text,
    storage::{cards::Card, customers::Customer, settings},
    t,
    telegram::{App, history},
};

/// How many operations the customer page lists.
const HISTORY_LINES: i64 = 10;

#[derive(Debug, Serialize)]
pub struct CardView {
    pub first_name: String,
    /// Grouped for reading: `4821 0394 7712`.
    pub card_number: String,
    /// `•••• 7712`, for the till.
    pub masked: String,
    /// Points the customer can spend now.
    pub balance: i64,
    /// Points held by redemption requests awaiting the customer's answer.
    pub pending: i64,
    pub has_points: bool,
    /// The tier's name; `null` at the base level.
    pub tier: Option<String>,
    pub stamps: Option<Stamps>,
    /// Sentences in the reader's language.
    pub text: CardText,
    pub coupons: Vec<String>,
    /// Newest first (customers only; empty at the till).
    pub history: Vec<HistoryLine>,
    /// The shop's name and colour, as on the card picture (the page takes its accent from it).
    pub shop_name: String,
    pub shop_colour: String,
}

#[derive(Debug, Serialize)]
pub struct Stamps {
    pub collected: i32,
    pub every: i32,
}

#[derive(Debug, Default, Serialize)]
pub struct CardText {
    pub balance: String,
    pub tier: String,
    pub next_tier: Option<String>,
    pub discount: Option<String>,
    pub stamps: Option<String>,
    pub pending: Option<String>,
}

#[derive(Debug, Serialize)]
pub struct HistoryLine {
    pub date: String,
    pub what: String,
    /// Signed: `+62`, `-100`.
    pub points: String,
}

/// Who reads the card: the customer sees their history, the till sees the discount to apply.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Reader {
    Customer,
    Till,
}

pub async fn card_view(
    conn: &mut PgConnection,
    app: &App,
    customer: &Customer,
    card: &Card,
    lang: Language,
    reader: Reader,
) -> anyhow::Result<CardView> {
    let balance = ledger::balance(conn, customer.account_id).await?;
    let rules = settings::load(conn).await?;
    let status = earning::status(conn, customer.id, &rules).await?;
    let all = tiers::all(conn).await?;
    let spent = tiers::spend(
        conn,
        customer.id,
        Some(tiers::period_start(&rules, Utc::now())),
    )
    .await?;
    // Tiers come ordered by threshold: the next one is the first not yet reached.
    let next_tier = all.iter().find(|t| t.min_spend > spent).map(|t| {
        t!(
            lang,
            "miniapp-next-tier",
            amount = app.money(lang, t.min_spend - spent),
            tier = t.name.clone()
        )
    });
    let available = balance.available();
    let text = CardText {
        balance: if status.has_points {
            t!(lang, "miniapp-points", points = available)
        } else {
            t!(lang, "miniapp-no-points")
        },
        tier: t!(
            lang,
            "miniapp-tier",
            tier = status.tier.clone().unwrap_or_else(|| t!(lang, "tier-base"))
        ),
        next_tier,
        discount: status.discount.map(|p| {
            let key = match reader {
                Reader::Till => "miniapp-discount-apply",
                Reader::Customer => "miniapp-discount",
            };
            t!(lang, key, percent = percent_text(p))
        }),
        stamps: status.stamps.map(|(collected, every)| {
            t!(lang, "miniapp-stamps", collected = collected, every = every)
        }),
        pending: (balance.pending > 0)
            .then(|| t!(lang, "miniapp-pending", points = balance.pending)),
    };
    let coupons = coupons::open_discounts(conn, customer.id, Utc::now().date_naive())
        .await?
        .into_iter()
        .map(|o| format!("{} −{}%", o.code, o.percent))
        .collect();
    let history = match reader {
        Reader::Till => Vec::new(),
        Reader::Customer => ledger::statement(conn, customer.account_id, HISTORY_LINES, 0)
            .await?
            .iter()
            .take(HISTORY_LINES as usize)
            .map(|line| {
                let (date, what) = history::describe(lang, line);
                let points = if line.amount > 0 {
                    format!("+{}", line.amount)
                } else {
                    line.amount.to_string()
                };
                HistoryLine { date, what, points }
            })
            .collect(),
    };
    Ok(CardView {
        first_name: customer.display_name().to_owned(),
        card_number: card.number.to_string(),
        masked: card.number.masked(),
        balance: available,
        pending: balance.pending,
        has_points: status.has_points,
        tier: status.tier,
        stamps: status
            .stamps
            .map(|(collected, every)| Stamps { collected, every }),
        text,
        coupons,
        history,
        shop_name: rules.shop_name,
        shop_colour: rules.shop_colour,
    })
}
