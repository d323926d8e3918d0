//! Outbound webhooks through the real sender: events arrive at a local receiver signed as
//! Standard Webhooks specifies (verified here independently), a failed delivery comes again
//! with the same webhook-id, an endpoint that keeps failing is disabled and the owner told,
//! and private addresses are refused unless WEBHOOK_ALLOW_PRIVATE=1.

use std::{
    sync::{Arc, Mutex},
    time::{Duration, Instant},
};

use axum::{
    Router,
    body::Bytes,
    extract::State,
    http::{HeaderMap, StatusCode},
    routing::post,
};
use base64::{Engine, engine::general_purpose::STANDARD};
use hmac::{Hmac, Mac};
use serde_json::{Value, json};
use sha2::Sha256;

use crate::{
    pos_api::{Pos, card_of, new_key, read},
    support::{
        bot::{Chat, TestBot},
        stories::{hire, join, owner, scan},
    },
};

/// One request the receiver got.
#[derive(Clone, Debug)]
pub struct Received {
    pub id: String,
    pub timestamp: String,
    pub signature: String,
    pub body: String,
    pub at: Instant,
}

impl Received {
    pub fn json(&self) -> Value {
        serde_json::from_str(&self.body).expect("JSON body")
    }
}

#[derive(Clone, Default)]
struct Inbox {
    got: Arc<Mutex<Vec<Received>>>,
    /// Answer 500 to the first this many requests (or to all, with `usize::MAX`).
    fail_first: usize,
}

/// A webhook receiver on 127.0.0.1: records every request.
pub struct Receiver {
    pub url: String,
    inbox: Inbox,
    seen: usize,
}

async fn receive(State(inbox): State<Inbox>, headers: HeaderMap, body: Bytes) -> StatusCode {
    let header = |name: &str| {
        headers
            .get(name)
            .and_then(|v| v.to_str().ok())
            .unwrap_or_default()
            .to_owned()
    };
    let mut got = inbox.got.lock().expect("inbox");
    got.push(Received {
        id: header("webhook-id"),
        timestamp: header("webhook-timestamp"),
        signature: header("webhook-signature"),
        body: String::from_utf8_lossy(&body).into_owned(),
        at: Instant::now(),
    });
    if got.len() <= inbox.fail_first {
        StatusCode::INTERNAL_SERVER_ERROR
    } else {
        StatusCode::NO_CONTENT
    }
}

impl Receiver {
    pub async fn start(fail_first: usize) -> Self {
        let inbox = Inbox {
            got: Arc::default(),
            fail_first,
        };
        let app = Router::new()
            .route("/hooks", post(receive))
            .with_state(inbox.clone());
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
            .await
            .expect("bind");
        let url = format!("http://{}/hooks", listener.local_addr().expect("addr"));
        tokio::spawn(async move {
            let _ = axum::serve(listener, app).await;
        });
        Self {
            url,
            inbox,
            seen: 0,
        }
    }

