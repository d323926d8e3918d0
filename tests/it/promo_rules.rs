//! Promo rules: added with `/rules` (confirmed on a preview: see `promo_rules_preview`),
//! applied only on their days, "first K" exact under
//! concurrent purchases, tier-limited rules, Stop.

use chrono::{Days, Utc};
use loyalty_bot::{
    domain::Money,
    till::{Staff, purchase},
};

use crate::{
    support::{
        bot::{Chat, TestBot},
        stories::{balance, hire, join, owner, purchase as buy, scan},
    },
    tiers::age_purchases,
};

pub fn day(offset: i64) -> String {
    let today = Utc::now().date_naive();
    let d = if offset >= 0 {
        today.checked_add_days(Days::new(offset.unsigned_abs()))
    } else {
        today.checked_sub_days(Days::new(offset.unsigned_abs()))
    };
    d.expect("date").to_string()
}

/// `/rules add <spec>`, then Confirm on its preview; the preview turns into the "added"
/// message, which must contain every one of `needles`.
pub async fn add_rule(owner: &mut Chat, spec: &str, needles: &[&str]) {
    owner.sends(&format!("/rules add {spec}"));
    let preview = owner.expect(&["New promo rule", "Example:"]).await;
    owner.presses(&preview, "Confirm");
    let added = owner.expect_edit().await;
    for needle in needles {
        assert!(
            added.body().contains(needle),
            "{needle:?} in {:?}",
            added.body()
        );
    }
}

#[tokio::test]
async fn rules_apply_only_on_their_days_and_bonuses_once_per_customer() {
    let bot = TestBot::start().await;
    let mut olena = owner(&bot);
    let mut kate = hire(&bot, &mut olena, 5301, "Kate", "Cafe").await;
    let mut anna = join(&bot, 5302, "Anna", "en").await;

    // Typos change nothing and say what is wrong; cashiers cannot add rules.
    for (input, answer) in [
        ("/rules add x2 2020-01-01 2020-01-02", "already be over"),
        (
            &format!("/rules add y2 {} {}", day(0), day(1)),
            "The effect must be",
        ),
        (&format!("/rules add x2 {} 30.11", day(0)), "is not a date"),
        (
            &format!("/rules add x2 {} {}", day(1), day(0)),
            "before the first",
        ),
        (
            &format!("/rules add +5 {} {} tier Platinum", day(0), day(0)),
            "no tier named",
        ),
        (
            &format!("/rules add +5 {} {} first", day(0), day(0)),
            "how many customers",
        ),
    ] {
        olena.sends(input);
        olena.expect(&[answer]).await;
    }
    kate.sends(&format!("/rules add x2 {} {}", day(0), day(1)));
    kate.expect(&["Only the owner"]).await;
    let rules = bot
        .scalar("SELECT COUNT(*) FROM promo_rules WHERE $1 = $1", 0)
        .await;
    assert_eq!(rules, 0);

    let x2 = format!("x2 {} {}", day(0), day(2));
    add_rule(&mut olena, &x2, &["Rule #", "added", "points ×2"]).await;
    let bonus = format!("+100 {} {}", day(1), day(3));
    add_rule(
        &mut olena,
        &bonus,
        &["added", "+100 points once per customer"],
    )
    .await;
    olena.sends("/rules");
    let list = olena
        .expect(&["points ×2", "running", "+100 points", "upcoming"])
        .await;

    // Today: double points, no bonus yet.
    scan(&mut kate, &mut anna).await;
    kate.sends("1000");
    kate.expect(&["+100 points", "Promo: points ×2"]).await;
    anna.expect(&["+100 points", "Promo: points ×2"]).await;

    // The doubling ended yesterday; the bonus started today: paid once.
    bot.exec(&format!(
        "UPDATE promo_rules SET starts_on = '{}', ends_on = '{}' WHERE multiplier IS NOT NULL",
        day(-5),
        day(-1)
    ))
    .await;
    bot.exec(&format!(
        "UPDATE promo_rules SET starts_on = '{}' WHERE bonus IS NOT NULL",
        day(0)
    ))
    .await;
    age_purchases(&bot, 120).await;
    scan(&mut kate, &mut anna).await;
    kate.sends("1000");
    let r = kate
        .expect(&["+50 points", "Promo bonus: +100 points"])
        .await;
    assert!(!r.body().contains("×2"), "{}", r.body());
    anna.expect(&["+50 points", "Promo bonus: +100 points"])
        .await;
    age_purchases(&bot, 120).await;
    scan(&mut kate, &mut anna).await;
    kate.sends("1000");
    let r = kate.expect(&["+50 points"]).await;
    assert!(!r.body().contains("Promo"), "{}", r.body());
    anna.expect(&["+50 points"]).await;
    assert_eq!(balance(&bot, &anna).await, (50 + 100 + 50 + 100 + 50, 0));

    // Stop: purchases after it do not get the rule.
    olena.presses(&list, "Stop #2");
    olena.expect(&["Rule #2 stopped"]).await;
    olena.presses(&list, "Stop #2");
    olena.expect(&["already stopped"]).await;
    olena.sends("/rules");
    olena.expect(&["No running or upcoming"]).await;
    bot.finish().await;
}

