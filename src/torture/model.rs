//! The model: what every customer's balance must be, computed from the programme's rules and
//! only the operations the bot confirmed to someone (a welcome, a receipt, "you spent", "undone",
//! "refund of receipt", "erased"), or, for an operation whose answer never came, what the
//! database shows it did once the run is quiet (see `check`). It is plain arithmetic, written
//! apart from the bot's code: the rules are read from `program_settings`, the formulas are the
//! README's.

use std::collections::BTreeMap;

use rust_decimal::{Decimal, RoundingStrategy, prelude::ToPrimitive};

/// The programme's settings the model needs (defaults of a fresh database).
#[derive(Clone, Debug)]
pub struct Rules {
    pub welcome: i64,
    pub referral_friend: i64,
    pub referrer: i64,
    pub referral_min: Decimal,
    pub earn_rate: Decimal,
}

#[derive(Clone, Debug)]
pub struct Customer {
    pub slot: usize,
    pub id: i64,
    pub account: i64,
    pub number: String,
    pub card_id: i64,
    pub referral_code: String,
    /// Model index of the inviter.
    pub referred_by: Option<usize>,
    pub balance: i64,
    pub erased: bool,
    /// The receipt that paid this customer's referral bonus, while it stands.
    pub referral_paid_by: Option<i64>,
}

#[derive(Clone, Debug)]
pub struct Purchase {
    pub receipt: i64,
    pub customer: usize,
    pub amount: Decimal,
    pub points: i64,
    /// Points spent on it (a redemption confirmed on the same card screen).
    pub spent: i64,
    /// The referral bonus it paid: (friend's points, inviter's points, inviter).
    pub referral: Option<(i64, i64, usize)>,
    pub reversed: bool,
    pub cashier: i64,
    pub key: String,
}

/// What a reversal did to the buyer: points taken back, written off (already spent), returned.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Reversal {
    pub taken: i64,
    pub written_off: i64,
    pub returned: i64,
}

pub struct Model {
    /// Confirmed redemptions not yet paid for by a purchase, by (customer, cashier): the next
    /// purchase on that card by that cashier uses them.
    pub open_redemptions: std::collections::HashMap<(usize, i64), i64>,
    pub rules: Rules,
    pub customers: Vec<Customer>,
    pub purchases: BTreeMap<i64, Purchase>,
}

pub fn floor(d: Decimal) -> i64 {
    d.round_dp_with_strategy(0, RoundingStrategy::ToNegativeInfinity)
        .to_i64()
        .unwrap_or(0)
        .max(0)
}

impl Model {
    pub fn new(rules: Rules) -> Self {
        Self {
            open_redemptions: std::collections::HashMap::new(),
            rules,
            customers: Vec::new(),
            purchases: BTreeMap::new(),
        }
    }

    /// A customer joined; `returning` people (erased before) get no welcome bonus.
    pub fn join(&mut self, mut c: Customer, returning: bool) -> usize {
        c.balance = if returning { 0 } else { self.rules.welcome };
        self.customers.push(c);
        self.customers.len() - 1
    }

    pub fn points_for(&self, amount: Decimal) -> i64 {
        floor(amount * self.rules.earn_rate / Decimal::ONE_HUNDRED)
    }

    /// A purchase posted as receipt `receipt`; returns the buyer's balance after it.
    pub fn purchase(&mut self, mut p: Purchase) -> i64 {
        p.points = self.points_for(p.amount);
        let c = p.customer;
        self.customers[c].balance += p.points;
        if let Some(inviter) = self.customers[c].referred_by
            && p.amount >= self.rules.referral_min
            && self.customers[c].referral_paid_by.is_none()
        {
            let friend = self.rules.referral_friend;
            let referrer = if self.customers[inviter].erased {
                0
            } else {
                self.rules.referrer
            };
            if friend > 0 || referrer > 0 {
                self.customers[c].balance += friend;
                self.customers[inviter].balance += referrer;
                self.customers[c].referral_paid_by = Some(p.receipt);
                p.referral = Some((friend, referrer, inviter));
            }
        }
        self.purchases.insert(p.receipt, p);
        self.customers[c].balance
    }

    pub fn redeem(&mut self, c: usize, cashier: i64, points: i64) {
        self.customers[c].balance -= points;
        *self.open_redemptions.entry((c, cashier)).or_default() += points;
    }

    /// The points a purchase by `cashier` on `c` spends (a confirmed redemption), taken.
    pub fn take_open_redemption(&mut self, c: usize, cashier: i64) -> i64 {
        self.open_redemptions.remove(&(c, cashier)).unwrap_or(0)
    }

    /// Takes `points` back from customer `c`, capped at what they have.
    fn take(&mut self, c: usize, points: i64) -> (i64, i64) {
        let taken = points.min(self.customers[c].balance.max(0));
        self.customers[c].balance -= taken;
        (taken, points - taken)
    }

