//! `loyalty-bot bench`: how many purchase postings per second the ledger sustains on this
//! Postgres server, next to what `pgbench -b tpcb-like` does on the same server.
//!
//! A benchmark, not a timed test: a figure only means something on the machine that made it,
//! so this prints numbers instead of asserting them, and can run pgbench right after as the
//! yardstick. A posting and a tpcb transaction are alike (a handful of statements, a hot row
//! every client updates, one commit), so "one posting costs about one tpcb transaction" is the
//! expectation `BENCHMARKS.md` checks.
//!
//! How the pieces fit: [`run`] recreates the database and opens the customers; [`cashier`]
//! runs the simulated cashiers (one transaction per purchase, like the till); [`waits`] samples
//! what their backends wait on meanwhile, to say *why* a figure is what it is; [`pgbench`] runs
//! the yardstick. The run ends with [`ledger::check`], so speed never hides a broken invariant.
//!
//! It only ever touches two databases on the server of `DATABASE_URL`: `loyalty_bench`
//! (dropped and recreated at every start, so runs are comparable) and `loyalty_pgbench`.

pub mod card;
pub mod cashier;
pub mod cpu;
pub mod pgbench;
pub mod stats;
pub mod updates;
pub mod waits;

use std::{
    str::FromStr,
    sync::Arc,
    time::{Duration, Instant},
};

use anyhow::Context;
use sqlx::{ConnectOptions, Connection, PgConnection, PgPool, postgres::PgConnectOptions};

use self::cashier::{Path, Shop};
use crate::{
    config::redact_password,
    db,
    domain::Language,
    ledger::{self, SystemAccount},
    storage::customers::{self, NewCustomer},
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
    /// Then run `pgbench -b tpcb-like` at scale 1 and at scale N = cashiers (database
    /// loyalty_pgbench) for comparison.
    #[arg(long)]
    pub pgbench: bool,
    /// Also post through the full till purchase use case (receipts, rules, fraud counter).
    #[arg(long)]
    pub till: bool,
    /// Instead of posting: seed `--lines` ledger lines over `--customers` in bulk and time
    /// `/stats` for every period (see `bench::stats`).
    #[arg(long)]
    pub stats: bool,
    /// Ledger lines to seed for `--stats`.
    #[arg(long, default_value_t = 1_000_000)]
    pub lines: u64,
    /// Instead of posting: time drawing the customer's card picture (no database needed).
    #[arg(long)]
    pub card: bool,
    /// Instead of posting: `/start` registrations per second through the whole bot and the
    /// Bot API emulator (see `bench::updates`).
    #[arg(long)]
    pub updates: bool,
    /// People in flight for `--updates`.
    #[arg(long, default_value_t = 50, value_parser = clap::value_parser!(u32).range(1..=10_000))]
    pub users: u32,
    /// With `--updates`: a bare teloxide echo bot instead of ours (the ceiling).
    #[arg(long)]
    pub echo: bool,
}

