//! The birthday gift: given once by the customer, paid on the day once a year, late after
//! downtime (once), never for a birthday given on the day itself.

use std::time::Duration;

use chrono::{DateTime, Datelike, TimeZone, Utc};
use loyalty_bot::extras::birthday::pay_due;

use crate::support::{
    bot::{Chat, TestBot},
    stories::{balance, join},
};

fn at(y: i32, m: u32, d: u32) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(y, m, d, 10, 0, 0)
        .single()
        .expect("a real time")
}

async fn set_bonus(bot: &TestBot, points: i64) {
    sqlx::query("UPDATE program_settings SET birthday_bonus = $1")
        .bind(points)
        .execute(&bot.pool)
        .await
        .expect("settings");
}

/// `/birthday <date>`, confirmed with Save.
async fn give_birthday(c: &mut Chat, date: &str) {
    c.sends(&format!("/birthday {date}"));
    let m = c.expect(&[date, "cannot change it"]).await;
    c.presses(&m, "Save");
    let saved = c.expect_edit().await;
    assert!(saved.body().contains("Saved"), "{}", saved.body());
}

async fn gifts(bot: &TestBot) -> i64 {
    bot.scalar(
        "SELECT COUNT(*) FROM journal_entries WHERE kind = 'birthday' AND $1 = $1",
        0,
    )
    .await
}

#[tokio::test]
async fn birthday_is_given_once_with_a_confirmation_and_bad_dates_are_refused() {
    let bot = TestBot::start().await;
    let mut anna = join(&bot, 1101, "Anna", "en").await;

    anna.sends("/birthday");
    anna.expect(&["When is your birthday"]).await;
    for (input, answer) in [
        ("31.02.1990", "no such day"),
        ("15.06.2999", "check the year"),
        ("15.06.1850", "check the year"),
        ("yesterday", "DD.MM.YYYY"),
    ] {
        anna.sends(input);
        anna.expect(&[answer]).await;
    }
    let tomorrow = Utc::now().date_naive() + chrono::Duration::days(1);
    if tomorrow.year() == Utc::now().year() {
        anna.sends(&tomorrow.format("%d.%m.%Y").to_string());
        anna.expect(&["in the future"]).await;
    }
    // Still waiting after the mistakes: the next good date is taken, then confirmed.
    anna.sends("15.06.1990");
    let first = anna.expect(&["15.06.1990", "cannot change it"]).await;
    anna.presses(&first, "Enter again");
    anna.expect_edit().await;
    anna.sends("16.06.1990");
    let confirm = anna.expect(&["16.06.1990"]).await;
    anna.presses(&confirm, "Save");
    assert!(anna.expect_edit().await.body().contains("Saved"));
    // A stale Save from the first confirmation changes nothing.
    anna.presses_stale(&first, "Save");
    anna.expect(&["16.06.1990", "ask the staff"]).await;

    anna.sends("/birthday 01.01.1991");
    anna.expect(&["16.06.1990", "ask the staff"]).await;
    anna.sends("/birthday");
    anna.expect(&["16.06.1990", "ask the staff"]).await;
    let stored: String =
        sqlx::query_scalar("SELECT birthday::TEXT FROM customers WHERE tg_user_id = $1")
            .bind(anna.id())
            .fetch_one(&bot.pool)
            .await
            .expect("birthday");
    assert_eq!(stored, "1990-06-16");
    anna.sends("/privacy");
    anna.expect(&["your birthday", "16.06.1990"]).await;

    // Without a year is fine too; a command cancels the question.
    let mut boris = join(&bot, 1102, "Boris", "en").await;
    boris.sends("/birthday");
    boris.expect(&["DD.MM"]).await;
    boris.sends("/balance");
    boris.expect(&["Cancelled: your birthday."]).await;
    boris.expect(&["balance"]).await;
    boris.sends("29.02");
    boris.expect(&["didn't understand"]).await;
    give_birthday(&mut boris, "29.02").await;
    // /delete_me erases the birthday with the rest.
    boris.sends("/delete_me");
    let ask = boris.expect_message().await;
    boris.presses(&ask, "Yes");
    boris.expect_edit().await;
    let left: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM customers WHERE first_name IS NULL AND birthday IS NULL
                                           AND birthday_set_at IS NULL",
    )
    .fetch_one(&bot.pool)
    .await
    .expect("erased");
    assert_eq!(left, 1);
    bot.finish().await;
}

