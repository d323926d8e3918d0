//! Where the cashiers' database backends spend a phase, sampled from `pg_stat_activity`: the
//! evidence for *why* postings/s stops growing with more cashiers, printed next to the figure.
//!
//! How to read the labels: `Lock:transactionid` is a backend waiting for another transaction's
//! row lock, and `Lock:tuple` one queued behind such a waiter (here both mean the one
//! `earned:purchases` row every purchase updates); `IO:WALSync` and `LWLock:WALWrite` are a
//! commit's WAL flush; `Client:ClientRead` is Postgres waiting for the next statement inside
//! a transaction (a round trip, or the client short of CPU); `running` is on a CPU.

use std::{
    collections::BTreeMap,
    fmt,
    time::{Duration, Instant},
};

use sqlx::PgPool;

const EVERY: Duration = Duration::from_millis(50);

/// How often each state was seen, over all backends and samples.
#[derive(Debug, Default)]
pub struct Waits(BTreeMap<String, i64>);

impl fmt::Display for Waits {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let total: i64 = self.0.values().sum();
        let mut by_count: Vec<_> = self.0.iter().collect();
        by_count.sort_by(|a, b| b.1.cmp(a.1).then(a.0.cmp(b.0)));
        write!(f, "backends:")?;
        for (state, n) in by_count.into_iter().take(6) {
            write!(
                f,
                " {state} {:.0}%",
                100.0 * *n as f64 / total.max(1) as f64
            )?;
        }
        Ok(())
    }
}

/// Samples the other client backends of this database until `deadline`, on one connection of
/// `pool` (the one spare connection the cashiers leave).
pub async fn sample_until(pool: &PgPool, deadline: Instant) -> sqlx::Result<Waits> {
    let mut conn = pool.acquire().await?;
    let mut waits = Waits::default();
    let mut tick = tokio::time::interval(EVERY);
    while Instant::now() < deadline {
        tick.tick().await;
        let rows: Vec<(String, i64)> = sqlx::query_as(
            "SELECT CASE WHEN state = 'idle' THEN 'idle (between transactions)'
                         WHEN wait_event IS NULL THEN 'running'
                         ELSE wait_event_type || ':' || wait_event END,
                    COUNT(*)
             FROM pg_stat_activity
             WHERE datname = current_database() AND backend_type = 'client backend'
               AND pid <> pg_backend_pid()
             GROUP BY 1",
        )
        .fetch_all(&mut *conn)
        .await?;
        for (state, n) in rows {
            *waits.0.entry(state).or_default() += n;
        }
    }
    Ok(waits)
}
