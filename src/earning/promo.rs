//! Promo rules at the till and their storage (adding one goes through a draft the owner
//! confirms: [`super::promo_draft`]). A purchase on a day a rule runs (and in its
//! tier, if it names one) takes part: multipliers raise the points the purchase earns (the
//! highest applies), a bonus is paid once per customer.
//!
//! "First K customers" is exact under concurrency: a place is taken with the rule's row locked
//! (`FOR UPDATE`), counted in `participants`, and a CHECK keeps `participants <= first_k`. A
//! customer keeps their place (and a bonus its ledger key `promo:<rule>:<customer>`), so
//! neither a retry nor a second purchase pays twice.

use chrono::{DateTime, NaiveDate, Utc};
use rust_decimal::Decimal;
use sqlx::{PgConnection, PgPool};

use crate::{
    domain::Points,
    identity,
    ledger::{self, EntryKind, LedgerError, SystemAccount},
    rules::promo::{self, Effect},
    storage::{
        customers::Customer,
        purchase_bonuses::{self, BonusKind},
    },
};

/// A stored rule, with its tier's name.
#[derive(Clone, Debug, sqlx::FromRow)]
pub struct Rule {
    pub id: i64,
    pub multiplier: Option<Decimal>,
    pub bonus: Option<i64>,
    pub starts_on: NaiveDate,
    pub ends_on: NaiveDate,
    pub first_k: Option<i32>,
    pub tier_id: Option<i64>,
    pub tier_name: Option<String>,
    pub participants: i32,
}

impl Rule {
    pub fn effect(&self) -> Effect {
        match (self.multiplier, self.bonus) {
            (Some(m), _) => Effect::Multiplier(m),
            (None, b) => Effect::Bonus(b.unwrap_or(0)),
        }
    }
}

pub(super) const COLUMNS: &str =
    "r.id, r.multiplier, r.bonus, r.starts_on, r.ends_on, r.first_k, r.tier_id,
                       t.name AS tier_name, r.participants";

/// Rules not stopped and not over on `today`: running now or upcoming.
pub async fn live(pool: &PgPool, today: NaiveDate) -> sqlx::Result<Vec<Rule>> {
    sqlx::query_as(&format!(
        "SELECT {COLUMNS} FROM promo_rules r LEFT JOIN tiers t ON t.id = r.tier_id
         WHERE r.stopped_at IS NULL AND r.ends_on >= $1 ORDER BY r.starts_on, r.id"
    ))
    .bind(today)
    .fetch_all(pool)
    .await
}

/// Stops a rule from now on; false when it was already stopped or does not exist.
pub async fn stop(pool: &PgPool, id: i64, now: DateTime<Utc>) -> sqlx::Result<bool> {
    let r =
        sqlx::query("UPDATE promo_rules SET stopped_at = $2 WHERE id = $1 AND stopped_at IS NULL")
            .bind(id)
            .bind(now)
            .execute(pool)
            .await?;
    Ok(r.rows_affected() > 0)
}

/// Rules running on `day` for a customer at `tier_id`.
async fn running(
    conn: &mut PgConnection,
    day: NaiveDate,
    tier_id: Option<i64>,
) -> sqlx::Result<Vec<Rule>> {
    let rules: Vec<Rule> = sqlx::query_as(&format!(
        "SELECT {COLUMNS} FROM promo_rules r LEFT JOIN tiers t ON t.id = r.tier_id
         WHERE r.stopped_at IS NULL AND r.starts_on <= $1 AND r.ends_on >= $1
           AND (r.tier_id IS NULL OR r.tier_id IS NOT DISTINCT FROM $2)
         ORDER BY r.id"
    ))
    .bind(day)
    .bind(tier_id)
    .fetch_all(conn)
    .await?;
    Ok(rules
        .into_iter()
        .filter(|r| promo::runs_on(r.starts_on, r.ends_on, day))
        .collect())
}

