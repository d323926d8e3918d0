//! `/settings`: the owner edits the programme through dialogues (prompt, typed value or a
//! choice, preview, Save), every change is audited and applies to purchases posted after it;
//! bad input and non-owners change nothing; a restart mid-dialogue carries on.

use loyalty_bot::sandbox::emulator::SentMessage;
use rust_decimal::Decimal;

use crate::support::{
    bot::{Chat, OWNER_ID, TestBot},
    stories::{balance, hire, join, owner, purchase, scan},
};

pub async fn open_settings(owner: &mut Chat) -> SentMessage {
    owner.sends("/settings");
    owner.expect(&["Programme settings"]).await
}

/// Opens `/settings` and taps `setting`: the prompt.
pub async fn edit(owner: &mut Chat, setting: &str) -> SentMessage {
    let overview = open_settings(owner).await;
    owner.presses(&overview, setting);
    owner.expect(&[setting, "now:"]).await
}

/// Types `value` into the open dialogue: the prompt loses its buttons, the preview follows.
pub async fn preview(owner: &mut Chat, value: &str) -> SentMessage {
    owner.sends(value);
    let old = owner.expect_edit().await;
    assert!(old.inline_buttons().is_empty(), "{old:?}");
    owner.expect(&["→"]).await
}

/// The whole dialogue: edit, type, Save. Returns the "Saved" message.
pub async fn set(owner: &mut Chat, setting: &str, value: &str) -> SentMessage {
    edit(owner, setting).await;
    let shown = preview(owner, value).await;
    owner.presses(&shown, "Save");
    owner.expect_edit().await
}

async fn audit_rows(bot: &TestBot) -> Vec<(i64, String, String, String)> {
    sqlx::query_as(
        "SELECT changed_by, setting, old_value, new_value FROM settings_audit ORDER BY id",
    )
    .fetch_all(&bot.pool)
    .await
    .expect("audit rows")
}

async fn earn_rate(bot: &TestBot) -> Decimal {
    sqlx::query_scalar("SELECT earn_rate FROM program_settings")
        .fetch_one(&bot.pool)
        .await
        .expect("earn rate")
}

#[tokio::test]
async fn the_owner_changes_the_earn_rate_and_only_later_purchases_follow_it() {
    let bot = TestBot::start().await;
    let mut olena = owner(&bot);
    let mut kate = hire(&bot, &mut olena, 4101, "Kate", "Cafe").await;
    let mut anna = join(&bot, 4102, "Anna", "en").await;
    scan(&mut kate, &mut anna).await;
    purchase(&mut kate, &mut anna, "1000").await;

    let overview = open_settings(&mut olena).await;
    assert!(
        overview.body().contains("Earn rate: 5%"),
        "{}",
        overview.body()
    );
    olena.presses(&overview, "Earn rate");
    olena.expect(&["Earn rate now: 5%", "from 0 to 100"]).await;
    let shown = preview(&mut olena, "7").await;
    assert!(
        shown.body().contains("Earn rate: 5% → 7%"),
        "{}",
        shown.body()
    );
    assert!(
        shown
            .body()
            .contains("a purchase of 1,000.00 earns 70 points")
    );
    assert_eq!(
        earn_rate(&bot).await,
        Decimal::from(5),
        "nothing before Save"
    );

    // Three taps on Save (the last on the message as it was): saved once.
    olena.presses(&shown, "Save");
    let saved = olena.expect_edit().await;
    assert!(
        saved.body().contains("Saved. Earn rate: 5% → 7%"),
        "{}",
        saved.body()
    );
    olena.presses_stale(&shown, "Save");
    olena.presses_stale(&shown, "Cancel");
    for _ in 0..2 {
        let toast = olena.expect_callback_answer().await;
        assert!(
            toast
                .as_deref()
                .is_some_and(|t| t.contains("dialogue is over")),
            "{toast:?}"
        );
    }
    assert_eq!(earn_rate(&bot).await, Decimal::from(7));
    assert_eq!(
        audit_rows(&bot).await,
        vec![(OWNER_ID, "earn_rate".into(), "5".into(), "7".into())]
    );

    // The purchase before kept its 50 points; the one after earns 70.
    scan(&mut kate, &mut anna).await;
    sqlx::query("UPDATE purchases SET created_at = created_at - interval '2 minutes'")
        .execute(&bot.pool)
        .await
        .expect("out of the duplicate window");
    purchase(&mut kate, &mut anna, "1000").await;
    let points: Vec<i64> = sqlx::query_scalar("SELECT points FROM purchases ORDER BY id")
        .fetch_all(&bot.pool)
        .await
        .expect("purchases");
    assert_eq!(points, vec![50, 70]);
    assert_eq!(balance(&bot, &anna).await, (50 + 50 + 70, 0));

    // The change log names who, what, old and new.
    let overview = open_settings(&mut olena).await;
    assert!(overview.body().contains("Earn rate: 7%"));
    olena.presses(&overview, "Change log");
    let log = olena.expect_edit().await;
    assert!(
        log.body()
            .contains(&format!("{OWNER_ID} · Earn rate: 5% → 7%")),
        "{}",
        log.body()
    );
    bot.finish().await;
}

