//! Posting a purchase (points earned at the customer's tier rate, promo rules, stamps: see
//! [`crate::earning`]) and paying the referral bonus on a referred customer's first purchase.
//! Undo is in [`super::undo`].

use chrono::{DateTime, Duration, Utc};
use rust_decimal::Decimal;
use sqlx::PgPool;

pub use super::undo::{Undone, undo};

use super::{
    Staff, TillError,
    context::{self, PurchaseContext},
    receipt,
};
use crate::{
    domain::{Money, Points},
    earning, hooks_out,
    ledger::{self, EntryKind, Posting, SystemAccount, Transfer},
    storage::{
        customers,
        purchase_bonuses::{self, BonusKind},
        settings,
    },
};

pub const UNDO_WINDOW: Duration = Duration::minutes(10);
pub const DUPLICATE_WINDOW: Duration = Duration::seconds(60);

#[derive(Clone, Debug)]
pub struct PurchaseRequest<'a> {
    /// Derived from the Telegram update that carried the amount: a re-delivery replays.
    pub key: String,
    pub staff: &'a Staff,
    pub customer_id: i64,
    pub amount: Money,
    pub now: DateTime<Utc>,
}

#[derive(Clone, Debug)]
pub struct Receipt {
    pub id: i64,
    pub customer: customers::Customer,
    pub amount: Money,
    pub points: i64,
    pub balance: i64,
    /// Points the customer spent on this purchase (a confirmed redemption on the card screen).
    pub redeemed: i64,
    /// Set when this purchase paid the referral bonus: who invited, and what each side got.
    pub referral: Option<ReferralPaid>,
    /// Operations on this card today, when that is above the owner's limit.
    pub flagged_ops: Option<i64>,
    /// Tier move, stamps, promo bonus (empty on a replay).
    pub extras: earning::Extras,
    /// False in a discount-only programme: the receipt shows no points.
    pub has_points: bool,
    pub replayed: bool,
}

/// The referral bonus paid with a referred customer's first purchase, per side.
#[derive(Clone, Debug)]
pub struct ReferralPaid {
    pub referrer: customers::Customer,
    /// What the invited friend (the customer who bought) got.
    pub friend_points: i64,
    /// What the inviter got.
    pub referrer_points: i64,
}

/// The customer and amount of a purchase already posted under `key` (a re-delivered update).
pub async fn by_key(pool: &PgPool, key: &str) -> sqlx::Result<Option<(i64, Decimal)>> {
    sqlx::query_as("SELECT customer_id, amount FROM purchases WHERE idempotency_key = $1")
        .bind(key)
        .fetch_optional(pool)
        .await
}

/// True when `staff` posted a purchase on this customer's card within the last minute.
pub async fn is_recent_duplicate(
    pool: &PgPool,
    staff: i64,
    customer: i64,
    now: DateTime<Utc>,
) -> sqlx::Result<bool> {
    let n: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM purchases WHERE staff_tg_id = $1 AND customer_id = $2 AND created_at > $3",
    )
    .bind(staff)
    .bind(customer)
    .bind(now - DUPLICATE_WINDOW)
    .fetch_one(pool)
    .await?;
    Ok(n > 0)
}

/// Posts a purchase in one transaction of five round trips when no tier, promo, stamp,
/// referral or webhook applies: BEGIN, [`context::load`], the ledger posting, the receipt row
/// with the card's count and balance ([`receipt::write`]), COMMIT.
pub async fn post(pool: &PgPool, req: &PurchaseRequest<'_>) -> Result<Receipt, TillError> {
    let mut tx = pool.begin().await?;
    let PurchaseContext {
        customer,
        rules,
        standing,
        earned_account,
        redemption,
        replay,
        hooks_live,
    } = context::load(&mut tx, req)
        .await?
        .ok_or(TillError::NotFound)?;
    super::guards::not_own_card(req.staff, &customer)?;
    if let Some((id, points)) = replay {
        let balance = super::available(&mut tx, customer.account_id).await?;
        return Ok(Receipt {
            id,
            points,
            amount: req.amount,
            balance,
            customer,
            redeemed: 0,
            referral: None,
            flagged_ops: None,
            extras: earning::Extras::default(),
            has_points: rules.programme_type.has_points(),
            replayed: true,
        });
    }
    // The share is judged by the amount posted now, not the one typed with the redemption.
    if let Some((_, spent)) = redemption {
        super::guards::redemption_fits(spent, req.amount, &rules)?;
    }
    let quote = earning::quote(
        &mut tx, &customer, &rules, &standing, req.amount, &req.key, req.now,
    )
    .await?;
    let points = quote.points;
    let entry = match Points::new(points) {
        Ok(p) => {
            let memo = serde_json::json!({
                "amount": req.amount.to_string(), "staff": req.staff.tg_user_id, "store": req.staff.store,
                "multiplier": quote.multiplier.to_string(),
            });
            let to = customer.account_id;
            let kind = EntryKind::Purchase;
            Some(
                ledger::credit(&mut tx, earned_account, to, p, kind, req.key.clone(), memo)
                    .await?
                    .entry_id,
            )
        }
        Err(_) => None,
    };
    // A redemption confirmed on this card screen (found by the context) pays for this purchase.
    let receipt = receipt::write(
        &mut tx,
        req,
        &customer,
        (points, entry),
        redemption.map(|r| r.0),
    )
    .await?;
    let id = receipt.id;

    let extras = earning::after_purchase(
        &mut tx,
        &customer,
        &rules,
        &standing,
        &quote,
        (id, &req.key, req.amount),
        req.now,
    )
    .await?;
    let referral = pay_referral_bonus(&mut tx, &customer, &rules, (id, req.amount)).await?;
    let flagged_ops = receipt::flag_busy_card(
        &mut tx,
        &customer,
        req,
        receipt.ops_today,
        i64::from(rules.daily_ops_flag_limit),
    )
    .await?;
    let balance = if posts_after_receipt(&customer, &rules, &standing) {
        super::available(&mut tx, customer.account_id).await?
    } else {
        receipt.available
    };
    let event = hooks_out::Event::PurchaseCreated {
        receipt: id,
        customer: customer.id,
        amount: req.amount.value(),
        points,
        balance,
        store: req.staff.store.clone(),
        order_id: req.key.split_once(":order:").map(|(_, o)| o.to_owned()),
    };
    if hooks_live {
        hooks_out::record(&mut tx, event).await?;
    }
    tx.commit().await?;
    Ok(Receipt {
        id,
        customer,
        amount: req.amount,
        points,
        balance,
        redeemed: redemption.map(|r| r.1).unwrap_or(0),
        referral,
        flagged_ops,
        extras,
        has_points: rules.programme_type.has_points(),
        replayed: false,
    })
}

