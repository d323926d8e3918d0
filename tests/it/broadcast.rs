//! Promotions through the owner's chat: a broadcast to 1,000 customers through the Bot API
//! emulator with injected 429s and 403s (exactly one message per reachable chat, limits
//! respected, blocked customers skipped next time); the owner's pause / resume / cancel; and
//! customers switching promotions off.

use std::time::{Duration, Instant};

use loyalty_bot::{broadcast::outbox, sandbox::emulator::Fault};
use sqlx::PgPool;

use crate::support::{
    bot::TestBot,
    promos::*,
    stories::{join, owner},
};

/// Above what Telegram allows, to keep the test short; below what the sender reaches in a debug
/// build against the emulator (~140/s), so the limiter is what holds it back.
const RATE: usize = 100;

#[tokio::test]
async fn a_thousand_customers_get_exactly_one_message_within_the_limits() {
    let bot = TestBot::start_with(&[("BROADCAST_RATE", RATE.to_string())]).await;
    let chats = seed(&bot.pool, &bot.emu, 1_000, 6_000_000, 20).await;
    let mut olena = owner(&bot);
    olena.sends("/promo <b>Autumn sale</b>: -20% on all coffee");
    let preview = olena.expect(&["Autumn sale: -20% on all coffee"]).await;
    assert_eq!(
        preview.raw.as_deref(),
        Some("<b>Autumn sale</b>: -20% on all coffee")
    );
    let draft = olena.expect(&["Everyone", "950 customers"]).await;
    // The first sends meet Telegram's refusals: 20 customers blocked the bot, two 429s.
    for i in 0..22 {
        let fault = match i {
            5 | 15 => Fault::RetryAfter(1),
            _ => Fault::Blocked,
        };
        bot.emu.inject_fault("sendMessage", fault);
    }
    let started = Instant::now();
    olena.presses(&draft, "Send");
    olena.expect_edit().await;
    let id = latest_broadcast(&bot.pool).await;
    wait_for(&bot.pool, id, "done", Duration::from_secs(60)).await;
    let elapsed = started.elapsed();
    let last = final_progress(&mut olena).await;
    for needle in ["done", "Sent: 930", "Blocked the bot: 20", "Remaining: 0"] {
        assert!(last.contains(needle), "{needle:?} in {last:?}");
    }

    let blocked = rows_in(&bot.pool, id, "blocked").await;
    assert_eq!(blocked.len(), 20);
    let unreachable: i64 = count(
        &bot.pool,
        "SELECT COUNT(*) FROM customers WHERE unreachable",
    )
    .await;
    assert_eq!(unreachable, 20);
    for &chat in &chats {
        let expected = usize::from(promos_on(chat) && !blocked.contains(&chat));
        assert_eq!(bot.emu.messages(chat).len(), expected, "chat {chat}");
    }
    let calls = customer_sends(&bot.emu.calls(), &chats);
    assert_rate_within(&calls, RATE);
    assert_one_per_second_per_chat(&calls);
    // After each 429, the whole sender held off for retry_after (1 s); what was in flight
    // when it came may still land.
    for (i, at) in calls
        .iter()
        .map(|c| c.at)
        .enumerate()
        .filter(|(i, _)| [5, 15].contains(i))
    {
        let during = calls
            .iter()
            .filter(|c| c.at > at + chrono::Duration::milliseconds(250))
            .filter(|c| c.at < at + chrono::Duration::milliseconds(950))
            .count();
        assert_eq!(
            during, 0,
            "sends during the pause after the 429 at call {i}"
        );
    }
    // Progress is one message edited every ~2 s, not a flood.
    let edits = bot
        .emu
        .calls()
        .iter()
        .filter(|c| c.method == "editMessageText")
        .count();
    let most = usize::try_from(elapsed.as_secs()).unwrap_or(0) / 2 + 4;
    assert!(edits <= most, "{edits} progress edits in {elapsed:?}");

    // A second broadcast skips those who blocked the bot.
    olena.sends("/promo Second wave");
    olena.expect(&["Second wave"]).await;
    let draft = olena.expect(&["930 customers"]).await;
    olena.presses(&draft, "Send");
    let second = latest_broadcast(&bot.pool).await;
    wait_for(&bot.pool, second, "done", Duration::from_secs(60)).await;
    for &chat in &chats {
        let expected = if !promos_on(chat) || blocked.contains(&chat) {
            0
        } else {
            2
        };
        assert_eq!(bot.emu.messages(chat).len(), expected, "chat {chat}");
    }
    let calls = customer_sends(&bot.emu.calls(), &blocked);
    assert_eq!(
        calls.len(),
        20,
        "blocked chats were tried once, in the first broadcast"
    );
    bot.finish().await;
}

#[tokio::test]
async fn customers_switch_promotions_off_and_the_owner_pauses_resumes_and_cancels() {
    let bot = TestBot::start_with(&[("BROADCAST_RATE", "10".to_owned())]).await;
    let mut anna = join(&bot, 3001, "Anna", "ru").await;
    anna.sends("/promos");
    anna.expect(&["Акции выключены"]).await;
    anna.sends("/promos");
    anna.expect(&["Акции включены"]).await;
    anna.sends("/promos");
    anna.expect(&["выключены"]).await;
    seed(&bot.pool, &bot.emu, 60, 8_000_000, 0).await;

    let mut olena = owner(&bot);
    olena.sends("/promo Weekend <i>offer</i>");
    olena.expect(&["Weekend offer"]).await;
    let draft = olena.expect(&["60 customers"]).await;
    olena.presses(&draft, "Українська");
    let draft = edit_containing(&mut olena, "Українська, 20 customers").await;
    olena.presses(&draft, "Everyone");
    let draft = edit_containing(&mut olena, "60 customers").await;
    olena.presses(&draft, "Send");
    let id = latest_broadcast(&bot.pool).await;
    let sent = |pool: PgPool| async move { outbox::progress(&pool, id).await.map(|p| p.sent) };
    wait_until(|| sent(bot.pool.clone()), |n| n >= 5).await;
    let shown = olena.emu.messages(olena.id());
    let progress = shown.last().expect("progress message").clone();
    olena.presses(&progress, "Pause");
    let paused = edit_containing(&mut olena, "paused").await;
    tokio::time::sleep(Duration::from_millis(300)).await;
    let before = sent(bot.pool.clone()).await.expect("count");
    tokio::time::sleep(Duration::from_millis(1_500)).await;
    assert_eq!(
        sent(bot.pool.clone()).await.expect("count"),
        before,
        "paused"
    );
    olena.presses(&paused, "Resume");
    let resumed = edit_containing(&mut olena, "sending").await;
    olena.presses(&resumed, "Cancel");
    edit_containing(&mut olena, "cancelled").await;
    wait_for(&bot.pool, id, "cancelled", Duration::from_secs(5)).await;
    let p = outbox::progress(&bot.pool, id).await.expect("progress");
    assert!(p.skipped > 0 && p.sent >= 5, "{p:?}");
    assert_eq!(p.sent + p.skipped + p.remaining, 60);
    anna.expect_silence(Duration::from_millis(300)).await;
    bot.finish().await;
}
