//! Checkpoints: stop the workers, let the bot finish everything it has (every replica up, no
//! update left to deliver or handle), settle the unanswered operations from the database, then
//! compare every balance with the model, account for every purchase, and run `ledger check`.

use std::{
    collections::HashMap,
    sync::atomic::Ordering,
    time::{Duration, Instant},
};

use super::{
    cluster::{Cluster, Postman, lock},
    pending,
    world::World,
};
use crate::ledger;

/// Waits for the bot to be quiet; false after `limit`.
async fn quiesce(world: &World, postman: &Postman, limit: Duration) -> anyhow::Result<bool> {
    let started = Instant::now();
    let mut quiet_rounds = 0;
    while started.elapsed() < limit {
        let open: i64 =
            sqlx::query_scalar("SELECT COUNT(*) FROM inbox WHERE state IN ('pending', 'working')")
                .fetch_one(&world.pool)
                .await?;
        let idle = world.emu.pending_updates() == 0
            && !postman.busy.load(Ordering::SeqCst)
            && postman.duplicates.load(Ordering::SeqCst) == 0
            && open == 0;
        quiet_rounds = if idle { quiet_rounds + 1 } else { 0 };
        if quiet_rounds >= 3 {
            return Ok(true);
        }
        tokio::time::sleep(Duration::from_millis(150)).await;
    }
    Ok(false)
}

pub async fn checkpoint(
    world: &World,
    cluster: &tokio::sync::Mutex<Cluster>,
    postman: &Postman,
    op: u64,
) -> anyhow::Result<()> {
    {
        let mut cluster = cluster.lock().await;
        let down: Vec<usize> = lock(&cluster.ports)
            .iter()
            .enumerate()
            .filter(|(_, p)| p.is_none())
            .map(|(i, _)| i)
            .collect();
        for i in down {
            cluster.restart(i).await?;
        }
    }
    if !quiesce(world, postman, Duration::from_secs(180)).await? {
        world.violation(
            op,
            vec![],
            "the bot did not finish its updates within 180 s".into(),
        );
    }
    pending::reconcile(world).await?;
    compare_balances(world, op).await?;
    account_for_purchases(world, op).await?;
    let report = ledger::check(&world.pool).await?;
    if !report.is_ok() {
        world.violation(op, vec![], format!("ledger check failed:\n{report}"));
    }
    // Customers of settled operations may be used again (undecided ones stay apart).
    let still: Vec<usize> = {
        let pending = lock(&world.pending);
        let m = lock(&world.model);
        pending
            .iter()
            .flat_map(|p| match p {
                pending::Pending::Redeem { customer, .. } => m.touched_by(*customer),
                _ => vec![],
            })
            .map(|c| m.customers[c].slot)
            .collect()
    };
    let mut q = lock(&world.quarantine);
    q.clear();
    q.extend(still);
    drop(q);
    world.emu.forget_calls();
    Ok(())
}

async fn compare_balances(world: &World, op: u64) -> anyhow::Result<()> {
    let rows: Vec<(i64, i64)> =
        sqlx::query_as("SELECT id, balance FROM accounts WHERE kind = 'customer'")
            .fetch_all(&world.pool)
            .await?;
    let db: HashMap<i64, i64> = rows.into_iter().collect();
    let wrong: Vec<(usize, String)> = {
        let m = lock(&world.model);
        let mut wrong = Vec::new();
        for c in &m.customers {
            let actual = db.get(&c.account).copied();
            if actual != Some(c.balance) {
                wrong.push((
                    c.slot,
                    format!(
                        "customer {} (account {}): database balance {actual:?}, model {}",
                        c.id, c.account, c.balance
                    ),
                ));
            }
        }
        if db.len() != m.customers.len() {
            wrong.push((
                usize::MAX,
                format!(
                    "{} customer accounts in the database, {} in the model",
                    db.len(),
                    m.customers.len()
                ),
            ));
        }
        wrong
    };
    for (slot, what) in wrong {
        let slots = if slot == usize::MAX {
            vec![]
        } else {
            vec![slot]
        };
        world.violation(op, slots, what);
    }
    Ok(())
}

async fn account_for_purchases(world: &World, op: u64) -> anyhow::Result<()> {
    let rows: Vec<(i64, String, i64, i64)> =
        sqlx::query_as("SELECT id, idempotency_key, points, customer_id FROM purchases")
            .fetch_all(&world.pool)
            .await?;
    let mut problems = Vec::new();
    {
        let m = lock(&world.model);
        let slot_of = |customer_id: i64| {
            m.customers
                .iter()
                .find(|c| c.id == customer_id)
                .map(|c| c.slot)
        };
        for (id, key, points, customer) in &rows {
            match m.purchases.get(id) {
                None => problems.push((
                    slot_of(*customer),
                    format!("purchase #{id} ({key}) is posted but no operation accounts for it"),
                )),
                Some(p) if p.points != *points || &p.key != key => problems.push((
                    slot_of(*customer),
                    format!(
                        "purchase #{id}: database {key} +{points}, model {} +{}",
                        p.key, p.points
                    ),
                )),
                Some(_) => {}
            }
        }
        let posted: std::collections::HashSet<i64> = rows.iter().map(|r| r.0).collect();
        for p in m.purchases.values() {
            if !posted.contains(&p.receipt) {
                problems.push((
                    Some(m.customers[p.customer].slot),
                    format!(
                        "receipt #{} was confirmed but is not in the database",
                        p.receipt
                    ),
                ));
            }
        }
    }
    for (slot, what) in problems {
        world.violation(op, slot.into_iter().collect(), what);
    }
    Ok(())
}
