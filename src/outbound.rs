//! One outbound scheduler for every message the bot sends, so the bot stays within Telegram's
//! limits without anyone waiting for the wrong reason:
//! - a global budget: at most `rate` messages in any window of a little over a second (Telegram
//!   allows about 30/s per bot; beyond it answers `429 retry_after`);
//! - each chat paced to about one message a second, with a short burst (a receipt and its
//!   follow-up go out together);
//! - replies to people who are talking to the bot ([`Class::Interactive`]) go before background
//!   sends ([`Class::Background`]: broadcasts, notices of jobs): a background send waits while
//!   any reply is waiting, so a broadcast uses only what the conversations leave;
//! - a `429 retry_after` from Telegram pauses the whole budget for that long ([`Outbound::pause`]).
//!
//! Handlers reach it through [`send`](crate::telegram::send): each update is handled inside
//! [`scope`], which says which class the sends of that task belong to and collects whether a
//! send failed in a way worth retrying the update for. Waiting here happens in the handler's own
//! task, which holds no database connection while it sends (see `telegram::send`), so a chat
//! that waits never holds back another chat's handler.

use std::{
    collections::{HashMap, VecDeque},
    future::Future,
    sync::{
        Arc, Mutex, PoisonError,
        atomic::{AtomicBool, Ordering},
    },
    time::Duration,
};

use tokio::{sync::Notify, time::Instant};

/// Rate windows are measured by the Bot API server when requests arrive; the margin absorbs
/// the jitter between our clock at dispatch and theirs at arrival.
const WINDOW: Duration = Duration::from_millis(1_050);
/// Messages a chat may get at once before pacing starts (a card screen, a receipt and a
/// stamp note in a row are normal at a till).
const CHAT_BURST: f64 = 5.0;
/// Sustained messages per second in one chat.
const CHAT_RATE: f64 = 1.0;
/// Chats idle this long are forgotten (their bucket is full again anyway).
const CHAT_IDLE: Duration = Duration::from_secs(10);

/// Who a send is for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Class {
    /// A reply to someone talking to the bot now.
    Interactive,
    /// Broadcasts and notices from jobs: only what conversations leave.
    Background,
}

/// The scheduler; one per bot process (cheap to share behind an `Arc`).
pub struct Outbound {
    state: Mutex<State>,
    changed: Notify,
}

struct State {
    rate: usize,
    sent: VecDeque<Instant>,
    paused_until: Option<Instant>,
    interactive_waiting: usize,
    chats: HashMap<i64, Bucket>,
    last_cleanup: Instant,
}

struct Bucket {
    tokens: f64,
    at: Instant,
}

impl Outbound {
    /// A scheduler allowing `rate` messages per second overall.
    pub fn new(rate: u32) -> Arc<Self> {
        Arc::new(Self {
            state: Mutex::new(State {
                rate: usize::try_from(rate.max(1)).unwrap_or(usize::MAX),
                sent: VecDeque::new(),
                paused_until: None,
                interactive_waiting: 0,
                chats: HashMap::new(),
                last_cleanup: Instant::now(),
            }),
            changed: Notify::new(),
        })
    }

    /// Waits until one message to `chat` (or a chat-less call when `None`) may go out now,
    /// and counts it.
    pub async fn permit(&self, chat: Option<i64>, class: Class) {
        let _waiting = (class == Class::Interactive).then(|| InteractiveWaiting::new(self));
        loop {
            let notified = self.changed.notified();
            tokio::pin!(notified);
            notified.as_mut().enable();
            let wait = self.lock().try_take(chat, class);
            match wait {
                None => return,
                Some(Some(until)) => {
                    tokio::select! {
                        () = tokio::time::sleep_until(until) => {}
                        () = &mut notified => {}
                    }
                }
                // A reply is waiting: go after it.
                Some(None) => notified.await,
            }
        }
    }

    /// Telegram said `429 retry_after`: nobody sends for `for_`.
    pub fn pause(&self, for_: Duration) {
        let until = Instant::now() + for_;
        let mut state = self.lock();
        state.paused_until = Some(state.paused_until.map_or(until, |u| u.max(until)));
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

impl State {
    /// `None`: taken. `Some(Some(t))`: try again at `t`. `Some(None)`: wait for a change.
    fn try_take(&mut self, chat: Option<i64>, class: Class) -> Option<Option<Instant>> {
        let now = Instant::now();
        if now.duration_since(self.last_cleanup) > CHAT_IDLE {
            self.chats
                .retain(|_, b| now.duration_since(b.at) < CHAT_IDLE);
            self.last_cleanup = now;
        }
        while self.sent.front().is_some_and(|t| now - *t >= WINDOW) {
            self.sent.pop_front();
        }
        let mut until = self.paused_until.filter(|t| *t > now);
        if class == Class::Background && self.interactive_waiting > 0 && until.is_none() {
            return Some(None);
        }
        if self.sent.len() >= self.rate
            && let Some(first) = self.sent.front()
        {
            until = until.max(Some(*first + WINDOW));
        }
        if let Some(chat) = chat {
            let bucket = self.chats.entry(chat).or_insert(Bucket {
                tokens: CHAT_BURST,
                at: now,
            });
            let refill = now.duration_since(bucket.at).as_secs_f64() * CHAT_RATE;
            bucket.tokens = (bucket.tokens + refill).min(CHAT_BURST);
            bucket.at = now;
            if bucket.tokens < 1.0 {
                let missing = (1.0 - bucket.tokens) / CHAT_RATE;
                until = until.max(Some(now + Duration::from_secs_f64(missing)));
            }
        }
        if until.is_some() {
            return Some(until);
        }
        self.sent.push_back(now);
        if let Some(bucket) = chat.and_then(|c| self.chats.get_mut(&c)) {
            bucket.tokens -= 1.0;
        }
        None
    }
}

/// Counts a waiting reply while it waits (background sends hold back meanwhile).
struct InteractiveWaiting<'a>(&'a Outbound);

impl<'a> InteractiveWaiting<'a> {
    fn new(outbound: &'a Outbound) -> Self {
        outbound.lock().interactive_waiting += 1;
        Self(outbound)
    }
}

impl Drop for InteractiveWaiting<'_> {
    fn drop(&mut self) {
        self.0.lock().interactive_waiting -= 1;
        self.0.changed.notify_waiters();
    }
}

