//! Spending points, only with the customer's consent: the cashier's request holds the points
//! and asks the customer; Confirm settles the hold, Decline or the timeout voids it. However
//! many times and however concurrently these arrive, one request spends at most once.

use chrono::{DateTime, Duration, Utc};
use sqlx::{PgConnection, PgPool};

use super::{Staff, TillError};
use crate::{
    domain::{Language, Money, Points},
    hooks_out,
    ledger::{self, SystemAccount, hold},
    rules,
    storage::{customers, settings},
};

#[derive(Clone, Debug)]
pub struct RedeemRequest<'a> {
    pub key: String,
    pub staff: &'a Staff,
    pub staff_chat_id: i64,
    pub staff_language: Language,
    pub customer_id: i64,
    pub points: Points,
    pub purchase_amount: Option<Money>,
    pub now: DateTime<Utc>,
    /// Set when a POS asks through the API (see [`crate::api`]): no staff chat follows it.
    pub api_key: Option<i64>,
}

#[derive(Clone, Debug, sqlx::FromRow)]
pub struct Redemption {
    pub id: i64,
    pub customer_id: i64,
    pub staff_chat_id: i64,
    pub staff_language: String,
    pub store: String,
    pub points: i64,
    pub status: String,
    pub hold_id: i64,
    pub customer_message_id: Option<i64>,
    pub staff_message_id: Option<i64>,
    pub expires_at: DateTime<Utc>,
    /// What the points were worth when asked (`None` on requests from before point values).
    pub money_value: Option<rust_decimal::Decimal>,
    /// The API key of the POS that asked, if one did.
    pub api_key_id: Option<i64>,
}

impl Redemption {
    pub fn staff_lang(&self) -> Language {
        Language::from_code(&self.staff_language).unwrap_or_default()
    }
}

const COLUMNS: &str = "id, customer_id, staff_chat_id, staff_language, store, points, status, hold_id, \
                       customer_message_id, staff_message_id, expires_at, money_value, api_key_id";

/// Holds the points and records the request; the caller then asks the customer.
pub async fn request(pool: &PgPool, req: &RedeemRequest<'_>) -> Result<Redemption, TillError> {
    let mut tx = pool.begin().await?;
    let rules = settings::load(&mut tx).await?;
    if !rules.programme_type.has_points() {
        return Err(TillError::NoPoints);
    }
    if let Some(amount) = req.purchase_amount {
        let max = rules::max_points_for(amount, rules.max_redeem_share, rules.point_value);
        if req.points.get() > max {
            return Err(TillError::OverCap { max });
        }
    }
    let customer = customers::by_id(&mut tx, req.customer_id)
        .await?
        .ok_or(TillError::NotFound)?;
    super::guards::not_own_card(req.staff, &customer)?;
    let to = ledger::system_account(&mut tx, SystemAccount::Redeemed).await?;
    let expires_at = req.now + Duration::seconds(i64::from(rules.redeem_timeout_secs));
    let hold_id = match hold::hold(
        &mut tx,
        &req.key,
        customer.account_id,
        to,
        req.points,
        expires_at,
    )
    .await
    {
        Ok(id) => id,
        Err(e) => return Err(super::refusal(&mut tx, customer.account_id, e).await),
    };
    let inserted: Option<Redemption> = sqlx::query_as(&format!(
        "INSERT INTO redemptions (customer_id, staff_tg_id, staff_chat_id, staff_language, store,
                                  points, purchase_amount, hold_id, expires_at, money_value,
                                  api_key_id)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)
         ON CONFLICT (hold_id) DO NOTHING RETURNING {COLUMNS}"
    ))
    .bind(customer.id)
    .bind(req.staff.tg_user_id)
    .bind(req.staff_chat_id)
    .bind(req.staff_language.code())
    .bind(&req.staff.store)
    .bind(req.points.get())
    .bind(req.purchase_amount.map(Money::value))
    .bind(hold_id)
    .bind(expires_at)
    .bind(rules::points_value(req.points.get(), rules.point_value))
    .bind(req.api_key)
    .fetch_optional(&mut *tx)
    .await?;
    let redemption = match inserted {
        Some(r) => r,
        None => by_hold(&mut tx, hold_id.0).await?,
    };
    tx.commit().await?;
    Ok(redemption)
}

async fn by_hold(conn: &mut PgConnection, hold_id: i64) -> Result<Redemption, TillError> {
    Ok(sqlx::query_as(&format!(
        "SELECT {COLUMNS} FROM redemptions WHERE hold_id = $1"
    ))
    .bind(hold_id)
    .fetch_one(conn)
    .await?)
}

/// Request `id` as it stands (for the POS API's status endpoint).
pub async fn find(pool: &PgPool, id: i64) -> sqlx::Result<Option<Redemption>> {
    sqlx::query_as(&format!("SELECT {COLUMNS} FROM redemptions WHERE id = $1"))
        .bind(id)
        .fetch_optional(pool)
        .await
}