#[tokio::test]
async fn the_job_pays_on_the_day_once_a_year_and_catches_up_once() {
    let bot = TestBot::start().await;
    let mut anna = join(&bot, 1201, "Anna", "en").await;
    let mut boris = join(&bot, 1202, "Boris", "en").await;
    give_birthday(&mut anna, "15.06.1990").await;
    give_birthday(&mut boris, "29.02.2000").await;

    // Off (0) by default: nothing is paid.
    assert_eq!(pay_due(&bot.pool, at(2030, 6, 15)).await.expect("job"), 0);
    set_bonus(&bot, 100).await;

    // On the day, twice (a second process, a second tick): paid once, told once.
    assert_eq!(pay_due(&bot.pool, at(2030, 6, 15)).await.expect("job"), 1);
    assert_eq!(pay_due(&bot.pool, at(2030, 6, 15)).await.expect("job"), 0);
    assert_eq!(pay_due(&bot.pool, at(2030, 6, 18)).await.expect("job"), 0);
    anna.expect(&["Happy birthday, Anna", "+100 points", "150 points"])
        .await;
    assert_eq!(balance(&bot, &anna).await, (150, 0));

    // Two processes at once in the next year: exactly one gift.
    let (a, b) = tokio::join!(
        pay_due(&bot.pool, at(2031, 6, 15)),
        pay_due(&bot.pool, at(2031, 6, 15))
    );
    assert_eq!(a.expect("job") + b.expect("job"), 1);
    anna.expect(&["Happy birthday", "250 points"]).await;

    // Down for four days around the birthday: paid late, once.
    assert_eq!(pay_due(&bot.pool, at(2032, 6, 14)).await.expect("job"), 0);
    assert_eq!(pay_due(&bot.pool, at(2032, 6, 19)).await.expect("job"), 1);
    assert_eq!(pay_due(&bot.pool, at(2032, 6, 20)).await.expect("job"), 0);
    anna.expect(&["Happy birthday", "350 points"]).await;
    // Down for longer than the catch-up window: that year's gift is lost, not doubled later.
    assert_eq!(pay_due(&bot.pool, at(2033, 6, 26)).await.expect("job"), 0);

    // 29 February: on the 28th in a common year, on the 29th in a leap year.
    assert_eq!(pay_due(&bot.pool, at(2031, 2, 28)).await.expect("job"), 1);
    assert_eq!(pay_due(&bot.pool, at(2032, 2, 28)).await.expect("job"), 0);
    assert_eq!(pay_due(&bot.pool, at(2032, 2, 29)).await.expect("job"), 1);
    boris.expect(&["Happy birthday, Boris", "+100"]).await;
    boris.expect(&["Happy birthday, Boris", "250 points"]).await;

    assert_eq!(gifts(&bot).await, 5);
    anna.expect_silence(Duration::from_millis(1500)).await;
    boris.expect_silence(Duration::from_millis(100)).await;
    bot.finish().await;
}

#[tokio::test]
async fn a_birthday_given_on_the_day_does_not_pay_that_year() {
    let bot = TestBot::start().await;
    set_bonus(&bot, 100).await;
    let mut carol = join(&bot, 1301, "Carol", "en").await;
    let now = Utc::now();
    let today = now.date_naive();
    give_birthday(&mut carol, &today.format("%d.%m").to_string()).await;
    assert_eq!(pay_due(&bot.pool, now).await.expect("job"), 0);
    // Nor as a "late" gift the next days.
    let tomorrow = now + chrono::Duration::days(1);
    assert_eq!(pay_due(&bot.pool, tomorrow).await.expect("job"), 0);
    // A year later it pays.
    let next_year = at(today.year() + 1, today.month(), today.day().min(28));
    if today.day() <= 28 {
        assert_eq!(pay_due(&bot.pool, next_year).await.expect("job"), 1);
        carol.expect(&["Happy birthday", "+100"]).await;
    }
    bot.finish().await;
}
