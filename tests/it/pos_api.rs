//! The POS API through the real listener: keys made in the bot, purchases that reach the
//! customer's chat, Idempotency-Key semantics, refunds, redemptions the customer confirms in
//! Telegram, revocation, the rate limit and the OpenAPI document.

use std::time::Duration;

use reqwest::{Client, Response};
use serde_json::{Value, json};

use crate::support::{
    bot::{Chat, TestBot},
    stories::{join, owner},
};

/// A POS talking to the bot's `LISTEN_ADDR`.
pub struct Pos {
    pub base: String,
    pub key: String,
    http: Client,
}

impl Pos {
    pub fn new(bot: &TestBot, key: &str) -> Self {
        Self {
            base: format!("http://{}", bot.listen_addr()),
            key: key.to_owned(),
            http: Client::new(),
        }
    }

    pub async fn get(&self, path: &str) -> Response {
        self.http
            .get(format!("{}{path}", self.base))
            .bearer_auth(&self.key)
            .send()
            .await
            .expect("API answers")
    }

    pub async fn post(&self, path: &str, idempotency_key: Option<&str>, body: &Value) -> Response {
        let mut req = self
            .http
            .post(format!("{}{path}", self.base))
            .bearer_auth(&self.key)
            .json(body);
        if let Some(k) = idempotency_key {
            req = req.header("Idempotency-Key", k);
        }
        req.send().await.expect("API answers")
    }
}

/// Status and JSON body.
pub async fn read(res: Response) -> (u16, Value) {
    let status = res.status().as_u16();
    (status, res.json().await.expect("JSON body"))
}

pub fn error_code(body: &Value) -> &str {
    body["error"]["code"].as_str().unwrap_or_default()
}

/// The owner makes a key with `/apikey new <name>`; returns it as shown (once).
pub async fn new_key(owner: &mut Chat, name: &str) -> String {
    owner.sends(&format!("/apikey new {name}"));
    let m = owner.expect(&["New API key", name]).await;
    m.body()
        .split_whitespace()
        .find(|w| w.starts_with("lb_"))
        .unwrap_or_else(|| panic!("no key in {:?}", m.body()))
        .to_owned()
}

pub async fn card_of(bot: &TestBot, customer: &Chat) -> String {
    sqlx::query_scalar(
        "SELECT k.number FROM cards k JOIN customers c ON c.id = k.customer_id
         WHERE c.tg_user_id = $1 AND k.active",
    )
    .bind(customer.id())
    .fetch_one(&bot.pool)
    .await
    .expect("card")
}

pub fn listen() -> Vec<(&'static str, String)> {
    vec![("LISTEN_ADDR", "127.0.0.1:0".to_owned())]
}

