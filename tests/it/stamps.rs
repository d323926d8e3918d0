//! The stamp card: every Nth qualifying purchase earns the gift; the card image shows the
//! stamps; undo and refunds take a stamp back only while its card is being collected.

use std::time::Duration;

use loyalty_bot::picture::card::read_stamps;

use crate::{
    support::{
        bot::{Chat, TestBot},
        stories::{balance, card, hire, join, owner, purchase, refund, scan},
    },
    tiers::age_purchases,
};

/// The stamps drawn on the customer's `/card` image, and its caption.
async fn card_stamps(customer: &mut Chat) -> ((u32, u32), String) {
    customer.sends("/card");
    let (m, png) = customer.expect_photo().await;
    (read_stamps(&png).expect("card PNG"), m.body().to_owned())
}

async fn stamp_entries(bot: &TestBot) -> i64 {
    bot.scalar(
        "SELECT COUNT(*) FROM journal_entries WHERE kind = 'stamp' AND $1 = $1",
        0,
    )
    .await
}

#[tokio::test]
async fn every_third_qualifying_purchase_earns_the_gift_and_the_card_shows_the_stamps() {
    let bot = TestBot::start().await;
    bot.exec(
        "UPDATE program_settings SET stamp_every = 3, stamp_min_amount = 100,
                stamp_gift_points = 30, stamp_gift = 'A free coffee & cake'",
    )
    .await;
    let mut olena = owner(&bot);
    let mut kate = hire(&bot, &mut olena, 5201, "Kate", "Cafe").await;
    let mut anna = join(&bot, 5202, "Anna", "en").await;
    assert_eq!(card_stamps(&mut anna).await.0, (0, 3));
    let screen = scan(&mut kate, &mut anna).await;
    assert!(screen.body().contains("Stamps: 0/3"), "{}", screen.body());

    kate.sends("150");
    kate.expect(&["+7 points", "Stamps: 1/3"]).await;
    anna.expect(&["+7 points", "Stamps: 1/3"]).await;
    // Below the minimum: no stamp.
    age_purchases(&bot, 120).await;
    scan(&mut kate, &mut anna).await;
    kate.sends("99,99");
    kate.expect(&["Stamps: 1/3"]).await;
    anna.expect(&["Stamps: 1/3"]).await;
    age_purchases(&bot, 120).await;
    scan(&mut kate, &mut anna).await;
    purchase(&mut kate, &mut anna, "100").await;
    let (stamps, caption) = card_stamps(&mut anna).await;
    assert_eq!(stamps, (2, 3));
    assert!(caption.contains("Stamps: 2/3"), "{caption}");

    // The third: the gift, to both sides; the card starts over.
    age_purchases(&bot, 120).await;
    scan(&mut kate, &mut anna).await;
    let update = kate.sends("200");
    kate.expect(&["Stamp card full", "+30 points", "A free coffee & cake"])
        .await;
    anna.expect(&["Stamp card full", "+30 points", "A free coffee & cake"])
        .await;
    assert_eq!(balance(&bot, &anna).await, (50 + 7 + 4 + 5 + 10 + 30, 0));
    assert_eq!(card_stamps(&mut anna).await.0, (0, 3));
    // A re-delivered update is ignored; one handled again pays no second gift.
    bot.redeliver(update).await;
    kate.expect_silence(Duration::from_millis(500)).await;
    bot.rerun(update).await;
    kate.expect(&["Receipt #"]).await;
    anna.expect_silence(Duration::from_millis(500)).await;
    assert_eq!(stamp_entries(&bot).await, 1);
    assert_eq!(balance(&bot, &anna).await, (106, 0));
    bot.finish().await;
}

#[tokio::test]
async fn undo_and_refunds_take_a_stamp_back_until_the_gift_is_given() {
    let bot = TestBot::start().await;
    bot.exec("UPDATE program_settings SET stamp_every = 2, stamp_min_amount = 100, stamp_gift_points = 20")
    .await;
    let mut olena = owner(&bot);
    let mut kate = hire(&bot, &mut olena, 5211, "Kate", "Cafe").await;
    let mut anna = join(&bot, 5212, "Anna", "en").await;

    // Undone before the card is full: the stamp goes.
    scan(&mut kate, &mut anna).await;
    kate.sends("100");
    let receipt = kate.expect(&["Stamps: 1/2"]).await;
    anna.expect(&["Stamps: 1/2"]).await;
    kate.presses(&receipt, "Undo");
    kate.expect_edit().await;
    anna.expect(&["was cancelled"]).await;
    assert_eq!(card_stamps(&mut anna).await.0, (0, 2));

    // Refunded below the minimum: the stamp goes too; refunded above it, it stays.
    age_purchases(&bot, 120).await;
    scan(&mut kate, &mut anna).await;
    let keeps = purchase(&mut kate, &mut anna, "300").await;
    refund(&mut kate, keeps, Some("100")).await;
    anna.expect(&["Refund for receipt"]).await;
    assert_eq!(card_stamps(&mut anna).await.0, (1, 2));
    kate.sends(&format!("/refund {keeps}"));
    kate.expect(&["already undone or refunded"]).await;
    age_purchases(&bot, 120).await;
    scan(&mut kate, &mut anna).await;
    let loses = purchase(&mut kate, &mut anna, "120").await;
    age_purchases(&bot, 120).await;
    // That purchase completed the card: the gift was paid and is not taken back by an undo.
    assert_eq!(stamp_entries(&bot).await, 1);
    refund(&mut kate, loses, Some("60")).await;
    anna.expect(&["Refund for receipt"]).await;
    let screen = scan(&mut kate, &mut anna).await;
    assert!(screen.body().contains("Stamps: 0/2"), "{}", screen.body());

    // A new card: one stamp, then refunded below the minimum before the card is full.
    let r = purchase(&mut kate, &mut anna, "100").await;
    assert_eq!(card_stamps(&mut anna).await.0, (1, 2));
    refund(&mut kate, r, Some("1")).await;
    anna.expect(&["Refund for receipt"]).await;
    assert_eq!(card_stamps(&mut anna).await.0, (0, 2));
    let (_, link) = card(&mut anna).await;
    assert!(link.contains("start=c_"));
    bot.finish().await;
}
