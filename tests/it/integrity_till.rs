//! Money integrity at the till (issue #12): staff never post on their own card, the share of
//! a purchase that points may pay is checked when the purchase is posted, and refunds are
//! bounded (own store, refund window; owners any) and shown before they are confirmed.

use std::time::Duration;

use crate::support::{
    bot::{OWNER_ID, TestBot},
    stories::{balance, hire, join, owner, purchase, receipt_number, refund, scan},
};

#[tokio::test]
async fn staff_cannot_post_or_redeem_on_their_own_card() {
    let bot = TestBot::start().await;
    let mut olena = owner(&bot);
    let mut kate = hire(&bot, &mut olena, 12_001, "Kate", "Cafe").await;
    // Kate and the owner are customers too (they shop here).
    kate.sends("/start");
    kate.expect(&["Welcome"]).await;
    kate.expect_photo().await;
    olena.sends("/start");
    olena.expect(&["Welcome"]).await;
    olena.expect_photo().await;

    // Kate scans her own QR: no card screen, a clear refusal, nothing open to type into.
    let (_, link) = crate::support::stories::card(&mut kate).await;
    let payload = crate::support::stories::start_payload(&link).to_owned();
    kate.sends(&format!("/start {payload}"));
    kate.expect(&["your own card"]).await;
    kate.sends("5000");
    kate.expect(&["No card is open"]).await;
    // The owner typing their own number: the same.
    let number: String = sqlx::query_scalar(
        "SELECT k.number FROM cards k JOIN customers c ON c.id = k.customer_id
         WHERE c.tg_user_id = $1 AND k.active",
    )
    .bind(OWNER_ID)
    .fetch_one(&bot.pool)
    .await
    .expect("owner's card");
    olena.sends(&format!("/scan {number}"));
    olena.expect(&["your own card"]).await;

    // A card screen opened some other way (say, before this rule existed) still posts nothing:
    // the purchase and the redemption check it in their own transaction.
    bot.exec(&format!(
        "INSERT INTO till_sessions (staff_tg_id, customer_id, expires_at)
         SELECT {id}, id, now() + interval '5 minutes' FROM customers WHERE tg_user_id = {id}",
        id = kate.id()
    ))
    .await;
    kate.sends("5000");
    kate.expect(&["your own card"]).await;
    kate.sends("/redeem 10");
    kate.expect(&["your own card"]).await;
    kate.expect_silence(Duration::from_millis(300)).await;
    let posted = bot
        .scalar("SELECT COUNT(*) FROM purchases WHERE $1 = $1", 0)
        .await;
    let held = bot
        .scalar("SELECT COUNT(*) FROM redemptions WHERE $1 = $1", 0)
        .await;
    assert_eq!((posted, held), (0, 0));
    assert_eq!(balance(&bot, &kate).await, (50, 0));

    // Serving someone else works as before.
    let mut anna = join(&bot, 12_002, "Anna", "en").await;
    scan(&mut kate, &mut anna).await;
    purchase(&mut kate, &mut anna, "100").await;
    bot.finish().await;
}

#[tokio::test]
async fn the_redemption_share_is_checked_when_the_purchase_is_posted() {
    let bot = TestBot::start().await;
    let mut olena = owner(&bot);
    let mut kate = hire(&bot, &mut olena, 12_011, "Kate", "Cafe").await;
    let mut anna = join(&bot, 12_012, "Anna", "en").await;
    scan(&mut kate, &mut anna).await;
    purchase(&mut kate, &mut anna, "10000").await; // 50 + 500 points
    assert_eq!(balance(&bot, &anna).await, (550, 0));

    bot.exec("UPDATE purchases SET created_at = created_at - interval '2 minutes'")
        .await;
    // Redeem 500 without an amount, the customer confirms, then a purchase of 10 is typed:
    // at most 50% of 10 may be paid with points, so the posting is refused as a whole.
    scan(&mut kate, &mut anna).await;
    kate.sends("/redeem 500");
    let ask = anna.expect(&["Spend 500 points"]).await;
    kate.expect(&["Waiting"]).await;
    anna.presses(&ask, "Confirm");
    anna.expect_edit().await;
    kate.expect_edit().await;
    assert_eq!(balance(&bot, &anna).await, (50, 0));
    kate.sends("10");
    kate.expect(&[
        "500 points were spent on this purchase",
        "at least 1,000.00",
    ])
    .await;
    anna.expect_silence(Duration::from_millis(300)).await;
    let posted = bot
        .scalar(
            "SELECT COUNT(*) FROM purchases WHERE amount = 10 AND $1 = $1",
            0,
        )
        .await;
    assert_eq!(posted, 0, "nothing of the refused purchase remains");
    assert_eq!(balance(&bot, &anna).await, (50, 0));

    // The real amount posts, with the redemption attached to it.
    kate.sends("1000");
    let receipt = kate.expect(&["Receipt #"]).await;
    anna.expect(&["Purchase at", "Points spent on this purchase: 500"])
        .await;
    let attached = bot
        .scalar(
            "SELECT COUNT(*) FROM purchases WHERE id = $1 AND redemption_id IS NOT NULL",
            receipt_number(&receipt),
        )
        .await;
    assert_eq!(attached, 1);
    bot.finish().await;
}

