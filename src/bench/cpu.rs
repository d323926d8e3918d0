//! CPU time per posting, client and server side: a figure that other work on a shared machine
//! barely moves, unlike postings/s. On two cores a posting that costs 700 µs of CPU in all can
//! never exceed about 2,800/s however the waits are arranged, so this says how far the code
//! itself allows a figure to go, and whether a change made the work smaller or only moved it.
//!
//! Read from `/proc/<pid>/stat` (Linux; elsewhere it prints nothing): this process, and the
//! server backends of the benchmark's connections (Postgres must be on the same host). WAL
//! writer, checkpointer and autovacuum are not counted.

use std::time::Duration;

use sqlx::PgPool;

/// Clock ticks per second of `/proc/<pid>/stat` (`getconf CLK_TCK`, 100 on Linux).
const TICKS_PER_SECOND: u64 = 100;

/// CPU used so far by this process and by the benchmark's backends.
#[derive(Clone, Copy, Debug, Default)]
pub struct CpuTime {
    pub client: Duration,
    pub server: Duration,
}

impl CpuTime {
    /// Now, for the backends `pids`; `None` when `/proc` cannot be read.
    pub fn now(pids: &[i32]) -> Option<Self> {
        let mut server = Duration::ZERO;
        for pid in pids {
            server += cpu_of(&pid.to_string())?;
        }
        Some(Self {
            client: cpu_of("self")?,
            server,
        })
    }

    /// Microseconds per posting spent since `earlier`, client and server.
    pub fn per_posting_since(&self, earlier: &Self, postings: u64) -> (f64, f64) {
        let n = postings.max(1) as f64;
        (
            self.client.saturating_sub(earlier.client).as_secs_f64() * 1e6 / n,
            self.server.saturating_sub(earlier.server).as_secs_f64() * 1e6 / n,
        )
    }
}

/// The server pids of every other connection to this database (the pool's, opened by warm-up).
pub async fn backend_pids(pool: &PgPool) -> sqlx::Result<Vec<i32>> {
    sqlx::query_scalar(
        "SELECT pid FROM pg_stat_activity
         WHERE datname = current_database() AND backend_type = 'client backend'",
    )
    .fetch_all(pool)
    .await
}

/// utime + stime of `/proc/<pid>/stat` (fields 14 and 15, counted after the command name,
/// which may contain spaces and ends at the last ')').
fn cpu_of(pid: &str) -> Option<Duration> {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).ok()?;
    let rest = &stat[stat.rfind(')')? + 2..];
    let fields: Vec<&str> = rest.split_whitespace().collect();
    // `rest` starts at field 3 (state), so fields 14 and 15 are at 11 and 12.
    let ticks: u64 = fields.get(11)?.parse::<u64>().ok()? + fields.get(12)?.parse::<u64>().ok()?;
    Some(Duration::from_millis(ticks * 1000 / TICKS_PER_SECOND))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_this_process() {
        if cfg!(target_os = "linux") {
            assert!(cpu_of("self").is_some());
        }
    }
}
