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
    ledger::{self, EntryKind, Posting, SystemAccount, Transfer},
    storage::customers::Customer,
};

/// What a coupon gives.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CouponValue {
    /// Points credited on claiming, 1..=[`MAX_BONUS`].
    Bonus(i64),
    /// Percent off the next purchase, 0 < p ≤ 100.
    Discount(Decimal),
}

/// A validated `/coupon add` request.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CouponSpec {
    pub code: String,
    pub value: CouponValue,
    pub limit: i32,
    pub from: NaiveDate,
    pub until: NaiveDate,
}

/// Which part of `/coupon add` is wrong (each has its own message).
#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error)]
pub enum SpecError {
    #[error("usage")]
    Usage,
    #[error("bad code")]
    Code,
    #[error("bad value")]
    Value,
    #[error("bad limit")]
    Limit,
    #[error("bad date")]
    Date,
    #[error("the period is over or empty")]
    Period,
}

pub const MAX_LIMIT: i32 = 1_000_000;
pub const MAX_BONUS: i64 = 1_000_000;

/// `[A-Z0-9]{3,16}`; lower case is accepted and raised (flyers are read aloud, typed back).
pub fn parse_code(s: &str) -> Option<String> {
    let code = s.trim().to_ascii_uppercase();
    ((3..=16).contains(&code.len()) && code.chars().all(|c| c.is_ascii_alphanumeric()))
        .then_some(code)
}

fn parse_date(s: &str) -> Result<NaiveDate, SpecError> {
    NaiveDate::parse_from_str(s, "%Y-%m-%d")
        .or_else(|_| NaiveDate::parse_from_str(s, "%d.%m.%Y"))
        .map_err(|_| SpecError::Date)
}

impl CouponSpec {
    /// `CODE bonus N|discount P% limit L until YYYY-MM-DD [from YYYY-MM-DD]` (after `add`).
    pub fn parse(args: &str, today: NaiveDate) -> Result<Self, SpecError> {
        let words: Vec<&str> = args.split_whitespace().collect();
        let [code, kind, value, rest @ ..] = words.as_slice() else {
            return Err(SpecError::Usage);
        };
        let code = parse_code(code).ok_or(SpecError::Code)?;
        let value = match kind.to_ascii_lowercase().as_str() {
            "bonus" => value
                .parse::<i64>()
                .ok()
                .filter(|n| (1..=MAX_BONUS).contains(n))
                .map(CouponValue::Bonus)
                .ok_or(SpecError::Value)?,
            "discount" => value
                .trim_end_matches('%')
                .replace(',', ".")
                .parse::<Decimal>()
                .ok()
                .filter(|p| *p > Decimal::ZERO && *p <= Decimal::ONE_HUNDRED && p.scale() <= 2)
                .map(|p| CouponValue::Discount(p.normalize()))
                .ok_or(SpecError::Value)?,
            _ => return Err(SpecError::Usage),
        };
        let (mut limit, mut until, mut from) = (None, None, today);
        for pair in rest.chunks(2) {
            match (pair[0].to_ascii_lowercase().as_str(), pair.get(1)) {
                ("limit", Some(v)) => {
                    let n = v
                        .parse::<i32>()
                        .ok()
                        .filter(|n| (1..=MAX_LIMIT).contains(n));
                    limit = Some(n.ok_or(SpecError::Limit)?);
                }
                ("until", Some(v)) => until = Some(parse_date(v)?),
                ("from", Some(v)) => from = parse_date(v)?,
                _ => return Err(SpecError::Usage),
            }
        }
        let (Some(limit), Some(until)) = (limit, until) else {
            return Err(SpecError::Usage);
        };
        if until < today || until < from {
            return Err(SpecError::Period);
        }
        Ok(Self {
            code,
            value,
            limit,
            from,
            until,
        })
    }
}

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
    #[error(transparent)]
    Failed(#[from] ExtrasError),
}

impl From<sqlx::Error> for ClaimError {
    fn from(e: sqlx::Error) -> Self {
        Self::Failed(e.into())
    }
}

pub async fn claim(pool: &PgPool, code: &str, customer: &Customer) -> Result<Claimed, ClaimError> {
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
            let from = ledger::system_account(&mut tx, SystemAccount::CouponBonus)
                .await
                .map_err(ExtrasError::from)?;
            let posting = Posting::new(
                format!("coupon:{}:{}", coupon.id, customer.id),
                EntryKind::Coupon,
                vec![Transfer {
                    from,
                    to: customer.account_id,
                    points,
                }],
            )
            .with_memo(serde_json::json!({ "coupon": coupon.code }));
            let posted = ledger::post(&mut tx, &posting)
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

#[cfg(test)]
mod tests {
    use super::*;

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).expect("date")
    }

    #[test]
    fn parses_owner_syntax() {
        let today = day(2026, 11, 23);
        let s =
            CouponSpec::parse("summer bonus 100 limit 500 until 2026-12-31", today).expect("bonus");
        assert_eq!(s.code, "SUMMER");
        assert_eq!(s.value, CouponValue::Bonus(100));
        assert_eq!((s.limit, s.from, s.until), (500, today, day(2026, 12, 31)));
        let s = CouponSpec::parse("SAVE10 discount 10% limit 100 until 31.12.2026", today)
            .expect("discount");
        assert_eq!(s.value, CouponValue::Discount(Decimal::TEN));
        for (args, err) in [
            ("", SpecError::Usage),
            ("AB bonus 1 limit 1 until 2026-12-31", SpecError::Code),
            ("ABC-1 bonus 1 limit 1 until 2026-12-31", SpecError::Code),
            ("ABC gift 1 limit 1 until 2026-12-31", SpecError::Usage),
            ("ABC bonus 0 limit 1 until 2026-12-31", SpecError::Value),
            (
                "ABC discount 101% limit 1 until 2026-12-31",
                SpecError::Value,
            ),
            (
                "ABC discount 1.005 limit 1 until 2026-12-31",
                SpecError::Value,
            ),
            ("ABC bonus 5 limit 0 until 2026-12-31", SpecError::Limit),
            ("ABC bonus 5 until 2026-12-31", SpecError::Usage),
            ("ABC bonus 5 limit 5", SpecError::Usage),
            ("ABC bonus 5 limit 5 until 2026-13-01", SpecError::Date),
            ("ABC bonus 5 limit 5 until 2026-11-22", SpecError::Period),
            (
                "ABC bonus 5 limit 5 until 2026-12-01 from 2026-12-02",
                SpecError::Period,
            ),
            (
                "ABC bonus 5 limit 5 until 2026-12-01 extra",
                SpecError::Usage,
            ),
        ] {
            assert_eq!(CouponSpec::parse(args, today), Err(err), "{args}");
        }
    }
}
