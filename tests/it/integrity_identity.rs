//! Money integrity (issue #12): one-time gifts follow the person. Erasing one's data and
//! registering again pays no coupon, promo bonus or birthday gift twice; an erased inviter's
//! code stops working; the fingerprint's key lives in the database, so rotating CARD_SECRET
//! changes nothing. Coupon codes cannot be found by guessing: one answer for every unusable
//! code, a few failed tries an hour, 6+ characters for new codes.

use std::time::Duration;

use chrono::{DateTime, TimeZone, Utc};
use loyalty_bot::extras::birthday::pay_due;

use crate::{
    promo_rules::{add_rule, day},
    support::{
        bot::{Chat, TestBot},
        stories::{balance, hire, join, join_invited, owner, purchase, scan},
    },
};

fn at(y: i32, m: u32, d: u32) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(y, m, d, 10, 0, 0)
        .single()
        .expect("a real time")
}

/// `/delete_me`, confirmed.
async fn erase(c: &mut Chat) {
    c.sends("/delete_me");
    let ask = c.expect(&["Erase your personal data?"]).await;
    c.presses(&ask, "Yes, erase");
    c.expect_edit().await;
}

/// `/birthday 15.06.1990`, saved, and given long before the day (so the job pays it).
async fn birthday_in_june(bot: &TestBot, c: &mut Chat) {
    c.sends("/birthday 15.06.1990");
    let m = c.expect(&["15.06.1990"]).await;
    c.presses(&m, "Save");
    c.expect_edit().await;
    bot.exec(&format!(
        "UPDATE customers SET birthday_set_at = '2026-01-01' WHERE tg_user_id = {}",
        c.id()
    ))
    .await;
}

#[tokio::test]
async fn erasing_and_registering_again_pays_no_one_time_gift_twice() {
    let bot = TestBot::start().await;
    bot.exec("UPDATE program_settings SET birthday_bonus = 30")
        .await;
    let mut olena = owner(&bot);
    let mut kate = hire(&bot, &mut olena, 12_301, "Kate", "Cafe").await;
    olena.sends("/coupon add WELCOME26 bonus 100 limit 10 until 2099-12-31");
    olena.expect_photo().await;
    add_rule(
        &mut olena,
        &format!("+200 {} {}", day(0), day(1)),
        &["added"],
    )
    .await;

    // Anna takes every gift once: the coupon, the promo bonus and this year's birthday gift.
    let mut anna = bot.user(12_302, "Anna", "en");
    anna.sends("/start k_WELCOME26");
    anna.expect(&["Welcome"]).await;
    anna.expect_photo().await;
    anna.expect(&["WELCOME26", "+100 points"]).await;
    scan(&mut kate, &mut anna).await;
    purchase(&mut kate, &mut anna, "100").await; // +5 and the +200 bonus
    birthday_in_june(&bot, &mut anna).await;
    assert_eq!(pay_due(&bot.pool, at(2026, 6, 15)).await.expect("job"), 1);
    assert_eq!(balance(&bot, &anna).await, (50 + 100 + 5 + 200 + 30, 0));

    // She erases her data and comes back through the same flyer: a new card, nothing else.
    erase(&mut anna).await;
    anna.sends("/start k_WELCOME26");
    anna.expect(&["Welcome"]).await;
    anna.expect_photo().await;
    anna.expect(&["cannot be used"]).await;
    assert_eq!(balance(&bot, &anna).await, (0, 0));
    bot.exec("UPDATE purchases SET created_at = created_at - interval '2 minutes'")
        .await;
    scan(&mut kate, &mut anna).await;
    let receipt = purchase(&mut kate, &mut anna, "100").await;
    assert!(receipt > 0);
    assert_eq!(balance(&bot, &anna).await, (5, 0), "no second promo bonus");
    birthday_in_june(&bot, &mut anna).await;
    assert_eq!(pay_due(&bot.pool, at(2026, 6, 16)).await.expect("job"), 0);
    assert_eq!(
        balance(&bot, &anna).await,
        (5, 0),
        "no second birthday gift"
    );
    // Next year's birthday is a new gift.
    assert_eq!(pay_due(&bot.pool, at(2027, 6, 15)).await.expect("job"), 1);
    assert_eq!(balance(&bot, &anna).await, (35, 0));
    bot.finish().await;
}

