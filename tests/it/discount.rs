//! The discount card on the card screens, and a discount-only programme (no points: no
//! balance on the card, tier notices without an earn rate).

use std::time::Duration;

use chrono::Utc;
use loyalty_bot::earning::tiers;

use crate::{
    support::{
        bot::TestBot,
        stories::{balance, hire, join, owner, purchase, scan},
    },
    tiers::tier_of,
};

#[tokio::test]
async fn the_card_screen_shows_the_discount_fixed_or_progressive_by_total_spend() {
    let bot = TestBot::start().await;
    bot.exec("UPDATE program_settings SET programme_type = 'both', discount_percent = 5")
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
    bot.exec("UPDATE program_settings SET discount_mode = 'progressive'")
        .await;
    bot.exec(
        "INSERT INTO discount_levels (min_spend, percent) VALUES (0, 3), (1500, 7.5), (5000, 10)",
    )
    .await;
    bot.exec("UPDATE purchases SET created_at = now() - interval '3 years'")
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
    bot.exec(
        "UPDATE program_settings SET programme_type = 'discount', discount_mode = 'progressive'",
    )
    .await;
    bot.exec("INSERT INTO discount_levels (min_spend, percent) VALUES (0, 2), (400, 6)")
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
    assert!(!m.body().contains("point"), "no balance: {}", m.body());
    bot.finish().await;
}

#[tokio::test]
async fn tier_notices_in_a_discount_only_programme_do_not_talk_about_points() {
    let bot = TestBot::start().await;
    bot.exec("UPDATE program_settings SET programme_type = 'discount'")
        .await;
    bot.exec("INSERT INTO tiers (name, min_spend, earn_rate) VALUES ('Silver', 1000, 7)")
        .await;
    let mut olena = owner(&bot);
    let mut kate = hire(&bot, &mut olena, 5141, "Kate", "Cafe").await;
    let mut anna = join(&bot, 5142, "Anna", "en").await;
    scan(&mut kate, &mut anna).await;
    purchase(&mut kate, &mut anna, "1000").await;
    // Up, told by the purchase's handler.
    let up = anna.expect(&["now on the", "Silver"]).await;
    assert!(!talks_points(up.body()), "{}", up.body());
    anna.sends("/card");
    let (card, _) = anna.expect_photo().await;
    assert!(card.body().contains("Tier: Silver"), "{}", card.body());
    assert!(!card.body().contains("point"), "{}", card.body());
    // Down, told by the tier job once the spend leaves the window.
    bot.exec("UPDATE purchases SET created_at = now() - interval '400 days'")
        .await;
    assert_eq!(tiers::run(&bot.pool, Utc::now()).await.expect("job"), 1);
    let down = anna.expect(&["Your tier is now", "Base"]).await;
    assert!(!talks_points(down.body()), "{}", down.body());
    assert_eq!(tier_of(&bot, &anna).await, None);

    // The same moves in a points programme do name the earn rate (the test can fail).
    bot.exec("UPDATE program_settings SET programme_type = 'points'")
        .await;
    bot.exec("UPDATE purchases SET created_at = now()").await;
    assert_eq!(tiers::run(&bot.pool, Utc::now()).await.expect("job"), 1);
    let up = anna.expect(&["now on the", "Silver"]).await;
    assert!(talks_points(up.body()), "{}", up.body());
    anna.expect_silence(Duration::from_millis(300)).await;
    bot.finish().await;
}

/// Whether a message talks about points or an earn rate.
fn talks_points(body: &str) -> bool {
    body.contains("point") || body.contains('%') || body.contains("earn")
}