/// A place for the customer in a rule: already theirs, newly taken, or none left. Newly taken
/// places are recorded with `purchase_key`.
async fn take_place(
    conn: &mut PgConnection,
    rule: &Rule,
    customer_id: i64,
    purchase_key: &str,
) -> sqlx::Result<Place> {
    let (participants, first_k): (i32, Option<i32>) =
        sqlx::query_as("SELECT participants, first_k FROM promo_rules WHERE id = $1 FOR UPDATE")
            .bind(rule.id)
            .fetch_one(&mut *conn)
            .await?;
    let mine: Option<String> = sqlx::query_scalar(
        "SELECT purchase_key FROM promo_participants WHERE rule_id = $1 AND customer_id = $2",
    )
    .bind(rule.id)
    .bind(customer_id)
    .fetch_optional(&mut *conn)
    .await?;
    if let Some(key) = mine {
        return Ok(Place::Held {
            here: key == purchase_key,
        });
    }
    if first_k.is_some_and(|k| participants >= k) {
        return Ok(Place::None);
    }
    sqlx::query(
        "INSERT INTO promo_participants (rule_id, customer_id, purchase_key) VALUES ($1, $2, $3)",
    )
    .bind(rule.id)
    .bind(customer_id)
    .bind(purchase_key)
    .execute(&mut *conn)
    .await?;
    sqlx::query("UPDATE promo_rules SET participants = participants + 1 WHERE id = $1")
        .bind(rule.id)
        .execute(&mut *conn)
        .await?;
    Ok(Place::Held { here: true })
}

enum Place {
    /// The customer takes part; `here`: the place was taken by this purchase.
    Held {
        here: bool,
    },
    None,
}

/// The multiplier for this purchase: the highest of the multiplier rules it meets (a rule with
/// "first K" counts only for customers holding one of its places).
pub async fn multiplier(
    conn: &mut PgConnection,
    customer_id: i64,
    tier_id: Option<i64>,
    day: NaiveDate,
    purchase_key: &str,
) -> sqlx::Result<Decimal> {
    let mut found = Vec::new();
    for rule in running(conn, day, tier_id).await? {
        let Effect::Multiplier(m) = rule.effect() else {
            continue;
        };
        if rule.first_k.is_none()
            || matches!(
                take_place(conn, &rule, customer_id, purchase_key).await?,
                Place::Held { .. }
            )
        {
            found.push(m);
        }
    }
    Ok(promo::best_multiplier(found))
}

/// Pays the bonus rules this purchase meets, once per customer per rule. Returns the points
/// paid now (a replayed purchase pays and returns nothing new).
pub async fn pay_bonuses(
    conn: &mut PgConnection,
    customer: &Customer,
    tier_id: Option<i64>,
    day: NaiveDate,
    purchase: (i64, &str),
) -> Result<i64, LedgerError> {
    let (purchase_id, purchase_key) = purchase;
    let mut paid = 0;
    for rule in running(conn, day, tier_id).await? {
        let Effect::Bonus(bonus) = rule.effect() else {
            continue;
        };
        // Once per person: a customer who erased their data and came back had it already.
        let gift = format!("promo:{}", rule.id);
        if identity::had_gift(conn, customer.id, &gift).await? {
            continue;
        }
        if !matches!(
            take_place(conn, &rule, customer.id, purchase_key).await?,
            Place::Held { here: true }
        ) {
            continue;
        }
        let Ok(points) = Points::new(bonus) else {
            continue;
        };
        let posted = ledger::credit(
            conn,
            SystemAccount::Promo,
            customer.account_id,
            points,
            EntryKind::Promo,
            format!("promo:{}:{}", rule.id, customer.id),
            serde_json::json!({ "rule": rule.id, "purchase": purchase_key }),
        )
        .await?;
        sqlx::query(
            "UPDATE promo_participants SET entry_id = $3 WHERE rule_id = $1 AND customer_id = $2",
        )
        .bind(rule.id)
        .bind(customer.id)
        .bind(posted.entry_id)
        .execute(&mut *conn)
        .await?;
        if !posted.replayed {
            identity::take_gift(conn, customer.id, &gift).await?;
            purchase_bonuses::record(conn, purchase_id, posted.entry_id, BonusKind::Promo).await?;
            paid += bonus;
        }
    }
    Ok(paid)
}

/// Bonus entries paid by the purchase with `purchase_key`, for an undo to reverse. The place
/// stays taken: "first K" counts customers who took part, even if a purchase was undone.
pub async fn bonus_entries(
    conn: &mut PgConnection,
    purchase_key: &str,
) -> sqlx::Result<Vec<ledger::EntryId>> {
    sqlx::query_scalar(
        "SELECT entry_id FROM promo_participants WHERE purchase_key = $1 AND entry_id IS NOT NULL",
    )
    .bind(purchase_key)
    .fetch_all(conn)
    .await
}