async fn lock(conn: &mut PgConnection, id: i64) -> Result<Redemption, TillError> {
    sqlx::query_as(&format!(
        "SELECT {COLUMNS} FROM redemptions WHERE id = $1 FOR UPDATE"
    ))
    .bind(id)
    .fetch_optional(conn)
    .await?
    .ok_or(TillError::NotFound)
}

pub async fn set_messages(
    pool: &PgPool,
    id: i64,
    customer_msg: Option<i64>,
    staff_msg: Option<i64>,
) -> sqlx::Result<()> {
    sqlx::query(
        "UPDATE redemptions SET customer_message_id = COALESCE($2, customer_message_id),
                                staff_message_id = COALESCE($3, staff_message_id) WHERE id = $1",
    )
    .bind(id)
    .bind(customer_msg)
    .bind(staff_msg)
    .execute(pool)
    .await
    .map(drop)
}

/// How an answer changed the request: `changed` is false for a repeated answer (a double tap),
/// which callers acknowledge without notifying anyone again.
#[derive(Clone, Debug)]
pub struct Answered {
    pub redemption: Redemption,
    pub changed: bool,
    pub balance: i64,
}

/// The customer (`customer_tg`) confirms: the hold is posted, unless it has expired.
pub async fn confirm(
    pool: &PgPool,
    id: i64,
    customer_tg: i64,
    now: DateTime<Utc>,
) -> Result<Answered, TillError> {
    answer(pool, id, customer_tg, now, true).await
}

/// The customer declines: the hold is released.
pub async fn decline(
    pool: &PgPool,
    id: i64,
    customer_tg: i64,
    now: DateTime<Utc>,
) -> Result<Answered, TillError> {
    answer(pool, id, customer_tg, now, false).await
}

async fn answer(
    pool: &PgPool,
    id: i64,
    customer_tg: i64,
    now: DateTime<Utc>,
    yes: bool,
) -> Result<Answered, TillError> {
    let mut tx = pool.begin().await?;
    let mut r = lock(&mut tx, id).await?;
    let customer = customers::by_id(&mut tx, r.customer_id)
        .await?
        .ok_or(TillError::NotFound)?;
    if customer.tg_user_id != Some(customer_tg) {
        // Only the card's owner can answer; to anyone else the request does not exist.
        return Err(TillError::NotFound);
    }
    let wanted = if yes { "confirmed" } else { "declined" };
    let changed = match r.status.as_str() {
        // Answered already (a double tap, both buttons at once, or a re-run after the answer
        // was lost): nothing changes, and the handler shows the outcome as it is.
        "confirmed" | "declined" => false,
        "pending" if yes && now < r.expires_at => {
            let memo = serde_json::json!({ "redemption": r.id, "store": r.store });
            hold::settle(&mut tx, hold::HoldId(r.hold_id), now, memo).await?;
            true
        }
        "pending" if !yes => {
            hold::void(&mut tx, hold::HoldId(r.hold_id)).await?;
            true
        }
        "pending" => {
            // Confirmed too late: close it as expired, and say so.
            hold::void(&mut tx, hold::HoldId(r.hold_id)).await?;
            set_status(&mut tx, r.id, "expired").await?;
            tx.commit().await?;
            return Err(TillError::Closed);
        }
        _ => return Err(TillError::Closed),
    };
    if changed {
        set_status(&mut tx, r.id, wanted).await?;
        r.status = wanted.to_owned();
    }
    let balance = super::available(&mut tx, customer.account_id).await?;
    if changed {
        let event = hooks_out::Event::RedemptionAnswered {
            id: r.id,
            customer: customer.id,
            points: r.points,
            store: r.store.clone(),
            balance,
            confirmed: yes,
        };
        hooks_out::record(&mut tx, event).await?;
    }
    tx.commit().await?;
    Ok(Answered {
        redemption: r,
        changed,
        balance,
    })
}

async fn set_status(conn: &mut PgConnection, id: i64, status: &str) -> sqlx::Result<()> {
    sqlx::query("UPDATE redemptions SET status = $2 WHERE id = $1")
        .bind(id)
        .bind(status)
        .execute(conn)
        .await
        .map(drop)
}

/// Expires every pending request past its deadline and releases its points. Safe to run from
/// several bot processes at once: rows are claimed with `FOR UPDATE SKIP LOCKED`.
pub async fn expire_due(pool: &PgPool, now: DateTime<Utc>) -> Result<Vec<Redemption>, TillError> {
    let mut tx = pool.begin().await?;
    let due: Vec<Redemption> = sqlx::query_as(&format!(
        "SELECT {COLUMNS} FROM redemptions WHERE status = 'pending' AND expires_at <= $1
         ORDER BY id LIMIT 200 FOR UPDATE SKIP LOCKED"
    ))
    .bind(now)
    .fetch_all(&mut *tx)
    .await?;
    for r in &due {
        hold::void(&mut tx, hold::HoldId(r.hold_id)).await?;
        set_status(&mut tx, r.id, "expired").await?;
    }
    tx.commit().await?;
    Ok(due)
}
