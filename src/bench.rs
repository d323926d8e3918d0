//! `loyalty-bot bench`: how many purchase postings per second the ledger sustains on this
//! Postgres server, next to what `pgbench -b tpcb-like` does on the same server.
//!
//! A benchmark, not a timed test: a figure only means something on the machine that made it,
//! so this prints numbers instead of asserting them, and can run pgbench right after as the
//! yardstick. A posting and a tpcb transaction are alike (a handful of statements, a hot row
//! every client updates, one commit), so "one posting costs about one tpcb transaction" is the
//! expectation `BENCHMARKS.md` checks.
//!
//! Each simulated cashier is a tokio task with its own connection that posts purchases exactly
//! as the till does: one database transaction per purchase (`BEGIN`, [`ledger::post`],
//! `COMMIT`), a unique idempotency key, `earned:purchases` → a random customer. `--till` adds a
//! second phase through [`till::purchase::post`] (receipt row, rules, fraud counter). The run
//! ends with [`ledger::check`], so speed never hides a broken invariant.
//!
//! It only ever touches two databases on the server of `DATABASE_URL`: `loyalty_bench`
//! (dropped and recreated at every start, so runs are comparable) and `loyalty_pgbench`.

mod pgbench;

use std::{
    sync::Arc,
    time::{Duration, Instant},
};

use anyhow::Context;
use rand::{Rng, SeedableRng, rngs::StdRng};
use rust_decimal::Decimal;
use sqlx::{Connection, PgConnection, PgPool};

use crate::{
    config::redact_password,
    db,
    domain::{Language, Money, Points},
    ledger::{self, AccountId, EntryKind, Posting, SystemAccount, Transfer},
    storage::customers::{self, NewCustomer},
    till::{self, Staff, purchase::PurchaseRequest},
};

/// The database this benchmark owns; it is dropped at every start.
pub const BENCH_DATABASE: &str = "loyalty_bench";

/// `loyalty-bot bench` options.
#[derive(Debug, Clone, clap::Args)]
pub struct BenchArgs {
    /// Concurrent cashiers (one task and one connection each; also pgbench's -c and -j).
    #[arg(long, default_value_t = 4, value_parser = clap::value_parser!(u32).range(1..=90))]
    pub cashiers: u32,
    /// How long each phase posts, in seconds (also pgbench's -T).
    #[arg(long, default_value_t = 10, value_parser = clap::value_parser!(u64).range(1..))]
    pub seconds: u64,
    /// Customer accounts the purchases are spread over.
    #[arg(long, default_value_t = 1000, value_parser = clap::value_parser!(u32).range(1..))]
    pub customers: u32,
    /// Then run `pgbench -b tpcb-like` (scale 1, database loyalty_pgbench) for comparison.
    #[arg(long)]
    pub pgbench: bool,
    /// Also post through the full till purchase use case (receipts, rules, fraud counter).
    #[arg(long)]
    pub till: bool,
}

/// Which code path a phase posts through.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Path {
    Ledger,
    Till,
}

/// What the cashiers share: the system account and the customers as (customer id, account).
struct Shop {
    purchases: AccountId,
    customers: Vec<(i64, AccountId)>,
}

/// One phase's figures.
#[derive(Debug)]
struct Phase {
    ok: u64,
    failed: u64,
    first_error: Option<String>,
    elapsed: Duration,
    latencies: Vec<Duration>,
}

impl Phase {
    fn per_second(&self) -> f64 {
        self.ok as f64 / self.elapsed.as_secs_f64()
    }

    /// Latency at quantile `q` (0..=1) of the successful postings, in milliseconds.
    fn quantile_ms(&self, q: f64) -> f64 {
        let Some(last) = self.latencies.len().checked_sub(1) else {
            return f64::NAN;
        };
        let i = ((last as f64) * q).round() as usize;
        self.latencies[i.min(last)].as_secs_f64() * 1000.0
    }
}

/// Runs the benchmark; `Ok(code)` is the exit code (1 when a posting failed or the check did).
pub async fn run(database_url: &str, args: &BenchArgs) -> anyhow::Result<i32> {
    let url = with_database(database_url, BENCH_DATABASE)?;
    recreate_database(database_url, BENCH_DATABASE).await?;
    let pool = db::connect(&url, args.cashiers + 1).await?;
    db::migrate(&pool).await?;
    let version: String = sqlx::query_scalar("SHOW server_version")
        .fetch_one(&pool)
        .await?;
    println!(
        "bench: PostgreSQL {version} at {}, {} cashiers, {} s per phase, {} customers",
        redact_password(&url),
        args.cashiers,
        args.seconds,
        args.customers
    );
    let shop = Arc::new(open_shop(&pool, args.customers).await?);
    warm_up(&pool, args.cashiers).await?;

    let mut failed = false;
    let mut ledger_rate = 0.0;
    let paths: &[Path] = if args.till {
        &[Path::Ledger, Path::Till]
    } else {
        &[Path::Ledger]
    };
    for &path in paths {
        let phase = run_phase(&pool, &shop, args, path).await?;
        let label = match path {
            Path::Ledger => "ledger::post         ",
            Path::Till => "till::purchase::post ",
        };
        println!(
            "{label} {:>6} postings in {:.1} s = {:>8.1} postings/s   p50 {:.2} ms   p99 {:.2} ms   failed {}",
            phase.ok,
            phase.elapsed.as_secs_f64(),
            phase.per_second(),
            phase.quantile_ms(0.50),
            phase.quantile_ms(0.99),
            phase.failed
        );
        if let Some(e) = &phase.first_error {
            println!("  first failure: {e}");
        }
        failed |= phase.failed > 0;
        if path == Path::Ledger {
            ledger_rate = phase.per_second();
        }
    }

    let report = ledger::check(&pool).await?;
    println!("{report}");
    pool.close().await;

    if args.pgbench {
        let pg = pgbench::run(database_url, args.cashiers, args.seconds).await?;
        println!("{pg}");
        println!(
            "ratio: ledger postings/s ÷ pgbench tps = {:.2}",
            ledger_rate / pg.tps
        );
    }
    Ok(if report.is_ok() && !failed { 0 } else { 1 })
}

