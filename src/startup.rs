//! Wiring: the bot client, start-up calls to Telegram, and the update loop (long polling or
//! webhook, see [`crate::serve`]) running the handler tree from [`crate::telegram::schema`].
//! `run`, the sandbox and the integration tests all go through [`start`], so the tests exercise
//! exactly the production path.

use std::{net::SocketAddr, sync::Arc, time::Duration};

use anyhow::Context;
use sqlx::PgPool;
use teloxide::{
    prelude::*,
    types::{BotCommandScope, Me},
};
use tokio::sync::watch;

use crate::{
    broadcast,
    config::Config,
    domain::Language,
    outbound::{self, Outbound},
    serve::{Engine, health, polling, webhook, workers::Workers},
    t,
    telegram::{self, App, commands::customer_commands},
};

/// How long one `getUpdates` long poll waits on the server. The default stays well below
/// teloxide's HTTP client timeout (17 s): a poll the client gave up on would still be held by
/// Telegram, and the next one would overlap it (`409 Conflict`).
#[derive(Clone, Copy, Debug)]
pub struct PollingOptions {
    pub timeout: Duration,
}

impl Default for PollingOptions {
    fn default() -> Self {
        Self {
            timeout: Duration::from_secs(10),
        }
    }
}

/// Updates handled at once by one process (each in its own task, one per chat).
const MAX_IN_FLIGHT: usize = 64;
/// On a stop, how long the updates in hand may take to finish before they are given back.
const DRAIN: Duration = Duration::from_secs(7);

/// A running bot: stop it with [`Running::stop`].
pub struct Running {
    pub app: Arc<App>,
    pub me: Me,
    /// Where `/healthz`, `/metrics` (and the webhook) are served, when `LISTEN_ADDR` is set.
    pub listen_addr: Option<SocketAddr>,
    shutdown: watch::Sender<bool>,
    task: tokio::task::JoinHandle<()>,
}

impl Running {
    /// Stops taking updates, lets the updates in flight finish (their confirmation to Telegram
    /// included), and waits up to 10 s for that.
    pub async fn stop(mut self) {
        let _ = self.shutdown.send(true);
        if tokio::time::timeout(Duration::from_secs(10), &mut self.task)
            .await
            .is_err()
        {
            tracing::warn!("updates still in flight after 10 s; stopping anyway");
            self.task.abort();
        }
    }
}

pub fn build_bot(config: &Config) -> anyhow::Result<Bot> {
    let token = config.require_bot_token()?;
    let bot = Bot::new(token.expose());
    Ok(match &config.api_url {
        Some(url) => bot.set_api_url(url.clone()),
        None => bot,
    })
}

/// `getMe` (the username builds every deep link), the command menus and descriptions per
/// language. Whether updates come by webhook or polling is settled by [`start`].
pub async fn prepare(bot: &Bot) -> anyhow::Result<Me> {
    let me = bot
        .get_me()
        .await
        .context("getMe failed: is TELOXIDE_TOKEN right?")?;
    for lang in Language::ALL {
        bot.set_my_commands(customer_commands(lang))
            .scope(BotCommandScope::Default)
            .language_code(lang.code())
            .await
            .with_context(|| format!("setMyCommands ({lang}) failed"))?;
        bot.set_my_description()
            .description(t!(lang, "bot-description"))
            .language_code(lang.code())
            .await
            .with_context(|| format!("setMyDescription ({lang}) failed"))?;
        bot.set_my_short_description()
            .short_description(t!(lang, "bot-short-description"))
            .language_code(lang.code())
            .await
            .with_context(|| format!("setMyShortDescription ({lang}) failed"))?;
    }
    // Telegram shows these to users whose app language we do not speak.
    bot.set_my_commands(customer_commands(Language::En))
        .scope(BotCommandScope::Default)
        .await
        .context("setMyCommands failed")?;
    Ok(me)
}

/// Background work inside the bot process: rolling up the system accounts' lines, expiring
/// unanswered redemption requests, points expiry, tier moves (see [`crate::earning::tiers`])
/// and their notices, starting scheduled broadcasts (see [`broadcast::schedule`]), birthday
/// gifts. Each tick claims its rows with `SKIP LOCKED` (or, for the roll-up, deletes its queue
/// rows), so several bot processes can run this side by side.
async fn run_jobs(bot: Bot, app: Arc<App>) {
    let outbound = app.outbound.clone();
    outbound::scope(outbound, outbound::Class::Background, jobs_loop(bot, app)).await;
}

