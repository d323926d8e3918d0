//! `/export` and `/import`: CSV documents in and out of the owner's chat. Our own exports are
//! refused as imports; a `card,points` file of one shop's balances imports into another after
//! a preview and Confirm, once however often it is sent.

use loyalty_bot::{
    analytics::{
        csv,
        export::CUSTOMER_COLUMNS,
        import::MAX_ROWS,
        phone::{self, Claim},
    },
    domain::CardNumber,
    ledger::AccountId,
};
use sqlx::PgPool;

use loyalty_bot::sandbox::emulator::SentMessage;

use crate::support::{
    bot::{Chat, TestBot},
    stories::{balance, hire, join, owner, purchase, scan},
};

/// (card, balance) of every customer with an active card, by card number.
async fn balances_by_card(pool: &PgPool) -> Vec<(String, i64)> {
    sqlx::query_as(
        "SELECT k.number, a.balance FROM cards k
         JOIN customers c ON c.id = k.customer_id JOIN accounts a ON a.id = c.account_id
         WHERE k.active ORDER BY k.number",
    )
    .fetch_all(pool)
    .await
    .expect("balances")
}

/// A customer with this card and nothing on it, made directly in the database (as a shop
/// moving to us would have its cards printed before the balances arrive).
async fn empty_card(pool: &PgPool, number: &str) {
    sqlx::query(
        "WITH a AS (INSERT INTO accounts (kind, allow_negative) VALUES ('customer', FALSE)
                    RETURNING id),
              c AS (INSERT INTO customers (language, account_id, referral_code)
                    SELECT 'en', id, 'rt' || $1 FROM a RETURNING id)
         INSERT INTO cards (customer_id, number) SELECT id, $1 FROM c",
    )
    .bind(number)
    .execute(pool)
    .await
    .expect("empty card");
}

