//! Feeding updates to the handler tree, in both modes, with the same guarantees:
//! - [`polling`]: our own `getUpdates` loop that confirms an update (the next call's `offset`)
//!   only after it was handled, so a crash or SIGTERM never loses a purchase: Telegram re-sends
//!   what was not confirmed, and idempotency keys make the re-send harmless.
//! - [`webhook`]: an axum endpoint that answers Telegram only after the update was handled.
//! - [`health`]: `/healthz` and `/metrics`, served beside the webhook or alone.
//!
//! Both call [`Engine::handle`], which runs [`crate::telegram::schema`] for one update.

pub mod health;
pub mod polling;
pub mod webhook;

use std::{ops::ControlFlow, time::Instant};

use teloxide::{
    dispatching::UpdateHandler,
    prelude::*,
    types::{Me, UpdateKind},
};

use crate::telegram::AppRef;

/// Everything needed to handle one update.
pub struct Engine {
    pub bot: Bot,
    pub me: Me,
    pub app: AppRef,
    handler: UpdateHandler<anyhow::Error>,
}

impl Engine {
    pub fn new(bot: Bot, me: Me, app: AppRef) -> Self {
        Self {
            bot,
            me,
            app,
            handler: crate::telegram::schema(),
        }
    }

    /// Handles one update to completion. Handler errors are logged, never propagated: one bad
    /// update must not stop the others (and re-sending it would fail the same way).
    pub async fn handle(&self, update: Update) {
        let started = Instant::now();
        let kind = kind_name(&update.kind);
        let id = update.id.0;
        let deps = dptree::deps![self.bot.clone(), self.me.clone(), self.app.clone(), update];
        match self.handler.dispatch(deps).await {
            ControlFlow::Break(Ok(())) | ControlFlow::Continue(_) => {}
            ControlFlow::Break(Err(e)) => {
                tracing::error!(update = id, error = ?e, "handler failed")
            }
        }
        crate::metrics::update_handled(kind, started.elapsed());
    }

    /// The chat an update belongs to: updates of one chat are handled in order.
    pub fn chat_of(update: &Update) -> Option<i64> {
        update
            .chat()
            .map(|c| c.id.0)
            .or_else(|| update.from().map(|u| u.id.0 as i64))
    }
}

fn kind_name(kind: &UpdateKind) -> &'static str {
    match kind {
        UpdateKind::Message(_) => "message",
        UpdateKind::EditedMessage(_) => "edited_message",
        UpdateKind::CallbackQuery(_) => "callback_query",
        UpdateKind::MyChatMember(_) => "my_chat_member",
        _ => "other",
    }
}
