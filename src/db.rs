//! Connecting to Postgres: creates the database when it does not exist yet and applies the
//! embedded migrations from `migrations/`.

use std::{str::FromStr, time::Duration};

use sqlx::{
    ConnectOptions, Connection, PgConnection, PgPool,
    migrate::Migrator,
    postgres::{PgConnectOptions, PgPoolOptions},
};

pub static MIGRATOR: Migrator = sqlx::migrate!();

/// A pooled connection idle for this long is pinged before it is handed out.
const IDLE_BEFORE_PING: Duration = Duration::from_secs(30);

#[derive(Debug, thiserror::Error)]
pub enum DbError {
    #[error("cannot reach PostgreSQL at {url}: {source}")]
    Connect { url: String, source: sqlx::Error },
    #[error("cannot create database {name}: {source}")]
    Create { name: String, source: sqlx::Error },
    #[error("migrations failed: {0}")]
    Migrate(#[from] sqlx::migrate::MigrateError),
    #[error("giving earlier customers their identity fingerprint failed: {0}")]
    Backfill(sqlx::Error),
}

/// Connects to `url`, creating its database first if the server says it does not exist.
pub async fn connect(url: &str, max_connections: u32) -> Result<PgPool, DbError> {
    let shown = crate::config::redact_password(url);
    let options = PgConnectOptions::from_str(url)
        .map_err(|source| DbError::Connect {
            url: shown.clone(),
            source,
        })?
        .log_statements(tracing::log::LevelFilter::Trace);
    let pool = || {
        PgPoolOptions::new()
            .max_connections(max_connections)
            .acquire_timeout(Duration::from_secs(10))
            // sqlx pings every connection it hands out by default: one more round trip on
            // every transaction (10 % of a purchase on one till). A connection busy a moment ago
            // is alive; only one idle for a while (a restarted server, a dropped socket) is
            // checked before use.
            .test_before_acquire(false)
            .before_acquire(|conn, meta| {
                Box::pin(async move {
                    if meta.idle_for >= IDLE_BEFORE_PING {
                        conn.ping().await?;
                    }
                    Ok(true)
                })
            })
            .connect_with(options.clone())
    };
    match pool().await {
        Ok(pool) => Ok(pool),
        Err(sqlx::Error::Database(e)) if e.code().as_deref() == Some("3D000") => {
            let name = options.get_database().unwrap_or("loyalty").to_owned();
            create_database(&options, &name).await?;
            pool()
                .await
                .map_err(|source| DbError::Connect { url: shown, source })
        }
        Err(source) => Err(DbError::Connect { url: shown, source }),
    }
}

async fn create_database(options: &PgConnectOptions, name: &str) -> Result<(), DbError> {
    let err = |source| DbError::Create {
        name: name.to_owned(),
        source,
    };
    let mut conn = PgConnection::connect_with(&options.clone().database("postgres"))
        .await
        .map_err(err)?;
    let quoted = format!("\"{}\"", name.replace('"', "\"\""));
    match sqlx::query(&format!("CREATE DATABASE {quoted}"))
        .execute(&mut conn)
        .await
    {
        Ok(_) => {
            tracing::info!(database = name, "created database");
            Ok(())
        }
        // Another process created it in the meantime: fine.
        Err(sqlx::Error::Database(e)) if e.code().as_deref() == Some("42P04") => Ok(()),
        Err(e) => Err(err(e)),
    }
}

/// Applies the migrations, then the one data step SQL cannot do: fingerprints (an HMAC) for
/// customers who registered before they existed (see [`crate::identity`]).
pub async fn migrate(pool: &PgPool) -> Result<(), DbError> {
    MIGRATOR.run(pool).await?;
    crate::identity::backfill(pool)
        .await
        .map_err(DbError::Backfill)?;
    Ok(())
}
