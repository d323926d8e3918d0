//! The sender loop: claims due outbox rows, paces them within the configured limits and sends
//! each in its own task (so stopping the loop never cancels a send half way; see [`super`]).
//!
//! Limits: at most `rate` messages in any window of a little over a second, spaced evenly; one
//! message per chat per `per_chat`; and a `429 retry_after` from Telegram pauses the whole
//! sender, not only the row that got it, because Telegram's limit is per bot.

use std::{
    collections::{HashMap, VecDeque},
    sync::{Arc, Mutex},
    time::Duration,
};

use sqlx::PgPool;

use crate::outbound::{Class, Outbound};
use teloxide::{
    ApiError, RequestError,
    prelude::*,
    types::{InlineKeyboardButton, InlineKeyboardMarkup, InputFile, ParseMode},
};
use tokio::{
    sync::{OwnedSemaphorePermit, Semaphore, watch},
    time::Instant,
};

use super::{
    SenderConfig,
    outbox::{self, Begin, Claimed},
};

/// Rate windows are measured by the Bot API server when requests arrive; the margin absorbs
/// the jitter between our clock at dispatch and theirs at arrival.
const WINDOW: Duration = Duration::from_millis(1_025);
const IDLE: Duration = Duration::from_millis(250);
const SWEEP_EVERY: Duration = Duration::from_secs(5);
const MAX_BACKOFF: Duration = Duration::from_secs(60);

pub async fn run(
    bot: Bot,
    pool: PgPool,
    outbound: Arc<Outbound>,
    config: SenderConfig,
    mut stop: watch::Receiver<bool>,
) {
    let pause = Arc::new(Pause::default());
    let permits = Arc::new(Semaphore::new(config.concurrency));
    let mut limiter = Limiter::new(config.rate);
    let mut recent_chats: HashMap<i64, Instant> = HashMap::new();
    // A claim covers about half a second of sending, so a lease is never close to running out.
    let batch = i64::from(config.rate / 2).clamp(1, 200);
    let mut last_sweep: Option<Instant> = None;
    'outer: while !*stop.borrow() {
        if last_sweep.is_none_or(|at| at.elapsed() >= SWEEP_EVERY) {
            last_sweep = Some(Instant::now());
            match outbox::fail_abandoned(&pool).await {
                Ok(0) => {}
                Ok(n) => tracing::warn!(rows = n, "broadcast rows left in flight by a crash"),
                Err(e) => tracing::warn!(error = %e, "sweeping abandoned broadcast rows failed"),
            }
        }
        let rows = match outbox::claim(&pool, batch, config.lease).await {
            Ok(rows) => rows,
            Err(e) => {
                tracing::warn!(error = %e, "claiming broadcast rows failed");
                Vec::new()
            }
        };
        if rows.is_empty() {
            tokio::select! {
                () = tokio::time::sleep(IDLE) => {}
                changed = stop.changed() => if changed.is_err() { break 'outer },
            }
            continue;
        }
        let mut rows = rows.into_iter();
        while let Some(row) = rows.next() {
            if let Some(since) = recent_chats.get(&row.chat_id).map(Instant::elapsed)
                && since < config.per_chat
            {
                log_db(outbox::defer(&pool, row.id, config.per_chat - since).await);
                continue;
            }
            let ready = async {
                // Our share first, then the bot's whole budget, where replies go first.
                limiter.ready(&pause).await;
                outbound.permit(Some(row.chat_id), Class::Background).await;
                permits.clone().acquire_owned().await.ok()
            };
            let permit = tokio::select! {
                permit = ready => permit,
                _ = stop.wait_for(|s| *s) => None,
            };
            let Some(permit) = permit else {
                let unsent: Vec<i64> = std::iter::once(row.id).chain(rows.map(|r| r.id)).collect();
                log_db(outbox::release(&pool, &unsent).await);
                break 'outer;
            };
            limiter.record();
            recent_chats.insert(row.chat_id, Instant::now());
            tokio::spawn(send_one(
                bot.clone(),
                pool.clone(),
                row,
                pause.clone(),
                outbound.clone(),
                config,
                permit,
            ));
        }
        recent_chats.retain(|_, at| at.elapsed() < config.per_chat);
    }
    // Let the sends in flight finish and record their outcome before returning.
    let all = u32::try_from(config.concurrency).unwrap_or(u32::MAX);
    let _ = permits.acquire_many(all).await;
}

