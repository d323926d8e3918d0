//! The sandbox keeps the emulator's chats in its own database, as Telegram keeps them on its
//! servers: a restarted sandbox shows every pane as it was, and `--fresh` (which drops the
//! database) clears them with the rest. The tables are the sandbox's own, created here rather
//! than by the product's migrations.

use std::{collections::HashSet, time::Duration};

use sqlx::PgPool;

use super::emulator::{Emulator, Snapshot, UserProfile};

async fn create_tables(pool: &PgPool) -> sqlx::Result<()> {
    sqlx::query(
        "CREATE TABLE IF NOT EXISTS sandbox_chats (
             id INT PRIMARY KEY CHECK (id = 1), snapshot JSONB NOT NULL, saved_at TIMESTAMPTZ NOT NULL)",
    )
    .execute(pool)
    .await?;
    sqlx::query(
        "CREATE TABLE IF NOT EXISTS sandbox_files (file_id TEXT PRIMARY KEY, bytes BYTEA NOT NULL)",
    )
    .execute(pool)
    .await?;
    Ok(())
}

/// Puts the saved chats back into `emulator`; returns their users.
pub async fn restore(pool: &PgPool, emulator: &Emulator) -> anyhow::Result<Vec<UserProfile>> {
    create_tables(pool).await?;
    let saved: Option<sqlx::types::Json<Snapshot>> =
        sqlx::query_scalar("SELECT snapshot FROM sandbox_chats WHERE id = 1")
            .fetch_optional(pool)
            .await?;
    let Some(sqlx::types::Json(snapshot)) = saved else {
        return Ok(Vec::new());
    };
    let files: Vec<(String, Vec<u8>)> = sqlx::query_as("SELECT file_id, bytes FROM sandbox_files")
        .fetch_all(pool)
        .await?;
    let users = snapshot.users().cloned().collect();
    emulator.restore(snapshot, files.into_iter().collect());
    Ok(users)
}

/// Saves the chats whenever they changed, once a second, until aborted.
pub fn keep(pool: PgPool, emulator: Emulator) -> tokio::task::JoinHandle<()> {
    tokio::spawn(async move {
        let mut saver = Saver::default();
        loop {
            tokio::time::sleep(Duration::from_secs(1)).await;
            if let Err(e) = saver.save(&pool, &emulator).await {
                tracing::warn!(error = %e, "saving the sandbox's chats failed");
            }
        }
    })
}

/// Saves once (at shutdown).
pub async fn save_now(pool: &PgPool, emulator: &Emulator) -> sqlx::Result<()> {
    Saver::default().save(pool, emulator).await
}

#[derive(Default)]
struct Saver {
    last: Option<Snapshot>,
    files: HashSet<String>,
}

impl Saver {
    async fn save(&mut self, pool: &PgPool, emulator: &Emulator) -> sqlx::Result<()> {
        let snapshot = emulator.snapshot();
        if self.last.as_ref() == Some(&snapshot) {
            return Ok(());
        }
        // Files first: a saved snapshot never names a file that is not there. Files never
        // change once stored, so each is written once.
        for id in snapshot.file_ids() {
            if self.files.contains(id) {
                continue;
            }
            if let Some(file) = emulator.file(id) {
                sqlx::query(
                    "INSERT INTO sandbox_files (file_id, bytes) VALUES ($1, $2)
                     ON CONFLICT (file_id) DO NOTHING",
                )
                .bind(id)
                .bind(&file.bytes)
                .execute(pool)
                .await?;
            }
            self.files.insert(id.to_owned());
        }
        sqlx::query(
            "INSERT INTO sandbox_chats (id, snapshot, saved_at) VALUES (1, $1, now())
             ON CONFLICT (id) DO UPDATE SET snapshot = $1, saved_at = now()",
        )
        .bind(sqlx::types::Json(&snapshot))
        .execute(pool)
        .await?;
        self.last = Some(snapshot);
        Ok(())
    }
}