#[tokio::test]
async fn our_exports_are_refused_and_balances_import_once_after_confirm() {
    let a = TestBot::start().await;
    let mut olena = owner(&a);
    let mut kate = hire(&a, &mut olena, 5101, "Kate", "Cafe").await;
    let mut anna = join(&a, 5102, "Anna", "en").await;
    join(&a, 5103, "Zoë \"Z\", Jr", "en").await;
    join(&a, 5104, "=HYPERLINK(1)", "en").await;
    scan(&mut kate, &mut anna).await;
    purchase(&mut kate, &mut anna, "200").await;

    olena.sends("/export customers");
    let (m, name, bytes) = olena.expect_document().await;
    assert!(
        name.starts_with("customers-") && name.ends_with(".csv"),
        "{name}"
    );
    assert!(m.body().contains("3 rows"), "{}", m.body());
    let text = String::from_utf8(bytes.clone()).expect("UTF-8");
    assert!(
        text.contains("\"Zoë \"\"Z\"\", Jr\""),
        "RFC 4180 quoting: {text}"
    );
    let records = csv::parse(&text).expect("valid CSV");
    assert_eq!(records[0].fields, CUSTOMER_COLUMNS);
    let col = |name: &str| {
        CUSTOMER_COLUMNS
            .iter()
            .position(|c| *c == name)
            .expect("column")
    };
    let mut exported: Vec<(String, i64)> = records[1..]
        .iter()
        .map(|r| {
            let balance = r.fields[col("balance")].parse().expect("balance");
            (r.fields[col("card")].clone(), balance)
        })
        .collect();
    exported.sort();
    let in_a = balances_by_card(&a.pool).await;
    assert_eq!(exported, in_a);
    assert_eq!(in_a.iter().map(|(_, b)| b).sum::<i64>(), 60 + 50 + 50);
    let names: Vec<&str> = records[1..]
        .iter()
        .map(|r| r.fields[col("first_name")].as_str())
        .collect();
    assert!(
        names.contains(&"'=HYPERLINK(1)"),
        "formulas defused: {names:?}"
    );

    // The ledger export has every line of the period, and they balance.
    olena.sends("/export ledger 7d");
    let (_, name, bytes) = olena.expect_document().await;
    assert!(name.starts_with("ledger-7d-"), "{name}");
    let ledger = csv::parse(std::str::from_utf8(&bytes).expect("UTF-8")).expect("CSV");
    let lines = a
        .scalar("SELECT COUNT(*) FROM journal_lines WHERE $1 = $1", 0)
        .await;
    assert_eq!(ledger.len() as i64 - 1, lines);
    let total: i64 = ledger[1..]
        .iter()
        .map(|r| r.fields[5].parse::<i64>().expect("points"))
        .sum();
    assert_eq!(total, 0, "every entry balances");

    // Shop B has the same cards, empty. A's exports sent to B are refused whole: forwarding
    // `/export customers` back to a bot would pay every balance again.
    let b = TestBot::start().await;
    for (card, _) in &in_a {
        empty_card(&b.pool, card).await;
    }
    let mut owner_b = owner(&b);
    owner_b.sends_document(text.clone().into_bytes(), "customers.csv", Some("/import"));
    owner_b
        .expect(&["one of this bot's own exports", "nothing was imported"])
        .await;
    owner_b.sends_document(bytes, "ledger.csv", None);
    owner_b.expect(&["one of this bot's own exports"]).await;
    assert!(balances_by_card(&b.pool).await.iter().all(|(_, p)| *p == 0));

    // The balances as `card,points` import after a preview and Confirm, once.
    let file: String = std::iter::once("card,points".to_owned())
        .chain(in_a.iter().map(|(card, points)| format!("{card},{points}")))
        .collect::<Vec<_>>()
        .join("\n");
    owner_b.sends_document(file.clone().into_bytes(), "balances.csv", Some("/import"));
    let preview = owner_b
        .expect(&[
            "Import preview",
            "3 rows",
            "160 points",
            "To import now: 3 cards",
        ])
        .await;
    assert!(
        balances_by_card(&b.pool).await.iter().all(|(_, p)| *p == 0),
        "a preview posts nothing"
    );
    let report = confirm(&mut owner_b, &preview).await;
    assert!(report.body().contains("Imported: 3,"), "{}", report.body());
    assert_eq!(balances_by_card(&b.pool).await, in_a);
    // A second tap on the same preview imports nothing more.
    owner_b.presses_stale(&preview, "Confirm import");
    owner_b.expect(&["already confirmed or cancelled"]).await;
    owner_b.sends_document(file.into_bytes(), "balances.csv", None);
    let preview = owner_b
        .expect(&["To import now: 0 cards", "already imported before: 3"])
        .await;
    let report = confirm(&mut owner_b, &preview).await;
    assert!(
        report.body().contains("Imported: 0,")
            && report.body().contains("already imported before: 3"),
        "{}",
        report.body()
    );
    assert_eq!(balances_by_card(&b.pool).await, in_a, "nothing changed");
    let entries = b
        .scalar(
            "SELECT COUNT(*) FROM journal_entries WHERE kind = 'import' AND $1 = $1",
            0,
        )
        .await;
    assert_eq!(entries, 3);
    b.finish().await;
    a.finish().await;
}

/// Presses Confirm under an import preview: the preview loses its buttons, the report follows.
async fn confirm(owner: &mut Chat, preview: &SentMessage) -> SentMessage {
    owner.presses(preview, "Confirm import");
    owner.expect_edit().await;
    owner.expect(&["Import done"]).await
}

