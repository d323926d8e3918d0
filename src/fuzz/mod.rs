//! `loyalty-bot fuzz`: every parser of user input (amounts, points, card numbers, start
//! payloads, card tokens, callback data, CSV and import rows, promo HTML, coupon and rule
//! syntax, birthdays, promo buttons, audience parameters, schedule times) gets `--cases`
//! generated inputs from a seeded generator ([`generate`]); each must not panic and must keep its
//! round-trip property ([`targets`]). A failing input is shrunk (characters dropped while it
//! still fails) before it is reported. cargo-fuzz needs nightly, which the project does not
//! use; this is the stable stand-in, and a CI-sized run is a unit test.

pub mod generate;
pub mod targets;

use std::{
    panic::{AssertUnwindSafe, catch_unwind},
    time::{Duration, Instant},
};

use rand::{SeedableRng, rngs::StdRng};

pub use targets::{TARGETS, Target};

/// `loyalty-bot fuzz` options.
#[derive(Debug, Clone, clap::Args)]
pub struct FuzzArgs {
    /// Generated inputs per parser.
    #[arg(long, default_value_t = 1_000_000)]
    pub cases: u64,
    /// Seed of the generator (default: a random one, printed).
    #[arg(long)]
    pub seed: Option<u64>,
    /// Only the parser of this name.
    #[arg(long)]
    pub target: Option<String>,
}

/// An input that broke a parser, shrunk.
#[derive(Clone, Debug)]
pub struct Finding {
    pub target: &'static str,
    pub input: String,
    pub problem: String,
}

#[derive(Debug)]
pub struct TargetRun {
    pub name: &'static str,
    pub cases: u64,
    pub elapsed: Duration,
    pub findings: Vec<Finding>,
}

/// Runs `cases` inputs through `target`; at most a few findings are kept (shrunk).
pub fn fuzz(target: &Target, cases: u64, seed: u64) -> TargetRun {
    let mut rng = StdRng::seed_from_u64(seed ^ fnv(target.name));
    let started = Instant::now();
    let mut findings: Vec<Finding> = Vec::new();
    for _ in 0..cases {
        let input = generate::input(&mut rng, target.examples);
        if let Some(problem) = failure(target, &input) {
            let input = shrink(target, input);
            let problem = failure(target, &input).unwrap_or(problem);
            if !findings.iter().any(|f| f.problem == problem) {
                findings.push(Finding {
                    target: target.name,
                    input,
                    problem,
                });
            }
            if findings.len() >= 5 {
                break;
            }
        }
    }
    TargetRun {
        name: target.name,
        cases,
        elapsed: started.elapsed(),
        findings,
    }
}

/// What is wrong with `input` for `target`, if anything (a panic included).
pub fn failure(target: &Target, input: &str) -> Option<String> {
    match catch_unwind(AssertUnwindSafe(|| (target.check)(input))) {
        Ok(Ok(())) => None,
        Ok(Err(problem)) => Some(problem),
        Err(panic) => Some(format!(
            "panic: {}",
            panic
                .downcast_ref::<String>()
                .map(String::as_str)
                .or(panic.downcast_ref::<&str>().copied())
                .unwrap_or("?")
        )),
    }
}

/// Drops characters while the input still fails: the shortest story of the bug.
fn shrink(target: &Target, input: String) -> String {
    let mut chars: Vec<char> = input.chars().collect();
    let mut i = 0;
    while i < chars.len() {
        let mut shorter = chars.clone();
        shorter.remove(i);
        let s: String = shorter.iter().collect();
        if failure(target, &s).is_some() {
            chars = shorter;
        } else {
            i += 1;
        }
    }
    chars.into_iter().collect()
}

fn fnv(s: &str) -> u64 {
    s.bytes().fold(0xcbf2_9ce4_8422_2325, |h, b| {
        (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
    })
}

/// `loyalty-bot fuzz`: prints a line per parser and each finding; the exit code is 1 on any.
pub fn run(args: &FuzzArgs) -> i32 {
    let seed = args.seed.unwrap_or_else(rand::random);
    println!("fuzz: seed {seed}, {} cases per parser", args.cases);
    // Panics are findings here, reported below: keep the default hook from printing each.
    let hook = std::panic::take_hook();
    std::panic::set_hook(Box::new(|_| {}));
    let mut failed = 0;
    for target in TARGETS {
        if args.target.as_deref().is_some_and(|t| t != target.name) {
            continue;
        }
        let r = fuzz(target, args.cases, seed);
        println!(
            "  {:<16} {:>9} cases in {:>6.1} s: {}",
            r.name,
            r.cases,
            r.elapsed.as_secs_f64(),
            if r.findings.is_empty() {
                "ok".to_owned()
            } else {
                format!("{} FINDINGS", r.findings.len())
            }
        );
        for f in &r.findings {
            println!("    ✗ {:?}: {}", f.input, f.problem);
        }
        failed += r.findings.len();
    }
    std::panic::set_hook(hook);
    i32::from(failed > 0)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// CI-sized: 20,000 inputs per parser (`loyalty-bot fuzz` runs a million).
    #[test]
    fn every_parser_survives_twenty_thousand_inputs() {
        let seed = rand::random();
        let mut all = Vec::new();
        for target in TARGETS {
            all.extend(fuzz(target, 20_000, seed).findings);
        }
        assert!(all.is_empty(), "seed {seed}: {all:#?}");
    }
}
