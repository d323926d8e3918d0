//! Composing a promotion in the owner's chat: a photo with a `/promo` caption and a URL button
//! reach every reachable customer exactly once as a photo with its caption and button (checked
//! by the Bot API emulator), skipping customers with promotions off or who blocked the bot;
//! typed audience parameters and buttons are validated, refused with a localized answer and
//! nothing changed, and kept on the draft while the bot waits for them.

use std::time::Duration;

use image::{ImageFormat, Rgb, RgbImage};
use loyalty_bot::{
    domain::Points,
    ledger::{self, EntryKind, Posting, SystemAccount, Transfer},
    sandbox::emulator::Fault,
};
use serde_json::json;
use sqlx::PgPool;

use crate::support::{bot::TestBot, promos::*, stories::owner};

fn photo() -> Vec<u8> {
    let mut png = Vec::new();
    RgbImage::from_pixel(320, 200, Rgb([200, 120, 40]))
        .write_to(&mut std::io::Cursor::new(&mut png), ImageFormat::Png)
        .expect("png");
    png
}

/// The promotion question open in `chat` (the chat's saved state), as SQL.
fn open_question(chat: i64) -> String {
    format!(
        "(SELECT state->>'question' FROM chat_states
          WHERE chat_id = {chat} AND expires_at > now() AND state->>'kind' = 'promo_answer')"
    )
}

async fn draft_column(pool: &PgPool, sql: &str) -> serde_json::Value {
    let q = format!("SELECT to_jsonb(x) FROM ({sql}) x");
    sqlx::query_scalar(&q).fetch_one(pool).await.expect(sql)
}

#[tokio::test]
async fn a_photo_with_a_url_button_reaches_each_reachable_customer_once() {
    let bot = TestBot::start_with(&[("BROADCAST_RATE", "50".to_owned())]).await;
    // 10 customers; the 5th and 10th switched promotions off; the 3rd blocked the bot earlier.
    let chats = seed(&bot.pool, &bot.emu, 10, 5_100_000, 5).await;
    sqlx::query("UPDATE customers SET unreachable = TRUE WHERE chat_id = $1")
        .bind(chats[2])
        .execute(&bot.pool)
        .await
        .expect("blocked");
    let mut olena = owner(&bot);
    // A caption is limited to 1024 characters once rendered (tags do not count).
    let long = format!("/promo <b>{}</b>", "x".repeat(1_025));
    olena
        .emu
        .send_photo(&olena.user.clone(), photo(), Some(&long));
    olena.expect(&["at most 1024 characters"]).await;
    assert_eq!(count(&bot.pool, "SELECT COUNT(*) FROM broadcasts").await, 0);
    let caption = "/promo <b>Weekend</b> brunch: -30% &amp; free coffee";
    olena
        .emu
        .send_photo(&olena.user.clone(), photo(), Some(caption));
    let (preview, _) = olena.expect_photo().await;
    let file_id = preview.photo_file_id.clone().expect("photo");
    assert_eq!(
        preview.caption.as_deref(),
        Some("Weekend brunch: -30% & free coffee")
    );
    let draft = olena.expect(&["Everyone", "7 customers"]).await;

    olena.presses(&draft, "Add button");
    olena.expect(&["Label | https://example.com"]).await;
    for (bad, answer) in [
        ("Menu | ftp://example.com", "must start with http"),
        ("Menu https://example.com", "vertical bar"),
        (
            &*format!("{} | https://example.com", "x".repeat(65)),
            "at most 64 characters",
        ),
    ] {
        olena.sends(bad);
        olena.expect(&[answer]).await;
    }
    let id = latest_broadcast(&bot.pool).await;
    let stored = draft_column(
        &bot.pool,
        &format!(
            "SELECT button_url, {} AS awaiting FROM broadcasts WHERE id = {id}",
            open_question(olena.id())
        ),
    )
    .await;
    assert_eq!(stored, json!({ "button_url": null, "awaiting": "button" }));

    olena.sends("Book a table | https://example.com/book?day=sat");
    let (preview, _) = olena.expect_photo().await;
    assert_eq!(preview.photo_file_id.as_deref(), Some(&*file_id));
    let button = (
        "Book a table".to_owned(),
        "https://example.com/book?day=sat".to_owned(),
    );
    assert_eq!(preview.inline_buttons(), vec![button.clone()]);
    let draft = olena.expect(&["Button: Book a table", "7 customers"]).await;

    // The first customer's delivery meets a 403: they blocked the bot since.
    bot.emu.inject_fault("sendPhoto", Fault::Blocked);
    olena.presses(&draft, "Send");
    wait_for(&bot.pool, id, "done", Duration::from_secs(30)).await;
    let blocked = rows_in(&bot.pool, id, "blocked").await;
    assert_eq!(blocked.len(), 1);
    let calls = bot.emu.calls();
    for &chat in &chats {
        let reachable = promos_on_every_5th(chat, &chats) && chat != chats[2];
        let tried = calls
            .iter()
            .filter(|c| c.method == "sendPhoto" && chat_of(c) == Some(chat))
            .count();
        assert_eq!(tried, usize::from(reachable), "chat {chat} tried");
        let got = bot.emu.messages(chat);
        if !reachable || blocked.contains(&chat) {
            assert!(got.is_empty(), "chat {chat}: {got:?}");
            continue;
        }
        assert_eq!(got.len(), 1, "chat {chat}");
        let m = &got[0];
        assert_eq!(m.photo_file_id.as_deref(), Some(&*file_id));
        assert_eq!(m.parse_mode.as_deref(), Some("HTML"));
        assert_eq!(
            m.raw.as_deref(),
            Some("<b>Weekend</b> brunch: -30% &amp; free coffee")
        );
        assert_eq!(m.inline_buttons(), vec![button.clone()]);
    }
    assert!(customer_sends(&calls, &chats).is_empty(), "no sendMessage");
    bot.finish().await;
}