    /// The bonuses a purchase paid go with it (undo, full refund).
    fn take_bonuses(&mut self, receipt: i64) -> Reversal {
        let Some((friend, referrer, inviter)) = self.purchases[&receipt].referral else {
            return Reversal::default();
        };
        let c = self.purchases[&receipt].customer;
        let (taken, written_off) = self.take(c, friend);
        let (_, inviter_written_off) = self.take(inviter, referrer);
        // Taken back whole (a plain reversal), the friend's next qualifying purchase pays it
        // again; a capped claw-back (some of it already spent) ends it (README, "Bonuses
        // follow their purchase").
        if written_off == 0 && inviter_written_off == 0 {
            self.customers[c].referral_paid_by = None;
        }
        Reversal {
            taken,
            written_off,
            returned: 0,
        }
    }

    pub fn undo(&mut self, receipt: i64) -> Reversal {
        let (c, points) = {
            let p = &self.purchases[&receipt];
            (p.customer, p.points)
        };
        let (taken, written_off) = self.take(c, points);
        let bonus = self.take_bonuses(receipt);
        if let Some(p) = self.purchases.get_mut(&receipt) {
            p.reversed = true;
        }
        Reversal {
            taken: taken + bonus.taken,
            written_off: written_off + bonus.written_off,
            returned: 0,
        }
    }

    /// A refund of `amount` (the whole purchase when equal): the points part, then the bonuses
    /// on a full refund. Returns both together, as the refund message states them.
    pub fn refund(&mut self, receipt: i64, amount: Decimal) -> Reversal {
        let p = self.purchases[&receipt].clone();
        let proportional = |points: i64| {
            if amount >= p.amount {
                points
            } else {
                floor(Decimal::from(points) * amount / p.amount)
            }
        };
        let to_reverse = proportional(p.points);
        let returned = proportional(p.spent);
        let available = self.customers[p.customer].balance;
        let taken = to_reverse.min((available + returned).max(0));
        self.customers[p.customer].balance += returned - taken;
        let bonus = if amount >= p.amount {
            self.take_bonuses(receipt)
        } else {
            Reversal::default()
        };
        if let Some(p) = self.purchases.get_mut(&receipt) {
            p.reversed = true;
        }
        Reversal {
            taken: taken + bonus.taken,
            written_off: to_reverse - taken + bonus.written_off,
            returned,
        }
    }

    pub fn erase(&mut self, c: usize) {
        self.customers[c].erased = true;
    }

    /// The customer indexes an operation on `c` may change (the buyer and their inviter).
    pub fn touched_by(&self, c: usize) -> Vec<usize> {
        let mut v = vec![c];
        v.extend(self.customers[c].referred_by);
        v
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn model() -> Model {
        Model::new(Rules {
            welcome: 50,
            referral_friend: 100,
            referrer: 100,
            referral_min: Decimal::ONE,
            earn_rate: Decimal::from(5),
        })
    }

    fn customer(slot: usize, referred_by: Option<usize>) -> Customer {
        Customer {
            slot,
            id: slot as i64,
            account: slot as i64,
            number: String::new(),
            card_id: 0,
            referral_code: String::new(),
            referred_by,
            balance: 0,
            erased: false,
            referral_paid_by: None,
        }
    }

    fn purchase(receipt: i64, customer: usize, amount: i64, spent: i64) -> Purchase {
        Purchase {
            receipt,
            customer,
            amount: Decimal::from(amount),
            points: 0,
            spent,
            referral: None,
            reversed: false,
            cashier: 1,
            key: format!("k{receipt}"),
        }
    }

    #[test]
    fn referral_is_paid_once_and_goes_with_its_purchase() {
        let mut m = model();
        let anna = m.join(customer(0, None), false);
        let bob = m.join(customer(1, Some(anna)), false);
        assert_eq!(m.purchase(purchase(1, bob, 100, 0)), 50 + 5 + 100);
        assert_eq!(m.customers[anna].balance, 150);
        assert_eq!(m.purchase(purchase(2, bob, 100, 0)), 160);
        m.redeem(bob, 1, 150);
        let r = m.undo(1);
        assert_eq!(
            r,
            Reversal {
                taken: 10,
                written_off: 95,
                returned: 0
            }
        );
        assert_eq!(m.customers[bob].balance, 0);
        assert_eq!(m.customers[anna].balance, 50);
        // Partly spent, the bonus was clawed back, not reversed: it is not paid again.
        assert_eq!(m.purchase(purchase(3, bob, 20, 0)), 1);
        // Taken back whole, it is paid again by the next qualifying purchase.
        m.undo(3);
        let carl = m.join(customer(2, Some(anna)), false);
        m.purchase(purchase(4, carl, 100, 0));
        m.undo(4);
        assert_eq!(m.customers[carl].balance, 50);
        assert_eq!(m.purchase(purchase(5, carl, 20, 0)), 151);
    }

    #[test]
    fn refunds_are_proportional_and_return_spent_points() {
        let mut m = model();
        let anna = m.join(customer(0, None), false);
        m.redeem(anna, 1, 40);
        m.purchase(purchase(1, anna, 100, 40));
        assert_eq!(m.customers[anna].balance, 15);
        let r = m.refund(1, Decimal::from(50));
        assert_eq!(
            r,
            Reversal {
                taken: 2,
                written_off: 0,
                returned: 20
            }
        );
        assert_eq!(m.customers[anna].balance, 33);
    }
}