/// Marks the row `sending`, makes the HTTP call and records its outcome, all in a task of its
/// own: whatever happens to the loop that started it, a row marked `sending` in a living
/// process always learns its outcome.
async fn send_one(
    bot: Bot,
    pool: PgPool,
    row: Claimed,
    pause: Arc<Pause>,
    outbound: Arc<Outbound>,
    config: SenderConfig,
    _permit: OwnedSemaphorePermit,
) {
    match outbox::begin(&pool, row.id).await {
        Ok(Begin::Send) => {}
        Ok(Begin::Skipped | Begin::Held) => return,
        Err(e) => {
            tracing::warn!(error = %e, "starting a broadcast send failed");
            return;
        }
    }
    let sent = deliver(&bot, &row).await;
    let recorded = match sent {
        Ok(_) => outbox::mark_sent(&pool, row.id).await,
        Err(RequestError::RetryAfter(secs)) => {
            tracing::warn!(
                retry_after = secs.seconds(),
                "broadcast rate limited by Telegram"
            );
            pause.until(Instant::now() + secs.duration());
            outbound.pause(secs.duration());
            outbox::retry_later(
                &pool,
                row.id,
                secs.duration(),
                "429",
                false,
                config.max_attempts,
            )
            .await
        }
        Err(RequestError::Api(
            e @ (ApiError::BotBlocked
            | ApiError::UserDeactivated
            | ApiError::CantInitiateConversation
            | ApiError::BotKicked),
        )) => outbox::mark_blocked(&pool, &row, &e.to_string()).await,
        Err(e) if crate::outbound::is_transient(&e) => {
            let backoff = Duration::from_secs(1 << row.attempts.clamp(0, 6)).min(MAX_BACKOFF);
            tracing::info!(error = %e, ?backoff, "broadcast send failed; will retry");
            let error = e.to_string();
            outbox::retry_later(&pool, row.id, backoff, &error, true, config.max_attempts).await
        }
        Err(e) => {
            tracing::info!(error = %e, chat = row.chat_id, "broadcast message refused");
            outbox::mark_failed(&pool, row.id, &e.to_string()).await
        }
    };
    // Unrecorded, the row stays `sending` and is failed by the sweep when its lease runs out.
    log_db(recorded);
}

/// One promotion to one chat: a photo with the text as its caption, or a text message; with
/// the URL button when the broadcast has one.
async fn deliver(bot: &Bot, row: &Claimed) -> Result<(), RequestError> {
    let chat = ChatId(row.chat_id);
    let markup = match (&row.button_label, &row.button_url) {
        (Some(label), Some(url)) => match url.parse() {
            Ok(url) => Some(InlineKeyboardMarkup::new([[InlineKeyboardButton::url(
                label.clone(),
                url,
            )]])),
            // Validated when typed; a row edited by hand goes out without its button.
            Err(_) => None,
        },
        _ => None,
    };
    if let Some(photo) = &row.photo_file_id {
        let mut req = bot.send_photo(chat, InputFile::file_id(photo.clone().into()));
        if !row.text.is_empty() {
            req = req.caption(row.text.clone()).parse_mode(ParseMode::Html);
        }
        if let Some(markup) = markup {
            req = req.reply_markup(markup);
        }
        req.await.map(drop)
    } else {
        let mut req = bot
            .send_message(chat, row.text.clone())
            .parse_mode(ParseMode::Html);
        if let Some(markup) = markup {
            req = req.reply_markup(markup);
        }
        req.await.map(drop)
    }
}

fn log_db(result: sqlx::Result<()>) {
    if let Err(e) = result {
        tracing::warn!(error = %e, "recording a broadcast outcome failed");
    }
}

/// Until when Telegram asked the whole bot to hold off (429).
#[derive(Default)]
struct Pause(Mutex<Option<Instant>>);

impl Pause {
    fn until(&self, at: Instant) {
        let mut until = self
            .0
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        *until = Some(until.map_or(at, |u| u.max(at)));
    }

    fn get(&self) -> Option<Instant> {
        *self
            .0
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }
}

/// At most `rate` sends in any [`WINDOW`], spaced at least `1 s / rate` apart (up to 1,000/s).
struct Limiter {
    rate: usize,
    spacing: Duration,
    sent: VecDeque<Instant>,
}

impl Limiter {
    fn new(rate: u32) -> Self {
        let rate = rate.max(1);
        Self {
            rate: usize::try_from(rate).unwrap_or(usize::MAX),
            // Tokio's timer ticks in milliseconds: a finer spacing would sleep a whole tick per
            // message, so above 1,000/s only the window limits (a local Bot API server, bench).
            spacing: if rate <= 1_000 {
                Duration::from_secs(1) / rate
            } else {
                Duration::ZERO
            },
            sent: VecDeque::new(),
        }
    }

    async fn ready(&mut self, pause: &Pause) {
        loop {
            let now = Instant::now();
            while self.sent.front().is_some_and(|t| now - *t >= WINDOW) {
                self.sent.pop_front();
            }
            let mut wait = pause.get().filter(|t| *t > now);
            if self.sent.len() >= self.rate
                && let Some(first) = self.sent.front()
            {
                wait = wait.max(Some(*first + WINDOW));
            }
            if let Some(last) = self.sent.back()
                && *last + self.spacing > now
            {
                wait = wait.max(Some(*last + self.spacing));
            }
            match wait {
                Some(at) => tokio::time::sleep_until(at).await,
                None => return,
            }
        }
    }

    fn record(&mut self) {
        self.sent.push_back(Instant::now());
    }
}
