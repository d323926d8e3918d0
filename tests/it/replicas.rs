//! Two bot processes on one database behind one webhook URL: Telegram's updates are split
//! between them, and balances, card screens and redemptions stay right because all state lives
//! in Postgres.

use std::time::Duration;

use loyalty_bot::{
    config::Config,
    sandbox::emulator::BotEvent,
    startup::{self, PollingOptions, Running},
};

use crate::{
    support::{
        bot::{OWNER_ID, handled},
        db::TestDb,
    },
    webhook::{SECRET, deliver, user, webhook_vars},
};

async fn replica(api: std::net::SocketAddr, pool: sqlx::PgPool) -> Running {
    let mut vars = webhook_vars();
    vars.extend([
        ("TELOXIDE_TOKEN", "7000001:TEST-TOKEN".to_owned()),
        ("TELOXIDE_API_URL", format!("http://{api}/")),
        ("CARD_SECRET", "replica-test-card-secret".to_owned()),
        ("OWNER_IDS", OWNER_ID.to_string()),
    ]);
    let config = Config::from_vars(|k| vars.iter().find(|(n, _)| *n == k).map(|(_, v)| v.clone()))
        .expect("config");
    startup::start(config, pool, PollingOptions::default())
        .await
        .expect("replica starts")
}

#[tokio::test]
async fn two_replicas_share_the_till_and_the_books() {
    let db = TestDb::new().await;
    let (emu, api, server) = crate::support::bot::serve_emulator().await;
    let a = replica(api, db.pool.clone()).await;
    let b = replica(api, db.pool.clone()).await;
    let (ra, rb) = (a.listen_addr.expect("a"), b.listen_addr.expect("b"));
    // Telegram's POST, then the wait for a worker (of either replica) to handle it.
    let send = |replica, id: i64| {
        let update = emu.update_json(id).expect("update");
        let pool = db.pool.clone();
        async move {
            assert_eq!(deliver(replica, &update, Some(SECRET)).await, 200);
            handled(&pool, id).await;
        }
    };

    let anna = user(5001, "Anna");
    let owner = user(OWNER_ID, "Olena");
    send(ra, emu.send_text(&anna, "/start")).await;
    let number: String = sqlx::query_scalar("SELECT number FROM cards")
        .fetch_one(&db.pool)
        .await
        .expect("card");
    // The card is opened on replica B, the amount arrives at replica A.
    send(rb, emu.send_text(&owner, &format!("/scan {number}"))).await;
    let amount = emu.send_text(&owner, "100");
    send(ra, amount).await;
    // Telegram re-sends the purchase to the other replica: posted once.
    send(rb, amount).await;

    send(rb, emu.send_text(&owner, &format!("/scan {number}"))).await;
    send(ra, emu.send_text(&owner, "/redeem 30")).await;
    let ask = emu
        .messages(anna.id)
        .into_iter()
        .rev()
        .find(|m| m.body().contains("Spend 30 points"))
        .expect("Anna was asked");
    let data = ask
        .inline_buttons()
        .into_iter()
        .find(|(t, _)| t.contains("Confirm"))
        .expect("button")
        .1;
    let confirm = emu.press_button(&anna, &ask, &data);
    // The same tap reaches both replicas at once.
    tokio::join!(send(ra, confirm), send(rb, confirm));

    let balance: i64 = sqlx::query_scalar("SELECT balance FROM accounts WHERE kind = 'customer'")
        .fetch_one(&db.pool)
        .await
        .expect("balance");
    assert_eq!(balance, 50 + 5 - 30);
    let purchases: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM purchases")
        .fetch_one(&db.pool)
        .await
        .expect("n");
    assert_eq!(purchases, 1);
    let spent: i64 =
        sqlx::query_scalar("SELECT COUNT(*) FROM journal_entries WHERE kind = 'redemption'")
            .fetch_one(&db.pool)
            .await
            .expect("n");
    assert_eq!(spent, 1);

    // Both replicas run the expiry job: an unanswered request expires once, told once.
    sqlx::query("UPDATE program_settings SET redeem_timeout_secs = 1")
        .execute(&db.pool)
        .await
        .expect("settings");
    send(ra, emu.send_text(&owner, &format!("/scan {number}"))).await;
    let mut cursor = emu.events_len(owner.id);
    send(rb, emu.send_text(&owner, "/redeem 5")).await;
    tokio::time::sleep(Duration::from_secs(3)).await;
    let mut expired_edits = 0;
    while let Some(e) = emu
        .next_event(owner.id, &mut cursor, Duration::from_millis(100))
        .await
    {
        if matches!(&e, BotEvent::Edited(m) if m.body().contains("did not confirm in time")) {
            expired_edits += 1;
        }
    }
    assert_eq!(expired_edits, 1);
    let pending: i64 = sqlx::query_scalar("SELECT pending FROM accounts WHERE kind = 'customer'")
        .fetch_one(&db.pool)
        .await
        .expect("pending");
    assert_eq!(pending, 0);

    // A broadcast while both replicas run: one sender at a time (the advisory-lock leader),
    // every customer gets the message exactly once.
    for i in 0..30 {
        let who = user(5_100 + i, "Guest");
        emu.add_user(&who);
        let joining = loyalty_bot::enrollment::Joining {
            tg_user_id: who.id,
            chat_id: who.id,
            first_name: "Guest",
            language: loyalty_bot::domain::Language::En,
            referral_code: None,
            // Fresh people: no one here erased their data before.
            legacy_fingerprint: &[],
            message_id: None,
        };
        loyalty_bot::enrollment::enroll(&db.pool, &joining)
            .await
            .expect("enroll");
    }
    let id = loyalty_bot::broadcast::create_draft(
        &db.pool,
        OWNER_ID,
        "Double points <b>today</b>",
        loyalty_bot::domain::Language::En,
    )
    .await
    .expect("draft");
    let progress = emu
        .messages(owner.id)
        .last()
        .expect("a bot message to edit")
        .message_id;
    let queued = loyalty_bot::broadcast::outbox::enqueue(&db.pool, id, OWNER_ID, progress as i32)
        .await
        .expect("enqueue");
    assert_eq!(queued, Some(31));
    let started = std::time::Instant::now();
    loop {
        let left: i64 = sqlx::query_scalar(
            "SELECT COUNT(*) FROM broadcast_outbox WHERE status IN ('pending', 'sending')",
        )
        .fetch_one(&db.pool)
        .await
        .expect("left");
        if left == 0 {
            break;
        }
        assert!(
            started.elapsed() < Duration::from_secs(30),
            "{left} messages never went out"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    let mut per_chat = std::collections::BTreeMap::<i64, usize>::new();
    for c in emu.calls().iter().filter(|c| c.method == "sendMessage") {
        if c.params["text"]
            .as_str()
            .is_some_and(|t| t.contains("Double points"))
        {
            *per_chat
                .entry(c.params["chat_id"].as_i64().unwrap_or_default())
                .or_default() += 1;
        }
    }
    assert_eq!(per_chat.len(), 31, "{per_chat:?}");
    assert!(per_chat.values().all(|n| *n == 1), "{per_chat:?}");

    a.stop().await;
    b.stop().await;
    server.abort();
    assert!(
        emu.validation_errors().is_empty(),
        "{:#?}",
        emu.validation_errors()
    );
    crate::ledger::assert_books_balance(&db.pool).await;
    db.drop_db().await;
}
