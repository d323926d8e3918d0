//! What a run prints: the seed, the pace, the faults injected, and each violation with the
//! operations that touched the customer it is about (the shortest story that leads to it).

use std::{collections::BTreeMap, fmt, time::Duration};

/// One operation (or injected fault) as it happened.
#[derive(Clone, Debug)]
pub struct OpRecord {
    pub op: u64,
    pub worker: usize,
    /// Customer slots it touched (empty for faults).
    pub slots: Vec<usize>,
    pub what: String,
}

#[derive(Clone, Debug)]
pub struct Violation {
    pub op: u64,
    pub slots: Vec<usize>,
    pub what: String,
}

#[derive(Debug, Default)]
pub struct Report {
    pub seed: u64,
    pub ops: u64,
    pub elapsed: Duration,
    pub replicas: usize,
    pub workers: usize,
    pub faults: BTreeMap<&'static str, u64>,
    pub ops_by_kind: BTreeMap<&'static str, u64>,
    pub unconfirmed: u64,
    pub checkpoints: u64,
    pub violations: Vec<Violation>,
    /// Per violation, the log of the operations that touched its customers.
    pub stories: Vec<Vec<OpRecord>>,
    pub log_dir: String,
}

impl Report {
    pub fn ops_per_second(&self) -> f64 {
        self.ops as f64 / self.elapsed.as_secs_f64().max(0.001)
    }

    /// Attaches to each violation the operations that touched its customers.
    pub fn tell_stories(&mut self, log: &[OpRecord]) {
        self.stories = self
            .violations
            .iter()
            .map(|v| {
                log.iter()
                    .filter(|r| r.slots.iter().any(|s| v.slots.contains(s)) || r.op == v.op)
                    .cloned()
                    .collect()
            })
            .collect();
    }
}

impl fmt::Display for Report {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(f, "torture: seed {}", self.seed)?;
        writeln!(
            f,
            "  {} operations in {:.1} s: {:.1} ops/s ({} replicas, {} cashiers)",
            self.ops,
            self.elapsed.as_secs_f64(),
            self.ops_per_second(),
            self.replicas,
            self.workers
        )?;
        let kinds: Vec<String> = self
            .ops_by_kind
            .iter()
            .map(|(k, n)| format!("{k} {n}"))
            .collect();
        writeln!(f, "  operations: {}", kinds.join(", "))?;
        let faults: Vec<String> = self
            .faults
            .iter()
            .map(|(k, n)| format!("{k} {n}"))
            .collect();
        let total: u64 = self.faults.values().sum();
        writeln!(f, "  faults injected: {total} ({})", faults.join(", "))?;
        writeln!(
            f,
            "  unanswered operations (reconciled with the database): {}",
            self.unconfirmed
        )?;
        writeln!(f, "  checkpoints: {}", self.checkpoints)?;
        writeln!(f, "  violations: {}", self.violations.len())?;
        for (v, story) in self.violations.iter().zip(&self.stories) {
            writeln!(f, "  ✗ op {}: {}", v.op, v.what)?;
            for r in story {
                writeln!(f, "      #{} [cashier {}] {}", r.op, r.worker, r.what)?;
            }
        }
        if !self.violations.is_empty() {
            writeln!(f, "  replica logs: {}", self.log_dir)?;
            writeln!(
                f,
                "  reproduce: loyalty-bot torture --seed {} --ops {}",
                self.seed, self.ops
            )?;
        }
        Ok(())
    }
}
