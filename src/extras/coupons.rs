//! Coupons: the owner creates a code ([`CouponSpec::parse`], [`create`]) for a flyer; a
//! customer opening `t.me/<bot>?start=k_<code>` claims it ([`claim`]): bonus points at once
//! (ledger key `coupon:<coupon>:<customer>`), or a discount the cashier applies on the card
//! screen ([`apply`], once per claim). The claim locks the coupon row, so its total limit is
//! exact under concurrency; `coupon_claims_once` makes one claim per customer a fact.

use chrono::{NaiveDate, Utc};
use rust_decimal::Decimal;
use sqlx::{PgConnection, PgPool, Row};

use super::ExtrasError;
use crate::{
    domain::Points,
    ledger::{self, EntryKind, SystemAccount},
    storage::customers::Customer,
};

pub use super::coupon_spec::{
    CouponSpec, CouponValue, MAX_BONUS, MAX_LIMIT, MIN_NEW_CODE, SpecError, parse_code,
};

/// Codes a person may try without success per hour: enough for a typo or two, far too few to
/// find codes by guessing.
pub const MAX_FAILED_PER_HOUR: i64 = 5;

/// A coupon as listed to the owner.
#[derive(Clone, Debug)]
pub struct Coupon {
    pub id: i64,
    pub code: String,
    pub value: CouponValue,
    pub limit: i32,
    pub uses: i32,
    pub from: NaiveDate,
    pub until: NaiveDate,
    pub stopped: bool,
}

impl Coupon {
    fn from_row(r: &sqlx::postgres::PgRow) -> Self {
        let value = match r.get::<Option<i64>, _>("bonus_points") {
            Some(p) => CouponValue::Bonus(p),
            None => CouponValue::Discount(
                r.get::<Option<Decimal>, _>("discount_percent")
                    .unwrap_or_default()
                    .normalize(),
            ),
        };
        Self {
            id: r.get("id"),
            code: r.get("code"),
            value,
            limit: r.get("use_limit"),
            uses: r.get("uses"),
            from: r.get("valid_from"),
            until: r.get("valid_until"),
            stopped: r
                .get::<Option<chrono::DateTime<Utc>>, _>("stopped_at")
                .is_some(),
        }
    }
}

const COLUMNS: &str = "id, code, bonus_points, discount_percent, use_limit, uses, valid_from, \
                       valid_until, stopped_at";

/// Creates the coupon; `None` when the code is taken.
pub async fn create(pool: &PgPool, spec: &CouponSpec, owner: i64) -> sqlx::Result<Option<Coupon>> {
    let (kind, bonus, percent) = match spec.value {
        CouponValue::Bonus(p) => ("bonus", Some(p), None),
        CouponValue::Discount(d) => ("discount", None, Some(d)),
    };
    let row = sqlx::query(&format!(
        "INSERT INTO coupons (code, kind, bonus_points, discount_percent, use_limit,
                              valid_from, valid_until, created_by)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
         ON CONFLICT (code) DO NOTHING RETURNING {COLUMNS}"
    ))
    .bind(&spec.code)
    .bind(kind)
    .bind(bonus)
    .bind(percent)
    .bind(spec.limit)
    .bind(spec.from)
    .bind(spec.until)
    .bind(owner)
    .fetch_optional(pool)
    .await?;
    Ok(row.as_ref().map(Coupon::from_row))
}

/// The latest coupons first.
pub async fn list(pool: &PgPool) -> sqlx::Result<Vec<Coupon>> {
    let rows = sqlx::query(&format!(
        "SELECT {COLUMNS} FROM coupons ORDER BY id DESC LIMIT 30"
    ))
    .fetch_all(pool)
    .await?;
    Ok(rows.iter().map(Coupon::from_row).collect())
}

/// Stops a coupon; `false` if it was already stopped or does not exist.
pub async fn stop(pool: &PgPool, id: i64) -> sqlx::Result<bool> {
    let done =
        sqlx::query("UPDATE coupons SET stopped_at = now() WHERE id = $1 AND stopped_at IS NULL")
            .bind(id)
            .execute(pool)
            .await?;
    Ok(done.rows_affected() == 1)
}

