//! The ledger against a real Postgres: idempotency, concurrency, reversals, append-only
//! history, and a model-based property test. Every test ends with `ledger check`.

use std::sync::Arc;

use loyalty_bot::{
    domain::Points,
    ledger::{self, AccountId, EntryKind, LedgerError, Posting, SystemAccount, Transfer},
};
use sqlx::PgPool;

use crate::support::db::TestDb;

pub async fn assert_books_balance(pool: &PgPool) {
    let report = ledger::check(pool).await.expect("ledger check runs");
    assert!(report.is_ok(), "{report}");
}

async fn customer(pool: &PgPool) -> AccountId {
    ledger::open_customer_account(&mut pool.acquire().await.expect("conn"))
        .await
        .expect("open account")
}

async fn system(pool: &PgPool, account: SystemAccount) -> AccountId {
    ledger::system_account(&mut pool.acquire().await.expect("conn"), account)
        .await
        .expect("system account")
}

fn pts(n: i64) -> Points {
    Points::new(n).expect("positive")
}

fn credit(key: &str, from: AccountId, to: AccountId, n: i64) -> Posting {
    Posting::new(
        key,
        EntryKind::Purchase,
        vec![Transfer {
            from,
            to,
            points: pts(n),
        }],
    )
}

async fn post(pool: &PgPool, p: &Posting) -> Result<ledger::Posted, LedgerError> {
    ledger::post(&mut pool.acquire().await.expect("conn"), p).await
}

async fn available(pool: &PgPool, a: AccountId) -> i64 {
    ledger::balance(&mut pool.acquire().await.expect("conn"), a)
        .await
        .expect("balance")
        .available()
}

#[tokio::test]
async fn replay_returns_the_first_result_and_conflicts_are_refused() {
    let db = TestDb::new().await;
    let (pool, sys) = (&db.pool, system(&db.pool, SystemAccount::Purchases).await);
    let alice = customer(pool).await;

    let first = post(pool, &credit("k1", sys, alice, 62))
        .await
        .expect("posts");
    assert!(!first.replayed);
    let again = post(pool, &credit("k1", sys, alice, 62))
        .await
        .expect("replays");
    assert_eq!(
        again,
        ledger::Posted {
            entry_id: first.entry_id,
            replayed: true
        }
    );
    assert_eq!(available(pool, alice).await, 62);

    let other = post(pool, &credit("k1", sys, alice, 63)).await;
    assert!(matches!(other, Err(LedgerError::IdempotencyConflict(k)) if k == "k1"));
    assert_eq!(available(pool, alice).await, 62);
    assert_books_balance(pool).await;
    db.drop_db().await;
}

#[tokio::test]
async fn a_customer_can_never_go_below_zero() {
    let db = TestDb::new().await;
    let pool = &db.pool;
    let (sys, redeemed) = (
        system(pool, SystemAccount::Purchases).await,
        system(pool, SystemAccount::Redeemed).await,
    );
    let alice = customer(pool).await;
    post(pool, &credit("earn", sys, alice, 10))
        .await
        .expect("earn");
    let spend = Posting::new(
        "spend",
        EntryKind::Redemption,
        vec![Transfer {
            from: alice,
            to: redeemed,
            points: pts(11),
        }],
    );
    assert!(
        matches!(post(pool, &spend).await, Err(LedgerError::InsufficientPoints(a)) if a == alice)
    );
    assert_eq!(available(pool, alice).await, 10);
    // The failed attempt left nothing behind, so the same key can be used once it can pay.
    post(pool, &credit("earn2", sys, alice, 1))
        .await
        .expect("earn more");
    post(pool, &spend).await.expect("now affordable");
    assert_eq!(available(pool, alice).await, 0);
    assert_books_balance(pool).await;
    db.drop_db().await;
}

#[tokio::test]
async fn many_tasks_posting_one_key_write_one_entry() {
    let db = TestDb::new().await;
    let pool = db.pool.clone();
    let sys = system(&pool, SystemAccount::WelcomeBonus).await;
    let alice = customer(&pool).await;
    let posting = Arc::new(credit("same-key", sys, alice, 50));
    let tasks: Vec<_> = (0..20)
        .map(|_| {
            let (pool, posting) = (pool.clone(), posting.clone());
            tokio::spawn(async move { post(&pool, &posting).await })
        })
        .collect();
    let mut ids = Vec::new();
    for t in tasks {
        ids.push(t.await.expect("task").expect("post or replay").entry_id);
    }
    ids.dedup();
    assert_eq!(ids.len(), 1, "all callers see the same entry");
    let entries: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM journal_entries")
        .fetch_one(&pool)
        .await
        .expect("count");
    assert_eq!(entries, 1);
    assert_eq!(available(&pool, alice).await, 50);
    assert_books_balance(&pool).await;
    db.drop_db().await;
}

#[tokio::test]
async fn concurrent_debits_that_the_balance_covers_once_succeed_once() {
    let db = TestDb::new().await;
    let pool = db.pool.clone();
    let sys = system(&pool, SystemAccount::Purchases).await;
    let redeemed = system(&pool, SystemAccount::Redeemed).await;
    let alice = customer(&pool).await;
    post(&pool, &credit("earn", sys, alice, 100))
        .await
        .expect("earn");
    let tasks: Vec<_> = (0..30)
        .map(|i| {
            let pool = pool.clone();
            tokio::spawn(async move {
                let spend = Posting::new(
                    format!("spend-{i}"),
                    EntryKind::Redemption,
                    vec![Transfer {
                        from: alice,
                        to: redeemed,
                        points: pts(70),
                    }],
                );
                post(&pool, &spend).await
            })
        })
        .collect();
    let mut ok = 0;
    for t in tasks {
        match t.await.expect("task") {
            Ok(_) => ok += 1,
            Err(LedgerError::InsufficientPoints(_)) => {}
            Err(e) => panic!("unexpected {e}"),
        }
    }
    assert_eq!(ok, 1);
    assert_eq!(available(&pool, alice).await, 30);
    assert_books_balance(&pool).await;
    db.drop_db().await;
}