async fn jobs_loop(bot: Bot, app: Arc<App>) {
    let mut tick = tokio::time::interval(Duration::from_secs(1));
    tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    let mut tiers_due = tokio::time::Instant::now();
    loop {
        tick.tick().await;
        // Tier moves: at start-up (catching up after downtime), then every `JOB_EVERY`.
        if tokio::time::Instant::now() >= tiers_due {
            tiers_due += crate::earning::tiers::JOB_EVERY;
            if let Err(e) = crate::earning::tiers::run(&app.pool, chrono::Utc::now()).await {
                tracing::warn!(error = %e, "tier recalculation failed");
            }
        }
        if let Err(e) = roll_up_ledger(&app.pool).await {
            tracing::warn!(error = %e, "rolling up system accounts failed");
        }
        if let Err(e) = telegram::earn_view::send_tier_notices(&bot, &app, None).await {
            tracing::warn!(error = %e, "sending tier notices failed");
        }
        if let Err(e) = telegram::till_redeem::expire_due(&bot, &app).await {
            tracing::warn!(error = %e, "expiring redemption requests failed");
        }
        if let Err(e) = crate::expiry::run_due(&bot, &app).await {
            tracing::warn!(error = %e, "expiring points failed");
        }
        if let Err(e) = broadcast::schedule::run_due(&bot, &app.pool).await {
            tracing::warn!(error = %e, "starting scheduled broadcasts failed");
        }
        if let Err(e) = telegram::extras::birthday::run_due(&bot, &app).await {
            tracing::warn!(error = %e, "birthday gifts failed");
        }
        if let Err(e) = telegram::expire_settings_dialogues(&bot, &app).await {
            tracing::warn!(error = %e, "ending idle settings dialogues failed");
        }
        if let Err(e) = crate::api::idempotency::prune(&app.pool).await {
            tracing::warn!(error = %e, "pruning old idempotency keys failed");
        }
    }
}

/// Keeps the system accounts' queue of lines short (see [`crate::ledger::roll_up`]).
async fn roll_up_ledger(pool: &PgPool) -> Result<i64, crate::ledger::LedgerError> {
    let mut conn = pool
        .acquire()
        .await
        .map_err(crate::ledger::LedgerError::Db)?;
    crate::ledger::roll_up(&mut conn).await
}

/// One broadcast sender at a time across replicas: Telegram's rate limit is per bot, so only
/// the process holding a Postgres advisory lock sends. The lock lives on a connection held for
/// as long as the sender runs; if that process dies, Postgres drops the connection and the
/// lock, and another replica takes over within seconds.
async fn broadcast_leader(
    bot: Bot,
    pool: PgPool,
    outbound: Arc<Outbound>,
    config: broadcast::SenderConfig,
    mut stop: watch::Receiver<bool>,
) {
    const LOCK: i64 = 0x6c6f_7961_6c74_7962; // "loyaltyb"
    loop {
        if *stop.borrow() {
            return;
        }
        match pool.acquire().await {
            Ok(mut conn) => {
                let leader: bool = sqlx::query_scalar("SELECT pg_try_advisory_lock($1)")
                    .bind(LOCK)
                    .fetch_one(&mut *conn)
                    .await
                    .unwrap_or(false);
                if leader {
                    tracing::info!("this process sends the broadcasts");
                    let run = broadcast::run(
                        bot.clone(),
                        pool.clone(),
                        outbound.clone(),
                        config,
                        stop.clone(),
                    );
                    outbound::scope(outbound.clone(), outbound::Class::Background, run).await;
                    let _ = sqlx::query("SELECT pg_advisory_unlock($1)")
                        .bind(LOCK)
                        .execute(&mut *conn)
                        .await;
                    return;
                }
            }
            Err(e) => tracing::warn!(error = %e, "broadcast sender cannot reach the database"),
        }
        tokio::select! {
            () = tokio::time::sleep(Duration::from_secs(2)) => {}
            _ = stop.changed() => {}
        }
    }
}