#[tokio::test]
async fn bad_rows_are_reported_and_only_owners_import_or_export() {
    let bot = TestBot::start().await;
    let mut olena = owner(&bot);
    let mut anna = join(&bot, 5201, "Anna", "en").await;
    let card: String = sqlx::query_scalar(
        "SELECT k.number FROM cards k JOIN customers c ON c.id = k.customer_id
         WHERE c.tg_user_id = $1",
    )
    .bind(anna.id())
    .fetch_one(&bot.pool)
    .await
    .expect("card");
    let mut typo = card.clone().into_bytes();
    typo[11] = b'0' + (typo[11] - b'0' + 1) % 10;
    let typo = String::from_utf8(typo).expect("digits");
    let unknown = CardNumber::generate(&mut rand::thread_rng()).digits();

    let mut file = format!(
        "card,points\n{card},100\n{typo},5\n{unknown},5\n{card},100\n{unknown},-4\n\
         +380 50 123 45 67,40\nxyz,abc\n{unknown},1.5\n"
    );
    for _ in 0..25 {
        file.push_str("123,1\n"); // lines 10..34: not card numbers
    }
    // Bob has bought something here already: no opening balance for his card.
    let mut bob = join(&bot, 5202, "Bob", "en").await;
    scan(&mut olena, &mut bob).await;
    purchase(&mut olena, &mut bob, "100").await;
    let bobs: String = sqlx::query_scalar(
        "SELECT k.number FROM cards k JOIN customers c ON c.id = k.customer_id
         WHERE c.tg_user_id = $1",
    )
    .bind(bob.id())
    .fetch_one(&bot.pool)
    .await
    .expect("card");
    file.push_str(&format!("{bobs},500\n")); // line 35
    olena.sends_document(file.into_bytes(), "balances.csv", None);
    let preview = olena
        .expect(&[
            "Import preview",
            "34 rows",
            "140 points",
            "To import now: 1 card;",
            "waiting for the customer's phone: 1",
            "Cards already used here",
            "Rejected in all: 32",
            "Line 3: not a valid card number",
            "Line 4: no active card with this number",
            "Line 5: the same card or phone as line 2",
            "Line 6: the points are negative",
            "Line 8: not a valid card number",
            "Line 9: the points are not a whole number",
            "…and 12 more rejected.",
            "press Confirm",
        ])
        .await;
    assert!(!preview.body().contains("Line 7:"), "the phone row is fine");
    assert_eq!(balance(&bot, &anna).await, (50, 0));
    let report = confirm(&mut olena, &preview).await;
    for needle in [
        "Imported: 1,",
        "waiting for the customer's phone: 1",
        "rejected: 32",
    ] {
        assert!(
            report.body().contains(needle),
            "{needle}: {}",
            report.body()
        );
    }
    assert_eq!(balance(&bot, &anna).await, (150, 0));
    assert_eq!(balance(&bot, &bob).await, (55, 0));

    // The phone balance waits for its owner to share that number in the chat (/phone offers
    // Telegram's share-contact button), and pays once.
    anna.sends("/phone");
    anna.expect(&["Share your phone number"]).await;
    anna.forwards_contact("+380501234567", 4242);
    anna.expect(&["your own number"]).await;
    assert_eq!(balance(&bot, &anna).await, (150, 0));
    anna.shares_phone("380509999999");
    anna.expect(&["no points from the old system"]).await;
    anna.shares_phone("380501234567");
    anna.expect(&["40 points", "from your old card"]).await;
    anna.shares_phone("+380 50 123 45 67");
    anna.expect(&["already on your card"]).await;
    // The library call behind it: someone else with that number finds it taken.
    let (anna_id, anna_account): (i64, AccountId) =
        sqlx::query_as("SELECT id, account_id FROM customers WHERE tg_user_id = $1")
            .bind(anna.id())
            .fetch_one(&bot.pool)
            .await
            .expect("anna");
    assert_eq!(
        phone::claim(&bot.pool, anna_id + 1, anna_account, "380501234567")
            .await
            .expect("claim"),
        Claim::Taken
    );
    assert_eq!(balance(&bot, &anna).await, (190, 0));

    // The same card again with another amount: refused with the amount it got.
    olena.sends_document(
        format!("{card},120\n").into_bytes(),
        "again.csv",
        Some("/import"),
    );
    let preview = olena
        .expect(&[
            "To import now: 0 cards",
            "Line 1: already imported with 100 points",
        ])
        .await;
    olena.presses(&preview, "Cancel");
    olena.expect_edit().await;
    olena.expect(&["Import cancelled"]).await;
    assert_eq!(balance(&bot, &anna).await, (190, 0));

    // Whole-file refusals: too many rows, not text.
    let huge = format!("{card},1\n").repeat(MAX_ROWS + 1);
    olena.sends_document(huge.into_bytes(), "huge.csv", Some("/import"));
    olena
        .expect(&["too many rows", "Nothing was imported"])
        .await;
    olena.sends_document(vec![0xff, 0xfe, 0x00, 0x41], "binary.csv", Some("/import"));
    olena.expect(&["not a CSV", "Nothing was imported"]).await;
    olena.sends("/import");
    olena.expect(&["Send the CSV file as a document"]).await;
    olena.sends("/export everything");
    olena.expect(&["Cancelled: the import."]).await;
    olena.expect(&["Usage: /export"]).await;

    // Customers may neither import nor export.
    anna.sends_document(
        format!("{card},999\n").into_bytes(),
        "mine.csv",
        Some("/import"),
    );
    anna.expect(&["Only the owner"]).await;
    anna.sends("/export customers");
    anna.expect(&["Only the owner"]).await;
    assert_eq!(balance(&bot, &anna).await, (190, 0));
    bot.finish().await;
}
