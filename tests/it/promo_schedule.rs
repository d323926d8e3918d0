//! Scheduled promotions: the owner types a time (bad, past and far-off times are refused and
//! change nothing); nothing is sent before it is due; a due one — also one that fell due while
//! the bot was down — starts once and the owner is told; concurrent job runs (as two bot
//! processes would make) and a later run after a restart never send it twice; a cancelled one
//! never starts.

use std::time::Duration;

use chrono::Utc;
use loyalty_bot::broadcast::schedule;
use sqlx::PgPool;

use crate::support::{
    bot::{Chat, TestBot},
    promos::*,
    stories::owner,
};

async fn status(pool: &PgPool, id: i64) -> (String, bool) {
    sqlx::query_as("SELECT status, scheduled_at IS NOT NULL FROM broadcasts WHERE id = $1")
        .bind(id)
        .fetch_one(pool)
        .await
        .expect("status")
}

/// As if the bot had been down while the broadcast fell due.
async fn make_overdue(pool: &PgPool, id: i64) {
    sqlx::query("UPDATE broadcasts SET scheduled_at = now() - interval '2 hours' WHERE id = $1")
        .bind(id)
        .execute(pool)
        .await
        .expect("overdue");
}

/// Composes `/promo text`, presses Schedule and answers with a time two hours ahead.
async fn schedule_new(olena: &mut Chat, pool: &PgPool, text: &str) -> (i64, String) {
    olena.sends(&format!("/promo {text}"));
    olena.expect(&[text]).await;
    let draft = olena.expect(&["Everyone"]).await;
    olena.presses(&draft, "Schedule");
    olena.expect(&["in UTC"]).await;
    let when = (Utc::now() + chrono::Duration::hours(2))
        .format("%Y-%m-%d %H:%M")
        .to_string();
    olena.sends(&when);
    let id = latest_broadcast(pool).await;
    olena
        .expect(&[&format!("#{id} is scheduled for {when} UTC"), "6 customers"])
        .await;
    (id, when)
}

fn customer_messages(bot: &TestBot, chats: &[i64]) -> Vec<usize> {
    chats.iter().map(|&c| bot.emu.messages(c).len()).collect()
}

#[tokio::test]
async fn a_scheduled_promotion_starts_once_when_due_and_not_before() {
    let bot = TestBot::start().await;
    // 8 customers, every 4th with promotions off: 6 receive promotions.
    let chats = seed(&bot.pool, &bot.emu, 8, 5_300_000, 4).await;
    let reachable: Vec<usize> = (1..=8).map(|n| usize::from(n % 4 != 0)).collect();
    let mut olena = owner(&bot);

    olena.sends("/promo Lunch deal at noon");
    olena.expect(&["Lunch deal at noon"]).await;
    let draft = olena.expect(&["6 customers"]).await;
    let id = latest_broadcast(&bot.pool).await;
    olena.presses(&draft, "Schedule");
    olena.expect(&["in UTC", "the bot has no time zone"]).await;
    for (bad, answer) in [
        ("tomorrow at ten", "not a date and time"),
        ("2026-02-30 10:00", "not a date and time"),
        ("2020-01-01 10:00", "already passed"),
        ("2099-01-01 10:00", "more than a year ahead"),
    ] {
        olena.sends(bad);
        olena.expect(&[answer]).await;
        assert_eq!(status(&bot.pool, id).await, ("draft".to_owned(), false));
    }
    let when = (Utc::now() + chrono::Duration::hours(2))
        .format("%Y-%m-%d %H:%M")
        .to_string();
    olena.sends(&when);
    let scheduled = olena
        .expect(&[&format!("#{id} is scheduled for {when} UTC")])
        .await;
    assert!(
        scheduled
            .inline_buttons()
            .iter()
            .any(|(t, _)| t.contains("Cancel"))
    );
    assert_eq!(status(&bot.pool, id).await, ("scheduled".to_owned(), true));

    // Not due: the job has ticked a couple of times and sent nothing.
    tokio::time::sleep(Duration::from_millis(2_500)).await;
    assert_eq!(customer_messages(&bot, &chats), vec![0; 8]);
    assert!(
        schedule::start_due(&bot.pool, Utc::now())
            .await
            .expect("job")
            .is_empty()
    );
    olena.sends("/promo list");
    olena
        .expect(&[&format!("#{id} at {when} UTC"), "Lunch deal"])
        .await;

    // It fell due while the bot was down: started late, once, and the owner is told.
    make_overdue(&bot.pool, id).await;
    olena
        .expect(&[&format!("#{id} has started"), "6 customers"])
        .await;
    wait_for(&bot.pool, id, "done", Duration::from_secs(30)).await;
    edit_containing(&mut olena, "done").await;
    assert_eq!(customer_messages(&bot, &chats), reachable);
    // The first tick after a restart finds nothing to start.
    assert!(
        schedule::start_due(&bot.pool, Utc::now())
            .await
            .expect("job")
            .is_empty()
    );

    // A cancelled one never starts, even when overdue.
    let (cancelled, _) = schedule_new(&mut olena, &bot.pool, "Cancelled offer").await;
    let shown = olena.emu.messages(olena.id());
    let message = shown.last().expect("scheduled message").clone();
    olena.presses(&message, "Cancel");
    edit_containing(&mut olena, "cancelled").await;
    make_overdue(&bot.pool, cancelled).await;
    tokio::time::sleep(Duration::from_millis(1_500)).await;
    assert_eq!(status(&bot.pool, cancelled).await.0, "cancelled");
    assert_eq!(customer_messages(&bot, &chats), reachable);

    // Four job runs at once (and the bot's own): the outbox is written once.
    let (raced, _) = schedule_new(&mut olena, &bot.pool, "Raced offer").await;
    make_overdue(&bot.pool, raced).await;
    let now = Utc::now();
    let runs = tokio::join!(
        schedule::start_due(&bot.pool, now),
        schedule::start_due(&bot.pool, now),
        schedule::start_due(&bot.pool, now),
        schedule::start_due(&bot.pool, now),
    );
    let starts: Vec<_> = [runs.0, runs.1, runs.2, runs.3]
        .into_iter()
        .flat_map(|r| r.expect("job"))
        .collect();
    assert!(starts.len() <= 1, "{starts:?}");
    assert!(starts.iter().all(|s| s.id == raced && s.recipients == 6));
    wait_for(&bot.pool, raced, "done", Duration::from_secs(30)).await;
    let rows = count(
        &bot.pool,
        &format!(
            "SELECT COUNT(DISTINCT customer_id) FROM broadcast_outbox WHERE broadcast_id = {raced}"
        ),
    )
    .await;
    let all_rows = count(
        &bot.pool,
        &format!("SELECT COUNT(*) FROM broadcast_outbox WHERE broadcast_id = {raced}"),
    )
    .await;
    assert_eq!((rows, all_rows), (6, 6));
    let twice: Vec<usize> = reachable.iter().map(|n| n * 2).collect();
    assert_eq!(customer_messages(&bot, &chats), twice);
    bot.finish().await;
}
