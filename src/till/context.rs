//! Everything a purchase reads before it writes, in one round trip: the customer (row locked
//! until the purchase commits), the programme settings, the tiers and the customer's tier,
//! whether any promo rule runs today, the `earned:purchases` account, a redemption confirmed
//! on this card screen that the purchase uses, an earlier purchase under the same key (a
//! re-delivered update), and whether any outbound webhook would want the purchase event.
//!
//! Why one query: a purchase used to read these with eight statements, each a round trip
//! that the cashier waits for and that both CPUs pay for (issue #14). Reading them together,
//! inside the purchase's own transaction, keeps the old guarantee that a settings change
//! applies to purchases posted after it, with no cache to invalidate.

use chrono::Duration;
use rust_decimal::Decimal;
use sqlx::{FromRow, PgConnection, Row};

use super::purchase::PurchaseRequest;
use crate::{
    earning::Standing,
    ledger::{AccountId, SystemAccount},
    rules::levels::Tier,
    storage::{
        customers::{self, Customer},
        settings::{self, ProgramSettings},
    },
};

/// How long a confirmed redemption waits for the purchase it pays for.
const REDEMPTION_WINDOW: Duration = Duration::minutes(30);

/// What [`load`] read.
pub(super) struct PurchaseContext {
    pub customer: Customer,
    pub rules: ProgramSettings,
    pub standing: Standing,
    /// `earned:purchases`, where purchase points come from.
    pub earned_account: AccountId,
    /// (redemption, points): confirmed by the customer for this staff member in the last 30
    /// minutes and not yet used by a purchase.
    pub redemption: Option<(i64, i64)>,
    /// (receipt, points) of the purchase already posted under this key.
    pub replay: Option<(i64, i64)>,
    /// Whether any outbound webhook is live (if none, no event is recorded).
    pub hooks_live: bool,
}

/// Reads the context and locks the customer; `None` when there is no such customer.
pub(super) async fn load(
    conn: &mut PgConnection,
    req: &PurchaseRequest<'_>,
) -> sqlx::Result<Option<PurchaseContext>> {
    // Subqueries keep the two column lists apart (both tables have an `id`).
    let row = sqlx::query(&format!(
        "SELECT c.*, s.*, t.*, p.id AS replay_id, p.points AS replay_points,
                r.id AS redemption_id, r.points AS redemption_points,
                EXISTS (SELECT 1 FROM promo_rules r
                        WHERE r.stopped_at IS NULL AND r.starts_on <= $3 AND r.ends_on >= $3)
                    AS promos_today,
                (SELECT a.id FROM accounts a WHERE a.code = $4) AS earned_account,
                EXISTS (SELECT 1 FROM webhook_endpoints w
                        WHERE w.disabled_at IS NULL AND w.removed_at IS NULL) AS hooks_live
         FROM (SELECT {customers}, tier_id FROM customers WHERE id = $1 FOR UPDATE) c
         CROSS JOIN (SELECT {settings} FROM program_settings WHERE id = 1) s
         CROSS JOIN (SELECT array_agg(id ORDER BY min_spend, id) AS tier_ids,
                            array_agg(name ORDER BY min_spend, id) AS tier_names,
                            array_agg(min_spend ORDER BY min_spend, id) AS tier_min_spends,
                            array_agg(earn_rate ORDER BY min_spend, id) AS tier_earn_rates
                     FROM tiers) t
         LEFT JOIN purchases p ON p.idempotency_key = $2
         LEFT JOIN LATERAL (
             SELECT r.id, r.points FROM redemptions r
             WHERE r.customer_id = $1 AND r.staff_tg_id = $5 AND r.status = 'confirmed'
               AND r.created_at > $6
               AND NOT EXISTS (SELECT 1 FROM purchases u WHERE u.redemption_id = r.id)
             ORDER BY r.id DESC LIMIT 1) r ON TRUE",
        customers = customers::COLUMNS,
        settings = settings::COLUMNS,
    ))
    .bind(req.customer_id)
    .bind(&req.key)
    .bind(req.now.date_naive())
    .bind(SystemAccount::Purchases.code())
    .bind(req.staff.tg_user_id)
    .bind(req.now - REDEMPTION_WINDOW)
    .fetch_optional(conn)
    .await?;
    let Some(row) = row else {
        return Ok(None);
    };
    let tiers = tiers(&row)?;
    let tier_id: Option<i64> = row.try_get("tier_id")?;
    let tier = tier_id.and_then(|id| tiers.iter().find(|t| t.id == id).cloned());
    let replay_id: Option<i64> = row.try_get("replay_id")?;
    let replay_points: Option<i64> = row.try_get("replay_points")?;
    let redemption_id: Option<i64> = row.try_get("redemption_id")?;
    let redemption_points: Option<i64> = row.try_get("redemption_points")?;
    Ok(Some(PurchaseContext {
        customer: Customer::from_row(&row)?,
        rules: ProgramSettings::from_row(&row)?,
        standing: Standing {
            tiers,
            tier,
            promos_today: row.try_get("promos_today")?,
        },
        earned_account: row.try_get("earned_account")?,
        redemption: redemption_id.zip(redemption_points),
        replay: replay_id.zip(replay_points),
        hooks_live: row.try_get("hooks_live")?,
    }))
}

/// The tiers, lowest threshold first, from the four parallel arrays (NULL when there are none).
fn tiers(row: &sqlx::postgres::PgRow) -> sqlx::Result<Vec<Tier>> {
    let ids: Option<Vec<i64>> = row.try_get("tier_ids")?;
    let names: Option<Vec<String>> = row.try_get("tier_names")?;
    let min_spends: Option<Vec<Decimal>> = row.try_get("tier_min_spends")?;
    let earn_rates: Option<Vec<Decimal>> = row.try_get("tier_earn_rates")?;
    Ok(ids
        .unwrap_or_default()
        .into_iter()
        .zip(names.unwrap_or_default())
        .zip(min_spends.unwrap_or_default())
        .zip(earn_rates.unwrap_or_default())
        .map(|(((id, name), min_spend), earn_rate)| Tier {
            id,
            name,
            min_spend,
            earn_rate,
        })
        .collect())
}
