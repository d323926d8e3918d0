//! Prometheus metrics in text format, without a metrics framework: a handful of counters and
//! one latency histogram. Counters are process-wide (one registry per process is what a
//! scraper expects); gauges that must agree across replicas (ledger postings, queue depth) are
//! read from Postgres at scrape time instead.

use std::{
    collections::BTreeMap,
    fmt::Write,
    sync::{LazyLock, Mutex},
    time::Duration,
};

/// Upper bounds of the handler latency buckets, in seconds.
const BUCKETS: [f64; 10] = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 10.0];

#[derive(Default)]
struct Registry {
    updates: BTreeMap<&'static str, u64>,
    latency_buckets: [u64; BUCKETS.len()],
    latency_count: u64,
    latency_sum: f64,
    telegram_errors: BTreeMap<String, u64>,
    messages_sent: u64,
    updates_retried: u64,
    updates_dead: u64,
    updates_dropped: u64,
}

static REGISTRY: LazyLock<Mutex<Registry>> = LazyLock::new(Mutex::default);

fn with<R>(f: impl FnOnce(&mut Registry) -> R) -> R {
    let mut r = REGISTRY.lock().unwrap_or_else(|e| e.into_inner());
    f(&mut r)
}

/// One update handled: its kind (`message`, `callback_query`, ...) and how long it took.
pub fn update_handled(kind: &'static str, took: Duration) {
    with(|r| {
        *r.updates.entry(kind).or_default() += 1;
        let secs = took.as_secs_f64();
        for (i, bound) in BUCKETS.iter().enumerate() {
            if secs <= *bound {
                r.latency_buckets[i] += 1;
            }
        }
        r.latency_count += 1;
        r.latency_sum += secs;
    });
}

/// An update failed transiently and went back to the inbox.
pub fn update_retried() {
    with(|r| r.updates_retried += 1);
}

/// An update was given up (dead-lettered; the user was told).
pub fn update_dead() {
    with(|r| r.updates_dead += 1);
}

/// An update was dropped as part of a flood from one chat.
pub fn update_dropped() {
    with(|r| r.updates_dropped += 1);
}

/// Telegram refused a request: counted by error code (`429`, `403`, `400`, `network`, ...).
pub fn telegram_error(code: &str) {
    with(|r| *r.telegram_errors.entry(code.to_owned()).or_default() += 1);
}

/// Telegram accepted a request (a message sent, edited, answered...).
pub fn telegram_ok() {
    with(|r| r.messages_sent += 1);
}

/// The exposition text; `gauges` are values read elsewhere (e.g. from the database).
pub fn render(gauges: &[(&str, &str, f64)]) -> String {
    with(|r| {
        let mut out = String::new();
        let _ = writeln!(
            out,
            "# HELP loyalty_updates_total Updates handled, by kind."
        );
        let _ = writeln!(out, "# TYPE loyalty_updates_total counter");
        for (kind, n) in &r.updates {
            let _ = writeln!(out, "loyalty_updates_total{{kind=\"{kind}\"}} {n}");
        }
        let _ = writeln!(
            out,
            "# HELP loyalty_handler_seconds Time to handle one update."
        );
        let _ = writeln!(out, "# TYPE loyalty_handler_seconds histogram");
        for (i, bound) in BUCKETS.iter().enumerate() {
            let _ = writeln!(
                out,
                "loyalty_handler_seconds_bucket{{le=\"{bound}\"}} {}",
                r.latency_buckets[i]
            );
        }
        let _ = writeln!(
            out,
            "loyalty_handler_seconds_bucket{{le=\"+Inf\"}} {}",
            r.latency_count
        );
        let _ = writeln!(out, "loyalty_handler_seconds_sum {}", r.latency_sum);
        let _ = writeln!(out, "loyalty_handler_seconds_count {}", r.latency_count);
        let _ = writeln!(
            out,
            "# HELP loyalty_telegram_errors_total Telegram API errors, by code."
        );
        let _ = writeln!(out, "# TYPE loyalty_telegram_errors_total counter");
        for (code, n) in &r.telegram_errors {
            let _ = writeln!(out, "loyalty_telegram_errors_total{{code=\"{code}\"}} {n}");
        }
        let _ = writeln!(
            out,
            "# HELP loyalty_telegram_requests_total Requests Telegram accepted."
        );
        let _ = writeln!(out, "# TYPE loyalty_telegram_requests_total counter");
        let _ = writeln!(out, "loyalty_telegram_requests_total {}", r.messages_sent);
        for (name, help, value) in [
            (
                "loyalty_updates_retried_total",
                "Updates sent back to the inbox after a transient failure.",
                r.updates_retried,
            ),
            (
                "loyalty_updates_dead_total",
                "Updates given up after repeated failures (the user was told).",
                r.updates_dead,
            ),
            (
                "loyalty_updates_dropped_total",
                "Updates dropped as part of a flood from one chat.",
                r.updates_dropped,
            ),
        ] {
            let _ = writeln!(out, "# HELP {name} {help}");
            let _ = writeln!(out, "# TYPE {name} counter");
            let _ = writeln!(out, "{name} {value}");
        }
        for (name, help, value) in gauges {
            let _ = writeln!(out, "# HELP {name} {help}");
            let _ = writeln!(out, "# TYPE {name} gauge");
            let _ = writeln!(out, "{name} {value}");
        }
        out
    })
}
