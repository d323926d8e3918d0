//! The workers: take updates from the [`inbox`], run them through the [`Engine`], and record
//! how each ended.
//!
//! One claim loop per process takes the oldest open update of as many chats as it has room
//! for (`max_in_flight`) and runs each in a task of its own, so chats never wait for each
//! other; a chat's next update is claimable as soon as the one before it has finished. The
//! loop wakes when this process stores updates, when any replica does (`LISTEN inbox`), when a
//! task finishes, and every quarter second (retries whose backoff ran out).
//!
//! Failures: a transient one (database away, Telegram 5xx or unreachable) goes back to the
//! inbox with an exponential backoff; after [`inbox::MAX_ATTEMPTS`], or at once for a failure
//! that another attempt will not cure, the update is dead-lettered and the user gets a short
//! "something went wrong, please try again". While the database is away, a finished task keeps
//! trying to record its outcome (its lease may run out meanwhile; then another worker re-runs
//! the update, which the handlers' idempotency keys make harmless).

use std::{sync::Arc, time::Duration};

use sqlx::{PgPool, postgres::PgListener};
use teloxide::prelude::*;
use tokio::{
    sync::{Mutex, Notify, OwnedSemaphorePermit, Semaphore, watch},
    task::JoinSet,
    time::Instant,
};

use super::{
    Engine, Handled,
    flood::{Flood, Verdict},
    inbox::{self, Claimed, Finish},
};
use crate::{domain::Language, outbound, t};

/// How long a claimed update is reserved for its worker; renewed every third of it.
pub const LEASE: Duration = Duration::from_secs(15);
const TICK: Duration = Duration::from_millis(250);
const SWEEP_EVERY: Duration = Duration::from_secs(2);
const PRUNE_EVERY: Duration = Duration::from_secs(3_600);
/// Finished updates are kept this long (to ignore a late re-delivery, and to look into).
const KEEP: Duration = Duration::from_secs(3 * 24 * 3_600);

pub struct Workers {
    engine: Arc<Engine>,
    pool: PgPool,
    /// This process's id on the rows it holds.
    id: i64,
    max_in_flight: usize,
    wake: Arc<Notify>,
    flood: Mutex<Flood>,
}

impl Workers {
    pub fn new(engine: Arc<Engine>, pool: PgPool, max_in_flight: usize) -> Arc<Self> {
        Arc::new(Self {
            engine,
            pool,
            id: rand::random::<i64>().abs(),
            max_in_flight: max_in_flight.max(1),
            wake: Arc::new(Notify::new()),
            flood: Mutex::new(Flood::default()),
        })
    }

    /// Wakes the claim loop (new updates were stored).
    pub fn wake(&self) -> Arc<Notify> {
        self.wake.clone()
    }

    /// Runs until `stop`; then lets the updates in hand finish for up to `drain`, and gives
    /// back whatever is still unfinished so another replica or the next start takes it.
    pub async fn run(self: Arc<Self>, mut stop: watch::Receiver<bool>, drain: Duration) {
        let slots = Arc::new(Semaphore::new(self.max_in_flight));
        let mut tasks = JoinSet::new();
        let upkeep = tokio::spawn(self.clone().upkeep());
        let listener = tokio::spawn(listen(self.pool.clone(), self.wake.clone()));
        let mut failures = 0u32;
        while !*stop.borrow() {
            let free = slots.available_permits();
            if free > 0 {
                match inbox::claim(&self.pool, self.id, free as i64, LEASE).await {
                    Ok(rows) => {
                        failures = 0;
                        let claimed_all = rows.len() == free;
                        for row in rows {
                            let Ok(slot) = slots.clone().try_acquire_owned() else {
                                break;
                            };
                            tasks.spawn(self.clone().run_one(row, slot));
                        }
                        if claimed_all {
                            // There may be more: claim again as soon as a slot frees.
                            tokio::select! {
                                _ = tasks.join_next(), if !tasks.is_empty() => {}
                                _ = stop.changed() => {}
                            }
                            continue;
                        }
                    }
                    Err(e) => {
                        failures += 1;
                        if failures == 1 {
                            tracing::warn!(error = %e, "claiming updates failed; retrying");
                        }
                        let backoff = Duration::from_millis(100 << failures.min(5));
                        tokio::select! {
                            () = tokio::time::sleep(backoff) => {}
                            _ = stop.changed() => {}
                        }
                        continue;
                    }
                }
            }
            tokio::select! {
                () = self.wake.notified() => {}
                () = tokio::time::sleep(TICK) => {}
                Some(_) = tasks.join_next(), if !tasks.is_empty() => {}
                _ = stop.changed() => {}
            }
        }
        listener.abort();
        let drained =
            tokio::time::timeout(drain, async { while tasks.join_next().await.is_some() {} }).await;
        if drained.is_err() {
            tracing::warn!("updates still running at shutdown; giving them back");
            tasks.abort_all();
        }
        upkeep.abort();
        match inbox::release(&self.pool, self.id).await {
            Ok(0) => {}
            Ok(n) => tracing::info!(updates = n, "released unfinished updates"),
            Err(e) => {
                tracing::warn!(error = %e, "could not release updates; their lease will run out")
            }
        }
    }

