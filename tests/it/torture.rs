//! The torture test, CI-sized: random customers and cashiers drive two real bot processes
//! through the emulator with every fault on, and the model finds no point created or lost.
//! One run with a fixed seed (the same kinds of operations every time) and one with a fresh
//! seed, printed so a failure can be replayed with `loyalty-bot torture --seed S`.

use loyalty_bot::torture::{self, Setup, TortureArgs};

use crate::support::db::admin_url;

fn args(seed: u64, ops: u64) -> TortureArgs {
    TortureArgs {
        seed: Some(seed),
        ops,
        replicas: 2,
        faults: "all".to_owned(),
        cashiers: 12,
        people: 60,
        checkpoint_every: 400,
        fault_rate: 30,
        keep_db: false,
    }
}

async fn torture(seed: u64, ops: u64) {
    let setup = Setup {
        bin: env!("CARGO_BIN_EXE_loyalty-bot").into(),
        server_url: admin_url(),
    };
    let report = torture::run(&args(seed, ops), setup)
        .await
        .expect("the torture run completes");
    println!("{report}");
    assert!(report.violations.is_empty(), "{report}");
    assert_eq!(report.ops, ops);
    assert!(
        report.faults.values().sum::<u64>() > 0,
        "faults were injected"
    );
}

fn ops() -> u64 {
    std::env::var("TORTURE_OPS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(800)
}

#[tokio::test]
async fn a_fixed_seed_under_every_fault_loses_and_creates_nothing() {
    torture(17, ops()).await;
}

#[tokio::test]
async fn a_fresh_seed_under_every_fault_loses_and_creates_nothing() {
    let seed = torture::random_seed();
    println!("torture seed {seed} (replay: loyalty-bot torture --seed {seed})");
    torture(seed, ops() / 2).await;
}
