//! Wiring: the bot client, start-up calls to Telegram, and the dispatcher running the handler
//! tree from [`crate::telegram::schema`]. `run` and the integration tests go through
//! [`start`], so the tests exercise exactly the production path.

use std::{sync::Arc, time::Duration};

use anyhow::Context;
use sqlx::PgPool;
use teloxide::{
    dispatching::ShutdownToken,
    error_handlers::LoggingErrorHandler,
    prelude::*,
    types::{BotCommandScope, Me},
    update_listeners::Polling,
};

use crate::{
    config::Config,
    domain::Language,
    telegram::{self, App, commands::customer_commands},
};

/// How long one `getUpdates` long poll waits on the server.
#[derive(Clone, Copy, Debug)]
pub struct PollingOptions {
    pub timeout: Duration,
}

impl Default for PollingOptions {
    fn default() -> Self {
        Self {
            timeout: Duration::from_secs(25),
        }
    }
}

/// A running bot: stop it with [`Running::stop`] (or let SIGINT do it in `run`).
pub struct Running {
    pub app: Arc<App>,
    pub me: Me,
    shutdown: ShutdownToken,
    task: tokio::task::JoinHandle<()>,
}

impl Running {
    /// Stops taking updates, lets handlers in flight finish, and waits (bounded) for the end.
    pub async fn stop(self) {
        if let Ok(done) = self.shutdown.shutdown() {
            let _ = tokio::time::timeout(Duration::from_secs(10), done).await;
        }
        self.task.abort();
    }

    pub async fn wait(self) {
        let _ = self.task.await;
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

/// `getMe` (the username builds every deep link), the command menus per language, and
/// `deleteWebhook` so that long polling receives updates.
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
    }
    // Telegram shows these to users whose app language we do not speak.
    bot.set_my_commands(customer_commands(Language::En))
        .scope(BotCommandScope::Default)
        .await
        .context("setMyCommands failed")?;
    bot.delete_webhook().await.context("deleteWebhook failed")?;
    Ok(me)
}

/// Background work inside the bot process: expiring unanswered redemption requests. Each tick
/// claims its rows with `SKIP LOCKED`, so several bot processes can run this side by side.
async fn run_jobs(bot: Bot, app: Arc<App>) {
    let mut tick = tokio::time::interval(Duration::from_secs(1));
    tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    loop {
        tick.tick().await;
        if let Err(e) = telegram::till_redeem::expire_due(&bot, &app).await {
            tracing::warn!(error = %e, "expiring redemption requests failed");
        }
    }
}

/// Owners get the till and staff commands in their own chat (where they have opened it).
async fn set_owner_commands(bot: &Bot, config: &Config) {
    for &owner in &config.owner_ids {
        let commands = telegram::commands::owner_commands(config.default_language);
        let scope = BotCommandScope::Chat {
            chat_id: teloxide::types::Recipient::Id(ChatId(owner)),
        };
        // Fails with "chat not found" until the owner has started the bot: harmless.
        telegram::send::deliver("set_owner_commands", || {
            bot.set_my_commands(commands.clone())
                .scope(scope.clone())
                .into_future()
        })
        .await;
    }
}

/// Starts the dispatcher with long polling on an already migrated `pool`.
pub async fn start(
    config: Config,
    pool: PgPool,
    polling: PollingOptions,
    ctrlc: bool,
) -> anyhow::Result<Running> {
    let card_secret = config.require_card_secret()?.clone();
    let bot = build_bot(&config)?;
    let me = prepare(&bot).await?;
    set_owner_commands(&bot, &config).await;
    let bot_username = me.username().to_owned();
    tracing::info!(bot = %bot_username, "connected to the Bot API");
    let app = Arc::new(App {
        pool,
        config,
        card_secret,
        bot_username,
    });

    let mut builder = Dispatcher::builder(bot.clone(), telegram::schema())
        .dependencies(dptree::deps![app.clone(), me.clone()])
        .default_handler(|_| async {})
        .error_handler(LoggingErrorHandler::with_custom_text("handler failed"));
    if ctrlc {
        builder = builder.enable_ctrlc_handler();
    }
    let mut dispatcher = builder.build();
    let shutdown = dispatcher.shutdown_token();
    let listener = Polling::builder(bot.clone())
        .timeout(polling.timeout)
        .build();
    let jobs = tokio::spawn(run_jobs(bot, app.clone()));
    let task = tokio::spawn(async move {
        dispatcher
            .dispatch_with_listener(
                listener,
                LoggingErrorHandler::with_custom_text("getUpdates failed"),
            )
            .await;
        jobs.abort();
    });
    Ok(Running {
        app,
        me,
        shutdown,
        task,
    })
}
