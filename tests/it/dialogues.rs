//! Commands that take arguments work bare, as BotFather's do: the bot asks one question at a
//! time and offers buttons, and the typed one-line forms stay as shortcuts. The question asked
//! last wins, `/cancel` or any command ends it with a word, and a restart resumes it (the
//! chat's state is in Postgres).

use std::time::Duration;

use chrono::{Days, Utc};

use crate::support::{
    bot::TestBot,
    stories::{card, hire, join, owner, purchase, scan, start_payload},
};

fn day(offset: u64) -> String {
    let d = Utc::now().date_naive().checked_add_days(Days::new(offset));
    d.expect("a date").format("%Y-%m-%d").to_string()
}

#[tokio::test]
async fn bare_owner_commands_ask_for_a_promotion_an_export_a_file_and_a_store() {
    let bot = TestBot::start().await;
    let mut olena = owner(&bot);
    join(&bot, 7101, "Anna", "en").await;

    // /promo asks for the text; the next message is the promotion, previewed as customers
    // will see it, with the draft's controls.
    olena.sends("/promo");
    olena.expect(&["Send the promotion"]).await;
    olena.sends("Autumn <b>sale</b>: -20% on coffee");
    let preview = olena.expect_message().await;
    assert_eq!(preview.body(), "Autumn sale: -20% on coffee");
    olena.expect(&["Everyone", "1 customer"]).await;

    // /export: buttons for customers and ledger, then the period.
    olena.sends("/export");
    let ask = olena.expect(&["What to export?"]).await;
    olena.presses(&ask, "Ledger");
    let periods = olena.expect(&["which period"]).await;
    olena.presses(&periods, "7d");
    let (_, name, _) = olena.expect_document().await;
    assert!(name.starts_with("ledger-7d-"), "{name}");
    olena.sends("/export");
    let ask = olena.expect(&["What to export?"]).await;
    olena.presses(&ask, "Customers");
    let (_, name, _) = olena.expect_document().await;
    assert!(name.starts_with("customers-"), "{name}");
    // Typed answers do the same; a wrong one is explained and the question stays open.
    olena.sends("/export");
    olena.expect(&["What to export?"]).await;
    olena.sends("everything");
    olena.expect(&["Press a button"]).await;
    olena.sends("ledger");
    olena.expect(&["which period"]).await;
    olena.sends("30d");
    let (_, name, _) = olena.expect_document().await;
    assert!(name.starts_with("ledger-30d-"), "{name}");

    // /import asks for the file; a document without a caption is the import.
    olena.sends("/import");
    olena.expect(&["Send the CSV file as a document"]).await;
    olena.sends("the file is coming");
    olena.expect(&["Send the CSV file as a document"]).await;
    let card: String = sqlx::query_scalar("SELECT number FROM cards WHERE active LIMIT 1")
        .fetch_one(&bot.pool)
        .await
        .expect("a card");
    let file = format!("card,points\n{card},40\n");
    olena.sends_document(file.into_bytes(), "balances.csv", None);
    let preview = olena.expect_message().await;
    olena.presses(&preview, "Confirm");
    olena.expect_edit().await;
    olena.expect(&["Import done", "Imported: 1"]).await;

    // /addcashier asks for the store: typed, or the default name's button.
    olena.sends("/addcashier");
    olena.expect(&["Which store"]).await;
    olena.sends("Harbour");
    olena.expect(&["Invite link", "Harbour"]).await;
    olena.sends("/addcashier");
    let ask = olena.expect(&["Which store"]).await;
    olena.presses(&ask, "Main store");
    olena.expect(&["Invite link", "Main store"]).await;
    olena.expect_silence(Duration::from_millis(300)).await;
    bot.finish().await;
}

#[tokio::test]
async fn bare_refund_offers_recent_receipts_and_bare_redeem_asks_how_many_points() {
    let bot = TestBot::start().await;
    let mut olena = owner(&bot);
    let mut kate = hire(&bot, &mut olena, 7201, "Kate", "Cafe").await;
    let mut anna = join(&bot, 7202, "Anna", "en").await;
    scan(&mut kate, &mut anna).await;
    let mut bob = join(&bot, 7203, "Bob", "en").await;
    let first = purchase(&mut kate, &mut anna, "100").await;
    scan(&mut kate, &mut bob).await;
    let second = purchase(&mut kate, &mut bob, "250").await;

    scan(&mut kate, &mut anna).await;
    // /redeem with the card open asks how many points; a bad answer keeps the question.
    kate.sends("/redeem");
    kate.expect(&["Send the points to spend"]).await;
    kate.sends("lots");
    kate.expect(&["whole number"]).await;
    kate.sends("20");
    anna.expect(&["Spend 20 points"]).await;
    kate.expect(&["Waiting for"]).await;

    // /refund: the latest receipts as buttons, newest first.
    kate.sends("/refund");
    let ask = kate.expect(&["Which receipt to refund?"]).await;
    let labels: Vec<String> = ask.inline_buttons().into_iter().map(|(t, _)| t).collect();
    assert!(labels[0].starts_with(&format!("#{second} ")), "{labels:?}");
    assert!(labels[1].starts_with(&format!("#{first} ")), "{labels:?}");
    kate.presses(&ask, &format!("#{first} "));
    kate.expect(&[&format!("Refund receipt #{first}?")]).await;
    // Or typed, with an amount; a wrong one is explained first.
    kate.sends("/refund");
    kate.expect(&["Which receipt to refund?"]).await;
    kate.sends("the big one");
    kate.expect(&["receipt number"]).await;
    kate.sends(&format!("{second} 50"));
    kate.expect(&[&format!("Refund receipt #{second}?")]).await;
    bot.finish().await;
}

