//! What `/settings` changes reach: tiers and choices as stored, the point value capping
//! redemptions at the till, referral bonuses per side in the texts and the ledger.

use std::time::Duration;

use rust_decimal::Decimal;

use crate::{
    settings::{edit, preview, set},
    support::{
        bot::TestBot,
        stories::{balance, hire, join, link_in, owner, purchase, scan, start_payload},
    },
};

#[tokio::test]
async fn tiers_choices_and_the_point_value_that_caps_redemptions() {
    let bot = TestBot::start().await;
    let mut olena = owner(&bot);

    // Tiers as lines; editing again keeps a tier by name and drops the one left out.
    let saved = set(&mut olena, "Tiers", "Gold 50000 10\nSilver 10000 7").await;
    assert!(
        saved
            .body()
            .contains("Silver from 10,000.00: 7%; Gold from 50,000.00: 10%")
    );
    let silver: i64 = bot
        .scalar("SELECT id FROM tiers WHERE name = 'Silver' AND $1 = $1", 0)
        .await;
    set(&mut olena, "Tiers", "Silver 20000 8").await;
    let rows: Vec<(i64, String, Decimal, Decimal)> =
        sqlx::query_as("SELECT id, name, min_spend, earn_rate FROM tiers")
            .fetch_all(&bot.pool)
            .await
            .expect("tiers");
    assert_eq!(
        rows,
        vec![(
            silver,
            "Silver".into(),
            Decimal::from(20000),
            Decimal::from(8)
        )]
    );

    // Enumerations by buttons: the prompt becomes the preview.
    let prompt = edit(&mut olena, "Programme type").await;
    olena.presses(&prompt, "Points and discount card");
    let shown = olena.expect_edit().await;
    assert!(shown.body().contains("Points → Points and discount card"));
    olena.presses(&shown, "Save");
    olena.expect_edit().await;
    set(&mut olena, "Points expire after", "12").await;
    let prompt = edit(&mut olena, "Points expire after").await;
    olena.presses(&prompt, "Never");
    let shown = olena.expect_edit().await;
    assert!(
        shown.body().contains("12 months → never"),
        "{}",
        shown.body()
    );
    olena.presses(&shown, "Save");
    olena.expect_edit().await;
    let (kind, expiry): (String, Option<i32>) =
        sqlx::query_as("SELECT programme_type, expiry_months FROM program_settings")
            .fetch_one(&bot.pool)
            .await
            .expect("settings");
    assert_eq!((kind.as_str(), expiry), ("both", None));

    // A point worth 2.00: half of 100 may be paid with points, that is 25 points.
    edit(&mut olena, "Point value").await;
    let shown = preview(&mut olena, "2").await;
    assert!(
        shown.body().contains("100 points pay 200.00"),
        "{}",
        shown.body()
    );
    olena.presses(&shown, "Save");
    olena.expect_edit().await;
    let mut kate = hire(&bot, &mut olena, 4401, "Kate", "Cafe").await;
    let mut anna = join(&bot, 4402, "Anna", "en").await;
    scan(&mut kate, &mut anna).await;
    kate.sends("/redeem 30 100");
    kate.expect(&["At most 25 points"]).await;
    kate.sends("/redeem 25 100");
    let ask = anna.expect(&["Spend 25 points"]).await;
    kate.expect(&["Waiting for Anna", "25 points (worth 50.00)"])
        .await;
    anna.presses(&ask, "Confirm");
    anna.expect_edit().await;
    let done = kate.expect_edit().await;
    assert!(done.body().contains("Deduct 50.00"), "{}", done.body());
    bot.finish().await;
}

#[tokio::test]
async fn referral_bonuses_are_shown_and_paid_per_side() {
    let bot = TestBot::start().await;
    let mut olena = owner(&bot);
    set(&mut olena, "Referral bonus (friend)", "30").await;
    set(&mut olena, "Referral bonus (inviter)", "70").await;
    let mut kate = hire(&bot, &mut olena, 4501, "Kate", "Cafe").await;
    let mut anna = join(&bot, 4502, "Anna", "en").await;

    anna.sends("/invite");
    let invite = anna
        .expect(&["you get 70 points and your friend gets 30 points"])
        .await;
    let payload = link_in(&invite);
    let payload = start_payload(&payload).to_owned();
    let mut boris = bot.user(4503, "Boris", "en");
    boris.sends(&format!("/start {payload}"));
    boris.expect(&["Welcome"]).await;
    boris
        .expect(&["you get 30 points, and Anna gets 70 points"])
        .await;
    boris.expect_photo().await;
    anna.expect(&["you get 70 points, and they get 30 points"])
        .await;

    scan(&mut kate, &mut boris).await;
    purchase(&mut kate, &mut boris, "200").await;
    boris
        .expect(&["You get 30 points, and your friend gets 70 points"])
        .await;
    anna.expect(&["Boris made a first purchase", "you get 70 points"])
        .await;
    assert_eq!(balance(&bot, &boris).await, (50 + 10 + 30, 0));
    assert_eq!(balance(&bot, &anna).await, (50 + 70, 0));
    boris.expect_silence(Duration::from_millis(200)).await;
    bot.finish().await;
}
