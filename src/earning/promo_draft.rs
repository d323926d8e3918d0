//! `/rules add` in two steps: the typed rule is stored as a draft and shown back to the owner
//! with Confirm / Cancel buttons bound to the draft's id.
//!
//! A draft is a `promo_rules` row stopped before it ever ran: `stopped_at = '-infinity'`.
//! Every query for live rules already asks for `stopped_at IS NULL`, so a draft never applies
//! at the till or shows in `/rules`, with no schema change. Confirm is one conditional
//! `UPDATE` (a double tap, two processes or a stale button: exactly one wins, the rest are told
//! it is already added); Cancel deletes the row, leaving the tables as if nothing was typed.
//! Drafts nobody answered are purged after a week, when the next one is added.

use chrono::NaiveDate;
use rust_decimal::Decimal;
use sqlx::PgPool;

use super::promo::{COLUMNS, Rule};
use crate::{
    rules::promo::{Effect, RuleSpec},
    storage::settings,
};

/// How a draft is marked (see the module docs).
const DRAFT: &str = "'-infinity'::timestamptz";

#[derive(Debug, thiserror::Error)]
pub enum AddError {
    #[error("no tier named {0:?}")]
    UnknownTier(String),
    /// A discount-only programme earns no points: a rule would do nothing.
    #[error("the programme has no points")]
    NoPoints,
    #[error("database error")]
    Db(#[from] sqlx::Error),
}

/// Stores a parsed rule as a draft; the tier is looked up by name (case-insensitive).
/// Returns the draft as stored and the earn rate of the level it is for (the tier's, or the
/// base rate), for the preview's example.
pub async fn add(pool: &PgPool, spec: &RuleSpec, owner: i64) -> Result<(Rule, Decimal), AddError> {
    let mut tx = pool.begin().await?;
    let rules = settings::load(&mut tx).await?;
    if !rules.programme_type.has_points() {
        return Err(AddError::NoPoints);
    }
    let tier = match &spec.tier {
        None => None,
        Some(name) => Some(
            sqlx::query_as::<_, (i64, Decimal)>(
                "SELECT id, earn_rate FROM tiers WHERE lower(name) = lower($1)",
            )
            .bind(name)
            .fetch_optional(&mut *tx)
            .await?
            .ok_or_else(|| AddError::UnknownTier(name.clone()))?,
        ),
    };
    let (multiplier, bonus) = match spec.effect {
        Effect::Multiplier(m) => (Some(m), None),
        Effect::Bonus(b) => (None, Some(b)),
    };
    sqlx::query(&format!(
        "DELETE FROM promo_rules WHERE stopped_at = {DRAFT} AND created_at < now() - interval '7 days'"
    ))
    .execute(&mut *tx)
    .await?;
    let id: i64 = sqlx::query_scalar(&format!(
        "INSERT INTO promo_rules (multiplier, bonus, starts_on, ends_on, first_k, tier_id,
                                  created_by, stopped_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, {DRAFT}) RETURNING id"
    ))
    .bind(multiplier)
    .bind(bonus)
    .bind(spec.starts_on)
    .bind(spec.ends_on)
    .bind(spec.first_k)
    .bind(tier.map(|t| t.0))
    .bind(owner)
    .fetch_one(&mut *tx)
    .await?;
    let rule = by_id(&mut tx, id).await?;
    tx.commit().await?;
    Ok((rule, tier.map_or(rules.earn_rate, |t| t.1)))
}

async fn by_id(conn: &mut sqlx::PgConnection, id: i64) -> sqlx::Result<Rule> {
    sqlx::query_as(&format!(
        "SELECT {COLUMNS} FROM promo_rules r LEFT JOIN tiers t ON t.id = r.tier_id WHERE r.id = $1"
    ))
    .bind(id)
    .fetch_one(conn)
    .await
}

/// What a Confirm or Cancel tap did.
#[derive(Clone, Debug)]
pub enum Outcome {
    /// Confirmed: the rule is live from now on.
    Added(Rule),
    /// Cancelled: the draft is gone.
    Cancelled,
    /// Confirmed before (by this tap's twin, or long ago): nothing changed.
    AlreadyAdded,
    /// Cancelled before, expired, or its tier was deleted: nothing changed.
    Gone,
    /// Its last day passed while it waited: nothing changed (the draft stays, for Cancel).
    Over,
}

/// Makes the draft a live rule, once.
pub async fn confirm(pool: &PgPool, id: i64, today: NaiveDate) -> sqlx::Result<Outcome> {
    let mut tx = pool.begin().await?;
    let done: Option<i64> = sqlx::query_scalar(&format!(
        "UPDATE promo_rules SET stopped_at = NULL
         WHERE id = $1 AND stopped_at = {DRAFT} AND ends_on >= $2 RETURNING id"
    ))
    .bind(id)
    .bind(today)
    .fetch_optional(&mut *tx)
    .await?;
    let outcome = match done {
        Some(id) => Outcome::Added(by_id(&mut tx, id).await?),
        None => match state(&mut tx, id).await? {
            None => Outcome::Gone,
            Some(true) => Outcome::Over,
            Some(false) => Outcome::AlreadyAdded,
        },
    };
    tx.commit().await?;
    Ok(outcome)
}

/// Deletes the draft; a confirmed rule is left alone (it has its Stop button).
pub async fn cancel(pool: &PgPool, id: i64) -> sqlx::Result<Outcome> {
    let mut tx = pool.begin().await?;
    let deleted = sqlx::query(&format!(
        "DELETE FROM promo_rules WHERE id = $1 AND stopped_at = {DRAFT}"
    ))
    .bind(id)
    .execute(&mut *tx)
    .await?;
    let outcome = if deleted.rows_affected() > 0 {
        Outcome::Cancelled
    } else if state(&mut tx, id).await?.is_some() {
        Outcome::AlreadyAdded
    } else {
        Outcome::Gone
    };
    tx.commit().await?;
    Ok(outcome)
}

/// Whether rule `id` exists and, if so, is still a draft.
async fn state(conn: &mut sqlx::PgConnection, id: i64) -> sqlx::Result<Option<bool>> {
    sqlx::query_scalar(&format!(
        "SELECT stopped_at IS NOT DISTINCT FROM {DRAFT} FROM promo_rules WHERE id = $1"
    ))
    .bind(id)
    .fetch_optional(conn)
    .await
}
