//! The command line: `run` (default), `sandbox`, `migrate`, `ledger check`, `bench`, `torture`, `fuzz`.

use clap::{Parser, Subcommand};

use crate::{bench, config::Config, db, ledger, startup};

#[derive(Debug, Parser)]
#[command(
    name = "loyalty-bot",
    version,
    about = "Loyalty cards in Telegram on a Postgres ledger"
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Run the bot with long polling (the default).
    Run,
    /// Try everything offline: the real bot against an embedded Bot API emulator, with a web
    /// chat (owner, cashier, customers) in the browser. No Telegram token needed.
    Sandbox {
        /// Address of the web chat.
        #[arg(long, default_value = "127.0.0.1:8080")]
        listen: std::net::SocketAddr,
        /// Start from an empty database instead of the demo programme.
        #[arg(long)]
        fresh: bool,
    },
    /// Apply database migrations and exit.
    Migrate,
    /// Ledger maintenance.
    Ledger {
        #[command(subcommand)]
        command: LedgerCommand,
    },
    /// Measure ledger postings/s on database loyalty_bench (dropped first); see BENCHMARKS.md.
    Bench(bench::BenchArgs),
    /// Random customers and cashiers drive R real bot processes through the Bot API emulator
    /// while faults are injected; a model checks every balance (database loyalty_torture_*,
    /// made and dropped on the server of DATABASE_URL).
    Torture(crate::torture::TortureArgs),
    /// Feed every parser of user input generated inputs (a million each by default): no
    /// panic, and what is parsed writes back to the same value.
    Fuzz(crate::fuzz::FuzzArgs),
}

#[derive(Debug, Subcommand)]
pub enum LedgerCommand {
    /// Verify every ledger invariant; exits non-zero on any violation.
    Check,
}

/// Runs the parsed command; `Ok(code)` is the process exit code.
pub async fn execute(cli: Cli, config: Config) -> anyhow::Result<i32> {
    match cli.command.unwrap_or(Command::Run) {
        Command::Run => {
            // Check what `run` needs before touching the network, so the error names it.
            config.require_bot_token()?;
            config.require_card_secret()?;
            let stop = shutdown_signal();
            let pool = db::connect(&config.database_url, 16).await?;
            db::migrate(&pool).await?;
            let running =
                startup::start(config, pool.clone(), startup::PollingOptions::default()).await?;
            tracing::info!("bot is running; SIGTERM or Ctrl-C stops it gracefully");
            stop.await;
            tracing::info!("stopping: finishing the updates in flight");
            running.stop().await;
            pool.close().await;
            Ok(0)
        }
        Command::Sandbox { listen, fresh } => {
            let database_url = sandbox_database_url(&config.database_url)?;
            let options = crate::sandbox::SandboxOptions {
                listen,
                database_url,
                fresh,
                seed: !fresh,
                private_cluster_dir: None,
            };
            let stop = shutdown_signal();
            println!("Starting the sandbox (database loyalty_sandbox)...");
            let sandbox = crate::sandbox::start(options).await?;
            println!(
                "Sandbox ready: open {} in your browser. Ctrl-C stops it.",
                sandbox.url
            );
            stop.await;
            sandbox.stop().await;
            Ok(0)
        }
        Command::Migrate => {
            let pool = db::connect(&config.database_url, 2).await?;
            db::migrate(&pool).await?;
            println!("migrations applied");
            Ok(0)
        }
        Command::Ledger {
            command: LedgerCommand::Check,
        } => {
            let pool = db::connect(&config.database_url, 2).await?;
            db::migrate(&pool).await?;
            let report = ledger::check(&pool).await?;
            println!("{report}");
            Ok(if report.is_ok() { 0 } else { 1 })
        }
        Command::Bench(args) => bench::run(&config.database_url, &args).await,
        Command::Torture(mut args) => {
            let seed = args.seed.unwrap_or_else(crate::torture::random_seed);
            args.seed = Some(seed);
            println!("torture: seed {seed} (reproduce with --seed {seed})");
            let setup = crate::torture::Setup {
                bin: std::env::current_exe()?,
                server_url: config.database_url.clone(),
            };
            let report = crate::torture::run(&args, setup).await?;
            println!("{report}");
            Ok(if report.violations.is_empty() { 0 } else { 1 })
        }
        Command::Fuzz(args) => Ok(crate::fuzz::run(&args)),
    }
}

/// The sandbox keeps its data apart: same server as `DATABASE_URL`, database `loyalty_sandbox`.
fn sandbox_database_url(url: &str) -> anyhow::Result<String> {
    let mut u = url::Url::parse(url)?;
    u.set_path("/loyalty_sandbox");
    Ok(u.to_string())
}

/// SIGTERM (what Docker and systemd send) or SIGINT (Ctrl-C). The handlers are installed
/// when this is called, so call it before slow start-up work: a signal that arrives meanwhile
/// is kept, not fatal.
fn shutdown_signal() -> impl std::future::Future<Output = ()> {
    #[cfg(unix)]
    {
        use tokio::signal::unix::{SignalKind, signal};
        let handlers = (
            signal(SignalKind::terminate()),
            signal(SignalKind::interrupt()),
        );
        async move {
            match handlers {
                (Ok(mut term), Ok(mut int)) => {
                    tokio::select! {
                        _ = term.recv() => {}
                        _ = int.recv() => {}
                    }
                }
                _ => {
                    tracing::warn!("cannot install signal handlers; falling back to Ctrl-C only");
                    let _ = tokio::signal::ctrl_c().await;
                }
            }
        }
    }
    #[cfg(not(unix))]
    async {
        let _ = tokio::signal::ctrl_c().await;
    }
}
