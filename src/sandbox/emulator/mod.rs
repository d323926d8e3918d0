//! A fake Telegram Bot API server for tests and the offline sandbox.
//!
//! The bot under test is pointed at [`Emulator::serve`]'s address (teloxide's `Bot::set_api_url`)
//! and talks HTTP to it exactly as to `api.telegram.org`. The test plays the users: it queues
//! updates with [`Emulator::send_text`], [`Emulator::press_button`] and friends, which the bot
//! receives through getUpdates long polling, and it observes what the bot did with
//! [`Emulator::messages`], [`Emulator::next_event`] and [`Emulator::calls`].
//!
//! Every request is validated against the vendored Bot API spec (`spec`) and the server's
//! limits (`limits`, `markup`); an invalid request is answered like the real server would
//! (400/404) and also kept in [`Emulator::validation_errors`], so a test can assert there were
//! none. Chats are private chats only (chat id = user id).
//!
//! Layout: `model` holds the public value types, `input` the user side, `chat_view` what a chat
//! app shows (both sides, command menus, files), `routes` the HTTP pipeline,
//! `methods`/`send`/`edit`/`poll` what each method does, `state` the memory, and `objects` the
//! JSON shapes of Telegram's objects, `web_app` the Mini App side (menu buttons, initData).

use std::sync::{Arc, Mutex, MutexGuard, PoisonError};
use std::time::Duration;

use tokio::sync::Notify;

mod chat_view;
mod edit;
mod error;
mod input;
mod limits;
mod markdown;
/// Also checks owners' `/promo` HTML: the same parser the emulator holds the bot to.
pub(crate) mod markup;
mod methods;
mod model;
mod objects;
mod params;
mod poll;
mod routes;
mod send;
mod snapshot;
mod spec;
mod state;
mod web_app;

pub use model::{
    ApiCall, BotEvent, BotProfile, ChatEntry, Fault, FileData, SentMessage, UserProfile,
};

pub use snapshot::Snapshot;
pub use web_app::valid_url as valid_web_app_url;

use state::State;

/// The emulator; clones share the same state.
#[derive(Clone)]
pub struct Emulator {
    shared: Arc<Shared>,
}

struct Shared {
    state: Mutex<State>,
    /// Signalled when updates are queued (wakes getUpdates long polls).
    updates: Notify,
    /// Signalled after every executed method (wakes [`Emulator::next_event`]).
    events: Notify,
}

impl Emulator {
    pub fn new(bot: BotProfile) -> Self {
        let shared = Shared {
            state: Mutex::new(State::new(bot)),
            updates: Notify::new(),
            events: Notify::new(),
        };
        Self {
            shared: Arc::new(shared),
        }
    }

    /// The Bot API routes, to serve directly or nest under a prefix.
    pub fn router(&self) -> axum::Router {
        routes::router(self.clone())
    }

    /// Serves [`Emulator::router`] on `listener` in a background task.
    pub async fn serve(&self, listener: tokio::net::TcpListener) -> tokio::task::JoinHandle<()> {
        let router = self.router();
        let address = listener
            .local_addr()
            .map(|a| a.to_string())
            .unwrap_or_default();
        tracing::info!(%address, api = %spec::spec().version, "Bot API emulator listening");
        tokio::spawn(async move {
            if let Err(error) = axum::serve(listener, router).await {
                tracing::error!(%error, "Bot API emulator: server stopped");
            }
        })
    }

    /// Opens `user`'s private chat as if they had started the bot long ago, without an update:
    /// lets tests seed thousands of reachable customers fast.
    pub fn open_chat(&self, user: &UserProfile) {
        self.lock().chat_with(user);
    }

    /// The bot's messages in a chat as they look now (edits applied, deletions gone), oldest
    /// first.
    pub fn messages(&self, chat_id: i64) -> Vec<SentMessage> {
        let state = self.lock();
        let chat = state.chats.get(&chat_id);
        let messages = chat.into_iter().flat_map(|chat| chat.messages.iter());
        messages
            .filter(|m| m.from_bot)
            .map(|m| m.sent.clone())
            .collect()
    }

    /// The reply keyboard the chat currently shows (rows of labels), set by the latest bot
    /// message that sent one and cleared by `remove_keyboard`.
    pub fn reply_keyboard(&self, chat_id: i64) -> Vec<Vec<String>> {
        let state = self.lock();
        state
            .chats
            .get(&chat_id)
            .map(|chat| chat.reply_keyboard.clone())
            .unwrap_or_default()
    }

