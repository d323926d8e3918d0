//! Benchmark of the broadcast machinery itself: enqueue and deliver 100,000 messages to the Bot
//! API emulator with the limits lifted. Ignored by default; run with
//! `cargo test --release --test it broadcast_bench -- --ignored --nocapture`
//! (`BROADCAST_BENCH_N` changes the count).

use std::time::{Duration, Instant};

use loyalty_bot::{
    broadcast::{self, SenderConfig, outbox},
    config::Config,
    domain::Language,
    startup,
};
use teloxide::prelude::*;
use tokio::sync::watch;

use crate::support::{bot::serve_emulator, db::TestDb, promos::*};

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
#[ignore = "benchmark: run with --release -- --ignored --nocapture"]
async fn broadcast_bench() {
    let n: i64 = std::env::var("BROADCAST_BENCH_N")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(100_000);
    let db = TestDb::new().await;
    let (emu, addr, server) = serve_emulator().await;
    let config = Config::from_vars(|k| match k {
        "TELOXIDE_TOKEN" => Some("7000001:TEST-TOKEN".to_owned()),
        "TELOXIDE_API_URL" => Some(format!("http://{addr}/")),
        _ => None,
    })
    .expect("config");
    let bot = startup::build_bot(&config).expect("bot");
    seed(&db.pool, &emu, n, 10_000_000, 0).await;
    emu.open_chat(&profile(1));
    let progress = bot.send_message(ChatId(1), "…").await.expect("message");
    let id = broadcast::create_draft(&db.pool, 1, "Benchmark <b>offer</b>", Language::En)
        .await
        .expect("draft");

    let started = Instant::now();
    let queued = outbox::enqueue(&db.pool, id, 1, progress.id.0)
        .await
        .expect("enqueue");
    let enqueue = started.elapsed();
    assert_eq!(queued, u64::try_from(n).ok());

    // Limits lifted: no rate to speak of; the pool of the test database allows 20 connections.
    let config = SenderConfig {
        concurrency: 16,
        ..SenderConfig::with_rate(10_000_000)
    };
    let (stop, stop_rx) = watch::channel(false);
    let started = Instant::now();
    let task = tokio::spawn(broadcast::run(
        bot,
        db.pool.clone(),
        loyalty_bot::outbound::Outbound::new(config.rate),
        config,
        stop_rx,
    ));
    loop {
        let p = outbox::progress(&db.pool, id).await.expect("progress");
        if p.remaining == 0 {
            assert_eq!(p.sent, n, "{p:?}");
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    let deliver = started.elapsed();
    stop.send(true).expect("stop");
    task.await.expect("sender stops");
    let rate = |d: Duration| n as f64 / d.as_secs_f64();
    println!(
        "broadcast bench: {n} recipients enqueued in {enqueue:.2?} ({:.0} rows/s); \
         delivered in {deliver:.2?} ({:.0} messages/s)",
        rate(enqueue),
        rate(deliver)
    );
    server.abort();
    db.drop_db().await;
}
