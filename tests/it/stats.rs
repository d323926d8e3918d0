//! `/stats`: a small shop seeded through the real bot and till (plus SQL to move some sign-ups
//! and purchases into the previous period), checked against numbers the test works out itself.

use std::collections::HashSet;

use chrono::{DateTime, Duration, Utc};
use loyalty_bot::{
    analytics::{Period, stats},
    sandbox::emulator::BotEvent,
};
use rust_decimal::Decimal;
use sqlx::PgPool;

use crate::support::{
    bot::{Chat, TestBot},
    stories::{balance, hire, join, join_invited, owner, purchase, scan},
};

async fn backdate(pool: &PgPool, sql: &str, customer: &Chat, days: i64) {
    sqlx::query(sql)
        .bind(customer.id())
        .bind(Utc::now() - Duration::days(days))
        .execute(pool)
        .await
        .unwrap_or_else(|e| panic!("{sql}: {e}"));
}

const PURCHASES_AT: &str = "UPDATE purchases SET created_at = $2
     WHERE customer_id = (SELECT id FROM customers WHERE tg_user_id = $1)";
const JOINED_AT: &str = "UPDATE customers SET created_at = $2 WHERE tg_user_id = $1";

/// Points by the customer side of the books and the entry kinds (the library sums the system
/// accounts' side instead): (issued, redeemed, expired) for entries made since `from`.
async fn points_from_customer_lines(pool: &PgPool, from: DateTime<Utc>) -> (i64, i64, i64) {
    let rows: Vec<(String, Option<String>, i64)> = sqlx::query_as(
        "SELECT e.kind, o.kind, l.amount FROM journal_lines l
         JOIN journal_entries e ON e.id = l.entry_id
         LEFT JOIN journal_entries o ON o.id = e.reverses
         JOIN accounts a ON a.id = l.account_id
         WHERE a.kind = 'customer' AND e.created_at >= $1",
    )
    .bind(from)
    .fetch_all(pool)
    .await
    .expect("lines");
    let (mut issued, mut redeemed, mut expired) = (0, 0, 0);
    for (kind, reversed_kind, amount) in rows {
        match reversed_kind.as_deref().unwrap_or(&kind) {
            "welcome" | "referral" | "purchase" | "import" => issued += amount,
            "redemption" => redeemed -= amount,
            "expiry" => expired -= amount,
            other => panic!("the seed has no {other} entries"),
        }
    }
    (issued, redeemed, expired)
}