#[tokio::test]
async fn coupons_and_rules_are_asked_field_by_field_across_a_restart_and_a_cancel() {
    let mut bot = TestBot::start().await;
    let mut olena = owner(&bot);

    // /coupon: the list with New…, then one question per field; a bad answer is explained
    // and asked again.
    olena.sends("/coupon");
    let list = olena.expect(&["No coupons yet"]).await;
    olena.presses(&list, "New coupon");
    olena.expect(&["The coupon's code"]).await;
    olena.sends("AB");
    olena.expect(&["6 to 16", "The coupon's code"]).await;
    olena.sends("summer26");
    olena.expect(&["What does it give?"]).await;
    olena.sends("100");
    olena.expect(&["How many customers"]).await;
    olena.sends("50");
    olena.expect(&["The last day"]).await;
    olena.sends(&day(30));
    let (coupon, _) = olena.expect_photo().await;
    let caption = coupon.caption.clone().unwrap_or_default();
    assert!(
        caption.contains("SUMMER26") && caption.contains("100 bonus points"),
        "{caption}"
    );

    // /rules: New…, the effect, then a restart: the next answer carries on.
    olena.sends("/rules");
    let list = olena.expect(&["No running or upcoming promo rules"]).await;
    olena.presses(&list, "New rule");
    olena.expect(&["What does the rule do?"]).await;
    olena.sends("x2");
    olena.expect(&["The first day"]).await;
    bot.restart().await;
    olena.sends(&day(0));
    olena.expect(&["The last day"]).await;
    olena.sends(&day(2));
    let ask = olena.expect(&["Only for the first customers?"]).await;
    olena.presses(&ask, "Skip");
    let ask = olena.expect(&["Only for one tier?"]).await;
    olena.presses(&ask, "Skip");
    let preview = olena.expect(&["New promo rule", "×2"]).await;
    olena.presses(&preview, "Confirm");
    olena.expect_edit().await;
    let rules = bot
        .scalar(
            "SELECT COUNT(*) FROM promo_rules WHERE stopped_at IS NULL AND $1 = $1",
            0,
        )
        .await;
    assert_eq!(rules, 1);

    // /cancel midway ends the question with a word; the next text is no answer.
    olena.sends("/coupon");
    let list = olena.expect(&["SUMMER26"]).await;
    olena.presses(&list, "New coupon");
    olena.expect(&["The coupon's code"]).await;
    olena.sends("WINTER26");
    olena.expect(&["What does it give?"]).await;
    olena.sends("/cancel");
    olena.expect(&["Cancelled: the new coupon."]).await;
    olena.expect_silence(Duration::from_millis(300)).await;
    olena.sends("100");
    olena.expect(&["No card is open"]).await;
    let coupons = bot
        .scalar("SELECT COUNT(*) FROM coupons WHERE $1 = $1", 0)
        .await;
    assert_eq!(coupons, 1);

    // A second dialogue over the first: the question asked last wins.
    olena.sends("/promo");
    olena.expect(&["Send the promotion"]).await;
    olena.sends("/export");
    olena.expect(&["Cancelled: the new promotion."]).await;
    olena.expect(&["What to export?"]).await;
    olena.sends("customers");
    let (_, name, _) = olena.expect_document().await;
    assert!(name.starts_with("customers-"), "{name}");
    let drafts = bot
        .scalar("SELECT COUNT(*) FROM broadcasts WHERE $1 = $1", 0)
        .await;
    assert_eq!(drafts, 0);
    bot.finish().await;
}

#[tokio::test]
async fn an_owner_with_an_open_promo_question_opens_a_card_and_posts_a_purchase() {
    let bot = TestBot::start().await;
    let mut olena = owner(&bot);
    let mut anna = join(&bot, 7301, "Anna", "en").await;
    let mut bob = join(&bot, 7302, "Bob", "en").await;
    olena.sends("/promo Flash sale");
    olena.expect(&["Flash sale"]).await;
    let draft = olena.expect(&["Everyone"]).await;
    olena.presses(&draft, "≥ N points");
    olena.expect(&["minimum balance in points"]).await;

    // The phone camera opens the card's link, a command: the question ends with a word, and
    // the amount is a purchase.
    let (_, link) = card(&mut anna).await;
    olena.sends(&format!("/start {}", start_payload(&link)));
    olena
        .expect(&["Cancelled: the promotion's question."])
        .await;
    olena.expect(&["Balance"]).await;
    olena.sends("250");
    olena.expect(&["Receipt #"]).await;
    anna.expect(&["Purchase at"]).await;

    // A photo of the QR is no command: opening the card is the question asked last.
    olena.presses(&draft, "≥ N points");
    olena.expect(&["minimum balance in points"]).await;
    let (png, _) = card(&mut bob).await;
    olena.sends_photo(png);
    olena.expect(&["Balance"]).await;
    olena.sends("300");
    olena.expect(&["Receipt #"]).await;
    bob.expect(&["Purchase at"]).await;
    let audience: serde_json::Value = sqlx::query_scalar("SELECT audience FROM broadcasts")
        .fetch_one(&bot.pool)
        .await
        .expect("draft");
    assert_eq!(audience, serde_json::json!({ "kind": "all" }));
    bot.finish().await;
}
