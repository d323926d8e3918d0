//! Feeding updates to the handler tree, in both modes, through one durable inbox:
//! - [`polling`]: our own `getUpdates` loop. Each batch is stored in the [`inbox`] (one
//!   statement) before the next call acknowledges it with `offset`, and the next poll starts at
//!   once: polling never waits for handlers.
//! - [`webhook`]: an axum endpoint that stores the update and only then answers 200.
//! - [`workers`]: take updates from the inbox, one chat at a time and in order, many chats at
//!   once, on every replica; retry transient failures with backoff; dead-letter what keeps
//!   failing (and tell the user); drop floods ([`flood`]).
//! - [`health`]: `/healthz` and `/metrics`, served beside the webhook or alone.
//!
//! Workers call [`Engine::handle`], which runs [`crate::telegram::schema`] for one update.
//!
//! Why an update is marked done *after* its handler, not in the handler's own transaction: the
//! handler's reply (a receipt) is sent after its transaction commits; marking the row done in
//! that transaction would lose the reply on a crash between the commit and the send. Instead a
//! crash re-runs the handler, and every write it makes is keyed by the update (idempotency keys
//! by chat and message id, by callback query id), so the re-run posts nothing twice and sends
//! the reply again.

pub mod flood;
pub mod health;
pub mod inbox;
pub mod polling;
pub mod webhook;
pub mod workers;

use std::{ops::ControlFlow, time::Instant};

use teloxide::{
    dispatching::UpdateHandler,
    prelude::*,
    types::{Me, UpdateKind},
};

use crate::{outbound, telegram::AppRef};

/// Everything needed to handle one update.
pub struct Engine {
    pub bot: Bot,
    pub me: Me,
    pub app: AppRef,
    handler: UpdateHandler<anyhow::Error>,
}

/// How handling one update went.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Handled {
    Ok,
    /// The database or Telegram failed in a way that may pass: worth another attempt.
    Transient(String),
    /// A failure another attempt will not cure (a bug): given up at once.
    Failed(String),
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

    /// Handles one update to completion, its sends paced as replies.
    pub async fn handle(&self, update: Update) -> Handled {
        let started = Instant::now();
        let kind = kind_name(&update.kind);
        let id = update.id.0;
        // A chat's first update in this process: its command menu matches its role and language.
        crate::telegram::menus::on_update(&self.bot, &self.app, &update).await;
        let deps = dptree::deps![self.bot.clone(), self.me.clone(), self.app.clone(), update];
        let (result, send_failed) = outbound::scope(
            self.app.outbound.clone(),
            outbound::Class::Interactive,
            self.handler.dispatch(deps),
        )
        .await;
        crate::metrics::update_handled(kind, started.elapsed());
        match result {
            ControlFlow::Break(Ok(())) | ControlFlow::Continue(_) if send_failed => {
                Handled::Transient("a reply could not be delivered to Telegram".into())
            }
            ControlFlow::Break(Ok(())) | ControlFlow::Continue(_) => Handled::Ok,
            ControlFlow::Break(Err(e)) if is_transient(&e) => {
                tracing::warn!(update = id, error = %format!("{e:#}"), "handler failed; will retry");
                Handled::Transient(format!("{e:#}"))
            }
            ControlFlow::Break(Err(e)) => {
                tracing::error!(update = id, error = ?e, "handler failed");
                Handled::Failed(format!("{e:#}"))
            }
        }
    }

    /// The chat an update belongs to: updates of one chat are handled in order.
    pub fn chat_of(update: &Update) -> Option<i64> {
        update
            .chat()
            .map(|c| c.id.0)
            .or_else(|| update.from().map(|u| u.id.0 as i64))
    }
}

/// Whether an error may pass by itself: the database unreachable, restarting, or asking us to
/// retry (serialization failure, deadlock); Telegram unreachable or answering 5xx.
pub fn is_transient(e: &anyhow::Error) -> bool {
    e.chain().any(|cause| {
        if let Some(db) = cause.downcast_ref::<sqlx::Error>() {
            return db_transient(db);
        }
        if let Some(tg) = cause.downcast_ref::<teloxide::RequestError>() {
            return matches!(tg, teloxide::RequestError::RetryAfter(_))
                || outbound::is_transient(tg);
        }
        false
    })
}

fn db_transient(e: &sqlx::Error) -> bool {
    match e {
        sqlx::Error::Io(_)
        | sqlx::Error::Tls(_)
        | sqlx::Error::Protocol(_)
        | sqlx::Error::PoolTimedOut
        | sqlx::Error::PoolClosed
        | sqlx::Error::WorkerCrashed => true,
        sqlx::Error::Database(db) => db.code().is_some_and(|code| {
            // 08: connection exceptions; 57P0x: shutting down / starting up; 53: out of
            // resources; 40001/40P01: serialization failure and deadlock, retry by design.
            code.starts_with("08")
                || code.starts_with("57P0")
                || code.starts_with("53")
                || code == "40001"
                || code == "40P01"
        }),
        _ => false,
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn database_outages_are_transient_bugs_are_not() {
        let down = anyhow::Error::new(sqlx::Error::PoolTimedOut).context("loading the card");
        assert!(is_transient(&down));
        let io = sqlx::Error::Io(std::io::Error::new(
            std::io::ErrorKind::ConnectionRefused,
            "refused",
        ));
        assert!(is_transient(&anyhow::Error::new(io)));
        let bug = anyhow::Error::new(sqlx::Error::RowNotFound);
        assert!(!is_transient(&bug));
        assert!(!is_transient(&anyhow::anyhow!("no such card")));
    }
}