    /// The next request, waiting up to `wait`.
    pub async fn next(&mut self, wait: Duration) -> Received {
        let started = Instant::now();
        loop {
            if let Some(r) = self
                .inbox
                .got
                .lock()
                .expect("inbox")
                .get(self.seen)
                .cloned()
            {
                self.seen += 1;
                return r;
            }
            assert!(
                started.elapsed() < wait,
                "no webhook request within {wait:?}"
            );
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
    }

    /// The next request of event type `kind` (others are skipped).
    pub async fn next_of(&mut self, kind: &str) -> Received {
        loop {
            let r = self.next(Duration::from_secs(10)).await;
            if r.json()["type"] == kind {
                return r;
            }
        }
    }
}

/// Standard Webhooks verification, written here from the specification, not from our sender.
fn verify(secret: &str, r: &Received) {
    let key = STANDARD
        .decode(secret.strip_prefix("whsec_").expect("whsec_ prefix"))
        .expect("base64 secret");
    let mut mac = Hmac::<Sha256>::new_from_slice(&key).expect("key");
    mac.update(format!("{}.{}.{}", r.id, r.timestamp, r.body).as_bytes());
    let expected = format!("v1,{}", STANDARD.encode(mac.finalize().into_bytes()));
    assert!(
        r.signature.split(' ').any(|s| s == expected),
        "signature {} is not {expected}",
        r.signature
    );
    let ts: i64 = r.timestamp.parse().expect("unix seconds");
    assert!(
        (chrono::Utc::now().timestamp() - ts).abs() < 60,
        "fresh timestamp"
    );
    assert!(r.id.starts_with("msg_"), "{}", r.id);
}

/// Waits until the sender has recorded `n` attempts (the receiver sees a request first).
async fn attempts_recorded(bot: &TestBot, n: i64) {
    let started = Instant::now();
    while bot
        .scalar(
            "SELECT COALESCE(SUM(attempts), 0)::BIGINT FROM webhook_deliveries WHERE $1 = $1",
            0,
        )
        .await
        < n
    {
        assert!(
            started.elapsed() < Duration::from_secs(10),
            "attempt never recorded"
        );
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}

fn private_ok() -> Vec<(&'static str, String)> {
    vec![
        ("LISTEN_ADDR", "127.0.0.1:0".to_owned()),
        ("WEBHOOK_ALLOW_PRIVATE", "1".to_owned()),
    ]
}

/// The owner adds the receiver with `/webhook add`; returns the secret shown once.
async fn add_endpoint(olena: &mut Chat, url: &str) -> String {
    olena.sends(&format!("/webhook add {url}"));
    let m = olena.expect(&["Webhook endpoint added"]).await;
    m.body()
        .split_whitespace()
        .find(|w| w.starts_with("whsec_"))
        .unwrap_or_else(|| panic!("no secret in {:?}", m.body()))
        .to_owned()
}

#[tokio::test]
async fn events_are_signed_and_a_failed_delivery_comes_again_with_the_same_id() {
    let bot = TestBot::start_with(&private_ok()).await;
    let mut olena = owner(&bot);
    let mut receiver = Receiver::start(1).await;
    let secret = add_endpoint(&mut olena, &receiver.url).await;

    let mut anna = join(&bot, 5201, "Anna", "en").await;
    let number = card_of(&bot, &anna).await;
    let first = receiver.next(Duration::from_secs(10)).await;
    verify(&secret, &first);
    let event = first.json();
    assert_eq!(event["type"], "customer.created");
    assert_eq!(event["data"]["card"], number.as_str());
    assert!(event["timestamp"].as_str().is_some());
    assert!(
        !first.body.contains("Anna"),
        "no personal data: {}",
        first.body
    );
    // Answered 500: the same event again after the schedule's 5 s, with the same id.
    let again = receiver.next(Duration::from_secs(15)).await;
    assert_eq!(again.id, first.id);
    assert_eq!(again.body, first.body);
    assert!(
        again.at - first.at >= Duration::from_secs(4),
        "retried too early"
    );
    verify(&secret, &again);

    // A purchase by API, its refund, a confirmed redemption, an erasure.
    let key = new_key(&mut olena, "Till").await;
    let pos = Pos::new(&bot, &key);
    let order = json!({ "card": number, "amount": "1000.00", "order_id": "B-7" });
    let (status, posted) = read(pos.post("/api/v1/purchases", Some("p-1"), &order).await).await;
    assert_eq!(status, 201);
    anna.expect(&["Purchase at Till"]).await;
    let created = receiver.next_of("purchase.created").await;
    verify(&secret, &created);
    let data = &created.json()["data"];
    assert_eq!(data["order_id"], "B-7");
    assert_eq!(data["amount"], "1000.00");
    assert_eq!(data["receipt"], posted["receipt"]);
    assert_eq!(data["points_earned"], 50);

    let path = format!("/api/v1/purchases/{}/refund", posted["receipt"]);
    let (status, _) = read(
        pos.post(&path, Some("p-2"), &json!({ "amount": "400.00" }))
            .await,
    )
    .await;
    assert_eq!(status, 200);
    anna.expect(&["Refund for receipt"]).await;
    let refunded = receiver.next_of("purchase.refunded").await;
    assert_eq!(refunded.json()["data"]["points_clawed_back"], 20);

    let ask = json!({ "card": number, "points": 10 });
    let (status, _) = read(pos.post("/api/v1/redemptions", Some("p-3"), &ask).await).await;
    assert_eq!(status, 202);
    let question = anna.expect(&["Spend 10 points"]).await;
    anna.presses(&question, "Confirm");
    let confirmed = receiver.next_of("redemption.confirmed").await;
    assert_eq!(confirmed.json()["data"]["points"], 10);

    anna.expect_edit().await;
    anna.sends("/delete_me");
    let ask = anna.expect(&["Erase your personal data?"]).await;
    anna.presses(&ask, "Yes, erase");
    let erased = receiver.next_of("customer.erased").await;
    verify(&secret, &erased);
    assert_eq!(erased.json()["data"]["card"], number.as_str());
    assert!(!erased.body.contains("Anna"), "{}", erased.body);

    olena.sends("/webhook");
    olena
        .expect(&["Webhook endpoints", &receiver.url, "delivering"])
        .await;
    bot.finish().await;
}

#[tokio::test]
async fn an_endpoint_that_keeps_failing_is_disabled_and_the_owner_told() {
    let bot = TestBot::start_with(&private_ok()).await;
    let mut olena = owner(&bot);
    let mut receiver = Receiver::start(usize::MAX).await;
    add_endpoint(&mut olena, &receiver.url).await;
    join(&bot, 5211, "Anna", "en").await;
    receiver.next(Duration::from_secs(10)).await;
    attempts_recorded(&bot, 1).await;
    olena.sends("/webhook");
    olena.expect(&["failing since", "HTTP 500"]).await;
    // Fast-forward to the last attempt of the schedule: it fails too.
    bot.exec("UPDATE webhook_deliveries SET attempts = 7, next_attempt_at = now()")
        .await;
    receiver.next(Duration::from_secs(10)).await;
    olena.expect(&["kept failing", "HTTP 500"]).await;
    let status = bot
        .scalar(
            "SELECT COUNT(*) FROM webhook_endpoints WHERE disabled_at IS NOT NULL AND $1 = $1",
            0,
        )
        .await;
    assert_eq!(status, 1);
    // A disabled endpoint gets nothing new.
    join(&bot, 5212, "Bob", "en").await;
    olena.sends("/webhook");
    let list = olena.expect(&["disabled since"]).await;
    let queued = bot
        .scalar("SELECT COUNT(*) FROM webhook_deliveries WHERE $1 = $1", 0)
        .await;
    assert_eq!(queued, 1);
    olena.presses(&list, "Enable 1");
    let edited = olena.expect_edit().await;
    assert!(
        !edited.body().contains("disabled since"),
        "{}",
        edited.body()
    );
    olena.presses(&edited, "Remove 1");
    let edited = olena.expect_edit().await;
    assert!(
        edited.body().contains("No webhook endpoints"),
        "{}",
        edited.body()
    );
    bot.finish().await;
}

#[tokio::test]
async fn private_and_plain_http_addresses_are_refused_by_default() {
    let bot = TestBot::start_with(&[("LISTEN_ADDR", "127.0.0.1:0".to_owned())]).await;
    let mut olena = owner(&bot);
    olena.sends("/webhook add http://pos.example.com/hooks");
    olena.expect(&["Only https"]).await;
    for private in [
        "https://127.0.0.1:9/hooks",
        "https://10.0.0.7/hooks",
        "https://localhost/hooks",
        "https://[::1]/hooks",
    ] {
        olena.sends(&format!("/webhook add {private}"));
        olena.expect(&["not allowed"]).await;
    }
    olena.sends("/webhook add");
    olena.expect(&["/webhook add https://"]).await;
    let n = bot
        .scalar("SELECT COUNT(*) FROM webhook_endpoints WHERE $1 = $1", 0)
        .await;
    assert_eq!(n, 0);
    // Someone who is not the owner cannot manage webhooks.
    let mut anna = join(&bot, 5221, "Anna", "en").await;
    anna.sends("/webhook add https://pos.example.com/hooks");
    anna.expect(&["Only the owner"]).await;
    bot.finish().await;
}

#[tokio::test]
async fn the_till_sends_events_too_undo_and_a_declined_redemption() {
    let bot = TestBot::start_with(&private_ok()).await;
    let mut olena = owner(&bot);
    let mut receiver = Receiver::start(0).await;
    let secret = add_endpoint(&mut olena, &receiver.url).await;
    let mut kate = hire(&bot, &mut olena, 5231, "Kate", "Cafe Central").await;
    let mut anna = join(&bot, 5232, "Anna", "en").await;
    scan(&mut kate, &mut anna).await;
    kate.sends("100");
    let receipt = kate.expect(&["Receipt #"]).await;
    anna.expect(&["Purchase at"]).await;
    let created = receiver.next_of("purchase.created").await;
    let data = &created.json()["data"];
    assert_eq!(
        (data["store"].as_str(), data["order_id"].is_null()),
        (Some("Cafe Central"), true)
    );
    kate.presses(&receipt, "Undo");
    kate.expect_edit().await;
    anna.expect(&["was cancelled"]).await;
    let undone = receiver.next_of("purchase.undone").await;
    verify(&secret, &undone);
    assert_eq!(undone.json()["data"]["receipt"], data["receipt"]);
    assert_eq!(undone.json()["data"]["points"], 5);

    scan(&mut kate, &mut anna).await;
    kate.sends("/redeem 10");
    let ask = anna.expect(&["Spend 10 points"]).await;
    anna.presses(&ask, "Decline");
    let declined = receiver.next_of("redemption.declined").await;
    assert_eq!(declined.json()["data"]["points"], 10);
    assert_eq!(declined.json()["data"]["store"], "Cafe Central");
    bot.finish().await;
}