/// Runs the benchmark; `Ok(code)` is the exit code (1 when a posting failed or the check did).
pub async fn run(database_url: &str, args: &BenchArgs) -> anyhow::Result<i32> {
    if args.card {
        card::run(1000)?;
        return Ok(0);
    }
    if args.updates {
        return updates::run(database_url, args).await;
    }
    let url = with_database(database_url, BENCH_DATABASE)?;
    recreate_database(database_url, BENCH_DATABASE).await?;
    // One connection per cashier, one for the wait sampler and one for the roll-up: nobody
    // queues for the pool.
    let pool = db::connect(&url, args.cashiers + 2).await?;
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
    if args.stats {
        stats::seed(&pool, args.customers, args.lines).await?;
        stats::time_stats(&pool, 3).await?;
        let report = ledger::check(&pool).await?;
        println!("{report}");
        return Ok(if report.is_ok() { 0 } else { 1 });
    }
    let shop = Arc::new(open_shop(&pool, args.customers).await?);
    warm_up(&pool, args.cashiers + 2).await?;
    let backends = cpu::backend_pids(&pool).await?;

    let mut failed = false;
    let mut rates: Vec<(&str, f64)> = Vec::new();
    let paths: &[Path] = if args.till {
        &[Path::Ledger, Path::Till]
    } else {
        &[Path::Ledger]
    };
    for &path in paths {
        let deadline = Instant::now() + Duration::from_secs(args.seconds);
        let cpu_before = cpu::CpuTime::now(&backends);
        let (phase, waits, rolled) = tokio::join!(
            cashier::run_phase(&pool, &shop, args.cashiers, deadline, path),
            waits::sample_until(&pool, deadline),
            roll_up_until(&pool, deadline)
        );
        let (phase, waits, rolled) = (phase?, waits?, rolled?);
        let label = match path {
            Path::Ledger => "ledger::post",
            Path::Till => "till::purchase::post",
        };
        println!(
            "{label:<20} {:>6} postings in {:.1} s = {:>7.1} postings/s   p50 {:.2} ms   p99 {:.2} ms   failed {}",
            phase.ok,
            phase.elapsed.as_secs_f64(),
            phase.per_second(),
            phase.quantile_ms(0.50),
            phase.quantile_ms(0.99),
            phase.failed
        );
        println!("  {waits}");
        println!(
            "  roll-up of system accounts (every second, as the job loop does): {rolled} lines"
        );
        if let (Some(before), Some(after)) = (cpu_before, cpu::CpuTime::now(&backends)) {
            let (client, server) = after.per_posting_since(&before, phase.ok);
            println!("  cpu per posting: client {client:.0} µs, server {server:.0} µs");
        }
        if let Some(e) = &phase.first_error {
            println!("  first failure: {e}");
        }
        failed |= phase.failed > 0;
        rates.push((label, phase.per_second()));
    }

    let report = ledger::check(&pool).await?;
    println!("{report}");
    pool.close().await;

    if args.pgbench {
        // Scale 1: one hot branch row; scale N: a branch per client, nothing hot.
        let mut yardsticks = Vec::new();
        for scale in [1, args.cashiers] {
            let pg = pgbench::run(database_url, scale, args.cashiers, args.seconds).await?;
            println!("{pg}");
            yardsticks.push((scale, pg.tps));
            if args.cashiers == 1 {
                break;
            }
        }
        for (label, rate) in &rates {
            let ratios: Vec<String> = yardsticks
                .iter()
                .map(|(scale, tps)| format!("{:.2} (scale {scale})", rate / tps))
                .collect();
            println!("ratio: {label} ÷ pgbench tps = {}", ratios.join(", "));
        }
    }
    Ok(if report.is_ok() && !failed { 0 } else { 1 })
}

/// What the bot's job loop does meanwhile: folds the system accounts' queued lines into their
/// balances every second (see [`ledger::roll_up`]). Returns how many lines it folded.
async fn roll_up_until(pool: &PgPool, deadline: Instant) -> anyhow::Result<i64> {
    let mut conn = pool.acquire().await?;
    let mut rolled = 0;
    let mut tick = tokio::time::interval(Duration::from_secs(1));
    tick.tick().await;
    while Instant::now() < deadline {
        tick.tick().await;
        rolled += ledger::roll_up(&mut conn).await?;
    }
    Ok(rolled)
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
    let shown = redact_password(&admin);
    let options = PgConnectOptions::from_str(&admin)
        .with_context(|| format!("parsing {shown}"))?
        // A drop waits for a checkpoint; that is expected here, not a slow query to warn about.
        .log_slow_statements(tracing::log::LevelFilter::Debug, Duration::from_secs(1));
    let mut conn = PgConnection::connect_with(&options)
        .await
        .with_context(|| format!("connecting to {shown}"))?;
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
    let key = crate::identity::IdentityKey::load(&mut tx).await?;
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
            identity: &key.fingerprint(1_000_000 + i),
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