/// `base` with its database replaced by `name` (same server, user, password and options).
pub fn with_database(base: &str, name: &str) -> anyhow::Result<String> {
    let mut url = url::Url::parse(base).context("DATABASE_URL is not a URL")?;
    url.set_path(&format!("/{name}"));
    Ok(url.into())
}

/// Drops `name` (disconnecting anyone still on it) so every run starts from empty tables;
/// [`db::connect`] creates it again.
async fn recreate_database(base: &str, name: &str) -> anyhow::Result<()> {
    let admin = with_database(base, "postgres")?;
    let mut conn = PgConnection::connect(&admin)
        .await
        .with_context(|| format!("connecting to {}", redact_password(&admin)))?;
    sqlx::query(&format!("DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)"))
        .execute(&mut conn)
        .await
        .with_context(|| format!("dropping database {name}"))?;
    conn.close().await?;
    Ok(())
}

/// Opens `n` customers (account + customers row, like enrolment minus the card and bonus) in
/// one transaction.
async fn open_shop(pool: &PgPool, n: u32) -> anyhow::Result<Shop> {
    let mut tx = pool.begin().await?;
    let purchases = ledger::system_account(&mut tx, SystemAccount::Purchases).await?;
    let mut list = Vec::with_capacity(n as usize);
    for i in 0..i64::from(n) {
        let account_id = ledger::open_customer_account(&mut tx).await?;
        let new = NewCustomer {
            tg_user_id: 1_000_000 + i,
            chat_id: 1_000_000 + i,
            first_name: "Bench",
            language: Language::En,
            account_id,
            referral_code: &format!("bench{i}"),
            referred_by: None,
        };
        let customer = customers::insert(&mut tx, &new)
            .await?
            .context("bench customer already exists")?;
        list.push((customer.id, account_id));
    }
    tx.commit().await?;
    Ok(Shop {
        purchases,
        customers: list,
    })
}

/// Opens every connection before the clock starts, as pgbench's "without initial connection
/// time" figure does, so connecting is not counted as posting.
async fn warm_up(pool: &PgPool, n: u32) -> anyhow::Result<()> {
    let mut held = Vec::with_capacity(n as usize);
    for _ in 0..n {
        held.push(pool.acquire().await?);
    }
    Ok(())
}

async fn run_phase(
    pool: &PgPool,
    shop: &Arc<Shop>,
    args: &BenchArgs,
    path: Path,
) -> anyhow::Result<Phase> {
    let start = Instant::now();
    let deadline = start + Duration::from_secs(args.seconds);
    let tasks: Vec<_> = (0..args.cashiers)
        .map(|cashier| {
            tokio::spawn(cashier_loop(
                pool.clone(),
                shop.clone(),
                cashier,
                deadline,
                path,
            ))
        })
        .collect();
    let mut total = Phase {
        ok: 0,
        failed: 0,
        first_error: None,
        elapsed: Duration::ZERO,
        latencies: Vec::new(),
    };
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

/// One cashier: posts back to back until `deadline`, timing each purchase from BEGIN to COMMIT.
async fn cashier_loop(
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
    let mut phase = Phase {
        ok: 0,
        failed: 0,
        first_error: None,
        elapsed: Duration::ZERO,
        latencies: Vec::new(),
    };
    let mut seq = 0u64;
    while Instant::now() < deadline {
        seq += 1;
        let key = format!("bench:{path:?}:{cashier}:{seq}");
        let (customer_id, account) = shop.customers[rng.gen_range(0..shop.customers.len())];
        // 20.00 to 2000.00: at the default 5 % every purchase earns at least one point.
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

/// A purchase as the till posts it, minus the receipt row: its own transaction, one transfer.
async fn post_purchase(
    pool: &PgPool,
    key: &str,
    from: AccountId,
    to: AccountId,
    points: i64,
) -> anyhow::Result<()> {
    let posting = Posting::new(
        key,
        EntryKind::Purchase,
        vec![Transfer {
            from,
            to,
            points: Points::new(points)?,
        }],
    );
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
    fn swaps_only_the_database_name() {
        let url = with_database("postgres://u:p@db:6543/loyalty?sslmode=disable", "x").ok();
        assert_eq!(
            url.as_deref(),
            Some("postgres://u:p@db:6543/x?sslmode=disable")
        );
    }
}
