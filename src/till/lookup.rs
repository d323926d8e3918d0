//! Finding a card from what a till has in hand: the typed number (spaces allowed, Luhn-checked)
//! or the text of the card's scanned QR code (the signed deep link, or its `c_<token>`
//! payload). Shared by the POS API and the Mini App's till.

use sqlx::PgConnection;

use crate::{
    domain::{CardNumber, CardSecret, CardToken, StartPayload},
    storage::{cards, cards::Card},
};

/// What `input` turned out to be.
#[derive(Debug)]
pub enum Lookup {
    /// An active card.
    Found(Card),
    /// A number or signed link naming no active card (or a link whose signature fails).
    Unknown,
    /// Neither a card number nor a card's QR code.
    NotACard,
}

pub async fn card(
    conn: &mut PgConnection,
    secret: &CardSecret,
    input: &str,
) -> sqlx::Result<Lookup> {
    let input = input.trim();
    let card = if let Ok(number) = CardNumber::parse(input) {
        cards::active_by_number(conn, &number).await?
    } else {
        let payload = input.rsplit_once("start=").map_or(input, |(_, p)| p);
        let StartPayload::Card(token) = StartPayload::parse(payload) else {
            return Ok(Lookup::NotACard);
        };
        match CardToken::verify(&token, secret) {
            Ok(t) => cards::active_by_id(conn, t.card_id()).await?,
            Err(_) => None,
        }
    };
    Ok(card.map_or(Lookup::Unknown, Lookup::Found))
}
