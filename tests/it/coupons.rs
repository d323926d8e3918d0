//! Coupons: the owner creates a code with a QR for flyers; customers claim it once each,
//! within its limit and period; claimed discounts are applied once at the till.

use std::time::Duration;

use crate::support::{
    bot::{BOT_USERNAME, TestBot},
    stories::{balance, hire, join, owner, scan, start_payload},
};

async fn claims(bot: &TestBot, code: &str) -> i64 {
    sqlx::query_scalar(
        "SELECT COUNT(*) FROM coupon_claims cl JOIN coupons c ON c.id = cl.coupon_id
         WHERE c.code = $1",
    )
    .bind(code)
    .fetch_one(&bot.pool)
    .await
    .expect("claims")
}

#[tokio::test]
async fn bonus_coupon_once_per_customer_within_an_exact_limit() {
    let bot = TestBot::start().await;
    let mut owner = owner(&bot);
    owner.sends("/coupon add summer bonus 100 limit 2 until 2099-12-31");
    let (m, png) = owner.expect_photo().await;
    let link = format!("https://t.me/{BOT_USERNAME}?start=k_SUMMER");
    assert!(m.body().contains(&link), "{}", m.body());
    assert_eq!(
        loyalty_bot::qr::decode(&png).as_deref(),
        Some(link.as_str())
    );

    // A new customer opens the flyer's link: registered first, then the coupon pays.
    let mut anna = bot.user(1401, "Anna", "en");
    anna.sends(&format!("/start {}", start_payload(&link)));
    anna.expect(&["Welcome"]).await;
    anna.expect_photo().await;
    anna.expect(&["SUMMER", "+100 points", "150 points"]).await;
    assert_eq!(balance(&bot, &anna).await, (150, 0));
    // Once per customer, however the link is opened again.
    anna.sends("/start k_SUMMER");
    anna.expect(&["Welcome back"]).await;
    anna.expect(&["cannot be used"]).await;

    // Three customers race for the last use: exactly one gets it.
    let mut others = Vec::new();
    for (id, name) in [(1402, "Boris"), (1403, "Carol"), (1404, "Dan")] {
        others.push(join(&bot, id, name, "en").await);
    }
    for c in &mut others {
        c.sends("/start k_SUMMER");
    }
    let mut won = 0;
    for c in &mut others {
        c.expect(&["Welcome back"]).await;
        let m = c.expect_message().await;
        if m.body().contains("+100") {
            won += 1;
        } else {
            assert!(m.body().contains("cannot be used"), "{}", m.body());
        }
    }
    assert_eq!(won, 1);
    assert_eq!(claims(&bot, "SUMMER").await, 2);
    let entries = bot
        .scalar(
            "SELECT COUNT(*) FROM journal_entries WHERE kind = 'coupon' AND $1 = $1",
            0,
        )
        .await;
    assert_eq!(entries, 2);

    // The owner's list: uses against the limit, and a Stop button.
    owner.sends("/coupon");
    let list = owner.expect(&["SUMMER", "2/2", "used up"]).await;
    owner.presses(&list, "Stop SUMMER");
    let list = owner.expect_edit().await;
    assert!(list.body().contains("stopped"), "{}", list.body());
    let buttons: Vec<String> = list.inline_buttons().into_iter().map(|(t, _)| t).collect();
    assert_eq!(buttons, ["New coupon…"], "only New… is left");
    bot.finish().await;
}

