//! The database goes away for 5 s in the middle of a burst (a private Postgres stopped with
//! `-m immediate`, the shared one is never touched): every update waits in Telegram or in the
//! inbox, nothing is lost, nothing is done twice.

use std::time::{Duration, Instant};

use loyalty_bot::sandbox::postgres::PrivateCluster;
use tokio::task::JoinSet;

use crate::support::{
    bot::{Chat, TestBot},
    stories::{join, owner, purchase, scan},
};

const NEWCOMERS: i64 = 60;
const PURCHASES: usize = 6;
/// Answers wait for the database to come back (and for the pool to notice).
const PATIENCE: Duration = Duration::from_secs(60);

async fn count(pool: &sqlx::PgPool, sql: &str) -> i64 {
    // The pool reconnects by itself; a query during the outage is simply retried here.
    loop {
        match sqlx::query_scalar(sql).fetch_one(pool).await {
            Ok(n) => return n,
            Err(_) => tokio::time::sleep(Duration::from_millis(200)).await,
        }
    }
}

/// A newcomer presses Start and reads until the card arrives; `None` if it never did.
async fn newcomer(mut c: Chat) -> Option<String> {
    c.sends("/start");
    let mut texts = Vec::new();
    loop {
        let m = c.expect_message().await;
        if m.photo_file_id.is_some() {
            return Some(texts.join(" | "));
        }
        texts.push(m.body().to_owned());
    }
}

#[tokio::test]
async fn a_database_outage_mid_burst_loses_nothing_and_doubles_nothing() {
    let root = std::env::temp_dir().join(format!("lbt-outage-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&root);
    let mut cluster = PrivateCluster::start(&root, "outage")
        .await
        .expect("a private PostgreSQL (initdb and postgres from the server package)");
    let pool = loyalty_bot::db::connect(&cluster.url, 16)
        .await
        .expect("connect");
    loyalty_bot::db::migrate(&pool).await.expect("migrate");
    let bot = TestBot::start_on(pool.clone(), &[]).await;

    // Before the outage: the owner works the till with a few regulars.
    let mut olena = owner(&bot).patient(PATIENCE);
    let mut regulars = Vec::new();
    for i in 0..PURCHASES as i64 {
        regulars.push(
            join(&bot, 31_000 + i, "Regular", "en")
                .await
                .patient(PATIENCE),
        );
    }

    // The burst: newcomers press Start a few at a time while the till keeps posting.
    let mut burst = JoinSet::new();
    let started = Instant::now();
    for i in 0..NEWCOMERS {
        let chat = bot
            .user(32_000 + i, &format!("New{i}"), "en")
            .patient(PATIENCE);
        burst.spawn(newcomer(chat));
        if i % 10 == 9 {
            tokio::time::sleep(Duration::from_millis(250)).await;
        }
        if i == 20 {
            // Down mid-burst, as a crash would take it: connections cut, nothing flushed.
            cluster.stop_immediately();
            tracing::info!("database stopped");
        }
    }
    let till = tokio::spawn(async move {
        for regular in &mut regulars {
            scan(&mut olena, regular).await;
            purchase(&mut olena, regular, "100").await;
        }
        (olena, regulars)
    });
    tokio::time::sleep(Duration::from_secs(5).saturating_sub(started.elapsed())).await;
    let mut cluster = PrivateCluster::start(&root, "outage")
        .await
        .expect("the database comes back");
    tracing::info!("database back");

    // Every newcomer got their welcome and their card, and not as a "welcome back".
    while let Some(result) = burst.join_next().await {
        let texts = result.expect("newcomer").expect("a card photo");
        assert!(texts.contains("Welcome"), "{texts}");
        assert!(!texts.contains("Welcome back"), "{texts}");
    }
    let (_olena, _regulars) = till.await.expect("till");

    // One customer and one card each, every purchase posted once.
    let customers = count(&pool, "SELECT COUNT(*) FROM customers").await;
    assert_eq!(customers, NEWCOMERS + PURCHASES as i64);
    let doubled = count(
        &pool,
        "SELECT COUNT(*) FROM (SELECT customer_id FROM cards GROUP BY customer_id HAVING COUNT(*) > 1) d",
    )
    .await;
    assert_eq!(doubled, 0, "a customer got two cards");
    assert_eq!(
        count(&pool, "SELECT COUNT(*) FROM purchases").await,
        PURCHASES as i64
    );
    let welcome = count(
        &pool,
        "SELECT COUNT(*) FROM journal_entries WHERE kind = 'welcome'",
    )
    .await;
    assert_eq!(welcome, NEWCOMERS + PURCHASES as i64);
    // The outage really hit handlers: some updates needed another attempt.
    let retried = count(&pool, "SELECT COUNT(*) FROM inbox WHERE attempts > 1").await;
    let dead = count(&pool, "SELECT COUNT(*) FROM inbox WHERE state = 'dead'").await;
    assert_eq!(dead, 0, "nothing was given up");
    tracing::info!(retried, "updates retried after the outage");

    bot.finish().await;
    pool.close().await;
    cluster.stop();
    let _ = std::fs::remove_dir_all(&root);
}
