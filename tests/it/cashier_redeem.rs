//! Spending points only with the customer's consent; refunds.

use std::time::Duration;

use crate::support::{
    bot::TestBot,
    stories::{balance, hire, join, owner, purchase, receipt_number, refund, scan},
};

#[tokio::test]
async fn redeem_confirm_decline_and_double_taps() {
    let bot = TestBot::start().await;
    let mut olena = owner(&bot);
    let mut kate = hire(&bot, &mut olena, 2301, "Kate", "Cafe Central").await;
    let mut anna = join(&bot, 2302, "Anna", "en").await;

    // A static QR alone can never spend: Kate needs Anna's consent in Anna's chat.
    scan(&mut kate, &mut anna).await;
    kate.sends("/redeem 30");
    let ask = anna.expect(&["Spend 30 points at Cafe Central?"]).await;
    kate.expect(&["Waiting for Anna", "30"]).await;
    assert_eq!(balance(&bot, &anna).await, (50, 30), "held, not spent");

    // Twenty taps on Confirm spend once.
    for _ in 0..20 {
        anna.presses(&ask, "Confirm");
    }
    let confirmed = anna.expect_edit().await;
    assert!(
        confirmed.body().contains("You spent 30 points")
            && confirmed.body().contains("Balance: 20")
    );
    kate.expect_edit().await;
    tokio::time::sleep(Duration::from_millis(800)).await;
    assert_eq!(balance(&bot, &anna).await, (20, 0));
    let n = bot
        .scalar(
            "SELECT COUNT(*) FROM journal_entries WHERE kind = 'redemption' AND $1 = $1",
            0,
        )
        .await;
    assert_eq!(n, 1);

    // The purchase that follows records the points spent on it.
    kate.sends("100");
    kate.expect(&["Receipt #"]).await;
    anna.expect(&["Purchase at", "Points spent on this purchase: 30"])
        .await;

    // Decline: nothing is spent. Bob, another customer, cannot answer Anna's request.
    scan(&mut kate, &mut anna).await;
    kate.sends("/redeem 10");
    let ask = anna.expect(&["Spend 10 points"]).await;
    kate.expect(&["Waiting"]).await;
    let mut bob = join(&bot, 2303, "Bob", "en").await;
    bob.presses_stale(&ask, "Confirm"); // a forged callback from Bob's client
    assert!(
        bob.expect_callback_answer()
            .await
            .is_some_and(|t| t.contains("not for you"))
    );
    anna.presses(&ask, "Decline");
    anna.expect_edit().await;
    let edited = kate.expect_edit().await;
    assert!(edited.body().contains("declined"));
    assert_eq!(balance(&bot, &anna).await, (25, 0));
    anna.presses_stale(&ask, "Confirm");
    assert!(
        anna.expect_callback_answer()
            .await
            .is_some_and(|t| t.contains("expired or was already answered"))
    );
    assert_eq!(balance(&bot, &anna).await, (25, 0));

    // Confirm and Decline at once: one wins, and the message keeps saying what happened (the
    // loser must not leave "expired" over a confirmed spend). Found by the torture test.
    scan(&mut kate, &mut anna).await;
    kate.sends("/redeem 5");
    let ask = anna.expect(&["Spend 5 points"]).await;
    kate.expect(&["Waiting"]).await;
    anna.presses(&ask, "Confirm");
    anna.presses(&ask, "Decline");
    anna.expect_edit().await;
    tokio::time::sleep(Duration::from_millis(800)).await;
    let shown = bot
        .emu
        .messages(anna.id())
        .into_iter()
        .find(|m| m.message_id == ask.message_id)
        .expect("the request message");
    assert!(
        shown.body().contains("You spent 5 points"),
        "{}",
        shown.body()
    );
    assert_eq!(balance(&bot, &anna).await, (20, 0));
    bot.finish().await;
}

#[tokio::test]
async fn an_unanswered_request_expires_and_releases_the_points() {
    let bot = TestBot::start().await;
    sqlx::query("UPDATE program_settings SET redeem_timeout_secs = 1")
        .execute(&bot.pool)
        .await
        .expect("settings");
    let mut olena = owner(&bot);
    let mut kate = hire(&bot, &mut olena, 2311, "Kate", "Cafe").await;
    let mut anna = join(&bot, 2312, "Anna", "en").await;
    scan(&mut kate, &mut anna).await;
    kate.sends("/redeem 40");
    let ask = anna.expect(&["Spend 40 points"]).await;
    kate.expect(&["Waiting"]).await;
    // The background job expires it and both sides see it live.
    let expired = kate.expect_edit().await;
    assert!(
        expired.body().contains("did not confirm in time"),
        "{}",
        expired.body()
    );
    anna.expect_edit().await;
    assert_eq!(balance(&bot, &anna).await, (50, 0));
    // Confirm pressed on a slow phone that still showed the buttons: too late.
    anna.presses_stale(&ask, "Confirm");
    assert!(
        anna.expect_callback_answer()
            .await
            .is_some_and(|t| t.contains("expired"))
    );
    assert_eq!(balance(&bot, &anna).await, (50, 0));
    bot.finish().await;
}

