//! `/privacy` and `/delete_me`: personal data erased, books still balanced, customer unfindable.

use crate::support::{
    bot::TestBot,
    stories::{card, join, owner, start_payload},
};

#[tokio::test]
async fn delete_me_erases_the_customer_and_keeps_the_books() {
    let bot = TestBot::start().await;
    let mut anna = join(&bot, 8001, "Anna", "en").await;
    let mut olena = owner(&bot);
    let number: String = sqlx::query_scalar("SELECT number FROM cards")
        .fetch_one(&bot.pool)
        .await
        .expect("card");
    let (_, link) = card(&mut anna).await;
    olena.sends(&format!("/scan {number}"));
    olena.expect(&["Anna"]).await;
    olena.sends("100");
    olena.expect(&["Receipt #"]).await;
    anna.expect(&["Purchase at"]).await;

    anna.sends("/privacy");
    anna.expect(&["Your data", "Telegram id", "/delete_me"])
        .await;
    anna.sends("/delete_me");
    let ask = anna.expect(&["Erase your personal data?"]).await;
    anna.presses(&ask, "Cancel");
    assert!(
        anna.expect_edit()
            .await
            .body()
            .contains("Nothing was erased")
    );
    anna.sends("/delete_me");
    let ask = anna.expect(&["Erase your personal data?"]).await;
    anna.presses(&ask, "Yes, erase");
    assert!(anna.expect_edit().await.body().contains("was erased"));

    let (tg, name, erased): (Option<i64>, Option<String>, bool) =
        sqlx::query_as("SELECT tg_user_id, first_name, erased_at IS NOT NULL FROM customers")
            .fetch_one(&bot.pool)
            .await
            .expect("row");
    assert_eq!((tg, name, erased), (None, None, true));
    let left: i64 = bot
        .scalar("SELECT a.balance FROM accounts a JOIN customers c ON c.account_id = a.id WHERE $1 = $1", 0)
        .await;
    assert_eq!(
        left, 55,
        "the anonymous account keeps its history and balance"
    );

    // Unfindable: by Telegram id, by typed number, by the old QR.
    anna.sends("/balance");
    anna.expect(&["Press /start"]).await;
    olena.sends(&format!("/scan {number}"));
    olena.expect(&["No active card"]).await;
    olena.sends(&format!("/start {}", start_payload(&link)));
    olena.expect(&["not valid"]).await;
    let found = bot
        .scalar(
            "SELECT COUNT(*) FROM customers WHERE first_name = 'Anna' AND $1 = $1",
            0,
        )
        .await;
    assert_eq!(found, 0);

    // Coming back: a new card, but no second welcome bonus (only a keyed fingerprint was kept).
    anna.sends("/start");
    anna.expect(&["Welcome, Anna", "Show it at the till"]).await;
    let balances: Vec<i64> = sqlx::query_scalar(
        "SELECT a.balance FROM accounts a JOIN customers c ON c.account_id = a.id ORDER BY c.id",
    )
    .fetch_all(&bot.pool)
    .await
    .expect("balances");
    assert_eq!(balances, vec![55, 0]);
    let fingerprints = bot
        .scalar("SELECT COUNT(*) FROM erased_identities WHERE $1 = $1", 0)
        .await;
    assert_eq!(fingerprints, 1);
    bot.finish().await;
}
