//! The customer's card as a picture, one function for every place that shows it (`/card` in
//! the chat and the Mini App), so they cannot drift apart: the card's signed deep link as a QR
//! code, the number, and the stamp card. The drawing itself is in [`crate::picture::card`].

use sqlx::PgConnection;

use crate::{
    domain::{CardToken, Language},
    earning::{self, Status},
    ledger,
    picture::{self, card::CardArt},
    storage::{cards, cards::Card, customers::Customer, settings},
    t,
    telegram::App,
};

/// What the card shows (the chat's caption is made of it too).
pub struct CardFacts {
    pub card: Card,
    pub balance: i64,
    pub status: Status,
    pub holder: String,
    pub language: Language,
    pub shop_name: String,
    pub shop_colour: String,
}

/// The customer's active card (issuing one if an old one was retired) and its facts.
pub async fn facts(conn: &mut PgConnection, customer: &Customer) -> anyhow::Result<CardFacts> {
    let card = match cards::active_for_customer(conn, customer.id).await? {
        Some(card) => card,
        None => cards::issue(conn, customer.id).await?,
    };
    let balance = ledger::balance(conn, customer.account_id)
        .await?
        .available();
    let rules = settings::load(conn).await?;
    let status = earning::status(conn, customer.id, &rules).await?;
    Ok(CardFacts {
        card,
        balance,
        status,
        holder: customer.display_name().to_owned(),
        language: customer.language(),
        shop_name: rules.shop_name,
        shop_colour: rules.shop_colour,
    })
}

/// The card's QR code links to this (the staff's camera opens it in the bot).
pub fn link(app: &App, card: &Card) -> String {
    app.deep_link(&format!(
        "c_{}",
        CardToken::for_card(card.id).encode(&app.card_secret)
    ))
}

/// The PNG, drawn off the async threads (about a millisecond of CPU, see BENCHMARKS.md).
pub async fn render(app: &App, facts: &CardFacts) -> anyhow::Result<Vec<u8>> {
    let link = link(app, &facts.card);
    let number = facts.card.number.to_string();
    let stamps = facts
        .status
        .stamps
        .map(|(c, e)| (c.max(0).unsigned_abs(), e.max(0).unsigned_abs()));
    let tier = match &facts.status.tier {
        Some(name) => name.clone(),
        None => t!(facts.language, "tier-base"),
    };
    let (shop, holder) = (facts.shop_name.clone(), facts.holder.clone());
    let colour = picture::parse_colour(&facts.shop_colour).unwrap_or(picture::DEFAULT_COLOUR);
    Ok(tokio::task::spawn_blocking(move || {
        picture::card::render(&CardArt {
            link: &link,
            number: &number,
            shop: &shop,
            colour,
            holder: &holder,
            tier: &tier,
            stamps,
        })
    })
    .await??)
}
