//! `loyalty-bot torture`: random people drive the real bot through the chat while faults are
//! injected, and a model checks that no point was created or lost (issue #17).
//!
//! How the pieces fit: [`run`] makes a fresh database, starts the Bot API emulator and R real
//! bot processes in webhook mode ([`cluster`]; a postman plays Telegram's deliveries), then
//! runs one worker per cashier ([`driver`]). A worker draws operations from its own seeded
//! random generator: customers join ([`ops`]), cashiers serve them ([`till_ops`]), and faults
//! ([`faults`]) are drawn from the seed too. The [`model`] follows only what the bot confirmed;
//! an operation whose answer never came is settled from the database at the next checkpoint
//! ([`pending`]). At checkpoints and at the end, [`check`] compares every balance and purchase
//! with the model and runs `ledger check`. The [`report`] prints the seed, the pace, the
//! faults and each violation with the operations that led to it.
//!
//! Determinism: each worker's sequence of choices follows from the seed, and so does the fault
//! schedule by operation number. With more than one worker, which customer a worker meets
//! first, and when a fault lands relative to another worker's operation, depend on timing: two
//! runs of one seed do the same kinds of things, not the same things in the same order.

pub mod check;
pub mod cluster;
pub mod driver;
pub mod faults;
pub mod model;
pub mod ops;
pub mod pending;
pub mod report;
pub mod till_ops;
pub mod world;

use std::{collections::BTreeSet, path::PathBuf, str::FromStr, time::Instant};

use anyhow::Context;
use sqlx::{ConnectOptions, Connection, postgres::PgConnectOptions};

pub use faults::FaultKind;
pub use report::Report;

/// `loyalty-bot torture` options.
#[derive(Debug, Clone, clap::Args)]
pub struct TortureArgs {
    /// Seed of the operations and the fault schedule (default: a random one, printed).
    #[arg(long)]
    pub seed: Option<u64>,
    /// Operations to run.
    #[arg(long, default_value_t = 1000)]
    pub ops: u64,
    /// Bot processes on the one database.
    #[arg(long, default_value_t = 2, value_parser = clap::value_parser!(u32).range(1..=8))]
    pub replicas: u32,
    /// Faults to inject: `all`, `none`, or a list of kill, pgkill, 429, 5xx, slow, dup, rerun,
    /// stale.
    #[arg(long, default_value = "all")]
    pub faults: String,
    /// Cashiers working at once (one worker each).
    #[arg(long, default_value_t = 8, value_parser = clap::value_parser!(u32).range(1..=64))]
    pub cashiers: u32,
    /// People who may become customers.
    #[arg(long, default_value_t = 80, value_parser = clap::value_parser!(u32).range(2..))]
    pub people: u32,
    /// Operations between checkpoints.
    #[arg(long, default_value_t = 500)]
    pub checkpoint_every: u64,
    /// Faults per 1000 operations (each enabled kind in turn).
    #[arg(long, default_value_t = 30)]
    pub fault_rate: u32,
    /// Keep the database afterwards (it is dropped otherwise).
    #[arg(long)]
    pub keep_db: bool,
}

/// Everything a run needs besides the arguments.
pub struct Setup {
    /// The `loyalty-bot` executable to run as the replicas.
    pub bin: PathBuf,
    /// Any database URL on the server to use; the run makes its own database there.
    pub server_url: String,
}

pub fn random_seed() -> u64 {
    rand::random()
}

/// Runs the torture and returns its report (violations inside; `Err` only when the run itself
/// could not be carried out).
pub async fn run(args: &TortureArgs, setup: Setup) -> anyhow::Result<Report> {
    let seed = args.seed.unwrap_or_else(random_seed);
    let faults: BTreeSet<FaultKind> =
        FaultKind::parse_list(&args.faults).map_err(anyhow::Error::msg)?;
    let name = format!(
        "loyalty_torture_{}_{}",
        std::process::id(),
        seed % 1_000_000
    );
    let db_url = database_url(&setup.server_url, &name)?;
    drop_database(&setup.server_url, &name).await?;
    let options = PgConnectOptions::from_str(&db_url)?.application_name("torture");
    let pool = sqlx::postgres::PgPoolOptions::new()
        .max_connections(8)
        .connect_with(options.clone())
        .await;
    let pool = match pool {
        Ok(p) => p,
        Err(_) => {
            crate::db::connect(&db_url, 1).await?.close().await;
            sqlx::postgres::PgPoolOptions::new()
                .max_connections(8)
                .connect_with(options)
                .await?
        }
    };
    crate::db::migrate(&pool).await?;
    let started = Instant::now();
    let result = driver::drive(args, seed, faults, &setup, &db_url, pool.clone()).await;
    pool.close().await;
    if !args.keep_db {
        drop_database(&setup.server_url, &name).await?;
    }
    let mut report = result?;
    report.elapsed = started.elapsed().min(report.elapsed);
    Ok(report)
}

fn database_url(server: &str, name: &str) -> anyhow::Result<String> {
    let mut u = url::Url::parse(server).context("database URL")?;
    u.set_path(&format!("/{name}"));
    Ok(u.to_string())
}

async fn drop_database(server: &str, name: &str) -> anyhow::Result<()> {
    let admin = database_url(server, "postgres")?;
    let mut conn = PgConnectOptions::from_str(&admin)?
        .connect()
        .await
        .context("connecting to the server's postgres database")?;
    sqlx::query(&format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)"))
        .execute(&mut conn)
        .await?;
    conn.close().await?;
    Ok(())
}
