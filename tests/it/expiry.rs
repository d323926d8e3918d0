//! Points expire first-in-first-out by lot; customers are warned seven days before.

use std::time::Duration;

use chrono::Utc;
use loyalty_bot::{
    domain::Points,
    ledger::{self, AccountId, EntryKind, Posting, SystemAccount, Transfer, lots},
};
use sqlx::PgPool;

use crate::{
    ledger::assert_books_balance,
    support::{bot::TestBot, db::TestDb, stories::join},
};

async fn set_expiry(pool: &PgPool, months: Option<i32>) {
    sqlx::query("UPDATE program_settings SET expiry_months = $1")
        .bind(months)
        .execute(pool)
        .await
        .expect("settings");
}

async fn move_points(
    pool: &PgPool,
    key: &str,
    from: AccountId,
    to: AccountId,
    n: i64,
    kind: EntryKind,
) {
    let p = Posting::new(
        key,
        kind,
        vec![Transfer {
            from,
            to,
            points: Points::new(n).expect("n"),
        }],
    );
    ledger::post(&mut pool.acquire().await.expect("conn"), &p)
        .await
        .expect(key);
}

async fn remaining(pool: &PgPool, account: AccountId) -> Vec<(i64, bool)> {
    sqlx::query_as("SELECT remaining, expires_at IS NOT NULL FROM point_lots WHERE account_id = $1 ORDER BY id")
        .bind(account)
        .fetch_all(pool)
        .await
        .expect("lots")
}

/// The two system accounts these stories move points through, and a new customer account.
async fn accounts(pool: &PgPool) -> (AccountId, AccountId, AccountId) {
    let mut conn = pool.acquire().await.expect("conn");
    let earned = ledger::system_account(&mut conn, SystemAccount::Purchases)
        .await
        .expect("sys");
    let redeemed = ledger::system_account(&mut conn, SystemAccount::Redeemed)
        .await
        .expect("sys");
    let anna = ledger::open_customer_account(&mut conn)
        .await
        .expect("account");
    (earned, redeemed, anna)
}

#[tokio::test]
async fn spending_consumes_the_lots_that_expire_first_and_the_rest_expires() {
    let db = TestDb::new().await;
    let pool = &db.pool;
    let (earned, redeemed, anna) = accounts(pool).await;

    set_expiry(pool, None).await;
    move_points(pool, "never", earned, anna, 40, EntryKind::Purchase).await;
    set_expiry(pool, Some(12)).await;
    move_points(pool, "expiring-1", earned, anna, 50, EntryKind::Purchase).await;
    move_points(pool, "expiring-2", earned, anna, 30, EntryKind::Purchase).await;
    // Spending takes from the lot that expires first, not from the one that never does.
    move_points(pool, "spend", anna, redeemed, 60, EntryKind::Redemption).await;
    assert_eq!(
        remaining(pool, anna).await,
        vec![(40, false), (0, true), (20, true)]
    );
    assert_books_balance(pool).await;

    // A year and a day later (as if the bot had been down): the 20 left expire, once.
    let later = Utc::now() + chrono::Duration::days(367);
    let mut conn = pool.acquire().await.expect("conn");
    let expired = lots::expire_due(&mut conn, later).await.expect("expire");
    assert_eq!(
        expired,
        vec![lots::Expired {
            account: anna,
            points: 20
        }]
    );
    assert!(
        lots::expire_due(&mut conn, later)
            .await
            .expect("again")
            .is_empty()
    );
    let balance = ledger::balance(&mut conn, anna).await.expect("balance");
    assert_eq!(balance.posted, 40);
    let expired_total: i64 =
        sqlx::query_scalar("SELECT balance FROM account_balances WHERE code = 'expired'")
            .fetch_one(pool)
            .await
            .expect("expired account");
    assert_eq!(expired_total, 20);
    drop(conn);
    assert_books_balance(pool).await;
    db.drop_db().await;
}

#[tokio::test]
async fn held_points_do_not_expire_under_a_pending_redemption() {
    let db = TestDb::new().await;
    let pool = &db.pool;
    let (earned, redeemed, anna) = accounts(pool).await;
    set_expiry(pool, Some(1)).await;
    move_points(pool, "earn", earned, anna, 50, EntryKind::Purchase).await;
    let mut conn = pool.acquire().await.expect("conn");
    let deadline = Utc::now() + chrono::Duration::days(90);
    let hold = ledger::hold::hold(
        &mut conn,
        "r",
        anna,
        redeemed,
        Points::new(30).expect("n"),
        deadline,
    )
    .await
    .expect("hold");
    let later = Utc::now() + chrono::Duration::days(40);
    let expired = lots::expire_due(&mut conn, later).await.expect("expire");
    assert_eq!(
        expired,
        vec![lots::Expired {
            account: anna,
            points: 20
        }]
    );
    // The customer confirms: the held points are spent, nothing is left to expire.
    ledger::hold::settle(&mut conn, hold, Utc::now(), serde_json::json!({}))
        .await
        .expect("settle");
    assert!(
        lots::expire_due(&mut conn, later)
            .await
            .expect("again")
            .is_empty()
    );
    assert_eq!(ledger::balance(&mut conn, anna).await.expect("b").posted, 0);
    drop(conn);
    assert_books_balance(pool).await;
    db.drop_db().await;
}

#[tokio::test]
async fn customers_are_warned_once_and_told_when_points_expire() {
    let bot = TestBot::start().await;
    set_expiry(&bot.pool, Some(6)).await;
    let mut anna = join(&bot, 9001, "Anna", "en").await;
    sqlx::query("UPDATE point_lots SET expires_at = now() + interval '3 days'")
        .execute(&bot.pool)
        .await
        .expect("age the lot");
    anna.expect(&["50 points on your card expire on", "Spend them before then"])
        .await;
    anna.expect_silence(Duration::from_millis(2500)).await; // once, not every tick

    sqlx::query("UPDATE point_lots SET expires_at = now() - interval '1 second'")
        .execute(&bot.pool)
        .await
        .expect("expire the lot");
    anna.expect(&["50 points expired", "Balance: 0 points"])
        .await;
    anna.sends("/history");
    anna.expect(&["Points expired", "−50"]).await;
    bot.finish().await;
}
