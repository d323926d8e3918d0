//! The faults a torture run can inject, each switched on or off with `--faults`.

use std::collections::BTreeSet;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum FaultKind {
    /// SIGKILL of a bot process, restarted a moment later.
    Kill,
    /// `pg_terminate_backend` of every connection the bot processes hold.
    PgKill,
    /// The Bot API answers the next send with `429 retry_after`.
    RetryAfter,
    /// The Bot API answers the next send with 500.
    ServerError,
    /// The Bot API answers the next send late (up to 2 s).
    Slow,
    /// Telegram delivers an update a second time (to another replica).
    Duplicate,
    /// A handled update is handled again, as after a crash between the handler and the inbox
    /// marking it done.
    Rerun,
    /// Stale and forged button presses (old keyboards, other people's requests).
    Stale,
}

impl FaultKind {
    pub const ALL: [FaultKind; 8] = [
        FaultKind::Kill,
        FaultKind::PgKill,
        FaultKind::RetryAfter,
        FaultKind::ServerError,
        FaultKind::Slow,
        FaultKind::Duplicate,
        FaultKind::Rerun,
        FaultKind::Stale,
    ];

    pub fn name(self) -> &'static str {
        match self {
            FaultKind::Kill => "kill",
            FaultKind::PgKill => "pgkill",
            FaultKind::RetryAfter => "429",
            FaultKind::ServerError => "5xx",
            FaultKind::Slow => "slow",
            FaultKind::Duplicate => "dup",
            FaultKind::Rerun => "rerun",
            FaultKind::Stale => "stale",
        }
    }

    /// `all`, `none`, or a comma-separated list of names (see [`FaultKind::name`]).
    pub fn parse_list(list: &str) -> Result<BTreeSet<FaultKind>, String> {
        match list.trim() {
            "all" => return Ok(Self::ALL.into_iter().collect()),
            "none" | "" => return Ok(BTreeSet::new()),
            _ => {}
        }
        list.split(',')
            .map(str::trim)
            .map(|name| {
                Self::ALL
                    .into_iter()
                    .find(|k| k.name() == name)
                    .ok_or_else(|| {
                        let known: Vec<&str> = Self::ALL.iter().map(|k| k.name()).collect();
                        format!(
                            "unknown fault {name:?} (known: all, none, {})",
                            known.join(", ")
                        )
                    })
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lists_parse() {
        assert_eq!(FaultKind::parse_list("all").expect("all").len(), 8);
        assert!(FaultKind::parse_list("none").expect("none").is_empty());
        let some = FaultKind::parse_list("kill, 429").expect("a list");
        assert!(some.contains(&FaultKind::Kill) && some.contains(&FaultKind::RetryAfter));
        assert!(FaultKind::parse_list("kill,boom").is_err());
    }
}
