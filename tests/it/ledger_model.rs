//! Model-based property test: random streams of earn / spend / reverse / replay against the
//! real ledger and a few lines of in-memory model must agree on every result and balance,
//! and the books must balance afterwards.

use std::sync::atomic::{AtomicU64, Ordering};

use loyalty_bot::{
    domain::Points,
    ledger::{self, AccountId, EntryId, EntryKind, LedgerError, Posting, SystemAccount, Transfer},
};
use proptest::prelude::*;

use crate::support::db::TestDb;

#[derive(Clone, Debug)]
enum Op {
    Earn { who: usize, n: i64 },
    Spend { who: usize, n: i64 },
    Reverse { pick: usize },
    Replay { pick: usize },
}

fn op() -> impl Strategy<Value = Op> {
    prop_oneof![
        3 => (0..3usize, 1..100i64).prop_map(|(who, n)| Op::Earn { who, n }),
        3 => (0..3usize, 1..150i64).prop_map(|(who, n)| Op::Spend { who, n }),
        2 => any::<usize>().prop_map(|pick| Op::Reverse { pick }),
        1 => any::<usize>().prop_map(|pick| Op::Replay { pick }),
    ]
}

/// What the model remembers of each entry that was written.
#[derive(Clone)]
struct Written {
    id: EntryId,
    posting: Posting,
    /// Change of each customer's balance.
    deltas: [i64; 3],
    reversal: bool,
    reversed: bool,
}

static CASE: AtomicU64 = AtomicU64::new(0);

async fn run_case(pool: &sqlx::PgPool, ops: &[Op]) -> Result<(), TestCaseError> {
    let case = CASE.fetch_add(1, Ordering::SeqCst);
    let mut conn = pool.acquire().await.expect("conn");
    let issuer = ledger::system_account(&mut conn, SystemAccount::Purchases)
        .await
        .expect("sys");
    let sink = ledger::system_account(&mut conn, SystemAccount::Redeemed)
        .await
        .expect("sys");
    let mut who: Vec<AccountId> = Vec::new();
    for _ in 0..3 {
        who.push(
            ledger::open_customer_account(&mut conn)
                .await
                .expect("account"),
        );
    }
    let mut model = [0i64; 3];
    let mut written: Vec<Written> = Vec::new();

    for (step, op) in ops.iter().enumerate() {
        let key = format!("case{case}-step{step}");
        match op {
            Op::Earn { who: w, n } | Op::Spend { who: w, n } => {
                let earn = matches!(op, Op::Earn { .. });
                let points = Points::new(*n).expect("positive");
                let (from, to, kind, d) = if earn {
                    (issuer, who[*w], EntryKind::Purchase, *n)
                } else {
                    (who[*w], sink, EntryKind::Redemption, -*n)
                };
                let posting = Posting::new(key, kind, vec![Transfer { from, to, points }]);
                let result = ledger::post(&mut conn, &posting).await;
                if model[*w] + d >= 0 {
                    let posted = result.map_err(|e| TestCaseError::fail(format!("{op:?}: {e}")))?;
                    prop_assert!(!posted.replayed);
                    model[*w] += d;
                    let mut deltas = [0; 3];
                    deltas[*w] = d;
                    written.push(Written {
                        id: posted.entry_id,
                        posting,
                        deltas,
                        reversal: false,
                        reversed: false,
                    });
                } else {
                    prop_assert!(
                        matches!(result, Err(LedgerError::InsufficientPoints(_))),
                        "{op:?}: {result:?}"
                    );
                }
            }
            Op::Reverse { pick } if !written.is_empty() => {
                let i = pick % written.len();
                let target = written[i].clone();
                let result =
                    ledger::reverse(&mut conn, target.id, key.clone(), serde_json::json!({})).await;
                let affordable = (0..3).all(|k| model[k] - target.deltas[k] >= 0);
                if target.reversal {
                    prop_assert!(
                        matches!(result, Err(LedgerError::ReversalOfReversal(_))),
                        "{result:?}"
                    );
                } else if target.reversed {
                    prop_assert!(
                        matches!(result, Err(LedgerError::AlreadyReversed(_))),
                        "{result:?}"
                    );
                } else if !affordable {
                    prop_assert!(
                        matches!(result, Err(LedgerError::InsufficientPoints(_))),
                        "{result:?}"
                    );
                } else {
                    let posted =
                        result.map_err(|e| TestCaseError::fail(format!("reverse: {e}")))?;
                    written[i].reversed = true;
                    let deltas = target.deltas.map(|d| -d);
                    for k in 0..3 {
                        model[k] += deltas[k];
                    }
                    let posting = Posting::new(key, EntryKind::Reversal, vec![]);
                    written.push(Written {
                        id: posted.entry_id,
                        posting,
                        deltas,
                        reversal: true,
                        reversed: false,
                    });
                }
            }
            Op::Replay { pick } if !written.is_empty() => {
                let target = &written[pick % written.len()];
                if !target.reversal {
                    let again = ledger::post(&mut conn, &target.posting).await;
                    prop_assert_eq!(
                        again.ok(),
                        Some(ledger::Posted {
                            entry_id: target.id,
                            replayed: true
                        })
                    );
                }
            }
            Op::Reverse { .. } | Op::Replay { .. } => {}
        }
        for k in 0..3 {
            let stored = ledger::balance(&mut conn, who[k])
                .await
                .expect("balance")
                .available();
            prop_assert_eq!(stored, model[k], "customer {} after {:?}", k, op);
        }
    }
    Ok(())
}

#[test]
fn ledger_agrees_with_a_simple_model() {
    let rt = tokio::runtime::Runtime::new().expect("runtime");
    let db = rt.block_on(TestDb::new());
    let config = ProptestConfig {
        cases: 32,
        failure_persistence: None,
        ..ProptestConfig::default()
    };
    let result = proptest::test_runner::TestRunner::new(config)
        .run(&proptest::collection::vec(op(), 1..40), |ops| {
            rt.block_on(run_case(&db.pool, &ops))
        });
    rt.block_on(crate::ledger::assert_books_balance(&db.pool));
    rt.block_on(db.drop_db());
    if let Err(e) = result {
        panic!("{e}");
    }
}
