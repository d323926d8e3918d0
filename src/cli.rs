//! The command line: `run` (default), `migrate`, `ledger check`.

use clap::{Parser, Subcommand};

use crate::{config::Config, db, ledger, startup};

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
    /// Apply database migrations and exit.
    Migrate,
    /// Ledger maintenance.
    Ledger {
        #[command(subcommand)]
        command: LedgerCommand,
    },
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
            let pool = db::connect(&config.database_url, 16).await?;
            db::migrate(&pool).await?;
            let running =
                startup::start(config, pool, startup::PollingOptions::default(), true).await?;
            tracing::info!("bot is running; press Ctrl-C to stop");
            running.wait().await;
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
    }
}
