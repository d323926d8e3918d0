//! Offline stand-ins for Telegram, and the sandbox built from them.
//!
//! [`emulator`] is a fake Telegram Bot API server: the bot talks to it over real HTTP exactly as it
//! talks to `api.telegram.org`, while tests and the sandbox play the users' side through its Rust
//! API and observe what the bot sent. Every request is validated against the vendored Bot API
//! spec, so a malformed call fails in a test the way it would fail in production.
//!
//! [`start`] runs the sandbox: the real bot (same dispatcher, ledger and Postgres) against the
//! emulator, with the [`web`] chat page on the same port. It uses its own database, starts a
//! private Postgres cluster when none answers ([`postgres`]), and seeds a demo programme
//! ([`seed`]) on first start.

mod chats;
pub mod emulator;
pub mod pos;
pub mod postgres;
mod seed;
pub mod web;

use std::{
    net::SocketAddr,
    sync::{Arc, RwLock},
    time::Duration,
};

use anyhow::Context;
use rand::{Rng, distributions::Alphanumeric};
use sqlx::PgPool;

use self::{
    emulator::{BotProfile, Emulator, UserProfile},
    postgres::PrivateCluster,
    web::{Persona, Role, WebState},
};
use crate::{
    config::Config,
    startup::{self, PollingOptions, Running},
};

pub const OWNER_ID: i64 = 100_001;
pub const CASHIER_ID: i64 = 100_002;

pub struct SandboxOptions {
    pub listen: SocketAddr,
    /// The sandbox's own database (`loyalty_sandbox` on the configured server).
    pub database_url: String,
    /// Drop everything and start empty.
    pub fresh: bool,
    /// Seed the demo programme when the database has no customers yet.
    pub seed: bool,
    /// Where a private Postgres cluster lives if one is needed (default: a folder in the
    /// system's temp dir).
    pub private_cluster_dir: Option<std::path::PathBuf>,
}

pub struct Sandbox {
    /// The page to open, e.g. `http://127.0.0.1:8080`.
    pub url: String,
    pub emulator: Emulator,
    pub pool: PgPool,
    pub personas: Arc<RwLock<Vec<Persona>>>,
    /// Set when we had to start our own Postgres.
    pub private_cluster: Option<PrivateCluster>,
    running: Running,
    server: tokio::task::JoinHandle<()>,
    /// Saves the chats as they change (see [`chats`]).
    saver: tokio::task::JoinHandle<()>,
}

impl Sandbox {
    pub async fn stop(mut self) {
        self.running.stop().await;
        self.saver.abort();
        if let Err(e) = chats::save_now(&self.pool, &self.emulator).await {
            tracing::warn!(error = %e, "saving the sandbox's chats at shutdown failed");
        }
        self.server.abort();
        self.pool.close().await;
        if let Some(cluster) = self.private_cluster.as_mut() {
            cluster.stop();
        }
    }
}

fn user(id: i64, name: &str, lang: &str) -> UserProfile {
    UserProfile {
        id,
        first_name: name.to_owned(),
        username: None,
        language_code: Some(lang.to_owned()),
    }
}

/// Owner, cashier and customers of the demo; more customers can be added from the page.
pub fn demo_personas() -> Vec<Persona> {
    vec![
        Persona {
            user: user(OWNER_ID, "Olena", "en"),
            role: Role::Owner,
        },
        Persona {
            user: user(CASHIER_ID, "Kate", "en"),
            role: Role::Cashier,
        },
        Persona {
            user: user(100_003, "Anna", "en"),
            role: Role::Customer,
        },
        Persona {
            user: user(100_004, "Борис", "ru"),
            role: Role::Customer,
        },
    ]
}

