//! Each promotion audience selects exactly the customers it should: a varied set of customers is
//! seeded from a plain description (language, tier, registration age, birthday, inviter, points,
//! purchases with undos and refunds, promotions off, blocked, erased), the expected recipients
//! are computed from that description in Rust, and compared with the outbox rows the real
//! enqueue writes (and with the count the owner is shown).

use std::collections::BTreeSet;

use chrono::{Datelike, Utc};
use loyalty_bot::{
    broadcast::{self, Audience, outbox},
    domain::{Language, Points},
    ledger::{self, EntryKind, Posting, SystemAccount, Transfer},
};
use rust_decimal::Decimal;
use sqlx::PgPool;

use crate::support::db::TestDb;

/// One seeded customer, described independently of the SQL that selects audiences.
#[derive(Clone, Debug)]
struct Spec {
    language: &'static str,
    promos: bool,
    blocked: bool,
    erased: bool,
    /// Index into the seeded tiers, if any.
    tier: Option<usize>,
    registered_days_ago: i64,
    birthday_this_month: Option<bool>,
    referred: bool,
    points: i64,
    /// (days ago, amount, undone, refunded amount)
    purchases: Vec<(i64, i64, bool, i64)>,
}

impl Spec {
    fn reachable(&self) -> bool {
        self.promos && !self.blocked && !self.erased
    }

    fn active_within(&self, days: i64) -> bool {
        self.purchases.iter().any(|p| !p.2 && p.0 < days)
    }

    fn spent_within(&self, days: i64) -> i64 {
        let kept = self.purchases.iter().filter(|p| !p.2 && p.0 < days);
        kept.map(|p| p.1 - p.3).sum()
    }
}

/// A small deterministic generator: the set is varied but the same on every run.
struct Rng(u64);

impl Rng {
    fn next(&mut self, n: u64) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0 % n
    }

    fn pick<T: Copy>(&mut self, items: &[T]) -> T {
        items[self.next(items.len() as u64) as usize]
    }
}

fn specs(n: usize) -> Vec<Spec> {
    let mut rng = Rng(0x5eed_1234_abcd);
    (0..n)
        .map(|i| {
            let registered_days_ago = rng.pick(&[3, 15, 45, 100]);
            let purchases = (0..rng.next(4))
                .map(|_| {
                    // Never on a boundary of the 30-day windows the test asks for.
                    let days = rng.pick(&[1, 10, 25, 40, 70]).min(registered_days_ago - 1);
                    let amount = rng.pick(&[20, 50, 80, 120]);
                    let undone = rng.next(5) == 0;
                    let refund = if !undone && rng.next(4) == 0 {
                        amount / 2
                    } else {
                        0
                    };
                    (days, amount, undone, refund)
                })
                .collect();
            Spec {
                language: rng.pick(&["en", "ru", "uk"]),
                promos: rng.next(8) != 0,
                blocked: rng.next(10) == 0,
                erased: i == n - 1,
                tier: rng.pick(&[None, None, Some(0), Some(1)]),
                registered_days_ago,
                birthday_this_month: rng.pick(&[None, Some(true), Some(false)]),
                referred: i > 0 && rng.next(3) == 0,
                points: rng.pick(&[0, 100, 499, 500, 800]),
                purchases,
            }
        })
        .collect()
}

