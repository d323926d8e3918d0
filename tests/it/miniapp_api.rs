//! The Mini App's API through the real `LISTEN_ADDR` listener, as Telegram's client would call
//! it: `Authorization: tma <initData>` signed with the bot's token. The customer's `me` agrees
//! with `/balance`; forged and stale initData get 401; a customer gets 403 at the till; a
//! cashier opens a card by its QR text and posts a purchase the customer's `/balance` shows,
//! once per `request_id`; undo reaches the customer; without `PUBLIC_URL` nothing exists.

use chrono::Utc;
use loyalty_bot::miniapp::init_data;
use reqwest::{Client, Response};
use serde_json::{Value, json};

use crate::support::{
    bot::{Chat, TestBot},
    stories::{card, hire, join, owner},
};

const TOKEN: &str = "7000001:TEST-TOKEN";

fn settings() -> Vec<(&'static str, String)> {
    vec![
        ("LISTEN_ADDR", "127.0.0.1:0".to_owned()),
        ("PUBLIC_URL", "http://127.0.0.1:9/".to_owned()),
    ]
}

/// initData for `chat`'s user as Telegram signs it, `age_secs` old, with `token`.
fn init_data_for(chat: &Chat, age_secs: i64, token: &str) -> String {
    let user = json!({
        "id": chat.id(), "first_name": chat.user.first_name,
        "language_code": chat.user.language_code,
    })
    .to_string();
    let date = (Utc::now().timestamp() - age_secs).to_string();
    init_data::sign(
        &[
            ("query_id", "AAH-test"),
            ("user", &user),
            ("auth_date", &date),
        ],
        token,
    )
}

/// The Mini App in `chat`'s Telegram.
struct MiniApp {
    base: String,
    auth: Option<String>,
    http: Client,
}

impl MiniApp {
    fn of(bot: &TestBot, chat: &Chat) -> Self {
        Self::with_auth(bot, Some(format!("tma {}", init_data_for(chat, 5, TOKEN))))
    }

    fn with_auth(bot: &TestBot, auth: Option<String>) -> Self {
        Self {
            base: format!("http://{}", bot.listen_addr()),
            auth,
            http: Client::new(),
        }
    }

    async fn get(&self, path: &str) -> Response {
        let mut req = self.http.get(format!("{}{path}", self.base));
        if let Some(auth) = &self.auth {
            req = req.header("Authorization", auth);
        }
        req.send().await.expect("the Mini App API answers")
    }

    /// A raw body (a photo) to `path`.
    async fn post_bytes(&self, path: &str, body: Vec<u8>) -> (u16, Value) {
        let mut req = self.http.post(format!("{}{path}", self.base)).body(body);
        if let Some(auth) = &self.auth {
            req = req.header("Authorization", auth);
        }
        read(req.send().await.expect("the Mini App API answers")).await
    }

    async fn post(&self, path: &str, body: &Value) -> (u16, Value) {
        let mut req = self.http.post(format!("{}{path}", self.base)).json(body);
        if let Some(auth) = &self.auth {
            req = req.header("Authorization", auth);
        }
        read(req.send().await.expect("the Mini App API answers")).await
    }
}

async fn read(res: Response) -> (u16, Value) {
    let status = res.status().as_u16();
    (status, res.json().await.expect("JSON body"))
}

fn code(body: &Value) -> &str {
    body["error"]["code"].as_str().unwrap_or_default()
}

