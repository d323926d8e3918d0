//! `loyalty-bot bench --stats`: how long `/stats` takes on a big ledger.
//!
//! Posting a million lines one by one through `ledger::post` would take the better part of an
//! hour here, so the seed is bulk SQL (`generate_series`) written straight into the tables of
//! the dedicated bench database, with `session_replication_role = replica` so the per-row
//! "entry balances" constraint trigger does not run a million times. Every invariant is still
//! made true by construction (each entry is two opposite lines, balances and expiry lots are
//! set from the lines afterwards) and [`crate::ledger::check`] proves it at the end, so the
//! figures are for books the bot could have written.
//!
//! The shape: `customers` members joining over the past year, each with a welcome entry;
//! the other entries go round-robin over the customers, four purchases (10 to 100 points, a
//! `purchases` row each) then one redemption (1 to 4 points), spread evenly over the past year
//! in id order, as an append-only journal is.

use std::time::Instant;

use chrono::Utc;
use sqlx::PgPool;

use crate::{
    analytics::{Period, chart, stats},
    ledger::{self, SystemAccount},
};

/// Seeds about `lines` journal lines over `customers` customers.
pub async fn seed(pool: &PgPool, customers: u32, lines: u64) -> anyhow::Result<()> {
    let c = i64::from(customers);
    let entries = i64::try_from(lines / 2)?.max(c);
    let mut conn = pool.acquire().await?;
    let mut tx = sqlx::Acquire::begin(&mut *conn).await?;
    let purchases = ledger::system_account(&mut tx, SystemAccount::Purchases).await?;
    let redeemed = ledger::system_account(&mut tx, SystemAccount::Redeemed).await?;
    let welcome = ledger::system_account(&mut tx, SystemAccount::WelcomeBonus).await?;
    let base: i64 = sqlx::query_scalar("SELECT COALESCE(MAX(id), 0) FROM accounts")
        .fetch_one(&mut *tx)
        .await?;
    let statements: [&str; 9] = [
        "SET LOCAL session_replication_role = replica",
        "INSERT INTO accounts (id, kind, allow_negative)
         SELECT $1 + g, 'customer', FALSE FROM generate_series(1, $2) g",
        "INSERT INTO customers (id, tg_user_id, chat_id, first_name, language, account_id,
                                referral_code, referred_by, created_at)
         SELECT g, 1000000 + g, 1000000 + g, 'Bench', 'en', $1 + g, 'bench' || g,
                CASE WHEN g % 10 = 0 THEN g - 1 END,
                now() - interval '365 days' * (1 - g::float8 / $2)
         FROM generate_series(1, $2) g",
        "INSERT INTO journal_entries (id, idempotency_key, request_hash, kind, created_at)
         SELECT g, 'bench:' || g, 'bench',
                CASE WHEN g <= $2 THEN 'welcome'
                     WHEN ((g - $2 - 1) / $2) % 5 = 4 THEN 'redemption'
                     ELSE 'purchase' END,
                CASE WHEN g <= $2 THEN (SELECT created_at FROM customers WHERE id = g)
                     ELSE now() - interval '365 days' * (1 - (g - $2)::float8 / ($3 - $2)) END
         FROM generate_series(1, $3) g",
        // Customer side first, then the system side: two opposite lines per entry.
        "INSERT INTO journal_lines (entry_id, account_id, amount)
         SELECT e.id, x.account, x.amount
         FROM journal_entries e,
              LATERAL (SELECT $1 + CASE WHEN e.id <= $2 THEN e.id ELSE (e.id - $2 - 1) % $2 + 1 END
                                AS customer,
                              CASE e.kind WHEN 'welcome' THEN 50
                                          WHEN 'purchase' THEN 10 + e.id % 91
                                          ELSE -(1 + e.id % 4) END AS points) p,
              LATERAL (VALUES (p.customer, p.points),
                              (CASE e.kind WHEN 'welcome' THEN $4 WHEN 'purchase' THEN $5
                                           ELSE $6 END, -p.points)) x(account, amount)",
        "INSERT INTO purchases (idempotency_key, customer_id, staff_tg_id, store, amount, points,
                                entry_id, created_at)
         SELECT e.idempotency_key, (e.id - $2 - 1) % $2 + 1, 1, 'Bench', (10 + e.id % 91) * 20,
                10 + e.id % 91, e.id, e.created_at
         FROM journal_entries e WHERE e.kind = 'purchase'",
        "UPDATE accounts a SET balance = s.total
         FROM (SELECT account_id, SUM(amount)::BIGINT AS total FROM journal_lines
               GROUP BY account_id) s
         WHERE a.id = s.account_id",
        "INSERT INTO point_lots (account_id, entry_id, points, remaining)
         SELECT a.id, (SELECT MAX(entry_id) FROM journal_lines l WHERE l.account_id = a.id),
                a.balance, a.balance
         FROM accounts a WHERE a.kind = 'customer' AND a.balance > 0",
        "SELECT setval(pg_get_serial_sequence('accounts', 'id'), $1 + $2),
                setval(pg_get_serial_sequence('customers', 'id'), $2),
                setval(pg_get_serial_sequence('journal_entries', 'id'), $3)",
    ];
    let started = Instant::now();
    for sql in statements {
        // Parameters are positional: bind every one up to the highest the statement uses.
        let values = [base, c, entries, welcome.0, purchases.0, redeemed.0];
        let used = (1..=values.len())
            .rev()
            .find(|n| sql.contains(&format!("${n}")))
            .unwrap_or(0);
        let mut q = sqlx::query(sql);
        for v in &values[..used] {
            q = q.bind(*v);
        }
        q.execute(&mut *tx).await?;
    }
    tx.commit().await?;
    sqlx::query("ANALYZE").execute(&mut *conn).await?;
    let lines: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM journal_lines")
        .fetch_one(&mut *conn)
        .await?;
    println!(
        "seeded {customers} customers, {entries} entries, {lines} ledger lines in {:.1} s",
        started.elapsed().as_secs_f64()
    );
    Ok(())
}

/// Times `/stats` (the numbers, then the chart's series and PNG) for every period, best of
/// `runs` after one warm-up.
pub async fn time_stats(pool: &PgPool, runs: u32) -> anyhow::Result<()> {
    for period in Period::ALL {
        let now = Utc::now();
        stats::compute(pool, period, now).await?;
        let (mut best_stats, mut best_chart) = (f64::MAX, f64::MAX);
        let mut shown = None;
        for _ in 0..runs.max(1) {
            let t = Instant::now();
            let s = stats::compute(pool, period, now).await?;
            best_stats = best_stats.min(t.elapsed().as_secs_f64() * 1000.0);
            let t = Instant::now();
            let buckets = chart::series(pool, period, now).await?;
            chart::render(&buckets, &chart::Labels::english())?;
            best_chart = best_chart.min(t.elapsed().as_secs_f64() * 1000.0);
            shown = Some(s);
        }
        if let Some(s) = shown {
            println!(
                "/stats {:>4}: numbers {best_stats:>7.1} ms, chart {best_chart:>7.1} ms \
                 ({} purchases, {} points issued, {} outstanding)",
                period.code(),
                s.purchases,
                s.points_issued,
                s.points_outstanding
            );
        }
    }
    Ok(())
}
