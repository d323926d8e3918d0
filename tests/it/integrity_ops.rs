//! Money integrity (issue #12), operations: `/healthz` says only `ok` or `unavailable` (no
//! database error text), `/metrics` can require a bearer token, and every gauge it reads is
//! answered from an index (no count of the whole journal on every scrape).

use loyalty_bot::serve::health::GAUGES;
use sqlx::Connection;

use crate::support::{bot::TestBot, db::admin_url};

const TOKEN: &str = "metrics-token-for-the-scraper";

#[tokio::test]
async fn health_says_only_ok_or_unavailable() {
    let bot = TestBot::start_with(&[("LISTEN_ADDR", "127.0.0.1:0".to_owned())]).await;
    let url = format!("http://{}/healthz", bot.listen_addr());
    let res = reqwest::get(&url).await.expect("healthz");
    assert_eq!(res.status().as_u16(), 200);
    assert_eq!(res.text().await.expect("body"), "ok\n");
    // The database errors (here: the migrations table is gone); the caller learns nothing more.
    bot.exec("ALTER TABLE _sqlx_migrations RENAME TO _sqlx_migrations_away")
        .await;
    let res = reqwest::get(&url).await.expect("healthz");
    assert_eq!(res.status().as_u16(), 503);
    assert_eq!(res.text().await.expect("body"), "unavailable\n");
    bot.exec("ALTER TABLE _sqlx_migrations_away RENAME TO _sqlx_migrations")
        .await;
    bot.finish().await;
}

#[tokio::test]
async fn metrics_answer_only_the_bearer_of_the_token() {
    let bot = TestBot::start_with(&[
        ("LISTEN_ADDR", "127.0.0.1:0".to_owned()),
        ("METRICS_TOKEN", TOKEN.to_owned()),
    ])
    .await;
    let url = format!("http://{}/metrics", bot.listen_addr());
    let http = reqwest::Client::new();
    for auth in [None, Some("Bearer wrong-token-wrong-token"), Some(TOKEN)] {
        let mut req = http.get(&url);
        if let Some(a) = auth {
            req = req.header("authorization", a);
        }
        let res = req.send().await.expect("metrics");
        assert_eq!(res.status().as_u16(), 401, "{auth:?}");
        assert!(!res.text().await.expect("body").contains("loyalty_"));
    }
    let res = http
        .get(&url)
        .header("authorization", format!("bearer {TOKEN}"))
        .send()
        .await
        .expect("metrics");
    assert_eq!(res.status().as_u16(), 200);
    let text = res.text().await.expect("body");
    assert!(text.contains("loyalty_ledger_postings"), "{text}");
    assert!(text.contains("loyalty_broadcast_queue_depth 0"), "{text}");
    bot.finish().await;
}

#[tokio::test]
async fn every_metrics_gauge_is_answered_from_an_index() {
    let bot = TestBot::start().await;
    let mut conn = sqlx::PgConnection::connect(&bot_db_url(&bot).await)
        .await
        .expect("connect");
    // With sequential scans priced out, a plan still scans a table only if no index can serve.
    sqlx::query("SET enable_seqscan = off")
        .execute(&mut conn)
        .await
        .expect("set");
    for (name, _, sql) in GAUGES {
        let plan: Vec<String> = sqlx::query_scalar(&format!("EXPLAIN {sql}"))
            .fetch_all(&mut conn)
            .await
            .expect("explain");
        let plan = plan.join("\n");
        assert!(!plan.contains("Seq Scan"), "{name}: {plan}");
        if sql.contains("journal_entries") {
            // The ledger gauge reads one index entry, not every entry.
            assert!(plan.contains("Limit"), "{name}: {plan}");
        }
    }
    conn.close().await.expect("close");
    bot.finish().await;
}

async fn bot_db_url(bot: &TestBot) -> String {
    let name: String = sqlx::query_scalar("SELECT current_database()")
        .fetch_one(&bot.pool)
        .await
        .expect("database name");
    let mut url = url::Url::parse(&admin_url()).expect("url");
    url.set_path(&format!("/{name}"));
    url.to_string()
}
