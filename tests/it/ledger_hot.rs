//! Property test for the hot system accounts (issue #14): eight tasks post random streams at
//! once, every posting in its own transaction and most of them through the same one or two
//! system accounts, while a ninth task keeps rolling up the system accounts and a tenth runs
//! `ledger check` in the middle of it all. Afterwards every balance must equal what the
//! successful postings say, system accounts included, before and after a last roll-up, and
//! every invariant must hold.

use std::{
    collections::HashMap,
    sync::{
        Arc, Mutex,
        atomic::{AtomicBool, AtomicU64, Ordering},
    },
};

use loyalty_bot::ledger::{
    self, AccountId, EntryId, EntryKind, LedgerError, Posted, Posting, SystemAccount, Transfer,
};
use proptest::prelude::*;
use sqlx::PgPool;

use crate::{ledger::assert_books_balance, support::db::TestDb};

const CUSTOMERS: usize = 4;
const TASKS: usize = 8;

#[derive(Clone, Debug)]
enum Op {
    /// From one of two issuing system accounts to a customer.
    Earn { issuer: usize, who: usize, n: i64 },
    /// From a customer to the `redeemed` sink.
    Spend { who: usize, n: i64 },
    /// One entry crediting two customers from the hot account (like a referral bonus).
    Pair { a: usize, b: usize, n: i64 },
    /// Reverse an entry any task wrote (so reversals of one entry race).
    Reverse { pick: usize },
    /// Post an earlier posting again: must replay it.
    Replay { pick: usize },
}

fn op() -> impl Strategy<Value = Op> {
    prop_oneof![
        4 => (0..2usize, 0..CUSTOMERS, 1..100i64).prop_map(|(issuer, who, n)| Op::Earn { issuer, who, n }),
        3 => (0..CUSTOMERS, 1..150i64).prop_map(|(who, n)| Op::Spend { who, n }),
        1 => (0..CUSTOMERS, 0..CUSTOMERS, 1..50i64).prop_map(|(a, b, n)| Op::Pair { a, b, n }),
        2 => any::<usize>().prop_map(|pick| Op::Reverse { pick }),
        1 => any::<usize>().prop_map(|pick| Op::Replay { pick }),
    ]
}

/// An entry that was written, as the model remembers it.
#[derive(Clone)]
struct Written {
    id: EntryId,
    posting: Posting,
    deltas: HashMap<AccountId, i64>,
}

/// What the tasks share: the accounts, the entries written, and the net effect of every
/// successful posting per account (the model).
struct Books {
    issuers: [AccountId; 2],
    sink: AccountId,
    customers: Vec<AccountId>,
    written: Mutex<Vec<Written>>,
    effect: Mutex<HashMap<AccountId, i64>>,
}

impl Books {
    fn apply(&self, deltas: &HashMap<AccountId, i64>) {
        let mut effect = self.effect.lock().expect("model lock");
        for (account, d) in deltas {
            *effect.entry(*account).or_default() += d;
        }
    }
}

fn deltas_of(transfers: &[Transfer]) -> HashMap<AccountId, i64> {
    let mut deltas = HashMap::new();
    for t in transfers {
        *deltas.entry(t.from).or_default() -= t.points.get();
        *deltas.entry(t.to).or_default() += t.points.get();
    }
    deltas.retain(|_, d| *d != 0);
    deltas
}

fn pts(n: i64) -> loyalty_bot::domain::Points {
    loyalty_bot::domain::Points::new(n).expect("positive")
}

static CASE: AtomicU64 = AtomicU64::new(0);

/// Runs one task's ops, each in its own transaction; panics (failing the case) on any
/// outcome the model does not allow.
async fn run_task(pool: PgPool, books: Arc<Books>, task: usize, case: u64, ops: Vec<Op>) {
    for (step, op) in ops.into_iter().enumerate() {
        let key = format!("hot{case}-t{task}-s{step}");
        let c = |i: usize| books.customers[i];
        let posting = match &op {
            Op::Earn { issuer, who, n } => Some(Posting::new(
                key.clone(),
                EntryKind::Purchase,
                vec![Transfer {
                    from: books.issuers[*issuer],
                    to: c(*who),
                    points: pts(*n),
                }],
            )),
            Op::Spend { who, n } => Some(Posting::new(
                key.clone(),
                EntryKind::Redemption,
                vec![Transfer {
                    from: c(*who),
                    to: books.sink,
                    points: pts(*n),
                }],
            )),
            Op::Pair { a, b, n } => Some(Posting::new(
                key.clone(),
                EntryKind::Referral,
                vec![
                    Transfer {
                        from: books.issuers[0],
                        to: c(*a),
                        points: pts(*n),
                    },
                    Transfer {
                        from: books.issuers[0],
                        to: c(*b),
                        points: pts(*n + 1),
                    },
                ],
            )),
            Op::Reverse { .. } | Op::Replay { .. } => None,
        };
        let mut tx = pool.begin().await.expect("begin");
        if let Some(posting) = posting {
            match ledger::post(&mut tx, &posting).await {
                Ok(Posted {
                    entry_id,
                    replayed: false,
                }) => {
                    tx.commit().await.expect("commit");
                    let deltas = deltas_of(&posting.transfers);
                    books.apply(&deltas);
                    let w = Written {
                        id: entry_id,
                        posting,
                        deltas,
                    };
                    books.written.lock().expect("lock").push(w);
                }
                Err(LedgerError::InsufficientPoints(a)) if matches!(op, Op::Spend { .. }) => {
                    assert_eq!(a, posting.transfers[0].from, "{op:?}");
                }
                other => panic!("{op:?}: {other:?}"),
            }
            continue;
        }
        let target = {
            let written = books.written.lock().expect("lock");
            let pick = match op {
                Op::Reverse { pick } | Op::Replay { pick } => pick,
                _ => 0,
            };
            (!written.is_empty()).then(|| written[pick % written.len()].clone())
        };
        let Some(target) = target else { continue };
        if matches!(op, Op::Replay { .. }) {
            if target.posting.kind == EntryKind::Reversal {
                continue;
            }
            let again = ledger::post(&mut tx, &target.posting).await;
            assert_eq!(
                again.ok(),
                Some(Posted {
                    entry_id: target.id,
                    replayed: true
                })
            );
            continue;
        }
        match ledger::reverse(&mut tx, target.id, key.clone(), serde_json::json!({})).await {
            Ok(Posted {
                entry_id,
                replayed: false,
            }) => {
                tx.commit().await.expect("commit");
                let deltas: HashMap<_, _> = target.deltas.iter().map(|(a, d)| (*a, -d)).collect();
                books.apply(&deltas);
                let posting = Posting::new(key, EntryKind::Reversal, vec![]);
                let w = Written {
                    id: entry_id,
                    posting,
                    deltas,
                };
                books.written.lock().expect("lock").push(w);
            }
            Err(
                LedgerError::AlreadyReversed(_)
                | LedgerError::InsufficientPoints(_)
                | LedgerError::ReversalOfReversal(_),
            ) => {}
            other => panic!("reverse {}: {other:?}", target.id.0),
        }
    }
}