#[tokio::test]
async fn an_erased_inviters_code_stops_working() {
    let bot = TestBot::start().await;
    let mut olena = owner(&bot);
    let mut kate = hire(&bot, &mut olena, 12_311, "Kate", "Cafe").await;
    let mut anna = join(&bot, 12_312, "Anna", "en").await;
    let mut boris = join_invited(&bot, &mut anna, 12_313, "Boris").await;
    let anna_id: i64 = sqlx::query_scalar("SELECT id FROM customers WHERE tg_user_id = $1")
        .bind(anna.id())
        .fetch_one(&bot.pool)
        .await
        .expect("anna");
    erase(&mut anna).await;

    // Her code, old or as the erased row now reads, invites nobody.
    let mut carl = bot.user(12_314, "Carl", "en");
    carl.sends(&format!("/start r_erased-{anna_id}"));
    carl.expect(&["Welcome"]).await;
    carl.expect(&["not valid"]).await;
    carl.expect_photo().await;
    let referred = bot
        .scalar(
            "SELECT COUNT(*) FROM customers WHERE referred_by IS NOT NULL AND $1 = $1",
            0,
        )
        .await;
    assert_eq!(referred, 1, "only Boris, invited before she left");

    // Boris, invited before, still gets his half; nothing goes to the erased account.
    scan(&mut kate, &mut boris).await;
    purchase(&mut kate, &mut boris, "200").await;
    boris.expect(&["first purchase"]).await;
    assert_eq!(balance(&bot, &boris).await, (50 + 10 + 100, 0));
    let erased_balance = bot
        .scalar(
            "SELECT a.balance FROM accounts a JOIN customers c ON c.account_id = a.id WHERE c.id = $1",
            anna_id,
        )
        .await;
    assert_eq!(erased_balance, 50);
    bot.finish().await;
}

#[tokio::test]
async fn rotating_card_secret_does_not_make_erased_people_new() {
    let mut bot = TestBot::start().await;
    let mut anna = join(&bot, 12_321, "Anna", "en").await;
    erase(&mut anna).await;
    bot.restart_with(&[(
        "CARD_SECRET",
        "a-brand-new-card-secret-after-rotation".to_owned(),
    )])
    .await;
    anna.sends("/start");
    anna.expect(&["Welcome, Anna"]).await;
    anna.expect_photo().await;
    assert_eq!(
        balance(&bot, &anna).await,
        (0, 0),
        "no second welcome bonus"
    );
    let key_rows = bot
        .scalar("SELECT COUNT(*) FROM identity_key WHERE $1 = $1", 0)
        .await;
    assert_eq!(key_rows, 1);
    bot.finish().await;
}

#[tokio::test]
async fn coupon_codes_cannot_be_found_by_guessing() {
    let bot = TestBot::start().await;
    let mut olena = owner(&bot);
    olena.sends("/coupon add SHORT bonus 10 limit 10 until 2099-12-31");
    olena.expect(&["6 to 16"]).await;
    for add in [
        "/coupon add SPRING26 bonus 50 limit 10 until 2099-12-31",
        "/coupon add LATER26 bonus 50 limit 10 until 2099-12-31 from 2099-01-01",
        "/coupon add GONE26 bonus 50 limit 1 until 2099-12-31",
    ] {
        olena.sends(add);
        olena.expect_photo().await;
    }
    // GONE26 is used up by Boris.
    let mut boris = join(&bot, 12_331, "Boris", "en").await;
    boris.sends("/start k_GONE26");
    boris.expect(&["Welcome back"]).await;
    boris.expect(&["+50 points"]).await;

    // Not valid yet, used up, unknown, already claimed: Anna cannot tell them apart.
    let mut anna = join(&bot, 12_332, "Anna", "en").await;
    let mut answers = Vec::new();
    for code in ["LATER26", "GONE26", "NOSUCH1", "SPRING26", "SPRING26"] {
        anna.sends(&format!("/start k_{code}"));
        anna.expect(&["Welcome back"]).await;
        answers.push(anna.expect_message().await.body().to_owned());
    }
    assert!(answers[3].contains("+50 points"), "{answers:?}");
    answers.remove(3);
    assert!(
        answers.iter().all(|a| a == &answers[0]) && answers[0].contains("cannot be used"),
        "{answers:?}"
    );
    // Four misses so far; the fifth is the last this hour. Then even a good code waits.
    anna.sends("/start k_GUESS01");
    anna.expect(&["Welcome back"]).await;
    anna.expect(&["cannot be used"]).await;
    olena.sends("/coupon add FRESH26 bonus 50 limit 10 until 2099-12-31");
    olena.expect_photo().await;
    anna.sends("/start k_FRESH26");
    anna.expect(&["Welcome back"]).await;
    anna.expect(&["Too many coupon codes"]).await;
    anna.expect_silence(Duration::from_millis(200)).await;
    assert_eq!(balance(&bot, &anna).await, (100, 0));
    // An hour later she may try again.
    bot.exec("UPDATE coupon_attempts SET attempted_at = attempted_at - interval '61 minutes'")
        .await;
    anna.sends("/start k_FRESH26");
    anna.expect(&["Welcome back"]).await;
    anna.expect(&["+50 points"]).await;
    bot.finish().await;
}
