//! Programme rules as pure functions: given the settings and the facts of a purchase, how many
//! points does it earn, how many may be spent on it, how much does a refund take back; which
//! tier, discount and stamp a customer is at ([`levels`]); which promo rules apply ([`promo`]). No I/O
//! here, so every rule is unit-tested exhaustively; handlers and the ledger only apply results.

pub mod levels;
pub mod promo;

use rust_decimal::{Decimal, RoundingStrategy, prelude::ToPrimitive};

use crate::domain::Money;

/// Points earned on `amount` at `rate_percent`, rounded down (5% of 1250.50 → 62).
pub fn points_for_purchase(amount: Money, rate_percent: Decimal) -> i64 {
    floor_to_i64(amount.value() * rate_percent / Decimal::ONE_HUNDRED)
}

/// The most points that may pay for `amount` when at most `share_percent` of a purchase may be
/// paid with points and one point is worth `point_value` in money (rounded down, so points
/// never pay more than the share).
pub fn max_points_for(amount: Money, share_percent: Decimal, point_value: Decimal) -> i64 {
    if point_value <= Decimal::ZERO {
        return 0;
    }
    floor_to_i64(amount.value() * share_percent / Decimal::ONE_HUNDRED / point_value)
}

/// The smallest purchase that `points` may pay for under the share (rounded up to the cent,
/// so that [`max_points_for`] of it is at least `points`); `None` when points pay nothing.
pub fn min_amount_for(points: i64, share_percent: Decimal, point_value: Decimal) -> Option<Money> {
    if share_percent <= Decimal::ZERO || point_value <= Decimal::ZERO {
        return None;
    }
    let exact = Decimal::from(points) * point_value * Decimal::ONE_HUNDRED / share_percent;
    let rounded = exact.round_dp_with_strategy(2, RoundingStrategy::AwayFromZero);
    Money::new(rounded).ok()
}

/// What `points` are worth in money when they pay for a purchase.
pub fn points_value(points: i64, point_value: Decimal) -> Decimal {
    (Decimal::from(points) * point_value).round_dp(2)
}

/// The part of `points` that corresponds to refunding `part` of `whole`, rounded down so a
/// refund never takes back (or returns) more than the purchase moved.
pub fn proportional(points: i64, part: Money, whole: Money) -> i64 {
    if part >= whole {
        return points;
    }
    floor_to_i64(Decimal::from(points) * part.value() / whole.value())
}

/// What a refund does with earned points when the customer may already have spent some:
/// take back what is there (capped claw-back), write off the rest. Never below zero.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ClawBack {
    pub taken: i64,
    pub written_off: i64,
}

pub fn claw_back(to_reverse: i64, available: i64) -> ClawBack {
    let taken = to_reverse.min(available.max(0));
    ClawBack {
        taken,
        written_off: to_reverse - taken,
    }
}

fn floor_to_i64(d: Decimal) -> i64 {
    d.round_dp_with_strategy(0, RoundingStrategy::ToNegativeInfinity)
        .to_i64()
        .unwrap_or(0)
        .max(0)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn m(s: &str) -> Money {
        Money::parse(s).unwrap_or_else(|e| panic!("{s}: {e}"))
    }

    #[test]
    fn earn_rounds_down() {
        let five = Decimal::from(5);
        assert_eq!(points_for_purchase(m("1250.50"), five), 62);
        assert_eq!(points_for_purchase(m("19.99"), five), 0);
        assert_eq!(points_for_purchase(m("20"), five), 1);
        assert_eq!(
            points_for_purchase(m("10000000"), Decimal::from(100)),
            10_000_000
        );
        assert_eq!(points_for_purchase(m("100"), Decimal::new(75, 1)), 7);
    }

    #[test]
    fn redemption_cap() {
        let one = Decimal::ONE;
        assert_eq!(max_points_for(m("1000"), Decimal::from(50), one), 500);
        assert_eq!(max_points_for(m("99.99"), Decimal::from(50), one), 49);
        assert_eq!(max_points_for(m("10"), Decimal::ZERO, one), 0);
        // A point worth 2.00: half as many points pay the same share.
        assert_eq!(
            max_points_for(m("1000"), Decimal::from(50), Decimal::TWO),
            250
        );
        // Worth 0.50: twice as many; 0.30 → 1666.66… rounds down.
        assert_eq!(
            max_points_for(m("1000"), Decimal::from(50), Decimal::new(5, 1)),
            1000
        );
        assert_eq!(
            max_points_for(m("1000"), Decimal::from(50), Decimal::new(3, 1)),
            1666
        );
        assert_eq!(
            max_points_for(m("1000"), Decimal::from(50), Decimal::ZERO),
            0
        );
        assert_eq!(points_value(250, Decimal::TWO), Decimal::from(500));
        // The smallest purchase a redemption fits, and it does fit.
        let fifty = Decimal::from(50);
        assert_eq!(min_amount_for(500, fifty, one), Some(m("1000")));
        let third = Decimal::new(33, 2);
        let min = min_amount_for(7, Decimal::from(30), third).expect("fits somewhere");
        assert_eq!(min, m("7.70"));
        assert!(max_points_for(min, Decimal::from(30), third) >= 7);
        assert_eq!(min_amount_for(5, Decimal::ZERO, one), None);
        assert_eq!(points_value(3, Decimal::new(33, 2)), Decimal::new(99, 2));
    }

    #[test]
    fn refunds_are_proportional_and_capped() {
        assert_eq!(proportional(62, m("625.25"), m("1250.50")), 31);
        assert_eq!(proportional(62, m("1250.50"), m("1250.50")), 62);
        assert_eq!(proportional(62, m("2000"), m("1250.50")), 62);
        assert_eq!(proportional(1, m("0.01"), m("1250.50")), 0);
        assert_eq!(
            claw_back(62, 100),
            ClawBack {
                taken: 62,
                written_off: 0
            }
        );
        assert_eq!(
            claw_back(62, 12),
            ClawBack {
                taken: 12,
                written_off: 50
            }
        );
        assert_eq!(
            claw_back(62, 0),
            ClawBack {
                taken: 0,
                written_off: 62
            }
        );
        assert_eq!(
            claw_back(62, -5),
            ClawBack {
                taken: 0,
                written_off: 62
            }
        );
    }
}
