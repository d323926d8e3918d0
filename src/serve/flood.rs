//! Flood control: a chat that sends more than a few messages a second without waiting for the
//! answers (a stuck key, a script, forty taps on "Card") gets the first few handled, then skips
//! to its latest message, and one polite note per flood. Other chats do not notice: each chat
//! has its own bucket.
//!
//! The bucket runs on the messages' own `date` (when the user sent them), not on when we read
//! them, so a backlog that waited out an outage is not mistaken for a flood. A message is only
//! dropped when newer ones of the same chat wait behind it: someone who reads each answer before
//! typing the next is never cut off, and the last message of a flood is always answered.
//! Button presses are never dropped: a press must be answered, and double taps are harmless by
//! design (idempotency keys).

use std::collections::HashMap;

use teloxide::types::{Update, UpdateKind};

/// Messages one chat may send at once.
const BURST: f64 = 5.0;
/// Sustained messages per second.
const RATE: f64 = 1.0;
/// Buckets of chats quiet for this long (seconds of message time) are forgotten.
const FORGET_AFTER: i64 = 60;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Verdict {
    Handle,
    /// Not handled; `tell` is true for the first dropped message of a flood.
    Drop {
        tell: bool,
    },
}

#[derive(Default)]
pub struct Flood {
    chats: HashMap<i64, Bucket>,
    newest: i64,
}

struct Bucket {
    tokens: f64,
    date: i64,
    told: bool,
}

impl Flood {
    /// `behind`: how many newer updates of the chat are waiting.
    pub fn check(&mut self, chat: i64, update: &Update, behind: i64) -> Verdict {
        let UpdateKind::Message(msg) = &update.kind else {
            return Verdict::Handle;
        };
        self.check_at(chat, msg.date.timestamp(), behind > 0)
    }

    fn check_at(&mut self, chat: i64, date: i64, more_waiting: bool) -> Verdict {
        if date > self.newest + FORGET_AFTER {
            self.chats.retain(|_, b| b.date + FORGET_AFTER > date);
            self.newest = date;
        }
        let bucket = self.chats.entry(chat).or_insert(Bucket {
            tokens: BURST,
            date,
            told: false,
        });
        let elapsed = (date - bucket.date).max(0) as f64;
        bucket.tokens = (bucket.tokens + elapsed * RATE).min(BURST);
        bucket.date = bucket.date.max(date);
        if bucket.tokens >= 1.0 || !more_waiting {
            bucket.tokens = (bucket.tokens - 1.0).max(0.0);
            if bucket.tokens >= BURST - 1.0 {
                // Calm again: a later flood gets its own note.
                bucket.told = false;
            }
            Verdict::Handle
        } else {
            let tell = !bucket.told;
            bucket.told = true;
            Verdict::Drop { tell }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn forty_at_once_handles_a_burst_and_tells_once() {
        let mut flood = Flood::default();
        let verdicts: Vec<_> = (0..40).map(|i| flood.check_at(1, 1_000, i < 39)).collect();
        let handled = verdicts.iter().filter(|v| **v == Verdict::Handle).count();
        // The burst, and the last one.
        assert_eq!(handled, 6);
        assert_eq!(verdicts[39], Verdict::Handle);
        let told = verdicts
            .iter()
            .filter(|v| **v == Verdict::Drop { tell: true })
            .count();
        assert_eq!(told, 1);
        // Another chat is not affected.
        assert_eq!(flood.check_at(2, 1_000, true), Verdict::Handle);
        // One a second is always fine.
        assert_eq!(flood.check_at(1, 1_001, true), Verdict::Handle);
        assert!(matches!(
            flood.check_at(1, 1_001, true),
            Verdict::Drop { tell: false }
        ));
    }

    #[test]
    fn someone_who_waits_for_each_answer_is_never_cut_off() {
        let mut flood = Flood::default();
        for _ in 0..20 {
            assert_eq!(flood.check_at(1, 1_000, false), Verdict::Handle);
        }
    }

    #[test]
    fn a_backlog_spread_over_time_is_not_a_flood() {
        let mut flood = Flood::default();
        // Thirty messages sent a second apart, read all at once after an outage.
        for second in 0..30 {
            assert_eq!(flood.check_at(1, 2_000 + second, true), Verdict::Handle);
        }
    }

    #[test]
    fn a_new_flood_after_calm_is_told_again() {
        let mut flood = Flood::default();
        for _ in 0..10 {
            flood.check_at(1, 100, true);
        }
        for _ in 0..4 {
            assert_eq!(flood.check_at(1, 200, true), Verdict::Handle);
        }
        let later: Vec<_> = (0..10).map(|_| flood.check_at(1, 200, true)).collect();
        assert!(later.contains(&Verdict::Drop { tell: true }));
    }
}