pub async fn start(opts: SandboxOptions) -> anyhow::Result<Sandbox> {
    let (pool, private_cluster) = database(&opts).await?;
    let card_secret = card_secret(&pool).await?;

    let emulator = Emulator::new(BotProfile {
        id: 7_000_000_001,
        username: "loyalty_sandbox_bot".to_owned(),
        first_name: "Loyalty Sandbox".to_owned(),
    });
    // The emulator starts afresh, the database does not: new updates must not reuse the ids
    // of the ones its inbox has already seen (they would be ignored as re-deliveries).
    let seen: i64 = sqlx::query_scalar("SELECT COALESCE(MAX(update_id), 0) FROM inbox")
        .fetch_one(&pool)
        .await?;
    emulator.continue_update_ids_after(seen);
    // The chats of the last run come back, with a pane for each customer added from the page.
    let restored = chats::restore(&pool, &emulator)
        .await
        .context("restoring the sandbox's chats")?;
    let mut all = demo_personas();
    for user in restored {
        if !all.iter().any(|p| p.user.id == user.id) {
            all.push(Persona {
                user,
                role: Role::Customer,
            });
        }
    }
    for p in &all {
        emulator.add_user(&p.user);
    }
    let personas = Arc::new(RwLock::new(all));
    let listener = tokio::net::TcpListener::bind(opts.listen)
        .await
        .with_context(|| {
            format!(
                "cannot listen on {} (use --listen to pick another address)",
                opts.listen
            )
        })?;
    let addr = listener.local_addr()?;
    let pos_state = pos::PosState::default();
    let app = emulator
        .router()
        .merge(web::router(WebState {
            emulator: emulator.clone(),
            personas: personas.clone(),
        }))
        .merge(pos::router(pos_state.clone()));
    let server = tokio::spawn(async move {
        if let Err(e) = axum::serve(listener, app).await {
            tracing::error!(error = %e, "sandbox server stopped");
        }
    });
    let url = format!("http://{addr}");

    const TOKEN: &str = "7000000001:SANDBOX";
    emulator.set_bot_token(TOKEN);
    // The POS API and the Mini App on a port of their own, known before the bot starts (the
    // Mini App's buttons name it); webhooks to the sandbox's own receiver.
    let api = free_port(addr.ip())?;
    let mut vars = vec![
        ("TELOXIDE_TOKEN", TOKEN.to_owned()),
        ("TELOXIDE_API_URL", format!("{url}/")),
        ("CARD_SECRET", card_secret),
        ("OWNER_IDS", OWNER_ID.to_string()),
        ("LISTEN_ADDR", api.to_string()),
        ("WEBHOOK_ALLOW_PRIVATE", "1".to_owned()),
    ];
    // Telegram's test environment opens Mini Apps over plain http on this machine only.
    if api.ip().is_loopback() || api.ip().is_unspecified() {
        vars.push(("PUBLIC_URL", format!("http://127.0.0.1:{}/", api.port())));
    }
    let mut config =
        Config::from_vars(|k| vars.iter().find(|(n, _)| *n == k).map(|(_, v)| v.clone()))?;
    // The Mini App pages load our stand-in for Telegram's script (see `web`).
    config.web_app_script = format!("{url}/telegram-web-app.js");
    let polling = PollingOptions {
        timeout: Duration::from_secs(10),
    };
    let running = startup::start(config, pool.clone(), polling).await?;
    if let Some(api) = running.listen_addr {
        let info = pos::prepare(&pool, OWNER_ID, format!("http://{api}"), &url).await?;
        *pos_state
            .info
            .write()
            .unwrap_or_else(std::sync::PoisonError::into_inner) = Some((info, pool.clone()));
    }

    let customers: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM customers")
        .fetch_one(&pool)
        .await?;
    if opts.seed && customers == 0 {
        let all = demo_personas();
        let cast = seed::Cast {
            owner: &all[0].user,
            cashier: &all[1].user,
            customers: &[all[2].user.clone(), all[3].user.clone()],
        };
        seed::run(&emulator, &pool, &cast)
            .await
            .context("seeding the demo programme")?;
    }
    let saver = chats::keep(pool.clone(), emulator.clone());
    Ok(Sandbox {
        url,
        emulator,
        pool,
        saver,
        personas,
        private_cluster,
        running,
        server,
    })
}

/// A free port on `ip`: the kernel picks it and we let it go at once; the bot binds it a
/// moment later.
fn free_port(ip: std::net::IpAddr) -> anyhow::Result<SocketAddr> {
    let probe = std::net::TcpListener::bind((ip, 0)).context("finding a free port")?;
    Ok(probe.local_addr()?)
}

/// Connects to the sandbox database, or starts a private cluster when no server answers.
async fn database(opts: &SandboxOptions) -> anyhow::Result<(PgPool, Option<PrivateCluster>)> {
    if opts.fresh {
        drop_database(&opts.database_url).await;
    }
    match crate::db::connect(&opts.database_url, 8).await {
        Ok(pool) => {
            crate::db::migrate(&pool).await?;
            Ok((pool, None))
        }
        Err(crate::db::DbError::Connect { source, .. }) if is_unreachable(&source) => {
            let root = opts
                .private_cluster_dir
                .clone()
                .unwrap_or_else(|| std::env::temp_dir().join("loyalty-sandbox-postgres"));
            if opts.fresh {
                let _ = std::fs::remove_dir_all(&root);
            }
            tracing::warn!(
                "nothing answers at DATABASE_URL: starting a private PostgreSQL in {}",
                root.display()
            );
            println!(
                "No PostgreSQL answers at DATABASE_URL: starting a private one in {}",
                root.display()
            );
            let cluster = PrivateCluster::start(&root, "loyalty_sandbox").await?;
            let pool = crate::db::connect(&cluster.url, 8).await?;
            crate::db::migrate(&pool).await?;
            Ok((pool, Some(cluster)))
        }
        Err(e) => Err(e.into()),
    }
}

fn is_unreachable(e: &sqlx::Error) -> bool {
    matches!(
        e,
        sqlx::Error::Io(_) | sqlx::Error::PoolTimedOut | sqlx::Error::Tls(_)
    )
}

async fn drop_database(url: &str) {
    use sqlx::{ConnectOptions, Connection, postgres::PgConnectOptions};
    let Ok(options) = url.parse::<PgConnectOptions>() else {
        return;
    };
    let Some(name) = options.get_database().map(str::to_owned) else {
        return;
    };
    if let Ok(mut admin) = options.clone().database("postgres").connect().await {
        let quoted = format!("\"{}\"", name.replace('"', "\"\""));
        let _ = sqlx::query(&format!("DROP DATABASE IF EXISTS {quoted} WITH (FORCE)"))
            .execute(&mut admin)
            .await;
        let _ = admin.close().await;
    }
}

/// The sandbox signs cards with a secret generated on first start and kept in its own
/// database, so cards stay valid across restarts and no secret is ever needed to try it.
async fn card_secret(pool: &PgPool) -> anyhow::Result<String> {
    sqlx::query("CREATE TABLE IF NOT EXISTS sandbox_secret (id INT PRIMARY KEY CHECK (id = 1), secret TEXT NOT NULL)")
        .execute(pool)
        .await?;
    let fresh: String = rand::thread_rng()
        .sample_iter(&Alphanumeric)
        .take(40)
        .map(char::from)
        .collect();
    sqlx::query(
        "INSERT INTO sandbox_secret (id, secret) VALUES (1, $1) ON CONFLICT (id) DO NOTHING",
    )
    .bind(&fresh)
    .execute(pool)
    .await?;
    Ok(
        sqlx::query_scalar("SELECT secret FROM sandbox_secret WHERE id = 1")
            .fetch_one(pool)
            .await?,
    )
}