#[tokio::test]
async fn stats_match_an_independent_count_and_come_with_a_chart() {
    let bot = TestBot::start().await;
    let mut olena = owner(&bot);
    let mut kate = hire(&bot, &mut olena, 4101, "Kate", "Cafe").await;
    let mut anna = join(&bot, 4102, "Anna", "en").await;
    let mut bob = join(&bot, 4103, "Bob", "en").await;
    let mut cara = join(&bot, 4104, "Cara", "en").await;
    let mut eve = join(&bot, 4105, "Eve", "en").await;

    // The previous 30 days: Eve joined and bought, Anna bought.
    scan(&mut kate, &mut eve).await;
    purchase(&mut kate, &mut eve, "60").await;
    backdate(&bot.pool, JOINED_AT, &eve, 45).await;
    backdate(&bot.pool, PURCHASES_AT, &eve, 40).await;
    scan(&mut kate, &mut anna).await;
    purchase(&mut kate, &mut anna, "40").await;
    backdate(&bot.pool, PURCHASES_AT, &anna, 35).await;

    // This period: Anna and Bob buy, Bob spends 10 points, Cara's purchase is undone.
    scan(&mut kate, &mut anna).await;
    purchase(&mut kate, &mut anna, "100").await;
    scan(&mut kate, &mut bob).await;
    purchase(&mut kate, &mut bob, "200").await;
    scan(&mut kate, &mut bob).await;
    kate.sends("/redeem 10");
    let ask = bob.expect(&["Spend 10 points"]).await;
    kate.expect(&["Waiting for Bob"]).await;
    bob.presses(&ask, "Confirm");
    bob.expect_edit().await;
    kate.expect_edit().await;
    scan(&mut kate, &mut cara).await;
    cara_purchase_undone(&mut kate, &mut cara).await;

    // Dan joins with Anna's invitation and buys: a referral conversion.
    let mut dan = join_invited(&bot, &mut anna, 4106, "Dan").await;
    scan(&mut kate, &mut dan).await;
    purchase(&mut kate, &mut dan, "80").await;
    anna.expect(&["Dan made a first purchase"]).await;

    // Two visits rated (as the feedback feature records them), one with a comment.
    for (who, amount, rating, comment) in [
        (&anna, 100, 5, Some("Great <coffee> & cake")),
        (&bob, 200, 3, None),
    ] {
        sqlx::query(
            "INSERT INTO feedback (purchase_id, customer_id, rating, comment)
             SELECT p.id, p.customer_id, $3, $4 FROM purchases p
             JOIN customers c ON c.id = p.customer_id
             WHERE c.tg_user_id = $1 AND p.amount = $2",
        )
        .bind(who.id())
        .bind(Decimal::from(amount))
        .bind(rating as i16)
        .bind(comment)
        .execute(&bot.pool)
        .await
        .expect("feedback");
    }

    // What the test knows from its own story.
    let (members, new, active) = (5, 4, 3); // Eve joined 45 days ago; Anna, Bob, Dan bought
    let revenue = Decimal::from(100 + 200 + 80);
    let average = (revenue / Decimal::from(3)).round_dp(2); // 126.67
    let mut outstanding = 0;
    for c in [&anna, &bob, &cara, &dan, &eve] {
        outstanding += balance(&bot, c).await.0;
    }
    let now = Utc::now();
    let (issued, redeemed, expired) =
        points_from_customer_lines(&bot.pool, now - Duration::days(30)).await;
    assert_eq!(redeemed, 10);
    let previous: HashSet<&str> = ["Anna", "Eve"].into();
    let current: HashSet<&str> = ["Anna", "Bob", "Dan"].into();
    let retained = previous.intersection(&current).count() as i64;

    let s = stats::compute(&bot.pool, Period::Days30, now)
        .await
        .expect("stats");
    assert_eq!(
        (s.members_total, s.members_new, s.members_active),
        (members, new, active)
    );
    assert_eq!((s.purchases, s.revenue), (3, revenue));
    assert_eq!(s.average_check(), Some(average));
    assert_eq!(s.visits_per_active(), Some(Decimal::ONE));
    assert_eq!(
        (s.points_issued, s.points_redeemed, s.points_expired),
        (issued, redeemed, expired)
    );
    assert_eq!(s.points_outstanding, outstanding);
    assert_eq!(s.liability(), Decimal::from(outstanding)); // a point is worth 1.00
    assert_eq!((s.referred_new, s.referral_conversions), (1, 1));
    let r = s.retention.expect("a previous period");
    assert_eq!((r.previous_active, r.retained), (2, retained));
    assert_eq!(
        (s.ratings, s.average_rating),
        (2, Some(Decimal::new(40, 1)))
    );
    assert_eq!(s.comments.len(), 1);

    // The 7-day view: Eve's and Anna's old purchases are out, and all time has no retention.
    let week = stats::compute(&bot.pool, Period::Days7, now)
        .await
        .expect("stats");
    assert_eq!((week.members_new, week.purchases), (4, 3));
    assert_eq!(week.retention.map(|r| r.previous_active), Some(0));
    let all = stats::compute(&bot.pool, Period::All, now)
        .await
        .expect("stats");
    assert_eq!(
        (all.members_new, all.purchases, all.retention),
        (5, 5, None)
    );

    // The owner's chat shows the same numbers on a chart photo.
    olena.sends("/stats");
    let (m, png) = olena.expect_photo().await;
    let body = m.body();
    for needle in [
        format!("Members: {members}, new: {new}, active: {active}"),
        format!("Purchases: 3, revenue: 380.00, average check: {average}"),
        "Visits per active member: 1.00".to_owned(),
        format!("Points issued: {issued}, redeemed: {redeemed}, expired: {expired}"),
        format!("Outstanding now: {outstanding} points, liability {outstanding}.00"),
        "joined: 1, made a first purchase: 1".to_owned(),
        "Retention: 50.0% (1 of 2".to_owned(),
        "Ratings: 4.0 average from 2 ratings".to_owned(),
        "Latest comments:\n★★★★★ Great <coffee> & cake".to_owned(),
    ] {
        assert!(body.contains(&needle), "{needle:?} in {body}");
    }
    let chart = image::load_from_memory(&png).expect("chart is an image");
    assert!(chart.width() >= 600, "a readable chart");

    // Another period: the photo is replaced.
    olena.presses(&m, "7d");
    loop {
        match olena.next("the old photo deleted").await {
            BotEvent::CallbackAnswer { .. } => continue,
            BotEvent::Deleted { message_id } => break assert_eq!(message_id, m.message_id),
            other => panic!("expected the old stats deleted, got {other:?}"),
        }
    }
    let (week_m, _) = olena.expect_photo().await;
    assert!(week_m.body().contains("last 7 days"), "{}", week_m.body());

    // Customers and cashiers get no numbers.
    anna.sends("/stats");
    anna.expect(&["Only the owner"]).await;
    kate.sends("/stats 7d");
    kate.expect(&["Only the owner"]).await;
    olena.sends("/stats 8d");
    olena.expect(&["Usage: /stats"]).await;
    bot.finish().await;
}

async fn cara_purchase_undone(kate: &mut Chat, cara: &mut Chat) {
    kate.sends("30");
    let receipt = kate.expect(&["Receipt #"]).await;
    cara.expect(&["Purchase at"]).await;
    kate.presses(&receipt, "Undo");
    kate.expect_edit().await;
    cara.expect(&["was cancelled"]).await;
}
