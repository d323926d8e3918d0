//! getUpdates long polling: confirm by `offset`, then hold the request until an update is queued
//! or `timeout` seconds pass. Like Telegram, a newer getUpdates ends an older one still waiting
//! with 409 Conflict, and getUpdates is refused while a webhook is set.

use std::time::Duration;

use serde_json::Value;
use tokio::time::Instant;

use super::Emulator;
use super::error::ApiError;
use super::methods::Params;

/// Telegram answers getUpdates with at most 100 updates.
const MAX_LIMIT: u64 = 100;
/// An upper bound on how long one request is held, whatever `timeout` says.
const MAX_TIMEOUT_SECS: u64 = 600;

pub(crate) async fn get_updates(emulator: &Emulator, params: &Params) -> Result<Value, ApiError> {
    let offset = params.get("offset").and_then(Value::as_i64).unwrap_or(0);
    let limit = params
        .get("limit")
        .and_then(Value::as_u64)
        .unwrap_or(MAX_LIMIT)
        .clamp(1, MAX_LIMIT);
    let timeout = params
        .get("timeout")
        .and_then(Value::as_u64)
        .unwrap_or(0)
        .min(MAX_TIMEOUT_SECS);
    let allowed = params
        .get("allowed_updates")
        .and_then(Value::as_array)
        .map(|kinds| {
            kinds
                .iter()
                .filter_map(Value::as_str)
                .map(str::to_owned)
                .collect::<Vec<_>>()
        });
    let generation = {
        let mut state = emulator.lock();
        if state.webhook_url.is_some() {
            return Err(ApiError::conflict(
                "can't use getUpdates method while webhook is active; use deleteWebhook to delete the webhook first",
            ));
        }
        state.confirm(offset, allowed);
        state.poll_generation += 1;
        if state.polls_waiting > 0 {
            state.overlapping_polls += 1;
        }
        state.polls_waiting += 1;
        state.poll_generation
    };
    let mut held = Held {
        emulator,
        answered: false,
    };
    // Wake an older poll so it notices it has been superseded.
    emulator.shared.updates.notify_waiters();
    let deadline = Instant::now() + Duration::from_secs(timeout);
    loop {
        let notified = emulator.shared.updates.notified();
        tokio::pin!(notified);
        notified.as_mut().enable();
        {
            let mut state = emulator.lock();
            if state.poll_generation != generation {
                held.answered = true;
                return Err(ApiError::conflict(
                    "terminated by other getUpdates request; make sure that only one bot instance is running",
                ));
            }
            let limit = usize::try_from(limit).unwrap_or(usize::MAX);
            let batch = state.batch(limit);
            if !batch.is_empty() || Instant::now() >= deadline {
                held.answered = true;
                return Ok(Value::Array(batch));
            }
        }
        tokio::select! {
            () = &mut notified => {}
            () = tokio::time::sleep_until(deadline) => {}
        }
    }
}

/// A getUpdates being held: counted while it waits; if the request future is dropped before it
/// answered, its client went away (timed out) while we still held it.
struct Held<'a> {
    emulator: &'a Emulator,
    answered: bool,
}

impl Drop for Held<'_> {
    fn drop(&mut self) {
        let mut state = self.emulator.lock();
        state.polls_waiting = state.polls_waiting.saturating_sub(1);
        if !self.answered {
            state.abandoned_polls += 1;
        }
    }
}