#[tokio::test]
async fn the_customers_card_in_the_mini_app_matches_the_chat() {
    let bot = TestBot::start_with(&settings()).await;
    let mut anna = join(&bot, 5301, "Anna", "en").await;
    anna.sends("/balance");
    anna.expect(&["Your balance: 50 points"]).await;

    let (status, me) = read(MiniApp::of(&bot, &anna).get("/app/api/me").await).await;
    assert_eq!(status, 200, "{me}");
    assert_eq!(me["balance"], 50);
    assert_eq!(me["text"]["balance"], "50 points");
    assert_eq!(me["first_name"], "Anna");
    let number: String =
        sqlx::query_scalar("SELECT number FROM cards WHERE customer_id = (SELECT id FROM customers WHERE tg_user_id = $1)")
            .bind(anna.id())
            .fetch_one(&bot.pool)
            .await
            .expect("card");
    assert_eq!(
        me["card_number"].as_str().map(|n| n.replace(' ', "")),
        Some(number)
    );
    assert_eq!(me["history"][0]["points"], "+50", "{me}");

    // The picture is the chat's card: the same signed link in its QR code.
    let png = MiniApp::of(&bot, &anna).get("/app/api/card.png").await;
    assert_eq!(png.headers()["content-type"], "image/png");
    let png = png.bytes().await.expect("png");
    let (_, chat_png_link) = card(&mut anna).await;
    assert_eq!(loyalty_bot::qr::decode(&png), Some(chat_png_link));

    // /card carries "Open card", a web_app button to PUBLIC_URL/app/.
    anna.sends("/card");
    let (m, _) = anna.expect_photo().await;
    let markup = m.reply_markup.clone().unwrap_or_default();
    assert_eq!(
        markup["inline_keyboard"][0][0]["web_app"]["url"], "http://127.0.0.1:9/app/",
        "{markup}"
    );
    // Every chat's menu button opens the card.
    let menu = bot
        .emu
        .calls()
        .into_iter()
        .find(|c| c.method == "setChatMenuButton" && c.params.get("chat_id").is_none())
        .expect("the default menu button is set");
    assert_eq!(menu.params["menu_button"]["type"], "web_app");
    assert_eq!(
        menu.params["menu_button"]["web_app"]["url"],
        "http://127.0.0.1:9/app/"
    );

    // A customer's own chat gets "Card" in their language.
    let boris = join(&bot, 5302, "Борис", "ru").await;
    let menu = bot
        .emu
        .calls()
        .into_iter()
        .find(|c| c.method == "setChatMenuButton" && c.params["chat_id"] == boris.id())
        .expect("Борис's menu button");
    assert_eq!(menu.params["menu_button"]["text"], "Карта");

    // Someone without a card: 404 with a sentence for the page.
    let stranger = bot.user(5399, "Nobody", "en");
    let (status, body) = read(MiniApp::of(&bot, &stranger).get("/app/api/me").await).await;
    assert_eq!((status, code(&body)), (404, "no_card"), "{body}");
    bot.finish().await;
}

#[tokio::test]
async fn forged_stale_or_missing_init_data_gets_401_and_customers_get_403_at_the_till() {
    let bot = TestBot::start_with(&settings()).await;
    let anna = join(&bot, 5311, "Anna", "en").await;
    let forged = format!("tma {}", init_data_for(&anna, 5, "7000001:SOMEONE-ELSE"));
    let stale = format!("tma {}", init_data_for(&anna, 25 * 3600, TOKEN));
    let tampered = format!("tma {}", init_data_for(&anna, 5, TOKEN)).replace("5311", "5312");
    let bearer = format!("Bearer {}", init_data_for(&anna, 5, TOKEN));
    for auth in [
        None,
        Some(forged),
        Some(stale),
        Some(tampered),
        Some(bearer),
    ] {
        let shown = format!("{auth:?}");
        let app = MiniApp::with_auth(&bot, auth);
        let (status, body) = read(app.get("/app/api/me").await).await;
        assert_eq!(
            (status, code(&body)),
            (401, "unauthorized"),
            "{shown}: {body}"
        );
        let (status, body) = app.post("/app/api/till/open", &json!({ "qr": "x" })).await;
        assert_eq!(status, 401, "{shown}: {body}");
    }

    let as_anna = MiniApp::of(&bot, &anna);
    for (path, body) in [
        ("/app/api/till/open", json!({ "qr": "123" })),
        (
            "/app/api/till/purchase",
            json!({ "card": "1", "amount": "10", "request_id": "0123456789" }),
        ),
        ("/app/api/till/undo", json!({ "receipt": 1 })),
    ] {
        let (status, answer) = as_anna.post(path, &body).await;
        assert_eq!(
            (status, code(&answer)),
            (403, "staff_only"),
            "{path}: {answer}"
        );
    }
    let purchases: i64 = bot.scalar("SELECT COUNT(*) + $1 FROM purchases", 0).await;
    assert_eq!(purchases, 0);
    bot.finish().await;
}

