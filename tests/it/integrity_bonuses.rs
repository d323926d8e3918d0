//! Money integrity (issue #12): bonuses a purchase caused follow the purchase. The referral
//! pays only from a minimum amount; undo and a full refund take back every bonus the purchase
//! caused (referral, feedback, stamp gift, promo bonus), capped at the balance.

use std::time::Duration;

use crate::support::{
    bot::TestBot,
    stories::{balance, hire, join, join_invited, owner, purchase, scan},
};

/// Moves every purchase two minutes back, out of the double-scan window.
async fn age(bot: &TestBot) {
    bot.exec("UPDATE purchases SET created_at = created_at - interval '2 minutes'")
        .await;
}

#[tokio::test]
async fn the_referral_pays_only_from_the_minimum_amount() {
    let bot = TestBot::start().await;
    let mut olena = owner(&bot);
    let mut kate = hire(&bot, &mut olena, 12_101, "Kate", "Cafe").await;
    let mut anna = join(&bot, 12_102, "Anna", "en").await;
    let mut boris = join_invited(&bot, &mut anna, 12_103, "Boris").await;

    // 0.50 is below the default minimum of 1.00: no bonus for either side.
    scan(&mut kate, &mut boris).await;
    purchase(&mut kate, &mut boris, "0.50").await;
    boris.expect_silence(Duration::from_millis(400)).await;
    anna.expect_silence(Duration::from_millis(100)).await;
    assert_eq!(balance(&bot, &anna).await, (50, 0));

    // The owner raises the minimum in /settings; 20 is still below it, 60 qualifies.
    let saved = crate::settings::set(&mut olena, "Referral minimum purchase", "50").await;
    assert!(saved.body().contains("1.00 → 50.00"), "{}", saved.body());
    age(&bot).await;
    scan(&mut kate, &mut boris).await;
    purchase(&mut kate, &mut boris, "20").await;
    boris.expect_silence(Duration::from_millis(400)).await;
    age(&bot).await;
    scan(&mut kate, &mut boris).await;
    purchase(&mut kate, &mut boris, "60").await;
    boris.expect(&["first purchase", "100 points"]).await;
    anna.expect(&["Boris made a first purchase", "100 points"])
        .await;
    assert_eq!(balance(&bot, &anna).await, (150, 0));
    assert_eq!(balance(&bot, &boris).await, (50 + 1 + 3 + 100, 0));
    bot.finish().await;
}
