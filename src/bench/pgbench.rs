//! The yardstick for `bench`: stock `pgbench -b tpcb-like` on the same server, with the same
//! number of clients and the same duration, at two scales.
//!
//! Why tpcb-like: each transaction is a few statements and one commit, like a posting. At
//! scale 1 every client updates the one `pgbench_branches` row, as every purchase once updated
//! the one `earned:purchases` account: the hot-row limit. At scale N (one branch per client)
//! the clients rarely meet on a row, as a shop's purchases rarely meet on a customer: what the
//! server does when nothing is hot, the figure issue #14 asks the ledger to match. It runs on
//! its own database, `loyalty_pgbench`, created when missing and re-initialised at every run.

use std::{
    fmt,
    path::{Path, PathBuf},
};

use anyhow::{Context, bail};

use crate::{config::redact_password, db};

pub const PGBENCH_DATABASE: &str = "loyalty_pgbench";

/// pgbench's figures for one run.
#[derive(Debug)]
pub struct Pgbench {
    /// Transactions per second without the initial connection time.
    pub tps: f64,
    pub latency_ms: Option<f64>,
    /// What was run, password redacted, so the figure can be reproduced.
    pub command: String,
}

impl fmt::Display for Pgbench {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}\npgbench tpcb-like: {:.1} tps",
            self.command, self.tps
        )?;
        if let Some(ms) = self.latency_ms {
            write!(f, "   latency average {ms:.2} ms")?;
        }
        Ok(())
    }
}

/// Initialises `scale` on [`PGBENCH_DATABASE`] and runs tpcb-like with `clients` clients and
/// threads for `seconds`.
pub async fn run(
    database_url: &str,
    scale: u32,
    clients: u32,
    seconds: u64,
) -> anyhow::Result<Pgbench> {
    let exe = find().context(
        "pgbench not found on PATH or in /usr/lib/postgresql/*/bin (it ships with the \
         PostgreSQL client packages)",
    )?;
    let url = super::with_database(database_url, PGBENCH_DATABASE)?;
    // db::connect creates the database when it does not exist yet.
    db::connect(&url, 1).await?.close().await;
    let scale = scale.to_string();
    run_tool(&exe, &["-i", "-s", &scale, "-q", &url]).await?;
    let (n, t) = (clients.to_string(), seconds.to_string());
    let args = ["-b", "tpcb-like", "-c", &n, "-j", &n, "-T", &t, &url];
    let out = run_tool(&exe, &args).await?;
    let tps = parse_tps(&out).with_context(|| format!("no tps line in pgbench output:\n{out}"))?;
    Ok(Pgbench {
        tps,
        latency_ms: parse_latency_ms(&out),
        command: format!(
            "{} (scale {scale}) {} {}",
            exe.display(),
            args[..8].join(" "),
            redact_password(&url)
        ),
    })
}

/// `pgbench` on PATH, else the newest `/usr/lib/postgresql/<version>/bin/pgbench` (Debian puts
/// it there without linking it onto PATH).
fn find() -> Option<PathBuf> {
    let on_path = std::env::var_os("PATH").and_then(|paths| {
        std::env::split_paths(&paths)
            .map(|dir| dir.join("pgbench"))
            .find(|p| p.is_file())
    });
    on_path.or_else(|| {
        let mut found: Vec<(u32, PathBuf)> = std::fs::read_dir("/usr/lib/postgresql")
            .ok()?
            .flatten()
            .filter_map(|e| {
                let version = e.file_name().to_str()?.parse().ok()?;
                Some((version, e.path().join("bin/pgbench")))
            })
            .filter(|(_, p)| p.is_file())
            .collect();
        found.sort();
        found.pop().map(|(_, p)| p)
    })
}

async fn run_tool(exe: &Path, args: &[&str]) -> anyhow::Result<String> {
    let mut cmd = std::process::Command::new(exe);
    cmd.args(args);
    // pgbench blocks for the whole run; keep it off the async workers.
    let output = tokio::task::spawn_blocking(move || cmd.output())
        .await?
        .with_context(|| format!("starting {}", exe.display()))?;
    if !output.status.success() {
        bail!(
            "{} {} failed ({}):\n{}",
            exe.display(),
            args.first().copied().unwrap_or_default(),
            output.status,
            String::from_utf8_lossy(&output.stderr)
        );
    }
    Ok(String::from_utf8_lossy(&output.stdout).into_owned())
}

/// The tps figure that leaves out connecting (PostgreSQL 14+ says "without initial connection
/// time", older versions "excluding connections establishing").
fn parse_tps(out: &str) -> Option<f64> {
    out.lines()
        .filter(|l| {
            l.contains("without initial connection time")
                || l.contains("excluding connections establishing")
        })
        .find_map(|l| {
            l.strip_prefix("tps = ")?
                .split_whitespace()
                .next()?
                .parse()
                .ok()
        })
}

fn parse_latency_ms(out: &str) -> Option<f64> {
    out.lines().find_map(|l| {
        l.strip_prefix("latency average = ")?
            .strip_suffix(" ms")?
            .parse()
            .ok()
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_the_figures_of_pg15_and_pg13() {
        let pg15 = "number of failed transactions: 0 (0.000%)\nlatency average = 6.468 ms\n\
                    initial connection time = 9.152 ms\ntps = 1236.862353 (without initial connection time)\n";
        assert_eq!(parse_tps(pg15), Some(1236.862353));
        assert_eq!(parse_latency_ms(pg15), Some(6.468));
        let pg13 = "tps = 900.5 (including connections establishing)\n\
                    tps = 912.25 (excluding connections establishing)\n";
        assert_eq!(parse_tps(pg13), Some(912.25));
        assert_eq!(parse_tps("nothing here"), None);
    }
}