/// What a claim did.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Claimed {
    Bonus { code: String, points: i64 },
    Discount { code: String, percent: Decimal },
}

/// Why a claim was refused (nothing changed).
#[derive(Debug, thiserror::Error)]
pub enum ClaimError {
    #[error("no such coupon")]
    Unknown,
    #[error("not valid yet")]
    NotYet,
    #[error("expired or stopped")]
    Expired,
    #[error("every use is taken")]
    Exhausted,
    #[error("already claimed by this customer")]
    AlreadyClaimed,
    #[error("too many codes tried without success in the last hour")]
    TooManyAttempts,
    #[error(transparent)]
    Failed(#[from] ExtrasError),
}

impl From<sqlx::Error> for ClaimError {
    fn from(e: sqlx::Error) -> Self {
        Self::Failed(e.into())
    }
}

impl ClaimError {
    /// A code this customer cannot use (whatever the reason: the chat gives one answer for all,
    /// so nobody learns which codes exist by trying them).
    pub fn unusable(&self) -> bool {
        matches!(
            self,
            Self::Unknown | Self::NotYet | Self::Expired | Self::Exhausted | Self::AlreadyClaimed
        )
    }
}

/// Claims `code` for `customer`, unless this person tried [`MAX_FAILED_PER_HOUR`] codes that
/// they could not use in the last hour (counted per person, so erasing one's data does not
/// reset it). Every unusable code counts.
pub async fn claim(pool: &PgPool, code: &str, customer: &Customer) -> Result<Claimed, ClaimError> {
    let failed: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM coupon_attempts a JOIN customers c ON c.identity = a.fingerprint
         WHERE c.id = $1 AND a.attempted_at > now() - interval '1 hour'",
    )
    .bind(customer.id)
    .fetch_one(pool)
    .await?;
    if failed >= MAX_FAILED_PER_HOUR {
        return Err(ClaimError::TooManyAttempts);
    }
    let claimed = claim_once(pool, code, customer).await;
    if claimed.as_ref().is_err_and(ClaimError::unusable) {
        sqlx::query(
            "WITH old AS (DELETE FROM coupon_attempts a USING customers c
                          WHERE c.id = $1 AND a.fingerprint = c.identity
                            AND a.attempted_at <= now() - interval '1 hour')
             INSERT INTO coupon_attempts (fingerprint)
             SELECT identity FROM customers WHERE id = $1 AND identity IS NOT NULL",
        )
        .bind(customer.id)
        .execute(pool)
        .await?;
    }
    claimed
}

