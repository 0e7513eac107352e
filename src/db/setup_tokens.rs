//! The one-time link that creates the first administrator. Only its hash is stored.

use sqlx::{Any, Executor};

/// Replaces any earlier token: only the newest printed link works.
pub async fn replace(db: &sqlx::AnyPool, token_hash: &str, expires_at: i64) -> sqlx::Result<()> {
    let mut tx = db.begin().await?;
    sqlx::query("DELETE FROM setup_tokens")
        .execute(&mut *tx)
        .await?;
    sqlx::query("INSERT INTO setup_tokens (token_hash, expires_at) VALUES ($1, $2)")
        .bind(token_hash)
        .bind(expires_at)
        .execute(&mut *tx)
        .await?;
    tx.commit().await
}

/// Marks the token used if it is valid now; true when this call consumed it.
pub async fn consume<'c>(
    db: impl Executor<'c, Database = Any>,
    token_hash: &str,
    now: i64,
) -> sqlx::Result<bool> {
    let done = sqlx::query(
        "UPDATE setup_tokens SET used_at = $1
         WHERE token_hash = $2 AND used_at IS NULL AND expires_at > $1",
    )
    .bind(now)
    .bind(token_hash)
    .execute(db)
    .await?;
    Ok(done.rows_affected() == 1)
}
