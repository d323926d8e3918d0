//! How a purchase earns, beyond "amount × base rate": the customer's tier rate, promo
//! multipliers and bonuses, the stamp card, and the programme type (a discount-only programme
//! earns no points, yet its purchases still count for tiers, the progressive discount and
//! stamps). The till's purchase calls [`quote`] before posting and [`after_purchase`] after,
//! inside its transaction, with the customer's row locked; the card screens call [`status`].
//! The pure rules are in [`crate::rules::levels`] and [`crate::rules::promo`].

pub mod promo;
pub mod promo_draft;
pub mod stamps;
pub mod tiers;

use chrono::{DateTime, Utc};
use rust_decimal::Decimal;
use sqlx::PgConnection;

use crate::{
    domain::Money,
    ledger::LedgerError,
    rules::{
        self,
        levels::{self, Move, Tier},
    },
    storage::{customers::Customer, settings::ProgramSettings},
};

/// What a purchase is about to earn.
#[derive(Clone, Debug)]
pub struct Quote {
    pub points: i64,
    /// The customer's tier before this purchase (`None`: base).
    pub tier: Option<Tier>,
    pub multiplier: Decimal,
}

/// Takes the customer's row lock, so tier moves, stamps and promo places of one customer
/// happen one purchase at a time.
pub async fn lock_customer(conn: &mut PgConnection, customer_id: i64) -> sqlx::Result<()> {
    sqlx::query("SELECT id FROM customers WHERE id = $1 FOR UPDATE")
        .bind(customer_id)
        .fetch_optional(conn)
        .await
        .map(drop)
}

/// The programme as one purchase sees it, read once at its start with the customer's row
/// locked (so the stored tier cannot move under it).
#[derive(Clone, Debug, Default)]
pub struct Standing {
    /// Every tier, lowest threshold first.
    pub tiers: Vec<Tier>,
    /// The customer's stored tier before this purchase (`None`: base).
    pub tier: Option<Tier>,
    /// Whether any promo rule runs today; when none does, the promo queries are skipped.
    pub promos_today: bool,
}

/// Points for `amount` at the customer's current tier rate, times the best running promo
/// multiplier; zero when the programme has no points.
pub async fn quote(
    conn: &mut PgConnection,
    customer: &Customer,
    rules: &ProgramSettings,
    standing: &Standing,
    amount: Money,
    purchase_key: &str,
    now: DateTime<Utc>,
) -> sqlx::Result<Quote> {
    let tier = standing.tier.clone();
    if !rules.programme_type.has_points() {
        return Ok(Quote {
            points: 0,
            tier,
            multiplier: Decimal::ONE,
        });
    }
    let multiplier = if standing.promos_today {
        promo::multiplier(
            conn,
            customer.id,
            tier.as_ref().map(|t| t.id),
            now.date_naive(),
            purchase_key,
        )
        .await?
    } else {
        Decimal::ONE
    };
    let rate = levels::earn_rate(tier.as_ref(), rules.earn_rate) * multiplier;
    Ok(Quote {
        points: rules::points_for_purchase(amount, rate),
        tier,
        multiplier,
    })
}

/// What else a purchase did, for the receipts.
#[derive(Clone, Debug, Default)]
pub struct Extras {
    /// The tier move this purchase caused (the notice is queued for the customer).
    pub tier_move: Option<Move>,
    pub stamps: Option<stamps::StampOutcome>,
    /// Promo bonus points paid by this purchase.
    pub bonus: i64,
    pub multiplier: Option<Decimal>,
}

/// After the purchase row exists: promo bonuses (at the tier the purchase was made in), the
/// stamp card, then the tier recomputed with this purchase counted (moving up at once).
/// A posting added here must also be named in `till::purchase::posts_after_receipt`, or the
/// receipt shows the balance from before it.
pub async fn after_purchase(
    conn: &mut PgConnection,
    customer: &Customer,
    rules: &ProgramSettings,
    standing: &Standing,
    quote: &Quote,
    purchase: (i64, &str, Money),
    now: DateTime<Utc>,
) -> Result<Extras, LedgerError> {
    let (purchase_id, key, amount) = purchase;
    let bonus = if rules.programme_type.has_points() && standing.promos_today {
        let tier = quote.tier.as_ref().map(|t| t.id);
        promo::pay_bonuses(conn, customer, tier, now.date_naive(), (purchase_id, key)).await?
    } else {
        0
    };
    let stamps = stamps::on_purchase(conn, customer, purchase_id, amount.value(), rules).await?;
    // With no tiers and none stored, there is no move to compute (and no spend to sum).
    let tier_move = if standing.tiers.is_empty() && standing.tier.is_none() {
        None
    } else {
        tiers::recompute(
            conn,
            customer.id,
            rules,
            &standing.tiers,
            now,
            tiers::Teller::Till,
        )
        .await?
    };
    Ok(Extras {
        tier_move,
        stamps,
        bonus,
        multiplier: (quote.multiplier > Decimal::ONE).then_some(quote.multiplier),
    })
}

/// What the card screens show besides the balance.
#[derive(Clone, Debug)]
pub struct Status {
    pub has_points: bool,
    /// The tier's name; `None`: base.
    pub tier: Option<String>,
    /// The discount to apply at the till, when the programme has a discount card.
    pub discount: Option<Decimal>,
    /// Stamps collected and the card size, when there is a stamp card.
    pub stamps: Option<(i32, i32)>,
}

pub async fn status(
    conn: &mut PgConnection,
    customer_id: i64,
    rules: &ProgramSettings,
) -> sqlx::Result<Status> {
    let all = tiers::all(conn).await?;
    let tier = tiers::current(conn, customer_id, &all).await?;
    let discount = if rules.programme_type.has_discount() {
        Some(discount_percent(conn, customer_id, rules).await?)
    } else {
        None
    };
    Ok(Status {
        has_points: rules.programme_type.has_points(),
        tier: tier.map(|t| t.name),
        discount,
        stamps: stamps::progress(conn, customer_id, rules).await?,
    })
}

/// The discount card's percent for the customer: fixed, or progressive by all-time spend.
pub async fn discount_percent(
    conn: &mut PgConnection,
    customer_id: i64,
    rules: &ProgramSettings,
) -> sqlx::Result<Decimal> {
    use crate::storage::settings::DiscountMode;
    if rules.discount_mode == DiscountMode::Fixed {
        return Ok(rules.discount_percent);
    }
    let levels: Vec<(Decimal, Decimal)> =
        sqlx::query_as("SELECT min_spend, percent FROM discount_levels ORDER BY min_spend")
            .fetch_all(&mut *conn)
            .await?;
    let spent = tiers::spend(conn, customer_id, None).await?;
    Ok(levels::progressive_discount(spent, &levels))
}