async fn claim_once(pool: &PgPool, code: &str, customer: &Customer) -> Result<Claimed, ClaimError> {
    let code = parse_code(code).ok_or(ClaimError::Unknown)?;
    let today = Utc::now().date_naive();
    let mut tx = pool.begin().await?;
    // The row lock serialises claims of one coupon: `uses` is exact, whatever the concurrency.
    let row = sqlx::query(&format!(
        "SELECT {COLUMNS} FROM coupons WHERE code = $1 FOR UPDATE"
    ))
    .bind(&code)
    .fetch_optional(&mut *tx)
    .await?;
    let coupon = row
        .as_ref()
        .map(Coupon::from_row)
        .ok_or(ClaimError::Unknown)?;
    if coupon.stopped || today > coupon.until {
        return Err(ClaimError::Expired);
    }
    if today < coupon.from {
        return Err(ClaimError::NotYet);
    }
    // One claim per person: someone who erased their data and came back has had it.
    if !crate::identity::take_gift(&mut tx, customer.id, &format!("coupon:{}", coupon.id)).await? {
        return Err(ClaimError::AlreadyClaimed);
    }
    let claim: Option<i64> = sqlx::query_scalar(
        "INSERT INTO coupon_claims (coupon_id, customer_id) VALUES ($1, $2)
         ON CONFLICT ON CONSTRAINT coupon_claims_once DO NOTHING RETURNING id",
    )
    .bind(coupon.id)
    .bind(customer.id)
    .fetch_optional(&mut *tx)
    .await?;
    let Some(claim) = claim else {
        return Err(ClaimError::AlreadyClaimed);
    };
    if coupon.uses >= coupon.limit {
        return Err(ClaimError::Exhausted);
    }
    sqlx::query("UPDATE coupons SET uses = uses + 1 WHERE id = $1")
        .bind(coupon.id)
        .execute(&mut *tx)
        .await?;
    let claimed = match coupon.value {
        CouponValue::Bonus(n) => {
            // The CHECK on bonus_points keeps it positive; a bad row is refused, not paid.
            let points = Points::new(n).map_err(|_| ClaimError::Unknown)?;
            let posted = ledger::credit(
                &mut tx,
                SystemAccount::CouponBonus,
                customer.account_id,
                points,
                EntryKind::Coupon,
                format!("coupon:{}:{}", coupon.id, customer.id),
                serde_json::json!({ "coupon": coupon.code }),
            )
            .await
            .map_err(ExtrasError::from)?;
            sqlx::query("UPDATE coupon_claims SET entry_id = $2 WHERE id = $1")
                .bind(claim)
                .bind(posted.entry_id)
                .execute(&mut *tx)
                .await?;
            Claimed::Bonus {
                code,
                points: points.get(),
            }
        }
        CouponValue::Discount(percent) => Claimed::Discount { code, percent },
    };
    tx.commit().await?;
    Ok(claimed)
}

/// A claimed discount coupon the cashier can apply now.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OpenDiscount {
    pub claim: i64,
    pub code: String,
    pub percent: Decimal,
    pub customer: i64,
}

const OPEN: &str = "SELECT cl.id, c.code, c.discount_percent, cl.customer_id
     FROM coupon_claims cl JOIN coupons c ON c.id = cl.coupon_id
     WHERE cl.applied_at IS NULL AND c.kind = 'discount' AND c.stopped_at IS NULL
       AND $2::DATE BETWEEN c.valid_from AND c.valid_until";

fn open_from_row(r: &sqlx::postgres::PgRow) -> OpenDiscount {
    OpenDiscount {
        claim: r.get("id"),
        code: r.get("code"),
        percent: r
            .get::<Option<Decimal>, _>("discount_percent")
            .unwrap_or_default()
            .normalize(),
        customer: r.get("customer_id"),
    }
}

/// The customer's claimed, unused, still valid discount coupons (for the card screen).
pub async fn open_discounts(
    conn: &mut PgConnection,
    customer: i64,
    today: NaiveDate,
) -> sqlx::Result<Vec<OpenDiscount>> {
    let rows = sqlx::query(&format!(
        "{OPEN} AND cl.customer_id = $1 ORDER BY cl.id LIMIT 5"
    ))
    .bind(customer)
    .bind(today)
    .fetch_all(conn)
    .await?;
    Ok(rows.iter().map(open_from_row).collect())
}

/// Marks claim `claim` used by staff member `staff`. `None` when it was applied already (a
/// double tap), or the coupon is no longer valid: the discount is given at most once.
pub async fn apply(
    pool: &PgPool,
    claim: i64,
    staff: i64,
    today: NaiveDate,
) -> sqlx::Result<Option<OpenDiscount>> {
    let mut tx = pool.begin().await?;
    let row = sqlx::query(&format!("{OPEN} AND cl.id = $1 FOR UPDATE OF cl"))
        .bind(claim)
        .bind(today)
        .fetch_optional(&mut *tx)
        .await?;
    let Some(open) = row.as_ref().map(open_from_row) else {
        return Ok(None);
    };
    sqlx::query("UPDATE coupon_claims SET applied_at = now(), applied_by = $2 WHERE id = $1")
        .bind(claim)
        .bind(staff)
        .execute(&mut *tx)
        .await?;
    tx.commit().await?;
    Ok(Some(open))
}