#[tokio::test]
async fn a_cashier_opens_a_card_by_its_qr_and_posts_once_per_request_id() {
    let bot = TestBot::start_with(&settings()).await;
    let mut olena = owner(&bot);
    let mut kate = hire(&bot, &mut olena, 5321, "Kate", "Main St").await;
    let mut anna = join(&bot, 5322, "Anna", "en").await;
    let (png, link) = card(&mut anna).await;
    let till = MiniApp::of(&bot, &kate);

    // Without Telegram's scanner (desktop): a photo of the card does the same.
    let (status, screen) = till.post_bytes("/app/api/till/scan", png).await;
    assert_eq!(
        (status, &screen["first_name"]),
        (200, &json!("Anna")),
        "{screen}"
    );
    let (status, body) = till
        .post_bytes("/app/api/till/scan", b"not a photo".to_vec())
        .await;
    assert_eq!((status, code(&body)), (400, "no_qr"), "{body}");

    let (status, screen) = till
        .post("/app/api/till/open", &json!({ "qr": link }))
        .await;
    assert_eq!(status, 200, "{screen}");
    assert_eq!(screen["first_name"], "Anna");
    assert_eq!(screen["balance"], 50);
    let number = screen["card"].as_str().expect("card number").to_owned();
    let (status, body) = till
        .post("/app/api/till/open", &json!({ "qr": "hello" }))
        .await;
    assert_eq!((status, code(&body)), (400, "not_a_card"), "{body}");
    let (status, body) = till.post("/app/api/till/open", &json!({ "qr": "https://t.me/test_loyalty_bot?start=c_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAA" })).await;
    assert_eq!((status, code(&body)), (404, "card_not_found"), "{body}");

    let purchase = json!({ "card": number, "amount": "1250,50", "request_id": "3f2a9c4e-0b1d-4e5f-8a7b-6c5d4e3f2a1b" });
    let (status, receipt) = till.post("/app/api/till/purchase", &purchase).await;
    assert_eq!(status, 200, "{receipt}");
    assert_eq!(receipt["points"], 62);
    assert_eq!(receipt["balance"], 112);
    assert_eq!(receipt["replayed"], false);
    assert_eq!(receipt["text"][1], "+62 points, balance 112", "{receipt}");
    anna.expect(&["Purchase at Main St", "+62 points"]).await;
    anna.sends("/balance");
    anna.expect(&["Your balance: 112 points"]).await;

    // The page retries after a lost answer: the same receipt, nothing posted twice.
    let (status, again) = till.post("/app/api/till/purchase", &purchase).await;
    assert_eq!(status, 200, "{again}");
    assert_eq!(again["receipt"], receipt["receipt"]);
    assert_eq!(again["replayed"], true);
    let posted: i64 = bot
        .scalar("SELECT COUNT(*) FROM purchases WHERE customer_id IN (SELECT id FROM customers WHERE tg_user_id = $1)", anna.id())
        .await;
    assert_eq!(posted, 1);
    anna.expect_silence(std::time::Duration::from_millis(300))
        .await;

    // A new request on the same card within a minute asks first, then posts when confirmed.
    let second = json!({ "card": number, "amount": "10", "request_id": "second-request-01" });
    let (status, body) = till.post("/app/api/till/purchase", &second).await;
    assert_eq!((status, code(&body)), (409, "duplicate"), "{body}");
    let bad = json!({ "card": number, "amount": "ten", "request_id": "third-request-01" });
    let (status, body) = till.post("/app/api/till/purchase", &bad).await;
    assert_eq!((status, code(&body)), (400, "invalid_amount"), "{body}");

    // Undo, as the chat's button: the customer is told.
    let (status, undone) = till
        .post(
            "/app/api/till/undo",
            &json!({ "receipt": receipt["receipt"] }),
        )
        .await;
    assert_eq!(status, 200, "{undone}");
    assert_eq!(undone["balance"], 50);
    anna.expect(&["cancelled"]).await;
    let (status, body) = till
        .post(
            "/app/api/till/undo",
            &json!({ "receipt": receipt["receipt"] }),
        )
        .await;
    assert_eq!((status, code(&body)), (409, "already_reversed"), "{body}");

    // A revoked cashier loses the till at once (the same UPDATE as the owner's Revoke).
    sqlx::query("UPDATE cashiers SET active = FALSE, revoked_at = now() WHERE tg_user_id = $1")
        .bind(kate.id())
        .execute(&bot.pool)
        .await
        .expect("revoke");
    let (status, body) = till
        .post("/app/api/till/open", &json!({ "qr": number }))
        .await;
    assert_eq!((status, code(&body)), (403, "staff_only"), "{body}");
    kate.expect_silence(std::time::Duration::from_millis(10))
        .await;
    bot.finish().await;
}

