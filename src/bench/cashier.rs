//! The simulated cashiers: each is a tokio task that posts purchases back to back until the
//! phase's deadline, one database transaction per purchase, exactly as the till would.

use std::{
    sync::Arc,
    time::{Duration, Instant},
};

use anyhow::Context;
use rand::{Rng, SeedableRng, rngs::StdRng};
use rust_decimal::Decimal;
use sqlx::PgPool;

use crate::{
    domain::{Money, Points},
    ledger::{self, AccountId, EntryKind, Posting, Transfer},
    till::{self, Staff, purchase::PurchaseRequest},
};

/// Which code path a phase posts through.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Path {
    /// `BEGIN`, [`ledger::post`], `COMMIT`: the ledger's own cost.
    Ledger,
    /// [`till::purchase::post`]: the whole use case (receipt row, rules, fraud counter).
    Till,
}

/// What the cashiers share: the system account and the customers as (customer id, account).
pub struct Shop {
    pub purchases: AccountId,
    pub customers: Vec<(i64, AccountId)>,
}

/// One phase's figures (or one cashier's share of them).
#[derive(Debug, Default)]
pub struct Phase {
    pub ok: u64,
    pub failed: u64,
    pub first_error: Option<String>,
    pub elapsed: Duration,
    /// Of the successful postings, BEGIN to COMMIT; sorted once the phase is over.
    pub latencies: Vec<Duration>,
}

impl Phase {
    pub fn per_second(&self) -> f64 {
        self.ok as f64 / self.elapsed.as_secs_f64()
    }

    /// Latency at quantile `q` (0..=1) of the successful postings, in milliseconds.
    pub fn quantile_ms(&self, q: f64) -> f64 {
        let Some(last) = self.latencies.len().checked_sub(1) else {
            return f64::NAN;
        };
        let i = ((last as f64) * q).round() as usize;
        self.latencies[i.min(last)].as_secs_f64() * 1000.0
    }
}

/// Runs `cashiers` tasks until `deadline` and adds up what they did.
pub async fn run_phase(
    pool: &PgPool,
    shop: &Arc<Shop>,
    cashiers: u32,
    deadline: Instant,
    path: Path,
) -> anyhow::Result<Phase> {
    let start = Instant::now();
    let tasks: Vec<_> = (0..cashiers)
        .map(|c| tokio::spawn(cashier(pool.clone(), shop.clone(), c, deadline, path)))
        .collect();
    let mut total = Phase::default();
    for task in tasks {
        let p = task.await.context("a cashier task panicked")?;
        total.ok += p.ok;
        total.failed += p.failed;
        total.first_error = total.first_error.or(p.first_error);
        total.latencies.extend(p.latencies);
    }
    // The last postings finish a little after the deadline; count the time they really took.
    total.elapsed = start.elapsed();
    total.latencies.sort_unstable();
    Ok(total)
}

/// One cashier: posts until `deadline`, timing each purchase from BEGIN to COMMIT.
async fn cashier(
    pool: PgPool,
    shop: Arc<Shop>,
    cashier: u32,
    deadline: Instant,
    path: Path,
) -> Phase {
    // Seeded per cashier so two runs post the same sequence of purchases.
    let mut rng = StdRng::seed_from_u64(u64::from(cashier));
    let staff = Staff {
        tg_user_id: 10_000 + i64::from(cashier),
        name: format!("cashier {cashier}"),
        store: "bench".into(),
        is_owner: true,
    };
    let mut phase = Phase::default();
    let mut seq = 0u64;
    while Instant::now() < deadline {
        seq += 1;
        let key = format!("bench:{path:?}:{cashier}:{seq}");
        let (customer_id, account) = shop.customers[rng.gen_range(0..shop.customers.len())];
        // 20.00 to 2000.00: at the default 5 % every purchase earns 1 to 100 points.
        let cents: i64 = rng.gen_range(2_000..=200_000);
        let began = Instant::now();
        let result = match path {
            Path::Ledger => post_purchase(&pool, &key, shop.purchases, account, cents / 2000).await,
            Path::Till => post_till(&pool, key, &staff, customer_id, cents).await,
        };
        match result {
            Ok(()) => {
                phase.ok += 1;
                phase.latencies.push(began.elapsed());
            }
            Err(e) => {
                phase.failed += 1;
                phase.first_error.get_or_insert_with(|| format!("{e:#}"));
            }
        }
    }
    phase
}

/// A purchase's points as the till posts them, without the receipt row: its own transaction,
/// one transfer from `earned:purchases`.
async fn post_purchase(
    pool: &PgPool,
    key: &str,
    from: AccountId,
    to: AccountId,
    points: i64,
) -> anyhow::Result<()> {
    let transfer = Transfer {
        from,
        to,
        points: Points::new(points)?,
    };
    let posting = Posting::new(key, EntryKind::Purchase, vec![transfer]);
    let mut tx = pool.begin().await?;
    ledger::post(&mut tx, &posting).await?;
    tx.commit().await?;
    Ok(())
}

/// A purchase through the till's use case, as the cashier's Telegram handler calls it.
async fn post_till(
    pool: &PgPool,
    key: String,
    staff: &Staff,
    customer_id: i64,
    cents: i64,
) -> anyhow::Result<()> {
    let req = PurchaseRequest {
        key,
        staff,
        customer_id,
        amount: Money::new(Decimal::new(cents, 2))?,
        now: chrono::Utc::now(),
    };
    till::purchase::post(pool, &req).await?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quantiles_pick_from_the_sorted_latencies() {
        let phase = Phase {
            latencies: (1..=100).map(Duration::from_millis).collect(),
            ..Phase::default()
        };
        assert_eq!(phase.quantile_ms(0.5).round(), 51.0);
        assert_eq!(phase.quantile_ms(0.99).round(), 99.0);
        assert!(Phase::default().quantile_ms(0.5).is_nan());
    }
}