    async fn run_one(self: Arc<Self>, row: Claimed, _slot: OwnedSemaphorePermit) {
        let how = self.process(&row).await;
        let mut wait = Duration::from_millis(100);
        let started = Instant::now();
        loop {
            match inbox::finish(&self.pool, self.id, row.update_id, &how).await {
                Ok(_) => break,
                Err(e) if started.elapsed() < LEASE * 4 => {
                    tracing::debug!(error = %e, update = row.update_id, "recording an outcome failed; retrying");
                    tokio::time::sleep(wait).await;
                    wait = (wait * 2).min(Duration::from_secs(2));
                }
                Err(e) => {
                    // The lease has long run out: another worker re-runs it.
                    tracing::warn!(error = %e, update = row.update_id, "could not record an outcome");
                    break;
                }
            }
        }
        self.wake.notify_one();
    }

    async fn process(&self, row: &Claimed) -> Finish {
        let update: Update = match serde_json::from_str(&row.payload) {
            Ok(u) => u,
            Err(e) => {
                tracing::error!(update = row.update_id, error = %e, "stored update does not parse");
                return Finish::Dead {
                    error: e.to_string(),
                };
            }
        };
        if row.attempts > inbox::MAX_ATTEMPTS {
            // Claimed again after a crash mid-handling, too often: something in it kills us.
            return self
                .give_up(&update, "the update was interrupted too often".into())
                .await;
        }
        let verdict = self
            .flood
            .lock()
            .await
            .check(row.chat_id, &update, row.behind);
        if let Verdict::Drop { tell } = verdict {
            tracing::info!(
                update = row.update_id,
                chat = row.chat_id,
                behind = row.behind,
                "flood: update dropped"
            );
            crate::metrics::update_dropped();
            if tell {
                self.tell(&update, "update-flood").await;
            }
            return Finish::Dropped;
        }
        let engine = self.engine.clone();
        let handled = tokio::spawn(async move { engine.handle(update).await }).await;
        let error = match handled {
            Ok(Handled::Ok) => return Finish::Done,
            Ok(Handled::Transient(e)) if row.attempts < inbox::MAX_ATTEMPTS => {
                let backoff = Duration::from_secs(1 << (row.attempts - 1).clamp(0, 6));
                crate::metrics::update_retried();
                return Finish::Retry { backoff, error: e };
            }
            Ok(Handled::Transient(e) | Handled::Failed(e)) => e,
            Err(panic) => format!("handler panicked: {panic}"),
        };
        match serde_json::from_str::<Update>(&row.payload) {
            Ok(update) => self.give_up(&update, error).await,
            Err(_) => Finish::Dead { error },
        }
    }

    async fn give_up(&self, update: &Update, error: String) -> Finish {
        tracing::error!(update = update.id.0, %error, "giving up on an update");
        crate::metrics::update_dead();
        self.tell(update, "update-failed").await;
        Finish::Dead { error }
    }

    /// A short note to the user who sent `update`, in their app's language.
    async fn tell(&self, update: &Update, key: &str) {
        let Some(chat) = update.chat().map(|c| c.id) else {
            return;
        };
        let app = &self.engine.app;
        let lang = update
            .from()
            .and_then(|u| u.language_code.as_deref())
            .and_then(Language::from_code)
            .unwrap_or(app.config.default_language);
        let text = t!(lang, key);
        let bot = self.engine.bot.clone();
        outbound::scope(app.outbound.clone(), outbound::Class::Interactive, async {
            crate::telegram::send::html(&bot, chat, text, None).await
        })
        .await;
    }

    /// Keeps leases alive, returns abandoned updates to the queue, prunes old rows.
    /// Runs until aborted: after a stop it keeps the leases of the draining updates alive.
    async fn upkeep(self: Arc<Self>) {
        let mut renew = tokio::time::interval(LEASE / 3);
        let mut last_sweep = Instant::now();
        let mut last_prune: Option<Instant> = None;
        loop {
            renew.tick().await;
            if let Err(e) = inbox::renew(&self.pool, self.id, LEASE).await {
                tracing::debug!(error = %e, "renewing leases failed");
            }
            if last_sweep.elapsed() >= SWEEP_EVERY {
                last_sweep = Instant::now();
                match inbox::sweep(&self.pool).await {
                    Ok(0) | Err(_) => {}
                    Ok(n) => {
                        tracing::warn!(
                            updates = n,
                            "updates left by a stopped worker are queued again"
                        );
                        self.wake.notify_one();
                    }
                }
            }
            if last_prune.is_none_or(|at| at.elapsed() >= PRUNE_EVERY) {
                last_prune = Some(Instant::now());
                if let Err(e) = inbox::prune(&self.pool, KEEP).await {
                    tracing::debug!(error = %e, "pruning the inbox failed");
                }
            }
        }
    }
}

/// Wakes the claim loop whenever any replica stores updates. Reconnects by itself after the
/// database was away; the claim loop's tick covers the gap.
async fn listen(pool: PgPool, wake: Arc<Notify>) {
    loop {
        let mut listener = match PgListener::connect_with(&pool).await {
            Ok(l) => l,
            Err(_) => {
                tokio::time::sleep(Duration::from_secs(1)).await;
                continue;
            }
        };
        if listener.listen("inbox").await.is_err() {
            tokio::time::sleep(Duration::from_secs(1)).await;
            continue;
        }
        while listener.recv().await.is_ok() {
            wake.notify_one();
        }
    }
}
