//! Tiers: up on a purchase, down at once on an undo or refund, down and up by the tier job.

use std::time::Duration;

use chrono::Utc;
use loyalty_bot::{earning::tiers, sandbox::emulator::SentMessage};

use crate::support::{
    bot::{Chat, TestBot},
    stories::{balance, hire, join, owner, purchase, receipt_number, refund, scan},
};

/// Moves every purchase `secs` into the past: the duplicate-purchase question (same card, same
/// cashier, within a minute) stays out of stories that post several purchases.
pub async fn age_purchases(bot: &TestBot, secs: i64) {
    sqlx::query("UPDATE purchases SET created_at = created_at - make_interval(secs => $1)")
        .bind(secs as f64)
        .execute(&bot.pool)
        .await
        .expect("age purchases");
}

/// A purchase whose receipt is followed by a tier notice to the customer.
async fn purchase_moving_tier(
    cashier: &mut Chat,
    customer: &mut Chat,
    amount: &str,
    notice: &[&str],
) -> SentMessage {
    cashier.sends(amount);
    cashier.expect(&["Receipt #"]).await;
    customer.expect(&["Purchase at"]).await;
    customer.expect(notice).await
}

pub async fn tier_of(bot: &TestBot, customer: &Chat) -> Option<String> {
    sqlx::query_scalar(
        "SELECT t.name FROM customers c LEFT JOIN tiers t ON t.id = c.tier_id WHERE c.tg_user_id = $1",
    )
    .bind(customer.id())
    .fetch_one(&bot.pool)
    .await
    .expect("customer")
}

#[tokio::test]
async fn a_purchase_moves_the_customer_up_and_the_next_purchase_earns_the_new_rate() {
    let bot = TestBot::start().await;
    bot.exec("INSERT INTO tiers (name, min_spend, earn_rate) VALUES ('Silver', 1000, 7), ('Gold', 5000, 10)").await;
    let mut olena = owner(&bot);
    let mut kate = hire(&bot, &mut olena, 5101, "Kate", "Cafe").await;
    let mut anna = join(&bot, 5102, "Anna", "en").await;
    let screen = scan(&mut kate, &mut anna).await;
    assert!(screen.body().contains("Tier: Base"), "{}", screen.body());

    // 999.99 stays on Base (5%), 0.01 more reaches Silver: told at once, in the customer's chat.
    purchase(&mut kate, &mut anna, "999,99").await;
    assert_eq!(tier_of(&bot, &anna).await, None);
    age_purchases(&bot, 120).await;
    scan(&mut kate, &mut anna).await;
    purchase_moving_tier(
        &mut kate,
        &mut anna,
        "0,01",
        &["now on the", "Silver", "7%"],
    )
    .await;
    assert_eq!(tier_of(&bot, &anna).await.as_deref(), Some("Silver"));
    assert_eq!(balance(&bot, &anna).await, (50 + 49, 0));

    // The next purchase earns 7%, and the card screens show the tier.
    age_purchases(&bot, 120).await;
    let screen = scan(&mut kate, &mut anna).await;
    assert!(screen.body().contains("Tier: Silver"), "{}", screen.body());
    kate.sends("100");
    kate.expect(&["Receipt #", "+7 points"]).await;
    anna.expect(&["Purchase at", "+7 points"]).await;
    let (m, _) = {
        anna.sends("/card");
        anna.expect_photo().await
    };
    assert!(m.body().contains("Tier: Silver"), "{}", m.body());
    anna.expect_silence(Duration::from_millis(300)).await;
    bot.finish().await;
}