#[tokio::test]
async fn without_public_url_there_is_no_mini_app() {
    let bot = TestBot::start_with(&[("LISTEN_ADDR", "127.0.0.1:0".to_owned())]).await;
    let mut anna = join(&bot, 5331, "Anna", "en").await;
    let app = MiniApp::of(&bot, &anna);
    assert_eq!(app.get("/app/").await.status().as_u16(), 404);
    assert_eq!(app.get("/app/api/me").await.status().as_u16(), 404);
    anna.sends("/card");
    let (m, _) = anna.expect_photo().await;
    assert!(m.reply_markup.is_none(), "{m:?}");
    assert!(
        !bot.emu
            .calls()
            .iter()
            .any(|c| c.method == "setChatMenuButton"),
        "no menu button without PUBLIC_URL"
    );
    bot.finish().await;
}

#[tokio::test]
async fn spending_points_from_the_till_is_confirmed_by_the_customer_in_her_chat() {
    let bot = TestBot::start_with(&settings()).await;
    let mut olena = owner(&bot);
    let mut kate = hire(&bot, &mut olena, 5341, "Kate", "Main St").await;
    let mut anna = join(&bot, 5342, "Anna", "en").await;
    let number = crate::pos_api::card_of(&bot, &anna).await;
    let till = MiniApp::of(&bot, &kate);

    let ask = json!({ "card": number, "points": "30", "request_id": "redeem-request-1" });
    let (status, asked) = till.post("/app/api/till/redeem", &ask).await;
    assert_eq!(status, 200, "{asked}");
    assert_eq!(asked["points"], 30);
    assert!(
        asked["text"].as_str().is_some_and(|t| t.contains("Anna")),
        "{asked}"
    );
    // A retry asks nobody twice.
    let (status, again) = till.post("/app/api/till/redeem", &ask).await;
    assert_eq!(
        (status, &again["redemption"]),
        (200, &asked["redemption"]),
        "{again}"
    );
    let question = anna.expect(&["Spend 30 points at Main St?"]).await;
    anna.expect_silence(std::time::Duration::from_millis(300))
        .await;
    anna.presses(&question, "Confirm");
    anna.expect_edit().await;
    kate.expect_message().await;

    let purchase = json!({ "card": number, "amount": "100", "request_id": "after-redeem-01" });
    let (status, receipt) = till.post("/app/api/till/purchase", &purchase).await;
    assert_eq!(status, 200, "{receipt}");
    assert_eq!(receipt["balance"], 25, "50 - 30 spent + 5 earned");
    anna.expect(&["Purchase at", "Points spent on this purchase: 30"])
        .await;

    let greedy = json!({ "card": number, "points": "1000", "request_id": "redeem-request-2" });
    let (status, body) = till.post("/app/api/till/redeem", &greedy).await;
    assert_eq!(
        (status, code(&body)),
        (422, "insufficient_points"),
        "{body}"
    );
    bot.finish().await;
}
