//! Two-phase spending: holds, settle, void, expiry, and races.

use chrono::{Duration, Utc};
use loyalty_bot::{
    domain::Points,
    ledger::{
        self, AccountId, EntryKind, Posting, SystemAccount, Transfer,
        hold::{self, HoldError, HoldStatus},
    },
};
use sqlx::PgPool;

use crate::{ledger::assert_books_balance, support::db::TestDb};

async fn funded(pool: &PgPool, points: i64) -> (AccountId, AccountId) {
    let mut conn = pool.acquire().await.expect("conn");
    let sys = ledger::system_account(&mut conn, SystemAccount::Purchases)
        .await
        .expect("sys");
    let redeemed = ledger::system_account(&mut conn, SystemAccount::Redeemed)
        .await
        .expect("sys");
    let alice = ledger::open_customer_account(&mut conn)
        .await
        .expect("account");
    let p = Posting::new(
        format!("fund-{}", alice.0),
        EntryKind::Purchase,
        vec![Transfer {
            from: sys,
            to: alice,
            points: Points::new(points).expect("pos"),
        }],
    );
    ledger::post(&mut conn, &p).await.expect("fund");
    (alice, redeemed)
}

async fn balance(pool: &PgPool, a: AccountId) -> ledger::Balance {
    ledger::balance(&mut pool.acquire().await.expect("conn"), a)
        .await
        .expect("balance")
}

fn pts(n: i64) -> Points {
    Points::new(n).expect("positive")
}

#[tokio::test]
async fn hold_then_settle_posts_once_and_void_releases() {
    let db = TestDb::new().await;
    let pool = &db.pool;
    let (alice, redeemed) = funded(pool, 100).await;
    let mut conn = pool.acquire().await.expect("conn");
    let later = Utc::now() + Duration::minutes(2);

    let h = hold::hold(&mut conn, "r1", alice, redeemed, pts(60), later)
        .await
        .expect("hold");
    assert_eq!(
        hold::hold(&mut conn, "r1", alice, redeemed, pts(60), later)
            .await
            .expect("replay"),
        h
    );
    assert_eq!(
        balance(pool, alice).await,
        ledger::Balance {
            posted: 100,
            pending: 60
        }
    );
    // Only 40 are available now.
    let second = hold::hold(&mut conn, "r2", alice, redeemed, pts(41), later).await;
    assert!(matches!(
        second,
        Err(ledger::LedgerError::InsufficientPoints(_))
    ));

    let entry = hold::settle(&mut conn, h, Utc::now(), serde_json::json!({}))
        .await
        .expect("settle");
    let again = hold::settle(&mut conn, h, Utc::now(), serde_json::json!({}))
        .await
        .expect("idempotent");
    assert_eq!(entry, again);
    assert!(matches!(
        hold::void(&mut conn, h).await,
        Err(HoldError::AlreadyPosted(_))
    ));
    assert_eq!(
        balance(pool, alice).await,
        ledger::Balance {
            posted: 40,
            pending: 0
        }
    );

    let h2 = hold::hold(&mut conn, "r3", alice, redeemed, pts(40), later)
        .await
        .expect("hold");
    hold::void(&mut conn, h2).await.expect("void");
    hold::void(&mut conn, h2)
        .await
        .expect("void twice is a no-op");
    assert!(matches!(
        hold::settle(&mut conn, h2, Utc::now(), serde_json::json!({})).await,
        Err(HoldError::AlreadyVoided(_))
    ));
    assert_eq!(
        hold::status(&mut conn, h2).await.expect("status"),
        HoldStatus::Voided
    );
    assert_eq!(
        balance(pool, alice).await,
        ledger::Balance {
            posted: 40,
            pending: 0
        }
    );
    drop(conn);
    assert_books_balance(pool).await;
    db.drop_db().await;
}

