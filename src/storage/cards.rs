use chrono::{DateTime, Utc};
use sqlx::PgConnection;

use crate::domain::CardNumber;

#[derive(Clone, Debug)]
pub struct Card {
    pub id: i64,
    pub customer_id: i64,
    pub number: CardNumber,
    pub issued_at: DateTime<Utc>,
}

type Row = (i64, i64, String, DateTime<Utc>);

fn from_row((id, customer_id, number, issued_at): Row) -> Result<Card, sqlx::Error> {
    let number = CardNumber::parse(&number).map_err(|e| sqlx::Error::Decode(Box::new(e)))?;
    Ok(Card {
        id,
        customer_id,
        number,
        issued_at,
    })
}

/// Issues a new active card with a fresh random number, retrying on the (rare) collision.
pub async fn issue(conn: &mut PgConnection, customer_id: i64) -> Result<Card, sqlx::Error> {
    loop {
        let number = CardNumber::generate(&mut rand::thread_rng());
        let row: Option<Row> = sqlx::query_as(
            "INSERT INTO cards (customer_id, number) VALUES ($1, $2)
             ON CONFLICT (number) DO NOTHING
             RETURNING id, customer_id, number, issued_at",
        )
        .bind(customer_id)
        .bind(number.digits())
        .fetch_optional(&mut *conn)
        .await?;
        if let Some(row) = row {
            return from_row(row);
        }
    }
}

pub async fn active_for_customer(
    conn: &mut PgConnection,
    customer_id: i64,
) -> Result<Option<Card>, sqlx::Error> {
    let row: Option<Row> = sqlx::query_as(
        "SELECT id, customer_id, number, issued_at FROM cards WHERE customer_id = $1 AND active",
    )
    .bind(customer_id)
    .fetch_optional(conn)
    .await?;
    row.map(from_row).transpose()
}

/// An active card by id (from a verified QR token).
pub async fn active_by_id(conn: &mut PgConnection, id: i64) -> Result<Option<Card>, sqlx::Error> {
    let row: Option<Row> = sqlx::query_as(
        "SELECT id, customer_id, number, issued_at FROM cards WHERE id = $1 AND active",
    )
    .bind(id)
    .fetch_optional(conn)
    .await?;
    row.map(from_row).transpose()
}

/// An active card by its number (typed at the till).
pub async fn active_by_number(
    conn: &mut PgConnection,
    number: &CardNumber,
) -> Result<Option<Card>, sqlx::Error> {
    let row: Option<Row> = sqlx::query_as(
        "SELECT id, customer_id, number, issued_at FROM cards WHERE number = $1 AND active",
    )
    .bind(number.digits())
    .fetch_optional(conn)
    .await?;
    row.map(from_row).transpose()
}