#[tokio::test]
async fn purchases_by_api_reach_the_customer_and_keys_are_idempotent() {
    let bot = TestBot::start_with(&listen()).await;
    let mut olena = owner(&bot);
    let key = new_key(&mut olena, "Front till").await;
    assert_eq!(key.len(), 35, "lb_ + 32 characters");
    let stored: i64 = bot
        .scalar(
            "SELECT COUNT(*) FROM api_keys WHERE key_hint <> '' AND $1 = $1",
            0,
        )
        .await;
    assert_eq!(stored, 1);
    let mut anna = join(&bot, 5101, "Anna", "en").await;
    let number = card_of(&bot, &anna).await;
    let pos = Pos::new(&bot, &key);

    let (status, card) = read(pos.get(&format!("/api/v1/cards/{number}")).await).await;
    assert_eq!(status, 200, "{card}");
    assert_eq!(card["balance"], 50);
    assert_eq!(card["first_name"], "Anna");
    let (status, body) = read(pos.get("/api/v1/cards/000000000000").await).await;
    assert_eq!((status, error_code(&body)), (404, "card_not_found"));

    let order = json!({ "card": number, "amount": "1000.00", "order_id": "A-1" });
    let (status, body) = read(pos.post("/api/v1/purchases", None, &order).await).await;
    assert_eq!(
        (status, error_code(&body)),
        (400, "idempotency_key_missing")
    );
    let float = json!({ "card": number, "amount": 1000.0, "order_id": "A-1" });
    let (status, _) = read(pos.post("/api/v1/purchases", Some("k-float"), &float).await).await;
    assert_eq!(status, 400, "amounts are decimal strings");

    let res = pos.post("/api/v1/purchases", Some("k-1"), &order).await;
    assert!(res.headers().get("idempotent-replayed").is_none());
    let (status, first) = read(res).await;
    assert_eq!(status, 201, "{first}");
    assert_eq!(first["points_earned"], 50);
    assert_eq!(first["balance"], 100);
    assert_eq!(first["amount"], "1000.00");
    let receipt = first["receipt"].as_i64().expect("receipt");
    anna.expect(&["Purchase at Front till", &format!("Receipt #{receipt}")])
        .await;
    anna.sends("/balance");
    anna.expect(&["100"]).await;

    // The same key and body: the first answer again, nothing posted twice.
    let res = pos.post("/api/v1/purchases", Some("k-1"), &order).await;
    assert_eq!(
        res.headers()
            .get("idempotent-replayed")
            .and_then(|v| v.to_str().ok()),
        Some("true")
    );
    let (status, again) = read(res).await;
    assert_eq!((status, &again), (201, &first));
    // The same key with another body: refused.
    let other = json!({ "card": number, "amount": "999.00", "order_id": "A-1" });
    let (status, body) = read(pos.post("/api/v1/purchases", Some("k-1"), &other).await).await;
    assert_eq!((status, error_code(&body)), (422, "idempotency_key_reused"));
    // A new key for an order already posted: the order is not posted twice.
    let (status, body) = read(pos.post("/api/v1/purchases", Some("k-2"), &order).await).await;
    assert_eq!((status, error_code(&body)), (409, "duplicate_order"));
    let purchases = bot
        .scalar("SELECT COUNT(*) FROM purchases WHERE $1 = $1", 0)
        .await;
    assert_eq!(purchases, 1);

    // While the first request with a key still runs, the same key gets 409.
    let mut lock = bot.pool.begin().await.expect("tx");
    sqlx::query("SELECT id FROM customers WHERE tg_user_id = $1 FOR UPDATE")
        .bind(anna.id())
        .execute(&mut *lock)
        .await
        .expect("lock the customer");
    let slow = json!({ "card": number, "amount": "200.00", "order_id": "A-2" });
    let pos2 = Pos::new(&bot, &key);
    let body = slow.clone();
    let first_try = tokio::spawn(async move {
        read(pos2.post("/api/v1/purchases", Some("k-3"), &body).await).await
    });
    let started = std::time::Instant::now();
    while bot
        .scalar(
            "SELECT COUNT(*) FROM api_idempotency WHERE key = 'k-3' AND $1 = $1",
            0,
        )
        .await
        == 0
    {
        assert!(
            started.elapsed() < Duration::from_secs(10),
            "first request never started"
        );
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    let (status, body) = read(pos.post("/api/v1/purchases", Some("k-3"), &slow).await).await;
    assert_eq!((status, error_code(&body)), (409, "idempotency_key_in_use"));
    lock.rollback().await.expect("unlock");
    let (status, _) = first_try.await.expect("first request");
    assert_eq!(status, 201);
    anna.expect(&["Purchase at Front till"]).await;

    // A refund: the customer hears of it; a second refund of the receipt is refused.
    let path = format!("/api/v1/purchases/{receipt}/refund");
    let (status, refund) = read(pos.post(&path, Some("r-1"), &json!({})).await).await;
    assert_eq!(status, 200, "{refund}");
    assert_eq!(refund["points_clawed_back"], 50);
    assert_eq!(refund["amount"], "1000.00");
    anna.expect(&[&format!("Refund for receipt #{receipt}")])
        .await;
    let (status, body) = read(pos.post(&path, Some("r-2"), &json!({})).await).await;
    assert_eq!((status, error_code(&body)), (409, "already_reversed"));
    let (status, body) = read(
        pos.post("/api/v1/purchases/999999/refund", Some("r-3"), &json!({}))
            .await,
    )
    .await;
    assert_eq!((status, error_code(&body)), (404, "receipt_not_found"));

    // Revoking in the bot takes effect at once.
    olena.sends("/apikey");
    let list = olena.expect(&["API keys", "Front till", "last used"]).await;
    olena.presses(&list, "Revoke Front till");
    olena.expect_edit().await;
    let (status, body) = read(pos.get(&format!("/api/v1/cards/{number}")).await).await;
    assert_eq!((status, error_code(&body)), (401, "unauthorized"));
    let (status, _) = read(Pos::new(&bot, "lb_wrong").get("/api/v1/cards/1").await).await;
    assert_eq!(status, 401);
    let res = Client::new()
        .get(format!("{}/api/v1/cards/{number}", pos.base))
        .send()
        .await
        .expect("answer");
    assert_eq!(res.status().as_u16(), 401);
    bot.finish().await;
}

#[tokio::test]
async fn redemptions_by_api_are_confirmed_by_the_customer_in_telegram() {
    let bot = TestBot::start_with(&listen()).await;
    let mut olena = owner(&bot);
    let key = new_key(&mut olena, "Kiosk").await;
    let mut anna = join(&bot, 5111, "Anna", "en").await;
    let number = card_of(&bot, &anna).await;
    let pos = Pos::new(&bot, &key);

    let ask = json!({ "card": number, "points": 30, "amount": "100.00" });
    let (status, r) = read(pos.post("/api/v1/redemptions", Some("x-1"), &ask).await).await;
    assert_eq!(status, 202, "{r}");
    assert_eq!(r["status"], "pending");
    let id = r["id"].as_i64().expect("id");
    let question = anna.expect(&["Spend 30 points at Kiosk?"]).await;
    let (status, r) = read(pos.get(&format!("/api/v1/redemptions/{id}")).await).await;
    assert_eq!((status, r["status"].as_str()), (200, Some("pending")));
    anna.presses(&question, "Confirm");
    let done = anna.expect_edit().await;
    assert!(
        done.body().contains("You spent 30 points"),
        "{}",
        done.body()
    );
    let (_, r) = read(pos.get(&format!("/api/v1/redemptions/{id}")).await).await;
    assert_eq!(r["status"], "confirmed");
    // The replay of the request does not ask again.
    let (status, again) = read(pos.post("/api/v1/redemptions", Some("x-1"), &ask).await).await;
    assert_eq!((status, again["id"].as_i64()), (202, Some(id)));

    let ask = json!({ "card": number, "points": 10 });
    let (_, r) = read(pos.post("/api/v1/redemptions", Some("x-2"), &ask).await).await;
    let question = anna.expect(&["Spend 10 points"]).await;
    anna.presses(&question, "Decline");
    anna.expect_edit().await;
    let (_, r) = read(pos.get(&format!("/api/v1/redemptions/{}", r["id"])).await).await;
    assert_eq!(r["status"], "declined");
    let too_many = json!({ "card": number, "points": 1000 });
    let (status, body) = read(
        pos.post("/api/v1/redemptions", Some("x-3"), &too_many)
            .await,
    )
    .await;
    assert_eq!((status, error_code(&body)), (422, "insufficient_points"));
    // The POS follows the outcome by API: the owner's chat stays quiet.
    olena.expect_silence(Duration::from_millis(500)).await;
    bot.finish().await;
}

#[tokio::test]
async fn rate_limit_and_openapi_document() {
    let mut vars = listen();
    vars.push(("API_RATE_LIMIT", "3".to_owned()));
    let bot = TestBot::start_with(&vars).await;
    let mut olena = owner(&bot);
    let key = new_key(&mut olena, "Till").await;
    let pos = Pos::new(&bot, &key);

    let doc: Value = reqwest::get(format!("{}/api/openapi.json", pos.base))
        .await
        .expect("openapi")
        .json()
        .await
        .expect("JSON");
    assert!(
        doc["openapi"]
            .as_str()
            .is_some_and(|v| v.starts_with("3.1")),
        "{doc}"
    );
    for path in [
        "/api/v1/cards/{number}",
        "/api/v1/purchases",
        "/api/v1/purchases/{receipt}/refund",
        "/api/v1/redemptions",
        "/api/v1/redemptions/{id}",
    ] {
        assert!(doc["paths"][path].is_object(), "{path} missing in {doc}");
    }
    assert!(doc["paths"]["/api/v1/purchases"]["post"]["requestBody"].is_object());
    assert!(doc["components"]["schemas"]["PurchaseIn"].is_object());

    for _ in 0..3 {
        assert_eq!(
            pos.get("/api/v1/cards/000000000000")
                .await
                .status()
                .as_u16(),
            404
        );
    }
    let res = pos.get("/api/v1/cards/000000000000").await;
    let retry: u64 = res
        .headers()
        .get("retry-after")
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse().ok())
        .expect("Retry-After");
    assert!((1..=21).contains(&retry), "{retry}");
    let (status, body) = read(res).await;
    assert_eq!((status, error_code(&body)), (429, "rate_limited"));
    bot.finish().await;
}