/// Credits each `(chat, points)` customer as a purchase would.
async fn give_points(pool: &PgPool, grants: &[(i64, i64)]) {
    let mut conn = pool.acquire().await.expect("conn");
    let earned = ledger::system_account(&mut conn, SystemAccount::Purchases)
        .await
        .expect("account");
    for &(chat, points) in grants {
        let account: i64 =
            sqlx::query_scalar("SELECT account_id FROM customers WHERE chat_id = $1")
                .bind(chat)
                .fetch_one(&mut *conn)
                .await
                .expect("customer");
        let transfer = Transfer {
            from: earned,
            to: ledger::AccountId(account),
            points: Points::new(points).expect("points"),
        };
        let posting = Posting::new(format!("t-{chat}"), EntryKind::Purchase, vec![transfer]);
        ledger::post(&mut conn, &posting).await.expect("post");
    }
}

#[tokio::test]
async fn a_restart_while_the_bot_waits_for_a_number_keeps_the_draft_going() {
    let mut bot = TestBot::start().await;
    let chats = seed(&bot.pool, &bot.emu, 5, 5_300_000, 0).await;
    give_points(
        &bot.pool,
        &[(chats[0], 500), (chats[1], 800), (chats[2], 499)],
    )
    .await;
    let mut olena = owner(&bot);
    olena.sends("/promo Flash sale tonight");
    olena.expect(&["Flash sale tonight"]).await;
    let draft = olena.expect(&["Everyone", "5 customers"]).await;
    olena.presses(&draft, "≥ N points");
    olena.expect(&["minimum balance in points"]).await;

    // A deploy: the process that asked is gone; a new one reads the next message.
    bot.restart().await;
    olena.sends("500");
    let draft = olena.expect(&["At least 500 points", "2 customers"]).await;
    olena.presses(&draft, "Send");
    let id = latest_broadcast(&bot.pool).await;
    wait_for(&bot.pool, id, "done", Duration::from_secs(30)).await;
    for (i, &chat) in chats.iter().enumerate() {
        let got = bot.emu.messages(chat);
        assert_eq!(got.len(), usize::from(i < 2), "chat {chat}: {got:?}");
        assert!(got.iter().all(|m| m.body().contains("Flash sale tonight")));
    }
    bot.finish().await;
}

/// [`seed`] with `off_every = 5`: the 5th and 10th customers have promotions off.
fn promos_on_every_5th(chat: i64, chats: &[i64]) -> bool {
    chats
        .iter()
        .position(|c| *c == chat)
        .is_some_and(|i| (i + 1) % 5 != 0)
}