#[tokio::test]
async fn redemption_limits_and_bad_input() {
    let bot = TestBot::start().await;
    let mut olena = owner(&bot);
    let mut kate = hire(&bot, &mut olena, 2321, "Kate", "Cafe").await;
    let mut anna = join(&bot, 2322, "Anna", "en").await;
    kate.sends("/redeem 10");
    kate.expect(&["No card is open"]).await;
    let screen = scan(&mut kate, &mut anna).await;
    kate.sends("/redeem 51");
    kate.expect(&["only 50 points available"]).await;
    kate.sends("/redeem 40 50");
    kate.expect(&["At most 25 points can pay for this purchase"])
        .await;
    for bad in ["/redeem -5", "/redeem abc", "/redeem 1.5"] {
        kate.sends(bad);
        kate.expect(&["whole number"]).await;
    }
    kate.sends("/redeem 10 12.345");
    kate.expect(&["two decimals"]).await;
    // Bare, it asks (see tests/it/dialogues.rs); a command ends the question.
    kate.sends("/redeem");
    kate.expect(&["Send the points to spend"]).await;
    kate.sends("/today");
    kate.expect(&["Cancelled: spending points."]).await;
    kate.expect(&["Today"]).await;
    // The Redeem button, then typed input.
    kate.presses(&screen, "Redeem");
    kate.expect(&["Send the points to spend"]).await;
    kate.sends("20 100");
    anna.expect(&["Spend 20 points"]).await;
    kate.expect(&["Waiting"]).await;
    assert_eq!(balance(&bot, &anna).await, (50, 20));
    // A customer (not staff) cannot redeem anything.
    anna.sends("/redeem 10");
    anna.expect(&["staff only"]).await;
    bot.finish().await;
}

#[tokio::test]
async fn refunds_once_proportionally_and_never_below_zero() {
    let bot = TestBot::start().await;
    let mut olena = owner(&bot);
    let mut kate = hire(&bot, &mut olena, 2331, "Kate", "Cafe").await;
    let mut anna = join(&bot, 2332, "Anna", "en").await;

    // Full refund by button, once.
    scan(&mut kate, &mut anna).await;
    kate.sends("1000");
    let receipt = kate.expect(&["Receipt #", "+50 points"]).await;
    anna.expect(&["Purchase at"]).await;
    kate.presses(&receipt, "Refund");
    let ask = kate.expect(&["Refund receipt #", "(in full)"]).await;
    kate.presses(&ask, "Confirm refund");
    kate.expect_edit().await;
    kate.expect(&["50 points taken back, 0 written off"]).await;
    // A second tap on the screen's Confirm finds the receipt refunded.
    kate.presses_stale(&ask, "Confirm refund");
    kate.expect(&["already undone or refunded"]).await;
    anna.expect(&["Refund for receipt", "−50 points", "Balance: 50"])
        .await;
    let r1 = receipt_number(&receipt);
    kate.sends(&format!("/refund {r1}"));
    kate.expect(&["already undone or refunded"]).await;
    assert_eq!(balance(&bot, &anna).await, (50, 0));

    // Partial refund by amount: proportional.
    sqlx::query("UPDATE purchases SET created_at = created_at - interval '2 minutes'")
        .execute(&bot.pool)
        .await
        .expect("age");
    scan(&mut kate, &mut anna).await;
    let r2 = purchase(&mut kate, &mut anna, "1000").await;
    kate.sends(&format!("/refund {r2} 2000"));
    kate.expect(&["larger than the purchase"]).await;
    let done = refund(&mut kate, r2, Some("250")).await;
    assert!(
        done.body().contains("12 points taken back"),
        "{}",
        done.body()
    );
    anna.expect(&["−12 points"]).await;
    assert_eq!(balance(&bot, &anna).await, (88, 0));

    // Earned points already spent: capped claw-back, the rest written off, never negative.
    sqlx::query("UPDATE purchases SET created_at = created_at - interval '2 minutes'")
        .execute(&bot.pool)
        .await
        .expect("age");
    scan(&mut kate, &mut anna).await;
    let r3 = purchase(&mut kate, &mut anna, "1000").await; // +50 → 138
    scan(&mut kate, &mut anna).await;
    kate.sends("/redeem 130");
    let ask = anna.expect(&["Spend 130 points"]).await;
    kate.expect(&["Waiting"]).await;
    anna.presses(&ask, "Confirm");
    anna.expect_edit().await;
    kate.expect_edit().await;
    assert_eq!(balance(&bot, &anna).await, (8, 0));
    let done = refund(&mut kate, r3, None).await;
    assert!(
        done.body().contains("8 points taken back, 42 written off"),
        "{}",
        done.body()
    );
    anna.expect(&["Balance: 0"]).await;
    assert_eq!(balance(&bot, &anna).await, (0, 0));
    kate.sends("/refund 999999");
    kate.expect(&["No such receipt"]).await;
    kate.sends("/refund abc");
    kate.expect(&["receipt number"]).await;
    bot.finish().await;
}