/// Starts the bot on an already migrated `pool`: by webhook when `WEBHOOK_URL` is set, else by
/// long polling (with `/healthz` and `/metrics` on `LISTEN_ADDR` when that is set).
pub async fn start(
    config: Config,
    pool: PgPool,
    polling_options: PollingOptions,
) -> anyhow::Result<Running> {
    let card_secret = config.require_card_secret()?.clone();
    let bot = build_bot(&config)?;
    let me = prepare(&bot).await?;
    let bot_username = me.username().to_owned();
    tracing::info!(bot = %bot_username, "connected to the Bot API");
    let webhook = config.webhook.clone();
    let listen = config.listen_addr;
    let app = Arc::new(App {
        pool: pool.clone(),
        outbound: Outbound::new(config.send_rate),
        config,
        card_secret,
        bot_username,
        menus_seen: Default::default(),
    });
    let engine = Arc::new(Engine::new(bot.clone(), me.clone(), app.clone()));
    let workers = Workers::new(engine, pool.clone(), MAX_IN_FLIGHT);
    let (shutdown, stop_rx) = watch::channel(false);

    telegram::miniapp::set_menu_buttons(&bot, &app).await;
    // The POS API (see `crate::api`) and the Mini App (`crate::miniapp`, with PUBLIC_URL) are
    // served beside health and metrics.
    let mut router = health::router(pool.clone(), app.config.metrics_token.clone())
        .merge(crate::api::router(app.clone(), bot.clone()))
        .merge(crate::miniapp::router(app.clone(), bot.clone()));
    if let Some(hook) = &webhook {
        router = router.merge(webhook::router(
            pool.clone(),
            workers.wake(),
            hook.url.path(),
            hook.secret.expose(),
        ));
    }
    let listener = match listen {
        Some(addr) => Some(
            tokio::net::TcpListener::bind(addr)
                .await
                .with_context(|| format!("cannot listen on LISTEN_ADDR {addr}"))?,
        ),
        None => None,
    };
    let listen_addr = listener.as_ref().and_then(|l| l.local_addr().ok());
    let server = listener.map(|l| {
        let mut stop = stop_rx.clone();
        tokio::spawn(async move {
            let graceful = async move {
                let _ = stop.wait_for(|s| *s).await;
            };
            if let Err(e) = axum::serve(l, router)
                .with_graceful_shutdown(graceful)
                .await
            {
                tracing::error!(error = %e, "HTTP server failed");
            }
        })
    });

    match &webhook {
        Some(hook) => {
            webhook::register(&bot, &hook.url, hook.secret.expose())
                .await
                .context("setWebhook failed")?;
            tracing::info!(url = %hook.url, "receiving updates by webhook");
        }
        None => {
            bot.delete_webhook().await.context("deleteWebhook failed")?;
        }
    }
    let broadcasts = tokio::spawn(broadcast_leader(
        bot.clone(),
        app.pool.clone(),
        app.outbound.clone(),
        broadcast::SenderConfig::with_rate(app.config.broadcast_rate),
        stop_rx.clone(),
    ));
    let hooks = tokio::spawn(telegram::integrations::run_webhook_sender(
        bot.clone(),
        app.clone(),
        stop_rx.clone(),
    ));
    let jobs = tokio::spawn(run_jobs(bot.clone(), app.clone()));
    let wake = workers.wake();
    let handling = tokio::spawn(workers.run(stop_rx.clone(), DRAIN));
    let mut stop = stop_rx.clone();
    let task = tokio::spawn(async move {
        if webhook.is_none() {
            polling::run(bot, pool, wake, polling_options.timeout, stop).await;
        } else {
            let _ = stop.wait_for(|s| *s).await;
        }
        // The updates in hand finish (or are given back) before the process goes.
        let _ = handling.await;
        if let Some(server) = server {
            let _ = server.await;
        }
        // Stops between messages: the sends in flight finish and are recorded first.
        let _ = broadcasts.await;
        // Webhooks are at least once: a send cut short is sent again when its lease expires.
        hooks.abort();
        jobs.abort();
    });
    Ok(Running {
        app,
        me,
        listen_addr,
        shutdown,
        task,
    })
}