/// On the first purchase of a referred customer of at least `referral_min_amount` (a 0.01
/// purchase does not count), both sides get their bonus (the owner sets each side), once per
/// referred customer (their row is locked by the purchase, so no race pays twice). If the
/// purchase that paid it is undone or refunded whole, the bonus goes with it and the next
/// qualifying purchase pays it (under a key of its own). Returns the referrer and what each
/// side got.
async fn pay_referral_bonus(
    tx: &mut sqlx::PgConnection,
    customer: &customers::Customer,
    rules: &settings::ProgramSettings,
    (purchase_id, amount): (i64, Money),
) -> Result<Option<ReferralPaid>, TillError> {
    let Some(referrer_id) = customer.referred_by else {
        return Ok(None);
    };
    if amount.value() < rules.referral_min_amount
        || purchase_bonuses::referral_paid(tx, customer.id).await?
    {
        return Ok(None);
    }
    let Some(referrer) = customers::by_id(tx, referrer_id).await? else {
        return Ok(None);
    };
    // An inviter who erased their data has no one left to pay: the friend's half stands.
    let referrer_bonus = if referrer.tg_user_id.is_some() {
        rules.referrer_bonus
    } else {
        0
    };
    let from = ledger::system_account(tx, SystemAccount::ReferralBonus).await?;
    let transfers: Vec<Transfer> = [
        (customer.account_id, rules.referral_bonus),
        (referrer.account_id, referrer_bonus),
    ]
    .into_iter()
    .filter_map(|(to, bonus)| {
        Points::new(bonus)
            .ok()
            .map(|points| Transfer { from, to, points })
    })
    .collect();
    if transfers.is_empty() {
        return Ok(None);
    }
    let key =
        purchase_bonuses::bonus_key(tx, &format!("referral:{}", customer.id), purchase_id).await?;
    let posting = Posting::new(key, EntryKind::Referral, transfers)
        .with_memo(serde_json::json!({ "purchase": purchase_id }));
    let posted = ledger::post(tx, &posting).await?;
    purchase_bonuses::record(tx, purchase_id, posted.entry_id, BonusKind::Referral).await?;
    Ok((!posted.replayed).then_some(ReferralPaid {
        referrer,
        friend_points: rules.referral_bonus,
        referrer_points: referrer_bonus,
    }))
}

/// Whether anything after the receipt row may post points to the customer (a promo bonus, the
/// stamp card's gift, the referral bonus), so that the balance read with the receipt row is not
/// the final one. Decided before, from the programme and the customer: when it says no, a
/// purchase saves the round trip of reading the balance again. A new posting step after the
/// receipt row must be added here.
fn posts_after_receipt(
    customer: &customers::Customer,
    rules: &settings::ProgramSettings,
    standing: &earning::Standing,
) -> bool {
    standing.promos_today || rules.stamp_every.is_some() || customer.referred_by.is_some()
}

/// The purchase amount for a receipt, for refund screens.
pub async fn amount_of(pool: &PgPool, receipt: i64) -> sqlx::Result<Option<Decimal>> {
    sqlx::query_scalar("SELECT amount FROM purchases WHERE id = $1")
        .bind(receipt)
        .fetch_optional(pool)
        .await
}
