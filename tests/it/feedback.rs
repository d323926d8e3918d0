//! Rating a visit from the receipt: once per purchase, an optional comment, a bonus once; the
//! owner's summary.

use std::time::Duration;

use crate::support::{
    bot::TestBot,
    stories::{balance, hire, join, owner, scan},
};

#[tokio::test]
async fn rating_comment_and_bonus_once_per_purchase() {
    let bot = TestBot::start().await;
    sqlx::query("UPDATE program_settings SET feedback_bonus = 20")
        .execute(&bot.pool)
        .await
        .expect("settings");
    let mut owner = owner(&bot);
    owner.sends("/feedback");
    owner.expect(&["No ratings yet"]).await;
    let mut cashier = hire(&bot, &mut owner, 1701, "Carl", "Main St").await;
    let mut anna = join(&bot, 1702, "Anna", "en").await;
    let mut boris = join(&bot, 1703, "Boris", "en").await;

    scan(&mut cashier, &mut anna).await;
    cashier.sends("100");
    cashier.expect(&["Receipt #"]).await;
    let receipt = anna.expect(&["Purchase at"]).await;
    assert_eq!(receipt.inline_buttons().len(), 5);

    // Someone else's tap on Anna's receipt (a forged callback) records nothing.
    boris.presses_stale(&receipt, "1⭐");
    let toast = boris.expect_callback_answer().await.unwrap_or_default();
    assert!(toast.contains("not for you"), "{toast}");

    anna.presses(&receipt, "4⭐");
    let thanked = anna.expect_edit().await;
    for needle in [
        "Purchase at",
        "⭐⭐⭐⭐",
        "+20 points",
        "75 points",
        "comment",
    ] {
        assert!(
            thanked.body().contains(needle),
            "{needle}: {}",
            thanked.body()
        );
    }
    assert!(thanked.inline_buttons().is_empty());
    // A second tap (a stale client) neither changes the rating nor pays again.
    anna.presses_stale(&receipt, "1⭐");
    let toast = anna.expect_callback_answer().await.unwrap_or_default();
    assert!(toast.contains("already rated"), "{toast}");
    assert_eq!(balance(&bot, &anna).await, (75, 0));

    anna.sends("Great coffee & <b>friendly</b> staff");
    anna.expect(&["we will read your comment"]).await;
    // The next text is just text again.
    anna.sends("hello");
    anna.expect(&["didn't understand"]).await;

    // A second visit (later: not a double scan), rated; then a command cancels the comment.
    sqlx::query("UPDATE purchases SET created_at = created_at - interval '5 minutes'")
        .execute(&bot.pool)
        .await
        .expect("age the purchase");
    scan(&mut cashier, &mut anna).await;
    cashier.sends("50");
    cashier.expect(&["Receipt #"]).await;
    let receipt2 = anna.expect(&["Purchase at"]).await;
    anna.presses(&receipt2, "2⭐");
    anna.expect_edit().await;
    anna.sends("/balance");
    anna.expect(&["Your balance"]).await;
    anna.sends("too slow");
    anna.expect(&["didn't understand"]).await;

    // An undone purchase cannot be rated.
    sqlx::query("UPDATE purchases SET created_at = created_at - interval '5 minutes'")
        .execute(&bot.pool)
        .await
        .expect("age the purchases");
    scan(&mut cashier, &mut anna).await;
    cashier.sends("40");
    let posted = cashier.expect(&["Receipt #"]).await;
    let receipt3 = anna.expect(&["Purchase at"]).await;
    cashier.presses(&posted, "Undo");
    cashier.expect_edit().await;
    anna.expect(&["was cancelled by the cashier"]).await;
    anna.presses(&receipt3, "5⭐");
    let toast = anna.expect_callback_answer().await.unwrap_or_default();
    assert!(toast.contains("cancelled"), "{toast}");

    let rows: Vec<(i16, Option<String>)> =
        sqlx::query_as("SELECT rating, comment FROM feedback ORDER BY purchase_id")
            .fetch_all(&bot.pool)
            .await
            .expect("feedback");
    assert_eq!(
        rows,
        vec![
            (4, Some("Great coffee & <b>friendly</b> staff".to_owned())),
            (2, None)
        ]
    );
    let bonuses = bot
        .scalar(
            "SELECT COUNT(*) FROM journal_entries WHERE kind = 'feedback' AND $1 = $1",
            0,
        )
        .await;
    assert_eq!(bonuses, 2);

    owner.sends("/feedback");
    let summary = owner
        .expect(&[
            "Average 3.0 from 2 ratings",
            "4⭐ 1",
            "2⭐ 1",
            "Anna: Great coffee & <b>friendly</b> staff",
        ])
        .await;
    assert!(!summary.body().contains("too slow"));
    // Customers do not see the owner's summary.
    anna.sends("/feedback");
    anna.expect(&["Only the owner"]).await;
    anna.expect_silence(Duration::from_millis(200)).await;
    bot.finish().await;
}
