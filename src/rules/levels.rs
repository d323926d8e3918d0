//! Tiers, the discount card and the stamp card as pure functions of the customer's spend and
//! the owner's settings. The earning code loads the facts and applies these answers.

use rust_decimal::Decimal;

/// A named level with its own earn rate, reached by spend in the rolling tier period.
#[derive(Clone, Debug, PartialEq, Eq, sqlx::FromRow)]
pub struct Tier {
    pub id: i64,
    pub name: String,
    pub min_spend: Decimal,
    pub earn_rate: Decimal,
}

/// The highest tier whose threshold `spend` has reached; `None` is the base level.
pub fn tier_for(spend: Decimal, tiers: &[Tier]) -> Option<&Tier> {
    tiers
        .iter()
        .filter(|t| t.min_spend <= spend)
        .max_by_key(|t| t.min_spend)
}

/// Which way a customer moved between two levels (`None`: base).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Move {
    Up,
    Down,
}

/// Up or down by threshold (the base level sits at zero); `None` when nothing changed.
pub fn tier_move(old: Option<&Tier>, new: Option<&Tier>) -> Option<Move> {
    if old.map(|t| t.id) == new.map(|t| t.id) {
        return None;
    }
    let at = |t: Option<&Tier>| t.map_or(Decimal::ZERO, |t| t.min_spend);
    Some(if at(new) > at(old) {
        Move::Up
    } else {
        Move::Down
    })
}

/// The earn rate at a level: the tier's own, or the programme's base rate.
pub fn earn_rate(tier: Option<&Tier>, base_rate: Decimal) -> Decimal {
    tier.map_or(base_rate, |t| t.earn_rate)
}

/// The progressive discount for `all_time_spend`: the highest level whose threshold was
/// reached, given as `(min_spend, percent)` pairs; zero below every level.
pub fn progressive_discount(all_time_spend: Decimal, levels: &[(Decimal, Decimal)]) -> Decimal {
    levels
        .iter()
        .filter(|(min, _)| *min <= all_time_spend)
        .max_by_key(|(min, _)| *min)
        .map_or(Decimal::ZERO, |(_, percent)| *percent)
}

/// A percent without trailing zeros, for people: 5.00 → "5", 7.50 → "7.5".
pub fn percent_text(p: Decimal) -> String {
    p.normalize().to_string()
}

/// The stamp card after a qualifying purchase adds one stamp to `collected` on a card of
/// `every`: full (the gift is due and the card starts over) or not yet.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct StampStep {
    /// Stamps on the card after this purchase (equal to `every` when it is full).
    pub collected: i32,
    pub full: bool,
}

pub fn add_stamp(collected: i32, every: i32) -> StampStep {
    let collected = collected + 1;
    StampStep {
        collected,
        // The owner may have lowered N while a card was half full: it completes at once.
        full: collected >= every,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> Decimal {
        s.parse().unwrap_or_default()
    }

    fn tiers() -> Vec<Tier> {
        [(1, "Silver", "1000", "7"), (2, "Gold", "5000", "10")]
            .into_iter()
            .map(|(id, name, min, rate)| Tier {
                id,
                name: name.into(),
                min_spend: d(min),
                earn_rate: d(rate),
            })
            .collect()
    }

    #[test]
    fn tier_by_threshold() {
        let t = tiers();
        assert_eq!(tier_for(d("0"), &t), None);
        assert_eq!(tier_for(d("999.99"), &t), None);
        assert_eq!(tier_for(d("1000"), &t).map(|t| t.id), Some(1));
        assert_eq!(tier_for(d("4999.99"), &t).map(|t| t.id), Some(1));
        assert_eq!(tier_for(d("5000"), &t).map(|t| t.id), Some(2));
        assert_eq!(tier_for(d("1000000"), &t).map(|t| t.id), Some(2));
        assert_eq!(tier_for(d("10"), &[]), None);
        assert_eq!(earn_rate(None, d("5")), d("5"));
        assert_eq!(earn_rate(tier_for(d("6000"), &t), d("5")), d("10"));
    }

    #[test]
    fn moves_up_and_down() {
        let t = tiers();
        let (silver, gold) = (Some(&t[0]), Some(&t[1]));
        assert_eq!(tier_move(None, silver), Some(Move::Up));
        assert_eq!(tier_move(silver, gold), Some(Move::Up));
        assert_eq!(tier_move(gold, None), Some(Move::Down));
        assert_eq!(tier_move(gold, silver), Some(Move::Down));
        assert_eq!(tier_move(silver, silver), None);
        assert_eq!(tier_move(None, None), None);
    }

    #[test]
    fn progressive_levels() {
        let levels = [(d("0"), d("2")), (d("1000"), d("5")), (d("10000"), d("10"))];
        assert_eq!(progressive_discount(d("0"), &levels), d("2"));
        assert_eq!(progressive_discount(d("999.99"), &levels), d("2"));
        assert_eq!(progressive_discount(d("1000"), &levels), d("5"));
        assert_eq!(progressive_discount(d("20000"), &levels), d("10"));
        assert_eq!(progressive_discount(d("500"), &levels[1..]), d("0"));
        assert_eq!(percent_text(d("5.00")), "5");
        assert_eq!(percent_text(d("7.50")), "7.5");
    }

    #[test]
    fn stamps_fill_and_complete() {
        assert_eq!(
            add_stamp(0, 3),
            StampStep {
                collected: 1,
                full: false
            }
        );
        assert_eq!(
            add_stamp(2, 3),
            StampStep {
                collected: 3,
                full: true
            }
        );
        assert!(add_stamp(5, 4).full, "N lowered below the stamps collected");
    }
}
