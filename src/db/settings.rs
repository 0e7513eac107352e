//! Organisation-wide settings (key/value).

use crate::db::generation;
use sqlx::{Any, Executor};

pub async fn get<'c>(
    db: impl Executor<'c, Database = Any>,
    key: &str,
) -> sqlx::Result<Option<String>> {
    sqlx::query_scalar::<_, String>("SELECT value FROM settings WHERE key = $1")
        .bind(key)
        .fetch_optional(db)
        .await
}

pub async fn set<'c>(
    db: impl Executor<'c, Database = Any>,
    key: &str,
    value: &str,
    now: i64,
) -> sqlx::Result<()> {
    sqlx::query(
        "INSERT INTO settings (key, value, updated_at) VALUES ($1, $2, $3)
         ON CONFLICT (key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at",
    )
    .bind(key)
    .bind(value)
    .bind(now)
    .execute(db)
    .await?;
    // The callback caches the region (see line::callback_cache); every request reads the
    // organisation's defaults through a short cache (auth::reader).
    generation::ACCOUNTS.forget();
    generation::SETTINGS.forget();
    Ok(())
}