/// Inserts the customers; returns their ids in the order of `specs`, and the tier ids.
async fn seed(pool: &PgPool, specs: &[Spec]) -> (Vec<i64>, Vec<i64>) {
    let mut tiers = Vec::new();
    for (name, min) in [("Silver", 100), ("Gold", 500)] {
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO tiers (name, min_spend, earn_rate) VALUES ($1, $2, 7) RETURNING id",
        )
        .bind(name)
        .bind(Decimal::from(min))
        .fetch_one(pool)
        .await
        .expect("tier");
        tiers.push(id);
    }
    let mut conn = pool.acquire().await.expect("conn");
    let earned = ledger::system_account(&mut conn, SystemAccount::Purchases)
        .await
        .expect("system account");
    let now = Utc::now().date_naive();
    let this_month = now.month();
    let other_month = this_month % 12 + 1;
    let mut ids: Vec<i64> = Vec::new();
    for (i, s) in specs.iter().enumerate() {
        let account = ledger::open_customer_account(&mut conn)
            .await
            .expect("account");
        let birthday = s.birthday_this_month.map(|this| {
            let month = if this { this_month } else { other_month };
            chrono::NaiveDate::from_ymd_opt(1990, month, 1).expect("date")
        });
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO customers (tg_user_id, chat_id, first_name, language, account_id,
                 referral_code, referred_by, promos_enabled, unreachable, erased_at, tier_id,
                 birthday, created_at)
             VALUES ($1, $1, 'C', $2, $3, 'aud' || $1, $4, $5, $6,
                     CASE WHEN $7 THEN now() END, $8, $9, now() - make_interval(days => $10))
             RETURNING id",
        )
        .bind(7_700_000 + i as i64)
        .bind(s.language)
        .bind(account)
        .bind(s.referred.then(|| ids[0]))
        .bind(s.promos)
        .bind(s.blocked)
        .bind(s.erased)
        .bind(s.tier.map(|t| tiers[t]))
        .bind(birthday)
        .bind(s.registered_days_ago as i32)
        .fetch_one(&mut *conn)
        .await
        .expect("customer");
        if s.points > 0 {
            let transfer = Transfer {
                from: earned,
                to: account,
                points: Points::new(s.points).expect("points"),
            };
            let key = format!("seed-{id}");
            let posting = Posting::new(&key, EntryKind::Purchase, vec![transfer]);
            ledger::post(&mut conn, &posting).await.expect("points");
        }
        for (n, &(days, amount, undone, refund)) in s.purchases.iter().enumerate() {
            let purchase: i64 = sqlx::query_scalar(
                "INSERT INTO purchases (idempotency_key, customer_id, staff_tg_id, store, amount,
                     points, undone_at, created_at)
                 VALUES ($1, $2, 1, 'Main', $3, 0, CASE WHEN $4 THEN now() END,
                         now() - make_interval(days => $5))
                 RETURNING id",
            )
            .bind(format!("p-{id}-{n}"))
            .bind(id)
            .bind(Decimal::from(amount))
            .bind(undone)
            .bind(days as i32)
            .fetch_one(&mut *conn)
            .await
            .expect("purchase");
            if refund > 0 {
                sqlx::query(
                    "INSERT INTO refunds (purchase_id, amount, points_clawed_back,
                         points_written_off, points_returned, staff_tg_id, store)
                     VALUES ($1, $2, 0, 0, 0, 1, 'Main')",
                )
                .bind(purchase)
                .bind(Decimal::from(refund))
                .execute(&mut *conn)
                .await
                .expect("refund");
            }
        }
        ids.push(id);
    }
    (ids, tiers)
}

/// The customers the real enqueue writes outbox rows for, and the count the owner is shown.
async fn recipients(pool: &PgPool, audience: Audience) -> (BTreeSet<i64>, i64) {
    let id = broadcast::create_draft(pool, 1, "Audience test", Language::En)
        .await
        .expect("draft");
    assert!(
        broadcast::set_audience(pool, id, audience)
            .await
            .expect("set")
    );
    let shown = broadcast::audience_size(pool, audience)
        .await
        .expect("size");
    outbox::enqueue(pool, id, 1, 1).await.expect("enqueue");
    // Cancelled right away: nothing here runs a sender, and no row should stay pending.
    broadcast::transition(pool, id, &["sending"], "cancelled")
        .await
        .expect("cancel");
    let rows: Vec<i64> =
        sqlx::query_scalar("SELECT customer_id FROM broadcast_outbox WHERE broadcast_id = $1")
            .bind(id)
            .fetch_all(pool)
            .await
            .expect("rows");
    (rows.into_iter().collect(), shown)
}

#[tokio::test]
async fn every_audience_selects_exactly_the_expected_customers() {
    let db = TestDb::new().await;
    let specs = specs(90);
    let (ids, tiers) = seed(&db.pool, &specs).await;
    let expect = |keep: &dyn Fn(&Spec) -> bool| -> BTreeSet<i64> {
        specs
            .iter()
            .zip(&ids)
            .filter(|(s, _)| s.reachable() && keep(s))
            .map(|(_, id)| *id)
            .collect()
    };
    let cases: Vec<(Audience, BTreeSet<i64>)> = vec![
        (Audience::All, expect(&|_| true)),
        (
            Audience::Language {
                language: Language::Ru,
            },
            expect(&|s| s.language == "ru"),
        ),
        (
            Audience::Tier { tier: tiers[1] },
            expect(&|s| s.tier == Some(1)),
        ),
        (
            Audience::Inactive { days: 30 },
            expect(&|s| s.registered_days_ago >= 30 && !s.active_within(30)),
        ),
        (
            Audience::Birthday,
            expect(&|s| s.birthday_this_month == Some(true)),
        ),
        (Audience::Referred, expect(&|s| s.referred)),
        (Audience::Points { min: 500 }, expect(&|s| s.points >= 500)),
        (
            Audience::Spent {
                amount: Decimal::from(100),
                days: 30,
            },
            expect(&|s| s.spent_within(30) >= 100),
        ),
    ];
    for (audience, expected) in cases {
        // A set that tells nothing apart would prove nothing.
        assert!(
            !expected.is_empty() && expected.len() < ids.len() - 10,
            "{audience:?}: {} of {}",
            expected.len(),
            ids.len()
        );
        let (got, shown) = recipients(&db.pool, audience).await;
        assert_eq!(got, expected, "{audience:?}");
        assert_eq!(shown, expected.len() as i64, "{audience:?}");
    }
    db.drop_db().await;
}