#[tokio::test]
async fn an_entry_is_reversed_at_most_once_even_concurrently() {
    let db = TestDb::new().await;
    let pool = db.pool.clone();
    let sys = system(&pool, SystemAccount::Purchases).await;
    let alice = customer(&pool).await;
    let entry = post(&pool, &credit("earn", sys, alice, 40))
        .await
        .expect("earn")
        .entry_id;

    let tasks: Vec<_> = (0..10)
        .map(|i| {
            let pool = pool.clone();
            tokio::spawn(async move {
                let mut conn = pool.acquire().await.expect("conn");
                ledger::reverse(&mut conn, entry, format!("undo-{i}"), serde_json::json!({})).await
            })
        })
        .collect();
    let mut ok = 0;
    for t in tasks {
        match t.await.expect("task") {
            Ok(_) => ok += 1,
            Err(LedgerError::AlreadyReversed(e)) => assert_eq!(e, entry),
            Err(e) => panic!("unexpected {e}"),
        }
    }
    assert_eq!(ok, 1);
    assert_eq!(available(&pool, alice).await, 0);

    let reversal: i64 = sqlx::query_scalar("SELECT id FROM journal_entries WHERE reverses = $1")
        .bind(entry)
        .fetch_one(&pool)
        .await
        .expect("reversal exists");
    let mut conn = pool.acquire().await.expect("conn");
    let twice = ledger::reverse(
        &mut conn,
        ledger::EntryId(reversal),
        "undo-undo",
        serde_json::json!({}),
    )
    .await;
    assert!(matches!(twice, Err(LedgerError::ReversalOfReversal(_))));
    drop(conn);
    assert_books_balance(&pool).await;
    db.drop_db().await;
}

#[tokio::test]
async fn reversing_points_already_spent_is_refused() {
    let db = TestDb::new().await;
    let pool = &db.pool;
    let sys = system(pool, SystemAccount::Purchases).await;
    let redeemed = system(pool, SystemAccount::Redeemed).await;
    let alice = customer(pool).await;
    let earned = post(pool, &credit("earn", sys, alice, 40))
        .await
        .expect("earn")
        .entry_id;
    let spend = Posting::new(
        "spend",
        EntryKind::Redemption,
        vec![Transfer {
            from: alice,
            to: redeemed,
            points: pts(30),
        }],
    );
    post(pool, &spend).await.expect("spend");
    let mut conn = pool.acquire().await.expect("conn");
    let undo = ledger::reverse(&mut conn, earned, "undo", serde_json::json!({})).await;
    assert!(matches!(undo, Err(LedgerError::InsufficientPoints(a)) if a == alice));
    drop(conn);
    assert_eq!(available(pool, alice).await, 10);
    assert_books_balance(pool).await;
    db.drop_db().await;
}

#[tokio::test]
async fn history_is_append_only_and_entries_must_balance() {
    let db = TestDb::new().await;
    let pool = &db.pool;
    let sys = system(pool, SystemAccount::Purchases).await;
    let alice = customer(pool).await;
    post(pool, &credit("earn", sys, alice, 5))
        .await
        .expect("earn");

    for sql in [
        "UPDATE journal_lines SET amount = amount * 2",
        "DELETE FROM journal_lines",
        "UPDATE journal_entries SET kind = 'welcome'",
        "DELETE FROM journal_entries",
        "TRUNCATE journal_lines CASCADE",
    ] {
        let err = sqlx::query(sql).execute(pool).await.expect_err(sql);
        assert!(err.to_string().contains("append-only"), "{sql}: {err}");
    }

    // An unbalanced entry written behind the ledger's back is refused at commit.
    let mut tx = pool.begin().await.expect("tx");
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO journal_entries (idempotency_key, request_hash, kind)
         VALUES ('rogue', '', 'adjustment') RETURNING id",
    )
    .fetch_one(&mut *tx)
    .await
    .expect("entry");
    sqlx::query("INSERT INTO journal_lines (entry_id, account_id, amount) VALUES ($1, $2, 1000)")
        .bind(id)
        .bind(alice)
        .execute(&mut *tx)
        .await
        .expect("line");
    let err = tx
        .commit()
        .await
        .expect_err("unbalanced entry must not commit");
    assert!(err.to_string().contains("does not balance"), "{err}");
    assert_books_balance(pool).await;
    db.drop_db().await;
}

#[tokio::test]
async fn ledger_check_finds_tampering() {
    let db = TestDb::new().await;
    let pool = &db.pool;
    let sys = system(pool, SystemAccount::Purchases).await;
    let alice = customer(pool).await;
    post(pool, &credit("earn", sys, alice, 5))
        .await
        .expect("earn");
    assert_books_balance(pool).await;
    // Balances are not history, so the database allows this; the check must notice.
    sqlx::query("UPDATE accounts SET balance = balance + 7 WHERE id = $1")
        .bind(alice)
        .execute(pool)
        .await
        .expect("tamper");
    let report = ledger::check(pool).await.expect("check runs");
    assert!(!report.is_ok());
    let text = report.to_string();
    assert!(text.contains("stored balance differs"), "{text}");
    assert!(text.contains("do not sum to zero"), "{text}");
    db.drop_db().await;
}