#[tokio::test]
async fn typed_audience_parameters_are_validated_and_kept_on_the_draft() {
    let bot = TestBot::start().await;
    let chats = seed(&bot.pool, &bot.emu, 6, 5_200_000, 0).await;
    // Two customers hold 500 and 800 points.
    give_points(
        &bot.pool,
        &[(chats[0], 500), (chats[1], 800), (chats[2], 499)],
    )
    .await;
    // Two customers are in the Gold tier, set by SQL; they spent enough for it, so the tier
    // job running beside the test agrees and leaves them there.
    sqlx::query(
        "WITH t AS (INSERT INTO tiers (name, min_spend, earn_rate) VALUES ('Gold', 500, 8)
                    RETURNING id),
              p AS (INSERT INTO purchases (idempotency_key, customer_id, staff_tg_id, store,
                                           amount, points)
                    SELECT 'gold-' || id, id, 1, 'Main', 600, 0 FROM customers
                    WHERE chat_id = ANY($1))
         UPDATE customers SET tier_id = (SELECT id FROM t) WHERE chat_id = ANY($1)",
    )
    .bind(vec![chats[3], chats[4]])
    .execute(&bot.pool)
    .await
    .expect("tier");

    let mut olena = owner(&bot);
    olena.sends("/promo Double points weekend");
    olena.expect(&["Double points weekend"]).await;
    let draft = olena.expect(&["Everyone", "6 customers"]).await;
    let id = latest_broadcast(&bot.pool).await;
    let sql = format!(
        "SELECT audience, {} AS awaiting FROM broadcasts WHERE id = {id}",
        open_question(olena.id())
    );
    let audience = || draft_column(&bot.pool, &sql);

    olena.presses(&draft, "Gold");
    let draft = edit_containing(&mut olena, "Tier Gold, 2 customers").await;
    olena.presses(&draft, "≥ N points");
    olena.expect(&["minimum balance in points"]).await;
    // Kept in the database (the chat's state): a restart now would still take the next message
    // as the answer.
    let gold = json!({ "kind": "tier", "tier": audience().await["audience"]["tier"] });
    assert_eq!(
        audience().await,
        json!({ "audience": gold, "awaiting": "points" })
    );
    for bad in ["abc", "0", "-5", "1.5"] {
        olena.sends(bad);
        olena.expect(&["not a number of points"]).await;
    }
    assert_eq!(
        audience().await,
        json!({ "audience": gold, "awaiting": "points" })
    );
    olena.sends("500");
    let draft = olena.expect(&["At least 500 points", "2 customers"]).await;
    assert_eq!(
        audience().await,
        json!({ "audience": { "kind": "points", "min": 500 }, "awaiting": null })
    );

    olena.presses(&draft, "Inactive N days");
    olena.expect(&["number of days without a purchase"]).await;
    olena.sends("abc");
    olena.expect(&["not a number of days"]).await;
    olena.sends("30");
    // Seeded customers joined just now: nobody has been around for 30 days yet.
    let draft = olena
        .expect(&["No purchases for 30 days", "0 customers"])
        .await;

    olena.presses(&draft, "Spent ≥ X");
    olena
        .expect(&["minimum amount and the number of days"])
        .await;
    olena.sends("lots 30");
    olena.expect(&["amount and a number of days"]).await;
    olena.sends("100 abc");
    olena.expect(&["not a number of days"]).await;
    olena.sends("1000,50 14");
    let draft = olena.expect(&["Spent at least 1,000.50 in 14 days"]).await;
    assert_eq!(
        audience().await["audience"],
        json!({ "kind": "spent", "amount": "1000.50", "days": 14 })
    );

    // A plain button sets a simple audience and closes any open question.
    olena.presses(&draft, "≥ N points");
    olena.expect(&["minimum balance"]).await;
    olena.presses(&draft, "Birthday this month");
    edit_containing(&mut olena, "0 customers").await;
    assert_eq!(
        audience().await,
        json!({ "audience": { "kind": "birthday" }, "awaiting": null })
    );
    // With no question open, the owner's text goes to the till as usual, not to a draft.
    olena.sends("750");
    olena.expect(&["card"]).await;
    assert_eq!(audience().await["audience"], json!({ "kind": "birthday" }));
    bot.finish().await;
}
