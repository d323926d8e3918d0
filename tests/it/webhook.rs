//! Webhook mode: the secret token, acknowledging only stored updates, health and metrics.

use loyalty_bot::sandbox::emulator::UserProfile;

use crate::support::bot::{TestBot, handled};

pub const SECRET: &str = "webhook-secret-for-tests";

pub fn webhook_vars() -> Vec<(&'static str, String)> {
    vec![
        ("WEBHOOK_URL", "https://shop.example/tg/hook".to_owned()),
        ("LISTEN_ADDR", "127.0.0.1:0".to_owned()),
        ("WEBHOOK_SECRET", SECRET.to_owned()),
    ]
}

/// Telegram's side of a webhook: POST the update, with or without the secret header.
pub async fn deliver(
    addr: std::net::SocketAddr,
    update: &serde_json::Value,
    secret: Option<&str>,
) -> u16 {
    let mut req = reqwest::Client::new()
        .post(format!("http://{addr}/tg/hook"))
        .json(update);
    if let Some(s) = secret {
        req = req.header("X-Telegram-Bot-Api-Secret-Token", s);
    }
    req.send().await.expect("webhook answers").status().as_u16()
}

pub fn user(id: i64, name: &str) -> UserProfile {
    UserProfile {
        id,
        first_name: name.to_owned(),
        username: None,
        language_code: Some("en".to_owned()),
    }
}

#[tokio::test]
async fn webhook_needs_the_secret_and_answers_once_the_update_is_stored() {
    let bot = TestBot::start_with(&webhook_vars()).await;
    let set = bot
        .emu
        .calls()
        .into_iter()
        .find(|c| c.method == "setWebhook")
        .expect("setWebhook sent");
    assert_eq!(set.params["url"], "https://shop.example/tg/hook");
    assert_eq!(set.params["secret_token"], SECRET);
    assert!(
        !bot.emu.calls().iter().any(|c| c.method == "getUpdates"),
        "no polling in webhook mode"
    );

    let anna = user(4001, "Anna");
    let update_id = bot.emu.send_text(&anna, "/start");
    let update = bot.emu.update_json(update_id).expect("update");
    let addr = bot.listen_addr();
    assert_eq!(deliver(addr, &update, None).await, 401);
    assert_eq!(deliver(addr, &update, Some("wrong")).await, 401);
    let customers = bot
        .scalar("SELECT COUNT(*) FROM customers WHERE $1 = $1", 0)
        .await;
    assert_eq!(customers, 0, "a refused request changes nothing");
    assert!(bot.emu.messages(anna.id).is_empty());

    assert_eq!(deliver(addr, &update, Some(SECRET)).await, 200);
    // The answer came once the update was stored; a worker handles it.
    let stored = bot
        .scalar("SELECT COUNT(*) FROM inbox WHERE update_id = $1", update_id)
        .await;
    assert_eq!(stored, 1);
    handled(&bot.pool, update_id).await;
    let customers = bot
        .scalar("SELECT COUNT(*) FROM customers WHERE $1 = $1", 0)
        .await;
    assert_eq!(customers, 1);
    assert!(
        bot.emu
            .messages(anna.id)
            .iter()
            .any(|m| m.body().contains("Welcome, Anna"))
    );
    // Telegram re-sending the same update changes nothing.
    assert_eq!(deliver(addr, &update, Some(SECRET)).await, 200);
    let bonuses = bot
        .scalar("SELECT COUNT(*) FROM journal_entries WHERE $1 = $1", 0)
        .await;
    assert_eq!(bonuses, 1);

    let http = reqwest::Client::new();
    let health = http
        .get(format!("http://{addr}/healthz"))
        .send()
        .await
        .expect("healthz");
    assert_eq!(health.status().as_u16(), 200);
    let metrics = http
        .get(format!("http://{addr}/metrics"))
        .send()
        .await
        .expect("metrics");
    let text = metrics.text().await.expect("text");
    assert!(
        text.contains("loyalty_updates_total{kind=\"message\"}"),
        "{text}"
    );
    assert!(text.contains("loyalty_handler_seconds_bucket"), "{text}");
    assert!(text.contains("loyalty_ledger_postings 1"), "{text}");
    assert!(text.contains("loyalty_broadcast_queue_depth 0"), "{text}");
    assert!(text.contains("loyalty_telegram_requests_total"), "{text}");
    bot.finish().await;
}

#[tokio::test]
async fn health_fails_when_migrations_are_missing_and_polling_serves_it_too() {
    let bot = TestBot::start_with(&[("LISTEN_ADDR", "127.0.0.1:0".to_owned())]).await;
    let url = format!("http://{}/healthz", bot.listen_addr());
    assert_eq!(
        reqwest::get(&url).await.expect("healthz").status().as_u16(),
        200
    );
    sqlx::query("UPDATE _sqlx_migrations SET success = FALSE WHERE version = (SELECT MAX(version) FROM _sqlx_migrations)")
        .execute(&bot.pool)
        .await
        .expect("pretend a migration is missing");
    let res = reqwest::get(&url).await.expect("healthz");
    assert_eq!(res.status().as_u16(), 503);
    sqlx::query("UPDATE _sqlx_migrations SET success = TRUE")
        .execute(&bot.pool)
        .await
        .expect("restore");
    bot.finish().await;
}
