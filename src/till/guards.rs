//! What staff may not do at the till, checked inside the use case's own transaction (a button
//! or a screen that skipped a check cannot get past these):
//! - post a purchase or spend points on their own customer card ([`not_own_card`]);
//! - let points pay more of a purchase than the programme allows, judged by the amount that is
//!   actually posted, not the one typed with the redemption ([`redemption_fits`]);
//! - refund a receipt of another store, or an old one ([`may_refund`]); owners may refund any.

use chrono::{DateTime, Duration, Utc};

use super::{Staff, TillError};
use crate::{
    domain::Money,
    rules,
    storage::{customers::Customer, settings::ProgramSettings},
};

/// Staff (owners included) never post on their own card: a cashier could otherwise pay
/// themselves points for every sale they ring up.
pub fn not_own_card(staff: &Staff, customer: &Customer) -> Result<(), TillError> {
    if customer.tg_user_id == Some(staff.tg_user_id) {
        return Err(TillError::OwnCard);
    }
    Ok(())
}

/// `points` already spent with the customer's consent may pay for a purchase of `amount` only
/// within the programme's share; otherwise the purchase is refused and the cashier is told the
/// smallest amount that fits (`None` when points may pay nothing at all).
pub fn redemption_fits(
    points: i64,
    amount: Money,
    rules: &ProgramSettings,
) -> Result<(), TillError> {
    let max = rules::max_points_for(amount, rules.max_redeem_share, rules.point_value);
    if points <= max {
        return Ok(());
    }
    Err(TillError::RedemptionOverCap {
        points,
        min_amount: rules::min_amount_for(points, rules.max_redeem_share, rules.point_value),
    })
}

/// Cashiers refund receipts of their own store within the refund window; owners any receipt.
pub fn may_refund(
    staff: &Staff,
    store: &str,
    posted_at: DateTime<Utc>,
    now: DateTime<Utc>,
    window_days: i32,
) -> Result<(), TillError> {
    if staff.is_owner {
        return Ok(());
    }
    if store != staff.store {
        return Err(TillError::OtherStore);
    }
    if now - posted_at > Duration::days(i64::from(window_days)) {
        return Err(TillError::RefundWindowPassed { days: window_days });
    }
    Ok(())
}