#[tokio::test]
async fn an_expired_hold_cannot_be_settled_and_is_released_by_the_sweeper() {
    let db = TestDb::new().await;
    let pool = &db.pool;
    let (alice, redeemed) = funded(pool, 50).await;
    let mut conn = pool.acquire().await.expect("conn");
    let deadline = Utc::now() + Duration::seconds(60);
    let h = hold::hold(&mut conn, "r1", alice, redeemed, pts(50), deadline)
        .await
        .expect("hold");
    let after = deadline + Duration::seconds(1);
    assert!(matches!(
        hold::settle(&mut conn, h, after, serde_json::json!({})).await,
        Err(HoldError::Expired(_))
    ));
    assert!(
        hold::void_expired(&mut conn, Utc::now())
            .await
            .expect("sweep")
            .is_empty()
    );
    assert_eq!(
        hold::void_expired(&mut conn, after).await.expect("sweep"),
        vec![h]
    );
    assert_eq!(
        balance(pool, alice).await,
        ledger::Balance {
            posted: 50,
            pending: 0
        }
    );
    drop(conn);
    assert_books_balance(pool).await;
    db.drop_db().await;
}

#[tokio::test]
async fn twenty_simultaneous_confirms_post_once() {
    let db = TestDb::new().await;
    let pool = db.pool.clone();
    let (alice, redeemed) = funded(&pool, 100).await;
    let h = hold::hold(
        &mut pool.acquire().await.expect("conn"),
        "r1",
        alice,
        redeemed,
        pts(70),
        Utc::now() + Duration::minutes(2),
    )
    .await
    .expect("hold");
    let tasks: Vec<_> = (0..20)
        .map(|_| {
            let pool = pool.clone();
            tokio::spawn(async move {
                let mut conn = pool.acquire().await.expect("conn");
                hold::settle(&mut conn, h, Utc::now(), serde_json::json!({})).await
            })
        })
        .collect();
    let mut entries = Vec::new();
    for t in tasks {
        entries.push(t.await.expect("task").expect("settled"));
    }
    entries.dedup();
    assert_eq!(entries.len(), 1);
    let redemptions: i64 =
        sqlx::query_scalar("SELECT COUNT(*) FROM journal_entries WHERE kind = 'redemption'")
            .fetch_one(&pool)
            .await
            .expect("count");
    assert_eq!(redemptions, 1);
    assert_eq!(
        balance(&pool, alice).await,
        ledger::Balance {
            posted: 30,
            pending: 0
        }
    );
    assert_books_balance(&pool).await;
    db.drop_db().await;
}

#[tokio::test]
async fn fifty_concurrent_holds_that_the_balance_covers_once_reserve_once() {
    let db = TestDb::new().await;
    let pool = db.pool.clone();
    let (alice, redeemed) = funded(&pool, 100).await;
    let tasks: Vec<_> = (0..50)
        .map(|i| {
            let pool = pool.clone();
            tokio::spawn(async move {
                let mut conn = pool.acquire().await.expect("conn");
                let key = format!("r{i}");
                hold::hold(
                    &mut conn,
                    &key,
                    alice,
                    redeemed,
                    pts(80),
                    Utc::now() + Duration::minutes(2),
                )
                .await
            })
        })
        .collect();
    let mut ok = 0;
    for t in tasks {
        if t.await.expect("task").is_ok() {
            ok += 1;
        }
    }
    assert_eq!(ok, 1);
    assert_eq!(
        balance(&pool, alice).await,
        ledger::Balance {
            posted: 100,
            pending: 80
        }
    );
    assert_books_balance(&pool).await;
    db.drop_db().await;
}

#[tokio::test]
async fn a_debit_racing_a_hold_never_overdraws() {
    let db = TestDb::new().await;
    let pool = db.pool.clone();
    for round in 0..10 {
        let (alice, redeemed) = funded(&pool, 100).await;
        let (p1, p2) = (pool.clone(), pool.clone());
        let held = tokio::spawn(async move {
            let mut conn = p1.acquire().await.expect("conn");
            let key = format!("hold-{round}");
            hold::hold(
                &mut conn,
                &key,
                alice,
                redeemed,
                pts(70),
                Utc::now() + Duration::minutes(2),
            )
            .await
        });
        let spent = tokio::spawn(async move {
            let mut conn = p2.acquire().await.expect("conn");
            let p = Posting::new(
                format!("spend-{round}"),
                EntryKind::Redemption,
                vec![Transfer {
                    from: alice,
                    to: redeemed,
                    points: pts(70),
                }],
            );
            ledger::post(&mut conn, &p).await
        });
        let (held, spent) = (held.await.expect("task"), spent.await.expect("task"));
        assert!(held.is_ok() != spent.is_ok(), "exactly one of the two wins");
        assert!(balance(&pool, alice).await.available() == 30);
    }
    assert_books_balance(&pool).await;
    db.drop_db().await;
}
