//! What the workers share: the emulator, the database, the model, the people (customer
//! slots, each behind its own lock so one operation at a time touches a customer), the
//! operation log and the violations found.

use std::{
    collections::{BTreeSet, HashSet},
    sync::{
        Mutex,
        atomic::{AtomicU64, Ordering},
    },
    time::Duration,
};

use sqlx::PgPool;

use super::{
    cluster::lock,
    faults::FaultKind,
    model::Model,
    pending::Pending,
    report::{OpRecord, Violation},
};
use crate::sandbox::emulator::{BotEvent, Emulator, SentMessage, UserProfile};

/// How long an operation waits for the bot's answer before it counts as unconfirmed.
pub const ANSWER_WAIT: Duration = Duration::from_secs(30);

/// A Telegram user's private chat, with how far the driver has read it.
pub struct Chat {
    pub user: UserProfile,
    pub cursor: u64,
}

impl Chat {
    pub fn new(id: i64, name: &str) -> Self {
        Self {
            user: UserProfile {
                id,
                first_name: name.to_owned(),
                username: None,
                language_code: Some("en".to_owned()),
            },
            cursor: 0,
        }
    }

    pub fn id(&self) -> i64 {
        self.user.id
    }

    /// Reads the chat until `pick` accepts an event (messages and edits it does not want are
    /// skipped: notices, late answers to earlier operations), for up to `wait`.
    pub async fn wait_for<T>(
        &mut self,
        emu: &Emulator,
        wait: Duration,
        mut pick: impl FnMut(&BotEvent) -> Option<T>,
    ) -> Option<T> {
        let deadline = tokio::time::Instant::now() + wait;
        loop {
            let left = deadline.saturating_duration_since(tokio::time::Instant::now());
            let event = emu.next_event(self.user.id, &mut self.cursor, left).await?;
            if let Some(found) = pick(&event) {
                return Some(found);
            }
        }
    }

    /// The next new message or edit whose text contains any of `needles`.
    pub async fn wait_text(&mut self, emu: &Emulator, needles: &[&str]) -> Option<SentMessage> {
        self.wait_for(emu, ANSWER_WAIT, |e| {
            text_of(e).filter(|m| needles.iter().any(|n| m.body().contains(n)))
        })
        .await
    }
}

/// The message of a new message or an edit.
pub fn text_of(e: &BotEvent) -> Option<SentMessage> {
    match e {
        BotEvent::Message(m) | BotEvent::Edited(m) => Some(m.clone()),
        _ => None,
    }
}

/// A customer slot: one Telegram person who may join, leave and come back.
pub struct Slot {
    pub chat: Chat,
    /// Their current model customer (`None` before joining or after erasing).
    pub customer: Option<usize>,
    /// Joined at least once (a return gets no welcome bonus).
    pub ever_joined: bool,
}

pub struct World {
    pub emu: Emulator,
    pub pool: PgPool,
    pub model: Mutex<Model>,
    pub slots: Vec<tokio::sync::Mutex<Slot>>,
    /// Slots whose last operation went unanswered: left alone until a checkpoint reconciles it.
    pub quarantine: Mutex<HashSet<usize>>,
    pub pending: Mutex<Vec<Pending>>,
    /// Redemption requests customers were already asked about.
    pub asked: Mutex<HashSet<i64>>,
    pub log: Mutex<Vec<OpRecord>>,
    pub violations: Mutex<Vec<Violation>>,
    pub faults: BTreeSet<FaultKind>,
    pub secret: crate::domain::CardSecret,
    pub bot_username: String,
    pub ops_started: AtomicU64,
    pub ops_target: u64,
    /// Operations whose answer never came (reconciled at checkpoints).
    pub unconfirmed: AtomicU64,
    /// Workers hold it (read) per operation; a checkpoint takes it (write) to quiesce.
    pub gate: tokio::sync::RwLock<()>,
}

impl World {
    /// Claims the next operation number, or `None` when the run has done its share.
    pub fn next_op(&self) -> Option<u64> {
        let n = self.ops_started.fetch_add(1, Ordering::SeqCst);
        (n < self.ops_target).then_some(n)
    }

    pub fn record(&self, op: OpRecord) {
        lock(&self.log).push(op);
    }

    pub fn violation(&self, op: u64, slots: Vec<usize>, what: String) {
        tracing::error!(op, ?slots, "torture violation: {what}");
        lock(&self.violations).push(Violation { op, slots, what });
    }

    pub fn quarantined(&self, slot: usize) -> bool {
        lock(&self.quarantine).contains(&slot)
    }

    /// Leaves the slots alone until the next checkpoint and remembers what to look up then.
    pub fn unanswered(&self, slots: &[usize], what: Pending) {
        self.unconfirmed.fetch_add(1, Ordering::SeqCst);
        lock(&self.quarantine).extend(slots.iter().copied());
        lock(&self.pending).push(what);
    }

    /// The slots of the model customers `touched` (buyer and inviter).
    pub fn slots_of(&self, touched: &[usize]) -> Vec<usize> {
        let model = lock(&self.model);
        touched.iter().map(|c| model.customers[*c].slot).collect()
    }
}

/// The first number after `marker` in `text` (digits, skipping thousands separators).
pub fn number_after(text: &str, marker: &str) -> Option<i64> {
    let rest = text.split(marker).nth(1)?;
    let digits: String = rest
        .trim_start()
        .chars()
        .take_while(|c| c.is_ascii_digit() || *c == ',' || *c == '\u{a0}' || *c == ' ')
        .filter(char::is_ascii_digit)
        .collect();
    digits.parse().ok()
}

#[cfg(test)]
mod tests {
    use super::number_after;

    #[test]
    fn numbers_are_read_after_their_marker() {
        let text = "✅ Receipt #12: 100.00 → +5 points for Anna.\nBalance: 1,055 points.";
        assert_eq!(number_after(text, "Receipt #"), Some(12));
        assert_eq!(number_after(text, "→ +"), Some(5));
        assert_eq!(number_after(text, "Balance: "), Some(1055));
        assert_eq!(number_after(text, "Nope"), None);
    }
}
