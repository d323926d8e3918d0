//! An `/import` between its preview and the owner's answer: the file waits in
//! `import_drafts`, and Confirm or Cancel takes it exactly once (a double tap, a stale button
//! or a second owner finds it answered). Files are kept for a day at most, and dropped once
//! answered.

use sqlx::PgPool;

/// Stores the file of a preview; returns the draft's id for its buttons.
pub async fn save(pool: &PgPool, owner: i64, file: &[u8]) -> sqlx::Result<i64> {
    // Unanswered drafts older than a day are dropped on the way.
    sqlx::query(
        "UPDATE import_drafts SET status = 'cancelled', file = NULL, answered_at = now()
         WHERE status = 'preview' AND created_at < now() - interval '1 day'",
    )
    .execute(pool)
    .await?;
    sqlx::query_scalar("INSERT INTO import_drafts (owner_tg_id, file) VALUES ($1, $2) RETURNING id")
        .bind(owner)
        .bind(file)
        .fetch_one(pool)
        .await
}

/// Confirm: the file, once; `None` when the draft was answered already or is too old.
pub async fn confirm(pool: &PgPool, id: i64) -> sqlx::Result<Option<Vec<u8>>> {
    sqlx::query_scalar(
        "UPDATE import_drafts d SET status = 'confirmed', file = NULL, answered_at = now()
         FROM (SELECT id, file FROM import_drafts WHERE id = $1 FOR UPDATE) old
         WHERE d.id = old.id AND d.status = 'preview' AND d.created_at > now() - interval '1 day'
         RETURNING old.file",
    )
    .bind(id)
    .fetch_optional(pool)
    .await
}

/// Cancel: false when the draft was answered already.
pub async fn cancel(pool: &PgPool, id: i64) -> sqlx::Result<bool> {
    let done = sqlx::query(
        "UPDATE import_drafts SET status = 'cancelled', file = NULL, answered_at = now()
         WHERE id = $1 AND status = 'preview'",
    )
    .bind(id)
    .execute(pool)
    .await?;
    Ok(done.rows_affected() == 1)
}