/// What the sends of one task run under.
pub struct Context {
    pub outbound: Arc<Outbound>,
    pub class: Class,
    /// Set when a send failed in a way that may succeed later (network, 5xx): the update is
    /// worth handling again.
    transient_failure: AtomicBool,
}

tokio::task_local! {
    static CONTEXT: Arc<Context>;
}

/// Runs `fut` with its sends scheduled by `outbound` as `class`. Returns the output and whether
/// a send failed transiently inside it.
pub async fn scope<F: Future>(outbound: Arc<Outbound>, class: Class, fut: F) -> (F::Output, bool) {
    let context = Arc::new(Context {
        outbound,
        class,
        transient_failure: AtomicBool::new(false),
    });
    let out = CONTEXT.scope(context.clone(), fut).await;
    (out, context.transient_failure.load(Ordering::Relaxed))
}

/// Waits for a permit to send to `chat` under the current task's scope; sends outside any
/// scope (start-up calls) are not paced.
pub async fn permit(chat: Option<i64>) {
    let Ok(context) = CONTEXT.try_with(Arc::clone) else {
        return;
    };
    context.outbound.permit(chat, context.class).await;
}

/// Telegram answered 429: pause the whole budget of the current scope.
pub fn pause(for_: Duration) {
    let _ = CONTEXT.try_with(|c| c.outbound.pause(for_));
}

/// A send failed transiently (after its own retries).
pub fn note_transient_failure() {
    let _ = CONTEXT.try_with(|c| c.transient_failure.store(true, Ordering::Relaxed));
}

/// Network trouble and 5xx answers may succeed later; anything else Telegram said will not.
pub fn is_transient(e: &teloxide::RequestError) -> bool {
    use teloxide::{ApiError, RequestError};
    match e {
        RequestError::Network(_) | RequestError::Io(_) => true,
        RequestError::Api(ApiError::Unknown(text)) => [
            "Internal Server Error",
            "Bad Gateway",
            "Service Unavailable",
            "Gateway Timeout",
        ]
        .iter()
        .any(|s| text.contains(s)),
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test(start_paused = true)]
    async fn global_budget_is_a_sliding_window() {
        let out = Outbound::new(3);
        let start = Instant::now();
        for chat in 0..6 {
            out.permit(Some(chat), Class::Interactive).await;
        }
        // Three at once, the next three one window later.
        let took = start.elapsed();
        assert!(took >= WINDOW && took < WINDOW * 2, "{took:?}");
    }

    #[tokio::test(start_paused = true)]
    async fn one_chat_gets_a_burst_then_one_a_second() {
        let out = Outbound::new(1_000);
        let start = Instant::now();
        for _ in 0..7 {
            out.permit(Some(1), Class::Interactive).await;
        }
        let took = start.elapsed();
        assert!(
            took >= Duration::from_millis(1_990) && took < Duration::from_millis(2_100),
            "{took:?}"
        );
    }

    #[tokio::test(start_paused = true)]
    async fn a_pause_holds_everyone() {
        let out = Outbound::new(1_000);
        out.pause(Duration::from_secs(2));
        let start = Instant::now();
        out.permit(None, Class::Interactive).await;
        assert!(start.elapsed() >= Duration::from_secs(2));
    }

    #[tokio::test(start_paused = true)]
    async fn replies_go_before_background_sends() {
        let out = Outbound::new(1);
        // The window is full: both must wait for the next one, and the reply goes first.
        out.permit(None, Class::Background).await;
        let order = Arc::new(Mutex::new(Vec::new()));
        let bg = {
            let (out, order) = (out.clone(), order.clone());
            tokio::spawn(async move {
                out.permit(None, Class::Background).await;
                order
                    .lock()
                    .unwrap_or_else(PoisonError::into_inner)
                    .push("background");
            })
        };
        tokio::task::yield_now().await;
        let reply = {
            let (out, order) = (out.clone(), order.clone());
            tokio::spawn(async move {
                out.permit(None, Class::Interactive).await;
                order
                    .lock()
                    .unwrap_or_else(PoisonError::into_inner)
                    .push("reply");
            })
        };
        let _ = tokio::join!(bg, reply);
        let order = order.lock().unwrap_or_else(PoisonError::into_inner).clone();
        assert_eq!(order, ["reply", "background"]);
    }
}