#[tokio::test]
async fn the_tier_job_moves_customers_down_as_spend_leaves_the_window_and_up_when_thresholds_change()
 {
    let bot = TestBot::start().await;
    bot.exec("INSERT INTO tiers (name, min_spend, earn_rate) VALUES ('Silver', 1000, 7)")
        .await;
    bot.exec("UPDATE program_settings SET tier_period_days = 30")
        .await;
    let mut olena = owner(&bot);
    let mut kate = hire(&bot, &mut olena, 5111, "Kate", "Cafe").await;
    let mut anna = join(&bot, 5112, "Anna", "en").await;
    scan(&mut kate, &mut anna).await;
    purchase_moving_tier(&mut kate, &mut anna, "1200", &["Silver"]).await;

    // Still inside the window: nothing moves, however often the job runs.
    bot.exec("UPDATE purchases SET created_at = now() - interval '29 days'")
        .await;
    assert_eq!(tiers::run(&bot.pool, Utc::now()).await.expect("job"), 0);
    // The spend leaves the 30-day window: two processes run the job at once; one moves Anna,
    // she is told once.
    bot.exec("UPDATE purchases SET created_at = now() - interval '31 days'")
        .await;
    let (a, b) = tokio::join!(
        tiers::run(&bot.pool, Utc::now()),
        tiers::run(&bot.pool, Utc::now())
    );
    assert_eq!(a.expect("job") + b.expect("job"), 1);
    anna.expect(&["Your tier is now", "Base", "5%"]).await;
    assert_eq!(tier_of(&bot, &anna).await, None);
    assert_eq!(tiers::run(&bot.pool, Utc::now()).await.expect("job"), 0);
    anna.expect_silence(Duration::from_millis(1500)).await;

    // A refund counts against the spend: 800 in the window, then the owner lowers Silver to
    // 700 and the job moves Anna up.
    scan(&mut kate, &mut anna).await;
    let receipt = purchase(&mut kate, &mut anna, "900").await;
    refund(&mut kate, receipt, Some("100")).await;
    anna.expect(&["Refund for receipt"]).await;
    bot.exec("UPDATE tiers SET min_spend = 850").await;
    assert_eq!(tiers::run(&bot.pool, Utc::now()).await.expect("job"), 0);
    bot.exec("UPDATE tiers SET min_spend = 700").await;
    assert_eq!(tiers::run(&bot.pool, Utc::now()).await.expect("job"), 1);
    anna.expect(&["now on the", "Silver", "7%"]).await;
    bot.finish().await;
}

#[tokio::test]
async fn an_undo_or_a_refund_below_the_threshold_moves_the_customer_down_at_once() {
    let bot = TestBot::start().await;
    bot.exec("INSERT INTO tiers (name, min_spend, earn_rate) VALUES ('Silver', 1000, 7)")
        .await;
    let mut olena = owner(&bot);
    let mut kate = hire(&bot, &mut olena, 5141, "Kate", "Cafe").await;
    let mut anna = join(&bot, 5142, "Anna", "en").await;
    scan(&mut kate, &mut anna).await;
    purchase(&mut kate, &mut anna, "600").await;
    age_purchases(&bot, 120).await;
    scan(&mut kate, &mut anna).await;
    kate.sends("500");
    let receipt = kate.expect(&["Receipt #"]).await;
    anna.expect(&["Purchase at"]).await;
    anna.expect(&["now on the", "Silver"]).await;

    // Undoing the 500 leaves 600: Base at once (the tier job has not run since start-up),
    // told right after the undo, once.
    kate.presses(&receipt, "Undo");
    let undone = kate.expect_edit().await;
    assert!(undone.body().contains("undone"), "{}", undone.body());
    assert_eq!(tier_of(&bot, &anna).await, None);
    anna.expect(&["cancelled by the cashier"]).await;
    anna.expect(&["Your tier is now", "Base", "5%"]).await;

    // 400 more reaches Silver again; refunding 0.01 of it leaves 999.99: Base at once.
    age_purchases(&bot, 120).await;
    scan(&mut kate, &mut anna).await;
    kate.sends("400");
    let receipt = receipt_number(&kate.expect(&["Receipt #"]).await);
    anna.expect(&["Purchase at"]).await;
    anna.expect(&["now on the", "Silver"]).await;
    refund(&mut kate, receipt, Some("0,01")).await;
    assert_eq!(tier_of(&bot, &anna).await, None);
    anna.expect(&["Refund for receipt"]).await;
    anna.expect(&["Your tier is now", "Base", "5%"]).await;
    anna.expect_silence(Duration::from_millis(1500)).await;
    assert_eq!(tiers::run(&bot.pool, Utc::now()).await.expect("job"), 0);
    bot.finish().await;
}
