//! Tiers (up on a purchase, down and up by the tier job), the discount card on the cashier's
//! card screen, and a discount-only programme.

use std::time::Duration;

use chrono::Utc;
use loyalty_bot::{earning::tiers, sandbox::emulator::SentMessage};

use crate::support::{
    bot::{Chat, TestBot},
    stories::{balance, hire, join, owner, purchase, scan},
};

/// Runs owner-mode settings SQL (what /settings would write).
pub async fn sql(bot: &TestBot, statement: &str) {
    sqlx::query(statement)
        .execute(&bot.pool)
        .await
        .unwrap_or_else(|e| panic!("{statement}: {e}"));
}

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

async fn tier_of(bot: &TestBot, customer: &Chat) -> Option<String> {
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
    sql(&bot, "INSERT INTO tiers (name, min_spend, earn_rate) VALUES ('Silver', 1000, 7), ('Gold', 5000, 10)").await;
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
    sql(
        &bot,
        "INSERT INTO tiers (name, min_spend, earn_rate) VALUES ('Silver', 1000, 7)",
    )
    .await;
    sql(&bot, "UPDATE program_settings SET tier_period_days = 30").await;
    let mut olena = owner(&bot);
    let mut kate = hire(&bot, &mut olena, 5111, "Kate", "Cafe").await;
    let mut anna = join(&bot, 5112, "Anna", "en").await;
    scan(&mut kate, &mut anna).await;
    purchase_moving_tier(&mut kate, &mut anna, "1200", &["Silver"]).await;

    // Still inside the window: nothing moves, however often the job runs.
    sql(
        &bot,
        "UPDATE purchases SET created_at = now() - interval '29 days'",
    )
    .await;
    assert_eq!(tiers::run(&bot.pool, Utc::now()).await.expect("job"), 0);
    // The spend leaves the 30-day window: two processes run the job at once; one moves Anna,
    // she is told once.
    sql(
        &bot,
        "UPDATE purchases SET created_at = now() - interval '31 days'",
    )
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
    kate.sends(&format!("/refund {receipt} 100"));
    kate.expect(&["Refund of receipt"]).await;
    anna.expect(&["Refund for receipt"]).await;
    sql(&bot, "UPDATE tiers SET min_spend = 850").await;
    assert_eq!(tiers::run(&bot.pool, Utc::now()).await.expect("job"), 0);
    sql(&bot, "UPDATE tiers SET min_spend = 700").await;
    assert_eq!(tiers::run(&bot.pool, Utc::now()).await.expect("job"), 1);
    anna.expect(&["now on the", "Silver", "7%"]).await;
    bot.finish().await;
}

#[tokio::test]
async fn the_card_screen_shows_the_discount_fixed_or_progressive_by_total_spend() {
    let bot = TestBot::start().await;
    sql(
        &bot,
        "UPDATE program_settings SET programme_type = 'both', discount_percent = 5",
    )
    .await;
    let mut olena = owner(&bot);
    let mut kate = hire(&bot, &mut olena, 5121, "Kate", "Cafe").await;
    let mut anna = join(&bot, 5122, "Anna", "en").await;
    let screen = scan(&mut kate, &mut anna).await;
    assert!(
        screen.body().contains("Discount to apply: 5%"),
        "{}",
        screen.body()
    );
    // Both: points still earned.
    kate.sends("1000");
    kate.expect(&["Receipt #", "+50 points"]).await;
    anna.expect(&["+50 points"]).await;

    // Progressive, by all-time spend (an old purchase counts too).
    sql(
        &bot,
        "UPDATE program_settings SET discount_mode = 'progressive'",
    )
    .await;
    sql(
        &bot,
        "INSERT INTO discount_levels (min_spend, percent) VALUES (0, 3), (1500, 7.5), (5000, 10)",
    )
    .await;
    sql(
        &bot,
        "UPDATE purchases SET created_at = now() - interval '3 years'",
    )
    .await;
    let screen = scan(&mut kate, &mut anna).await;
    assert!(
        screen.body().contains("Discount to apply: 3%"),
        "{}",
        screen.body()
    );
    purchase(&mut kate, &mut anna, "500").await;
    let screen = scan(&mut kate, &mut anna).await;
    assert!(
        screen.body().contains("Discount to apply: 7.5%"),
        "{}",
        screen.body()
    );
    bot.finish().await;
}

#[tokio::test]
async fn a_discount_only_programme_earns_no_points_refuses_redemption_and_still_progresses() {
    let bot = TestBot::start().await;
    sql(
        &bot,
        "UPDATE program_settings SET programme_type = 'discount', discount_mode = 'progressive'",
    )
    .await;
    sql(
        &bot,
        "INSERT INTO discount_levels (min_spend, percent) VALUES (0, 2), (400, 6)",
    )
    .await;
    let mut olena = owner(&bot);
    let mut kate = hire(&bot, &mut olena, 5131, "Kate", "Cafe").await;
    let mut anna = join(&bot, 5132, "Anna", "en").await;
    let screen = scan(&mut kate, &mut anna).await;
    assert!(
        screen.body().contains("Discount to apply: 2%"),
        "{}",
        screen.body()
    );
    assert!(
        !screen
            .inline_buttons()
            .iter()
            .any(|(t, _)| t.contains("Redeem")),
        "no Redeem button without points"
    );
    kate.sends("/redeem 10");
    kate.expect(&["discount card only"]).await;

    kate.sends("500");
    let receipt = kate.expect(&["Receipt #", "500.00", "Anna"]).await;
    assert!(!receipt.body().contains("point"), "{}", receipt.body());
    let r = anna.expect(&["Purchase at Cafe: 500.00"]).await;
    assert!(!r.body().contains("point"), "{}", r.body());
    assert_eq!(
        balance(&bot, &anna).await,
        (50, 0),
        "only the welcome bonus"
    );
    let earned = bot
        .scalar(
            "SELECT COALESCE(SUM(points), 0)::BIGINT + $1 FROM purchases",
            0,
        )
        .await;
    assert_eq!(earned, 0);
    // The purchase counts for the progressive discount.
    let screen = scan(&mut kate, &mut anna).await;
    assert!(
        screen.body().contains("Discount to apply: 6%"),
        "{}",
        screen.body()
    );
    anna.sends("/card");
    let (m, _) = anna.expect_photo().await;
    assert!(m.body().contains("Your discount: 6%"), "{}", m.body());
    bot.finish().await;
}
