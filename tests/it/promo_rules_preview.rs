//! `/rules add` shows the rule back before it exists: what it does, when, for whom, its limit
//! and an example purchase; only Confirm makes it live, once (a double tap or a stale button
//! changes nothing), Cancel leaves no trace, and only owners can answer.

use std::time::Duration;

use loyalty_bot::sandbox::emulator::BotEvent;

use crate::{
    promo_rules::day,
    support::{
        bot::{Chat, TestBot},
        stories::{hire, join, owner, scan},
    },
};

async fn rows(bot: &TestBot, live_only: bool) -> i64 {
    let sql = "SELECT COUNT(*) FROM promo_rules WHERE stopped_at IS NULL OR $1 = 0";
    bot.scalar(sql, i64::from(live_only)).await
}

/// The toast the next callback answer shows (edits before it, e.g. of a card screen, skipped).
async fn toast(chat: &mut Chat) -> String {
    loop {
        match chat.next("a callback answer").await {
            BotEvent::CallbackAnswer { text, .. } => return text.unwrap_or_default(),
            BotEvent::Edited(_) => continue,
            other => panic!("expected a callback answer, got {other:?}"),
        }
    }
}

#[tokio::test]
async fn a_rule_is_previewed_and_only_confirm_makes_it_live_once() {
    let bot = TestBot::start().await;
    bot.exec("INSERT INTO tiers (name, min_spend, earn_rate) VALUES ('Gold', 5000, 10)")
        .await;
    let mut olena = owner(&bot);
    let mut kate = hire(&bot, &mut olena, 5331, "Kate", "Cafe").await;
    let mut anna = join(&bot, 5332, "Anna", "en").await;

    olena.sends(&format!("/rules add x2 {} {}", day(0), day(2)));
    let when = format!("When: {} – {}", day(0), day(2));
    let preview = olena
        .expect(&[
            "points ×2 on every purchase",
            &when,
            "Who: every customer",
            "Limit: none",
            "a purchase of 1,000.00 would earn 100 points instead of 50.",
        ])
        .await;
    // Not live yet: a purchase earns the base rate, /rules lists nothing.
    scan(&mut kate, &mut anna).await;
    kate.sends("1000");
    let receipt = kate.expect(&["+50 points"]).await;
    assert!(!receipt.body().contains("Promo"), "{}", receipt.body());
    anna.expect(&["+50 points"]).await;
    olena.sends("/rules");
    olena.expect(&["No running or upcoming"]).await;
    // A cashier's forged Confirm is refused.
    kate.presses_stale(&preview, "Confirm");
    assert!(toast(&mut kate).await.contains("not for you"));
    // Cancel leaves no trace; its Confirm, tapped later, adds nothing.
    olena.presses(&preview, "Cancel");
    let cancelled = olena.expect_edit().await;
    assert!(
        cancelled.body().contains("Cancelled"),
        "{}",
        cancelled.body()
    );
    assert!(cancelled.inline_buttons().is_empty());
    olena.presses_stale(&preview, "Confirm");
    assert!(toast(&mut olena).await.contains("cancelled or has expired"));
    assert_eq!(rows(&bot, false).await, 0);

    // A tier bonus: the example is at the tier's own rate (10%).
    let spec = format!("+200 {} {} first 10 tier gold", day(0), day(1));
    olena.sends(&format!("/rules add {spec}"));
    let preview = olena
        .expect(&[
            "+200 points once per customer",
            "Who: customers on the Gold tier",
            "Limit: the first 10 customers",
            "first purchase of 1,000.00 would earn 300 points instead of 100",
        ])
        .await;
    // Confirm tapped twice at once: one rule, one "added", the other tap told so.
    olena.presses(&preview, "Confirm");
    olena.presses_stale(&preview, "Confirm");
    let (mut edits, mut toasts, mut answers) = (Vec::new(), Vec::new(), 0);
    while edits.len() + answers < 3 {
        match olena.next("answers to two Confirm taps").await {
            BotEvent::Edited(m) => edits.push(m),
            BotEvent::CallbackAnswer { text, .. } => {
                answers += 1;
                toasts.extend(text);
            }
            other => panic!("unexpected {other:?}"),
        }
    }
    olena.expect_silence(Duration::from_millis(500)).await;
    assert_eq!(edits.len(), 1);
    let added = edits[0].body();
    assert!(
        added.contains("added") && added.contains("tier Gold"),
        "{added}"
    );
    assert!(edits[0].inline_buttons()[0].0.contains("Stop #"));
    assert_eq!(toasts.len(), 1);
    assert!(toasts[0].contains("already added"), "{toasts:?}");
    assert_eq!((rows(&bot, true).await, rows(&bot, false).await), (1, 1));
    // Cancel on a confirmed rule changes nothing (it has its Stop button).
    olena.presses_stale(&preview, "Cancel");
    assert!(toast(&mut olena).await.contains("already added"));
    olena.sends("/rules");
    olena
        .expect(&["+200 points once per customer", "tier Gold"])
        .await;

    // A preview left until after the rule's last day: Confirm adds nothing.
    olena.sends(&format!("/rules add x3 {} {}", day(0), day(0)));
    let preview = olena.expect(&["points ×3"]).await;
    let past = format!(
        "UPDATE promo_rules SET starts_on = '{}', ends_on = '{}' WHERE multiplier = 3",
        day(-2),
        day(-1)
    );
    bot.exec(&past).await;
    olena.presses(&preview, "Confirm");
    assert!(toast(&mut olena).await.contains("last day has passed"));
    assert_eq!(rows(&bot, true).await, 1);

    // A discount-only programme has no points for a rule to change.
    bot.exec("UPDATE program_settings SET programme_type = 'discount'")
        .await;
    olena.sends(&format!("/rules add x2 {} {}", day(0), day(0)));
    olena.expect(&["discount card only"]).await;
    assert_eq!(rows(&bot, false).await, 2);
    bot.finish().await;
}
