//! A broadcast sender dropped mid-way, then stopped gracefully, then left with a row a process
//! crash would leave in flight: every recipient still gets the message exactly once, except the
//! one whose outcome is unknown, which is failed rather than risk a duplicate.

use std::time::Duration;

use loyalty_bot::{
    broadcast::{self, SenderConfig, outbox},
    config::Config,
    domain::Language,
    sandbox::emulator::Fault,
    startup,
};
use sqlx::PgPool;
use teloxide::prelude::*;
use tokio::sync::watch;

use crate::support::{bot::serve_emulator, db::TestDb, promos::*};

#[tokio::test]
async fn a_sender_killed_or_stopped_mid_way_resumes_and_still_sends_exactly_once() {
    let db = TestDb::new().await;
    let (emu, addr, server) = serve_emulator().await;
    let config = Config::from_vars(|k| match k {
        "TELOXIDE_TOKEN" => Some("7000001:TEST-TOKEN".to_owned()),
        "TELOXIDE_API_URL" => Some(format!("http://{addr}/")),
        _ => None,
    })
    .expect("config");
    let bot = startup::build_bot(&config).expect("bot");
    let chats = seed(&db.pool, &emu, 400, 7_000_000, 0).await;
    emu.open_chat(&profile(1));
    let progress = bot
        .send_message(ChatId(1), "…")
        .await
        .expect("progress message");
    let id = broadcast::create_draft(&db.pool, 1, "Flash sale", Language::En)
        .await
        .expect("draft");
    let queued = outbox::enqueue(&db.pool, id, 1, progress.id.0)
        .await
        .expect("enqueue");
    assert_eq!(queued, Some(400));
    assert_eq!(
        outbox::enqueue(&db.pool, id, 1, progress.id.0).await.ok(),
        Some(None)
    );
    let config = SenderConfig {
        lease: Duration::from_secs(2),
        ..SenderConfig::with_rate(200)
    };
    let sent = |pool: PgPool| async move { outbox::progress(&pool, id).await.map(|p| p.sent) };

    // The first send meets a 500: retried with a backoff (teloxide itself waits 10 s first).
    emu.inject_fault("sendMessage", Fault::ServerError);
    // 1. The task is dropped mid-way (its claimed rows keep their lease until it runs out).
    let (_stop, stop_rx) = watch::channel(false);
    let task = tokio::spawn(broadcast::run(
        bot.clone(),
        db.pool.clone(),
        loyalty_bot::outbound::Outbound::new(config.rate),
        config,
        stop_rx,
    ));
    wait_until(|| sent(db.pool.clone()), |n| n >= 100).await;
    task.abort();
    // 2. Stopped gracefully: it finishes the sends in flight and releases what it claimed.
    let (stop, stop_rx) = watch::channel(false);
    let task = tokio::spawn(broadcast::run(
        bot.clone(),
        db.pool.clone(),
        loyalty_bot::outbound::Outbound::new(config.rate),
        config,
        stop_rx,
    ));
    wait_until(|| sent(db.pool.clone()), |n| n >= 250).await;
    stop.send(true).expect("stop");
    task.await.expect("sender stops");
    // 3. What a process crash leaves: a row marked sending whose outcome nobody knows. It is
    //    failed, not re-sent (a duplicate is worse than a miss; see broadcast's module docs).
    let lost: i64 = sqlx::query_scalar(
        "UPDATE broadcast_outbox SET status = 'sending', lease_until = now() - interval '1 s'
         WHERE id = (SELECT id FROM broadcast_outbox WHERE broadcast_id = $1
                     AND status = 'pending' ORDER BY id LIMIT 1)
         RETURNING chat_id",
    )
    .bind(id)
    .fetch_one(&db.pool)
    .await
    .expect("a row still pending");
    let (stop, stop_rx) = watch::channel(false);
    let task = tokio::spawn(broadcast::run(
        bot.clone(),
        db.pool.clone(),
        loyalty_bot::outbound::Outbound::new(config.rate),
        config,
        stop_rx,
    ));
    wait_for(&db.pool, id, "done", Duration::from_secs(30)).await;
    stop.send(true).expect("stop");
    task.await.expect("sender stops");

    let calls = customer_sends(&emu.calls(), &chats);
    let retried = calls.first().and_then(chat_of);
    for &chat in &chats {
        let expected = usize::from(chat != lost);
        assert_eq!(emu.messages(chat).len(), expected, "chat {chat}");
        let tries = calls.iter().filter(|c| chat_of(c) == Some(chat)).count();
        let expected_tries = expected + usize::from(Some(chat) == retried);
        assert_eq!(tries, expected_tries, "sendMessage calls to {chat}");
    }
    assert_eq!(rows_in(&db.pool, id, "failed").await, vec![lost]);
    assert_rate_within(&calls, 200);
    server.abort();
    db.drop_db().await;
}