async fn run_case(pool: &PgPool, tasks: Vec<Vec<Op>>) -> Result<(), TestCaseError> {
    let case = CASE.fetch_add(1, Ordering::SeqCst);
    let mut conn = pool.acquire().await.expect("conn");
    let issuers = [
        ledger::system_account(&mut conn, SystemAccount::Purchases)
            .await
            .expect("sys"),
        ledger::system_account(&mut conn, SystemAccount::WelcomeBonus)
            .await
            .expect("sys"),
    ];
    let sink = ledger::system_account(&mut conn, SystemAccount::Redeemed)
        .await
        .expect("sys");
    let mut customers = Vec::new();
    for _ in 0..CUSTOMERS {
        customers.push(
            ledger::open_customer_account(&mut conn)
                .await
                .expect("account"),
        );
    }
    // What the system accounts held before this case (earlier cases share the database).
    let mut start = HashMap::new();
    for a in issuers.iter().chain([&sink]) {
        start.insert(
            *a,
            ledger::balance(&mut conn, *a)
                .await
                .expect("balance")
                .posted,
        );
    }
    drop(conn);
    let books = Arc::new(Books {
        issuers,
        sink,
        customers,
        written: Mutex::new(Vec::new()),
        effect: Mutex::new(HashMap::new()),
    });

    let done = Arc::new(AtomicBool::new(false));
    let roller = {
        let (pool, done) = (pool.clone(), done.clone());
        tokio::spawn(async move {
            while !done.load(Ordering::SeqCst) {
                let mut conn = pool.acquire().await.expect("conn");
                ledger::roll_up(&mut conn).await.expect("roll up");
                drop(conn);
                tokio::time::sleep(std::time::Duration::from_millis(3)).await;
            }
        })
    };
    let checker = {
        let pool = pool.clone();
        tokio::spawn(async move { ledger::check(&pool).await.expect("check runs") })
    };
    let workers: Vec<_> = tasks
        .into_iter()
        .enumerate()
        .map(|(task, ops)| tokio::spawn(run_task(pool.clone(), books.clone(), task, case, ops)))
        .collect();
    for w in workers {
        w.await
            .map_err(|e| TestCaseError::fail(format!("task failed: {e}")))?;
    }
    done.store(true, Ordering::SeqCst);
    roller.await.expect("roller");
    let mid = checker.await.expect("checker");
    prop_assert!(mid.is_ok(), "check during the run: {}", mid);

    let effect = books.effect.lock().expect("lock").clone();
    let mut conn = pool.acquire().await.expect("conn");
    for rolled in [false, true] {
        if rolled {
            ledger::roll_up(&mut conn).await.expect("last roll-up");
            let queued: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM ledger_rollup_queue")
                .fetch_one(&mut *conn)
                .await
                .expect("queue");
            prop_assert_eq!(queued, 0);
        }
        for a in books.customers.iter().chain(issuers.iter()).chain([&sink]) {
            let want = start.get(a).copied().unwrap_or(0) + effect.get(a).copied().unwrap_or(0);
            let got = ledger::balance(&mut conn, *a).await.expect("balance");
            prop_assert_eq!(got.posted, want, "account {:?}, rolled up: {}", a, rolled);
            prop_assert!(got.available() >= 0 || !books.customers.contains(a));
        }
    }
    let report = ledger::check(pool).await.expect("check runs");
    prop_assert!(report.is_ok(), "{}", report);
    Ok(())
}

#[test]
fn concurrent_postings_on_hot_system_accounts_keep_every_invariant() {
    let rt = tokio::runtime::Runtime::new().expect("runtime");
    let db = rt.block_on(TestDb::new());
    let config = ProptestConfig {
        cases: 8,
        failure_persistence: None,
        ..ProptestConfig::default()
    };
    let streams = proptest::collection::vec(proptest::collection::vec(op(), 5..30), TASKS);
    let result = proptest::test_runner::TestRunner::new(config)
        .run(&streams, |tasks| rt.block_on(run_case(&db.pool, tasks)));
    // The property's own failure (shrunk) says more than the check of the books it left.
    if let Err(e) = result {
        rt.block_on(db.drop_db());
        panic!("{e}");
    }
    rt.block_on(assert_books_balance(&db.pool));
    rt.block_on(db.drop_db());
}