#[tokio::test]
async fn bad_expired_and_unknown_coupons_are_refused() {
    let bot = TestBot::start().await;
    let mut owner = owner(&bot);
    for (args, answer) in [
        ("/coupon add AB bonus 1 limit 1 until 2099-12-31", "6 to 16"),
        (
            "/coupon add ABCDE bonus 1 limit 1 until 2099-12-31",
            "6 to 16",
        ),
        (
            "/coupon add ABCDEF bonus -5 limit 1 until 2099-12-31",
            "whole number from 1",
        ),
        (
            "/coupon add ABCDEF discount 150% limit 1 until 2099-12-31",
            "100%",
        ),
        (
            "/coupon add ABCDEF bonus 5 limit 0 until 2099-12-31",
            "number of uses",
        ),
        (
            "/coupon add ABCDEF bonus 5 limit 5 until 31/12/2099",
            "YYYY-MM-DD",
        ),
        (
            "/coupon add ABCDEF bonus 5 limit 5 until 2020-01-01",
            "in the past",
        ),
        ("/coupon add ABCDEF bonus 5", "/coupon add SUMMER"),
        ("/coupon delete ABCDEF", "/coupon add SUMMER"),
    ] {
        owner.sends(args);
        owner.expect(&[answer]).await;
    }
    owner.sends("/coupon");
    owner.expect(&["No coupons yet"]).await;
    owner.sends("/coupon add OLDONE bonus 10 limit 10 until 2099-12-31");
    owner.expect_photo().await;
    owner.sends("/coupon add OLDONE bonus 20 limit 10 until 2099-12-31");
    owner.expect(&["OLDONE already exists"]).await;
    owner.sends("/coupon add LATER1 bonus 10 limit 10 until 2099-12-31 from 2099-01-01");
    owner.expect_photo().await;
    sqlx::query(
        "UPDATE coupons SET valid_from = current_date - 10, valid_until = current_date - 1
         WHERE code = 'OLDONE'",
    )
    .execute(&bot.pool)
    .await
    .expect("age the coupon");

    let mut anna = join(&bot, 1501, "Anna", "en").await;
    anna.sends("/coupon add MINE bonus 1000 limit 1 until 2099-12-31");
    anna.expect(&["Only the owner"]).await;
    for (payload, answer) in [
        ("k_OLDONE", "cannot be used"),
        ("k_LATER1", "cannot be used"),
        ("k_NOPE", "cannot be used"),
        ("k_x", "cannot be used"),
    ] {
        anna.sends(&format!("/start {payload}"));
        anna.expect(&["Welcome back"]).await;
        anna.expect(&[answer]).await;
    }
    assert_eq!(balance(&bot, &anna).await, (50, 0));
    assert_eq!(
        claims(&bot, "OLDONE").await + claims(&bot, "LATER1").await,
        0
    );
    bot.finish().await;
}

#[tokio::test]
async fn discount_coupon_is_shown_on_the_card_screen_and_applied_once() {
    let bot = TestBot::start().await;
    let mut owner = owner(&bot);
    owner.sends("/coupon add SAVE10 discount 10% limit 100 until 2099-12-31");
    let (m, _) = owner.expect_photo().await;
    assert!(
        m.body().contains("−10% on the next purchase"),
        "{}",
        m.body()
    );
    let mut cashier = hire(&bot, &mut owner, 1601, "Carl", "Main St").await;
    let mut anna = join(&bot, 1602, "Anna", "en").await;
    anna.sends("/start k_SAVE10");
    anna.expect(&["Welcome back"]).await;
    anna.expect(&["SAVE10", "−10%", "next purchase"]).await;
    assert_eq!(balance(&bot, &anna).await, (50, 0));

    let screen = scan(&mut cashier, &mut anna).await;
    cashier.presses(&screen, "Apply −10%");
    let edited = cashier.expect_edit().await;
    assert!(
        edited
            .inline_buttons()
            .iter()
            .all(|(t, _)| !t.contains("Apply")),
        "{edited:?}"
    );
    assert!(
        edited
            .inline_buttons()
            .iter()
            .any(|(t, _)| t.contains("Purchase"))
    );
    cashier.expect(&["SAVE10", "give the customer −10%"]).await;
    anna.expect(&["SAVE10", "used", "−10%"]).await;
    // A double tap (a slow client still showing the button) applies nothing more.
    cashier.presses_stale(&screen, "Apply −10%");
    let toast = cashier.expect_callback_answer().await.unwrap_or_default();
    assert!(toast.contains("already applied"), "{toast}");
    cashier.expect_silence(Duration::from_millis(300)).await;
    anna.expect_silence(Duration::from_millis(100)).await;
    // The next card screen has no coupon left to apply.
    let screen = scan(&mut cashier, &mut anna).await;
    assert!(
        screen
            .inline_buttons()
            .iter()
            .all(|(t, _)| !t.contains("Apply")),
        "{screen:?}"
    );
    let applied = bot
        .scalar(
            "SELECT COUNT(*) FROM coupon_claims WHERE applied_by = $1",
            cashier.id(),
        )
        .await;
    assert_eq!(applied, 1);
    bot.finish().await;
}