#[tokio::test]
async fn bad_input_and_non_owners_change_nothing() {
    let bot = TestBot::start().await;
    let mut olena = owner(&bot);
    let mut kate = hire(&bot, &mut olena, 4201, "Kate", "Cafe").await;
    let mut anna = join(&bot, 4202, "Anna", "en").await;

    // Neither a cashier nor a customer may open the settings or press their buttons.
    let overview = open_settings(&mut olena).await;
    for who in [&mut kate, &mut anna] {
        who.sends("/settings");
        who.expect(&["Only the owner can do this."]).await;
        who.presses_stale(&overview, "Earn rate");
        let toast = who.expect_callback_answer().await;
        assert!(toast.is_some_and(|t| t.contains("not for you")));
    }

    olena.presses(&overview, "Earn rate");
    olena.expect(&["Earn rate now: 5%"]).await;
    for (typed, answer) in [
        ("-5", "cannot be negative"),
        ("abc", "That is not a number"),
        ("12.345", "At most two decimals"),
        ("1e9", "That is not a number"),
        ("100.5", "from 0 to 100"),
        ("5", "already the current value"),
    ] {
        olena.sends(typed);
        olena.expect(&[answer]).await;
    }
    let prompt = edit(&mut olena, "Welcome bonus").await;
    for (typed, answer) in [
        ("1.5", "whole number"),
        ("-5", "cannot be negative"),
        ("2000000", "from 0 to 1000000"),
    ] {
        olena.sends(typed);
        olena.expect(&[answer, "Nothing was changed"]).await;
    }
    edit(&mut olena, "Points expire after").await;
    olena.sends("0");
    olena.expect(&["from 1 to 120"]).await;
    let tiers = edit(&mut olena, "Tiers").await;
    olena.sends("Silver 10000 7\nGold abc 10");
    olena.expect(&["Line 2: That is not a number"]).await;
    olena.sends("Silver 10000 7\nsilver 20000 8");
    olena.expect(&["Line 2 repeats"]).await;
    // A button of an older dialogue is stale; Cancel of the current one ends it.
    olena.presses_stale(&prompt, "Cancel");
    let toast = olena.expect_callback_answer().await;
    assert!(
        toast.as_deref().is_some_and(|t| t.contains("over")),
        "{toast:?}"
    );
    olena.presses(&tiers, "Cancel");
    let cancelled = olena.expect_edit().await;
    assert!(
        cancelled.body().contains("nothing was changed"),
        "{}",
        cancelled.body()
    );

    // `/cancel` ends an open dialogue too, as its Cancel button does.
    edit(&mut olena, "Earn rate").await;
    olena.sends("/cancel");
    let cancelled = olena.expect_edit().await;
    assert!(
        cancelled.body().contains("nothing was changed"),
        "{}",
        cancelled.body()
    );

    // With no dialogue open, typed text is the till's again.
    olena.sends("7");
    olena.expect(&["No card is open"]).await;
    assert!(audit_rows(&bot).await.is_empty());
    assert_eq!(earn_rate(&bot).await, Decimal::from(5));
    let tiers: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM tiers")
        .fetch_one(&bot.pool)
        .await
        .expect("tiers");
    assert_eq!(tiers, 0);
    bot.finish().await;
}

#[tokio::test]
async fn a_restart_mid_dialogue_resumes_and_an_idle_dialogue_is_cancelled() {
    let mut bot = TestBot::start().await;
    let mut olena = owner(&bot);
    edit(&mut olena, "Earn rate").await;
    bot.restart().await;
    // The restarted bot knows nothing in memory: the dialogue is in Postgres.
    let shown = preview(&mut olena, "7,5").await;
    assert!(shown.body().contains("5% → 7.5%"), "{}", shown.body());
    olena.presses(&shown, "Save");
    olena.expect_edit().await;
    assert_eq!(earn_rate(&bot).await, Decimal::new(75, 1));

    // Left alone for half an hour (and across a restart), a dialogue ends with a message.
    edit(&mut olena, "Welcome bonus").await;
    bot.restart().await;
    sqlx::query("UPDATE settings_drafts SET updated_at = now() - interval '31 minutes'")
        .execute(&bot.pool)
        .await
        .expect("age the dialogue");
    olena.expect_edit().await; // the prompt loses its buttons
    olena
        .expect(&["idle for 30 minutes", "nothing was changed"])
        .await;
    olena.sends("7");
    olena.expect(&["No card is open"]).await;
    assert_eq!(audit_rows(&bot).await.len(), 1);
    bot.finish().await;
}
