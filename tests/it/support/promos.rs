//! Helpers for the broadcast tests: seeding many customers fast (SQL and emulator chats, not
//! conversations), reading the outbox, and checking what the Bot API server measured.

use std::{
    future::Future,
    time::{Duration, Instant},
};

use loyalty_bot::sandbox::emulator::{ApiCall, BotEvent, Emulator, SentMessage, UserProfile};
use sqlx::PgPool;

use super::bot::Chat;

/// `n` customers with chats open in the emulator, Telegram ids `base + 1..=base + n`; when
/// `off_every` is set, every `off_every`-th has promotions switched off.
pub async fn seed(pool: &PgPool, emu: &Emulator, n: i64, base: i64, off_every: i64) -> Vec<i64> {
    sqlx::query(
        "WITH a AS (INSERT INTO accounts (kind) SELECT 'customer' FROM generate_series(1, $1)
                    RETURNING id),
              s AS (SELECT id, row_number() OVER (ORDER BY id) AS n FROM a)
         INSERT INTO customers (tg_user_id, chat_id, first_name, language, account_id,
                                referral_code, promos_enabled)
         SELECT $2 + n, $2 + n, 'C' || n, (ARRAY['en', 'ru', 'uk'])[1 + n % 3], id,
                'seed' || ($2 + n), $3 = 0 OR n % $3 <> 0
         FROM s",
    )
    .bind(n)
    .bind(base)
    .bind(off_every)
    .execute(pool)
    .await
    .expect("seed customers");
    let chats: Vec<i64> = (base + 1..=base + n).collect();
    for &id in &chats {
        emu.open_chat(&profile(id));
    }
    chats
}

/// Seeded by [`seed`] with `off_every = 20` at a base that is a multiple of 20.
pub fn promos_on(chat: i64) -> bool {
    chat % 20 != 0
}

pub fn profile(id: i64) -> UserProfile {
    UserProfile {
        id,
        first_name: format!("C{id}"),
        username: None,
        language_code: Some("en".to_owned()),
    }
}

pub fn chat_of(call: &ApiCall) -> Option<i64> {
    call.params["chat_id"].as_i64()
}

pub fn customer_sends(calls: &[ApiCall], chats: &[i64]) -> Vec<ApiCall> {
    calls
        .iter()
        .filter(|c| c.method == "sendMessage" && chat_of(c).is_some_and(|id| chats.contains(&id)))
        .cloned()
        .collect()
}

/// No window of one second holds more than `rate` calls, as the server measured them.
pub fn assert_rate_within(calls: &[ApiCall], rate: usize) {
    let times: Vec<_> = calls.iter().map(|c| c.at).collect();
    let mut start = 0;
    let mut peak = 0;
    for (end, t) in times.iter().enumerate() {
        while *t - times[start] >= chrono::Duration::seconds(1) {
            start += 1;
        }
        peak = peak.max(end - start + 1);
        assert!(peak <= rate, "{peak} calls within 1 s at {t}");
    }
    println!(
        "{} sendMessage calls, at most {peak} in any 1 s window (limit {rate})",
        calls.len()
    );
}

pub fn assert_one_per_second_per_chat(calls: &[ApiCall]) {
    let mut last = std::collections::HashMap::new();
    for c in calls {
        if let Some(prev) = last.insert(chat_of(c), c.at) {
            assert!(c.at - prev >= chrono::Duration::milliseconds(990), "{c:?}");
        }
    }
}

pub async fn count(pool: &PgPool, sql: &str) -> i64 {
    sqlx::query_scalar(sql).fetch_one(pool).await.expect(sql)
}

pub async fn latest_broadcast(pool: &PgPool) -> i64 {
    count(pool, "SELECT MAX(id) FROM broadcasts").await
}

pub async fn rows_in(pool: &PgPool, broadcast: i64, status: &str) -> Vec<i64> {
    sqlx::query_scalar(
        "SELECT chat_id FROM broadcast_outbox WHERE broadcast_id = $1 AND status = $2",
    )
    .bind(broadcast)
    .bind(status)
    .fetch_all(pool)
    .await
    .expect("outbox rows")
}

pub async fn wait_for(pool: &PgPool, broadcast: i64, status: &str, within: Duration) {
    let query = || async {
        sqlx::query_scalar::<_, String>("SELECT status FROM broadcasts WHERE id = $1")
            .bind(broadcast)
            .fetch_one(pool)
            .await
    };
    let started = Instant::now();
    while query().await.expect("status") != status {
        assert!(
            started.elapsed() < within,
            "broadcast never became {status}"
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

pub async fn wait_until<F, Fut>(value: F, done: impl Fn(i64) -> bool)
where
    F: Fn() -> Fut,
    Fut: Future<Output = sqlx::Result<i64>>,
{
    let started = Instant::now();
    while !done(value().await.expect("query")) {
        assert!(started.elapsed() < Duration::from_secs(30), "timed out");
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
}

/// Edits of the owner's chat until one contains `needle` (progress edits come in between).
pub async fn edit_containing(chat: &mut Chat, needle: &str) -> SentMessage {
    loop {
        if let BotEvent::Edited(m) = chat.next(needle).await
            && m.body().contains(needle)
        {
            return m;
        }
    }
}

/// The progress message once the loop has shown the final state.
pub async fn final_progress(chat: &mut Chat) -> String {
    edit_containing(chat, "Remaining: 0")
        .await
        .body()
        .to_owned()
}
