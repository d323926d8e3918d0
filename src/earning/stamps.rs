//! The stamp card: every purchase of at least `stamp_min_amount` adds a stamp; the Nth
//! (`stamp_every`) completes the card, pays the gift and starts a new card.
//!
//! Undo and refunds: a purchase undone, or refunded below the minimum, loses its stamp while
//! its card is still being collected. A purchase that completed a card and is undone or fully
//! refunded loses its stamp and its gift points (taken back with its other bonuses, see
//! [`crate::till::bonuses`]), and the card is open again ([`reopen`]). A partial refund of a
//! completing purchase keeps the gift: the purchase still happened.

use rust_decimal::Decimal;
use sqlx::PgConnection;

use crate::{
    domain::Points,
    ledger::{self, EntryKind, LedgerError, SystemAccount},
    rules::levels,
    storage::{
        customers::Customer,
        purchase_bonuses::{self, BonusKind},
        settings::ProgramSettings,
    },
};

/// The card after a purchase: stamps collected of `every`, and the gift when it completed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StampOutcome {
    pub added: bool,
    pub collected: i32,
    pub every: i32,
    pub gift: Option<Gift>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Gift {
    pub points: i64,
    pub text: Option<String>,
}

/// Locks the customer's stamp card (creating it) and returns its number.
async fn lock_card(conn: &mut PgConnection, customer_id: i64) -> sqlx::Result<i32> {
    sqlx::query("INSERT INTO stamp_cards (customer_id) VALUES ($1) ON CONFLICT DO NOTHING")
        .bind(customer_id)
        .execute(&mut *conn)
        .await?;
    sqlx::query_scalar("SELECT card_no FROM stamp_cards WHERE customer_id = $1 FOR UPDATE")
        .bind(customer_id)
        .fetch_one(conn)
        .await
}

async fn count(conn: &mut PgConnection, customer_id: i64, card_no: i32) -> sqlx::Result<i32> {
    let n: i64 =
        sqlx::query_scalar("SELECT COUNT(*) FROM stamps WHERE customer_id = $1 AND card_no = $2")
            .bind(customer_id)
            .bind(card_no)
            .fetch_one(conn)
            .await?;
    Ok(i32::try_from(n).unwrap_or(i32::MAX))
}

/// Stamps on the current card and the card size; `None` when there is no stamp card.
pub async fn progress(
    conn: &mut PgConnection,
    customer_id: i64,
    rules: &ProgramSettings,
) -> sqlx::Result<Option<(i32, i32)>> {
    let Some(every) = rules.stamp_every else {
        return Ok(None);
    };
    let card_no: Option<i32> =
        sqlx::query_scalar("SELECT card_no FROM stamp_cards WHERE customer_id = $1")
            .bind(customer_id)
            .fetch_optional(&mut *conn)
            .await?;
    let collected = count(conn, customer_id, card_no.unwrap_or(0)).await?;
    Ok(Some((collected.min(every), every)))
}

/// Adds the purchase's stamp when it qualifies; on the Nth, pays the gift points (key
/// `stamp:<customer>:<card>`, so a replay never pays twice) and starts a new card.
pub async fn on_purchase(
    conn: &mut PgConnection,
    customer: &Customer,
    purchase_id: i64,
    amount: Decimal,
    rules: &ProgramSettings,
) -> Result<Option<StampOutcome>, LedgerError> {
    let Some(every) = rules.stamp_every else {
        return Ok(None);
    };
    let card_no = lock_card(conn, customer.id).await?;
    let collected = count(conn, customer.id, card_no).await?;
    if amount < rules.stamp_min_amount {
        return Ok(Some(StampOutcome {
            added: false,
            collected: collected.min(every),
            every,
            gift: None,
        }));
    }
    sqlx::query("INSERT INTO stamps (purchase_id, customer_id, card_no) VALUES ($1, $2, $3)")
        .bind(purchase_id)
        .bind(customer.id)
        .bind(card_no)
        .execute(&mut *conn)
        .await?;
    let step = levels::add_stamp(collected, every);
    if !step.full {
        return Ok(Some(StampOutcome {
            added: true,
            collected: step.collected,
            every,
            gift: None,
        }));
    }
    sqlx::query("UPDATE stamp_cards SET card_no = card_no + 1 WHERE customer_id = $1")
        .bind(customer.id)
        .execute(&mut *conn)
        .await?;
    // Points only mean something when the programme has points.
    let points = if rules.programme_type.has_points() {
        rules.stamp_gift_points
    } else {
        0
    };
    if let Ok(p) = Points::new(points) {
        // A card reopened by an undo pays again when it is completed again.
        let key = purchase_bonuses::bonus_key(
            conn,
            &format!("stamp:{}:{card_no}", customer.id),
            purchase_id,
        )
        .await?;
        let memo = serde_json::json!({ "purchase": purchase_id, "card": card_no });
        let posted = ledger::credit(
            conn,
            SystemAccount::Stamps,
            customer.account_id,
            p,
            EntryKind::Stamp,
            key,
            memo,
        )
        .await?;
        purchase_bonuses::record(conn, purchase_id, posted.entry_id, BonusKind::Stamp).await?;
    }
    Ok(Some(StampOutcome {
        added: true,
        collected: every,
        every,
        gift: Some(Gift {
            points: points.max(0),
            text: rules.stamp_gift.clone(),
        }),
    }))
}

/// Takes the purchase's stamp back when `remaining` (what is left of it after an undo or a
/// refund) no longer qualifies and its card has not been completed yet.
pub async fn on_reversal(
    conn: &mut PgConnection,
    purchase_id: i64,
    remaining: Decimal,
    min_amount: Decimal,
) -> sqlx::Result<()> {
    if remaining >= min_amount && remaining > Decimal::ZERO {
        return Ok(());
    }
    sqlx::query(
        "DELETE FROM stamps s USING stamp_cards c
         WHERE s.purchase_id = $1 AND c.customer_id = s.customer_id AND s.card_no = c.card_no",
    )
    .bind(purchase_id)
    .execute(conn)
    .await
    .map(drop)
}

/// The purchase was undone or fully refunded. A stamp on the card being collected goes (as in
/// [`on_reversal`]); a stamp that completed a card goes too, and that card is open again when
/// no stamp was added to the next one since (the usual case: an undo comes within minutes).
/// Otherwise the completed card stays closed one stamp short: the newer card is kept, and no
/// gift is paid twice.
pub async fn reopen(conn: &mut PgConnection, purchase_id: i64) -> sqlx::Result<()> {
    let stamp: Option<(i64, i32)> =
        sqlx::query_as("SELECT customer_id, card_no FROM stamps WHERE purchase_id = $1")
            .bind(purchase_id)
            .fetch_optional(&mut *conn)
            .await?;
    let Some((customer, card)) = stamp else {
        return Ok(());
    };
    let current = lock_card(conn, customer).await?;
    sqlx::query("DELETE FROM stamps WHERE purchase_id = $1")
        .bind(purchase_id)
        .execute(&mut *conn)
        .await?;
    if current == card + 1 && count(conn, customer, current).await? == 0 {
        sqlx::query("UPDATE stamp_cards SET card_no = $2 WHERE customer_id = $1")
            .bind(customer)
            .bind(card)
            .execute(&mut *conn)
            .await?;
    }
    Ok(())
}
