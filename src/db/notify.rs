//! PostgreSQL's NOTIFY, which carries live updates between processes (live.rs listens).

use sqlx::{Any, Executor};

/// Sends `payload` to the listeners of `channel`.
pub async fn pg_notify<'c>(
    db: impl Executor<'c, Database = Any>,
    channel: &str,
    payload: String,
) -> sqlx::Result<()> {
    sqlx::query("SELECT pg_notify($1, $2)")
        .bind(channel)
        .bind(payload)
        .execute(db)
        .await?;
    Ok(())
}