#[tokio::test]
async fn first_k_customers_exactly_even_when_they_buy_at_the_same_moment() {
    let bot = TestBot::start().await;
    let mut olena = owner(&bot);
    let spec = format!("+200 {} {} first 3", day(0), day(0));
    add_rule(&mut olena, &spec, &["first 3 customers (0 so far)"]).await;
    let mut customers = Vec::new();
    for i in 0..8 {
        let c = join(&bot, 5310 + i, "Buyer", "en").await;
        let id: i64 = sqlx::query_scalar("SELECT id FROM customers WHERE tg_user_id = $1")
            .bind(c.id())
            .fetch_one(&bot.pool)
            .await
            .expect("customer");
        customers.push(id);
    }
    let mut tasks = tokio::task::JoinSet::new();
    for (i, customer_id) in customers.iter().copied().enumerate() {
        let pool = bot.pool.clone();
        tasks.spawn(async move {
            let staff = Staff {
                tg_user_id: 777_000 + i as i64,
                name: "Till".into(),
                store: "Cafe".into(),
                is_owner: false,
            };
            let req = purchase::PurchaseRequest {
                key: format!("concurrent:{i}"),
                staff: &staff,
                customer_id,
                amount: Money::parse("100").expect("amount"),
                now: Utc::now(),
            };
            purchase::post(&pool, &req).await.map(|r| r.extras.bonus)
        });
    }
    let mut paid = Vec::new();
    while let Some(r) = tasks.join_next().await {
        paid.push(r.expect("task").expect("purchase"));
    }
    paid.sort_unstable();
    assert_eq!(paid, [0, 0, 0, 0, 0, 200, 200, 200]);
    let entries = bot
        .scalar(
            "SELECT COUNT(*) FROM journal_entries WHERE kind = 'promo' AND $1 = $1",
            0,
        )
        .await;
    assert_eq!(entries, 3);
    olena.sends("/rules");
    olena.expect(&["first 3 customers (3 so far)"]).await;
    bot.finish().await;
}

#[tokio::test]
async fn a_tier_rule_applies_to_that_tier_only_and_multipliers_do_not_stack() {
    let bot = TestBot::start().await;
    bot.exec("INSERT INTO tiers (name, min_spend, earn_rate) VALUES ('Gold', 1000, 10)")
        .await;
    let mut olena = owner(&bot);
    let mut kate = hire(&bot, &mut olena, 5321, "Kate", "Cafe").await;
    let mut anna = join(&bot, 5322, "Anna", "en").await;
    let mut bob = join(&bot, 5323, "Bob", "en").await;
    scan(&mut kate, &mut anna).await;
    kate.sends("1000");
    kate.expect(&["+50 points"]).await;
    anna.expect(&["Purchase at"]).await;
    anna.expect(&["now on the", "Gold"]).await;

    let gold = format!("x3 {} {} tier gold", day(0), day(0));
    add_rule(&mut olena, &gold, &["points ×3", "tier Gold"]).await;
    add_rule(
        &mut olena,
        &format!("x2 {} {}", day(0), day(0)),
        &["points ×2"],
    )
    .await;
    age_purchases(&bot, 120).await;
    // Gold: 10% × 3 (the best rule, not ×6).
    scan(&mut kate, &mut anna).await;
    kate.sends("100");
    kate.expect(&["+30 points", "×3"]).await;
    anna.expect(&["+30 points"]).await;
    // Base: 5% × 2 (the Gold rule is not for Bob).
    scan(&mut kate, &mut bob).await;
    buy(&mut kate, &mut bob, "100").await;
    assert_eq!(balance(&bot, &bob).await, (50 + 10, 0));
    bot.finish().await;
}
