//! The sandbox's POS page: the API key made for this run, the API's address, and the webhook
//! log filling as the API is used offline.

use std::time::Duration;

use loyalty_bot::sandbox::{self, SandboxOptions};
use serde_json::json;

use crate::support::db::TestDb;

/// The text between `start` and the next `<` in `html`.
fn after<'a>(html: &'a str, start: &str) -> &'a str {
    let rest = html
        .split_once(start)
        .unwrap_or_else(|| panic!("no {start:?} in {html}"))
        .1;
    rest.split('<').next().unwrap_or_default()
}

#[tokio::test]
async fn the_pos_page_shows_a_working_key_and_the_webhook_log() {
    let db = TestDb::new().await;
    let sb = sandbox::start(SandboxOptions {
        listen: "127.0.0.1:0".parse().expect("addr"),
        database_url: db.url(),
        fresh: false,
        seed: true,
        private_cluster_dir: None,
    })
    .await
    .expect("sandbox starts");
    let page = || async {
        reqwest::get(format!("{}/pos", sb.url))
            .await
            .expect("page")
            .text()
            .await
            .expect("html")
    };
    let html = page().await;
    let key = after(&html, "<code id=\"api-key\">").to_owned();
    let base = after(&html, "API: <code>").to_owned();
    assert!(key.starts_with("lb_"), "{key}");
    // The demo seeding ran after the sandbox's receiver was registered: its events are logged.
    assert!(html.contains("customer.created"), "{html}");
    let index = reqwest::get(&sb.url)
        .await
        .expect("index")
        .text()
        .await
        .expect("html");
    assert!(index.contains("href=\"/pos\""), "the chat page links to it");

    let card: String = sqlx::query_scalar(
        "SELECT k.number FROM cards k JOIN customers c ON c.id = k.customer_id WHERE c.first_name = 'Anna'",
    )
    .fetch_one(&sb.pool)
    .await
    .expect("Anna's card");
    let res = reqwest::Client::new()
        .post(format!("{base}/api/v1/purchases"))
        .bearer_auth(&key)
        .header("Idempotency-Key", "sandbox-1")
        .json(&json!({ "card": card, "amount": "300.00", "order_id": "S-1" }))
        .send()
        .await
        .expect("API answers");
    assert_eq!(res.status().as_u16(), 201);
    let started = std::time::Instant::now();
    loop {
        let html = page().await;
        if html.contains("purchase.created") && html.contains("delivered") {
            assert!(html.contains("S-1"), "{html}");
            break;
        }
        assert!(started.elapsed() < Duration::from_secs(10), "{html}");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    sb.stop().await;
    db.drop_db().await;
}