    /// The next thing the bot did in the chat after `cursor` (the number of that chat's events
    /// already seen; start at 0), waiting up to `timeout`. Advances `cursor`.
    pub async fn next_event(
        &self,
        chat_id: i64,
        cursor: &mut u64,
        timeout: Duration,
    ) -> Option<BotEvent> {
        let deadline = tokio::time::Instant::now() + timeout;
        loop {
            let notified = self.shared.events.notified();
            tokio::pin!(notified);
            notified.as_mut().enable();
            {
                let state = self.lock();
                let index = usize::try_from(*cursor).unwrap_or(usize::MAX);
                let event = state
                    .chats
                    .get(&chat_id)
                    .and_then(|chat| chat.events.get(index));
                if let Some(event) = event {
                    *cursor += 1;
                    return Some(event.clone());
                }
            }
            tokio::select! {
                () = &mut notified => {}
                () = tokio::time::sleep_until(deadline) => return None,
            }
        }
    }

    /// How many bot-side events the chat has had: a cursor for [`Emulator::next_event`] that
    /// skips everything so far.
    pub fn events_len(&self, chat_id: i64) -> u64 {
        let state = self.lock();
        state
            .chats
            .get(&chat_id)
            .map_or(0, |chat| chat.events.len() as u64)
    }

    /// True once the bot has confirmed the update (a later `getUpdates` offset passed it):
    /// Telegram would never send it again.
    pub fn is_confirmed(&self, update_id: i64) -> bool {
        !self.lock().is_queued(update_id)
    }

    /// The update as Telegram would POST it to a webhook (tests deliver it to a replica).
    pub fn update_json(&self, update_id: i64) -> Option<serde_json::Value> {
        self.lock().update_json(update_id)
    }

    /// Every request received, in order.
    pub fn calls(&self) -> Vec<ApiCall> {
        self.lock().calls.clone()
    }

    /// The bytes of a stored file (uploaded by the bot or sent by a user).
    pub fn file_bytes(&self, file_id: &str) -> Option<Vec<u8>> {
        self.lock()
            .files
            .get(file_id)
            .map(|file| file.bytes.clone())
    }

    /// Makes the next call of `method` (any case) fail with `fault`; faults queue up per method.
    pub fn inject_fault(&self, method: &str, fault: Fault) {
        let mut state = self.lock();
        state
            .faults
            .entry(method.to_lowercase())
            .or_default()
            .push_back(fault);
    }

    /// Takes up to `limit` queued updates off the queue, oldest first, for a test that plays
    /// Telegram's webhook deliveries itself (the torture test's postman).
    pub fn take_updates(&self, limit: usize) -> Vec<serde_json::Value> {
        self.lock().take(limit)
    }

    /// Forgets the recorded calls (a long run would otherwise keep every request in memory).
    pub fn forget_calls(&self) {
        self.lock().calls.clear();
    }

    /// Enforces Telegram's global limit: beyond `per_second` messages in any second, sends
    /// get `429 retry_after=1` (`None`, the default, is unlimited).
    pub fn limit_sends(&self, per_second: Option<usize>) {
        self.lock().send_limit = per_second;
    }

    /// Sends refused with 429 by [`Emulator::limit_sends`] so far.
    pub fn rate_limited(&self) -> u64 {
        self.lock().rate_limited
    }

    /// getUpdates requests that overlapped one still held, and ones whose client gave up
    /// before the answer: both are 0 for a bot that polls right.
    pub fn poll_problems(&self) -> (u64, u64) {
        let state = self.lock();
        (state.overlapping_polls, state.abandoned_polls)
    }

    /// New updates get ids above `id`: a sandbox restarted on a database that already stored
    /// updates up to `id` (their ids must not be reused).
    pub fn continue_update_ids_after(&self, id: i64) {
        self.lock().continue_update_ids_after(id);
    }

    /// Descriptions of every refused request ("sendMessage: Bad Request: ...").
    pub fn validation_errors(&self) -> Vec<String> {
        self.lock().validation_errors.clone()
    }

    /// Updates queued and not yet confirmed by a getUpdates offset.
    pub fn pending_updates(&self) -> usize {
        self.lock().pending_updates()
    }

    pub fn bot(&self) -> BotProfile {
        self.lock().bot.clone()
    }

    fn lock(&self) -> MutexGuard<'_, State> {
        // A panic while holding the lock leaves plain data behind; keep serving it.
        self.shared
            .state
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
    }
}

#[cfg(test)]
mod chat_view_tests;
#[cfg(test)]
mod http_tests;
#[cfg(test)]
mod message_tests;
#[cfg(test)]
mod test_support;
#[cfg(test)]
mod update_tests;