#[tokio::test]
async fn cashiers_refund_their_own_store_within_the_window_and_confirm_first() {
    let bot = TestBot::start().await;
    let mut olena = owner(&bot);
    let mut kate = hire(&bot, &mut olena, 12_021, "Kate", "Cafe").await;
    let mut max = hire(&bot, &mut olena, 12_022, "Max", "Bakery").await;
    let mut anna = join(&bot, 12_023, "Anna", "en").await;
    scan(&mut kate, &mut anna).await;
    let r = purchase(&mut kate, &mut anna, "1000").await;
    let card: String = sqlx::query_scalar(
        "SELECT k.number FROM cards k JOIN purchases p ON p.customer_id = k.customer_id
         WHERE p.id = $1 AND k.active",
    )
    .bind(r)
    .fetch_one(&bot.pool)
    .await
    .expect("card");

    // Another store's cashier guessing receipt numbers: refused, and shown nothing about it.
    max.sends(&format!("/refund {r}"));
    let refused = max.expect(&["from another store"]).await;
    assert!(!refused.body().contains("1,000.00"), "{}", refused.body());

    // Kate's own receipt: the screen shows what would be refunded; nothing moves before Confirm.
    kate.sends(&format!("/refund {r} 500"));
    let screen = kate
        .expect(&[
            &format!("Refund receipt #{r}?"),
            "Store: Cafe",
            "Amount: 1,000.00",
            &format!("•••• •••• {}", &card[8..]),
            "Refund: 500.00",
        ])
        .await;
    assert!(screen.body().contains(" UTC"), "{}", screen.body());
    anna.expect_silence(Duration::from_millis(300)).await;
    assert_eq!(balance(&bot, &anna).await, (100, 0));
    kate.presses(&screen, "Cancel");
    kate.expect_edit().await;
    assert_eq!(
        bot.scalar("SELECT COUNT(*) FROM refunds WHERE $1 = $1", 0)
            .await,
        0
    );

    // Past the refund window (14 days by default) only an owner refunds it.
    bot.exec(&format!(
        "UPDATE purchases SET created_at = now() - interval '15 days' WHERE id = {r}"
    ))
    .await;
    kate.sends(&format!("/refund {r}"));
    kate.expect(&["older than 14 days", "ask an owner"]).await;
    // A screen shown before the window closed is checked again on Confirm.
    kate.presses_stale(&screen, "Confirm refund");
    kate.expect(&["older than 14 days"]).await;
    let done = refund(&mut olena, r, None).await;
    assert!(
        done.body().contains("50 points taken back"),
        "{}",
        done.body()
    );
    anna.expect(&["Refund for receipt"]).await;
    assert_eq!(balance(&bot, &anna).await, (50, 0));

    // The window is a setting in /settings: 30 days lets Kate refund a 15-day-old receipt.
    let saved = crate::settings::set(&mut olena, "Cashiers refund within", "30").await;
    assert!(
        saved.body().contains("14 days → 30 days"),
        "{}",
        saved.body()
    );
    scan(&mut kate, &mut anna).await;
    let r2 = purchase(&mut kate, &mut anna, "200").await;
    bot.exec(&format!(
        "UPDATE purchases SET created_at = now() - interval '15 days' WHERE id = {r2}"
    ))
    .await;
    let done = refund(&mut kate, r2, None).await;
    assert!(
        done.body().contains("10 points taken back"),
        "{}",
        done.body()
    );
    bot.finish().await;
}

#[tokio::test]
async fn a_single_point_reads_as_one_point_on_both_sides() {
    let bot = TestBot::start().await;
    let mut olena = owner(&bot);
    let mut kate = hire(&bot, &mut olena, 12_031, "Kate", "Cafe").await;
    let mut anna = join(&bot, 12_032, "Anna", "en").await;
    scan(&mut kate, &mut anna).await;
    kate.sends("/redeem 1");
    let ask = anna.expect(&["Spend 1 point at Cafe?"]).await;
    let waiting = kate.expect(&["confirm spending 1 point (worth"]).await;
    assert!(!waiting.body().contains("1 points"), "{}", waiting.body());
    anna.presses(&ask, "Confirm");
    let done = anna.expect_edit().await;
    assert!(
        done.body().contains("You spent 1 point at Cafe"),
        "{}",
        done.body()
    );
    let staff = kate.expect_edit().await;
    assert!(staff.body().contains("1 point spent"), "{}", staff.body());
    kate.sends("/today");
    kate.expect(&["Redemptions: 1, 1 point spent"]).await;
    bot.finish().await;
}
