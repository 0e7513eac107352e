//! `bots`: a workstream's bot configuration (JSON) and the external bot's sealed secret.

use sqlx::{Any, Executor, FromRow};

#[derive(Clone, FromRow)]
pub struct BotRow {
    pub workstream_id: i64,
    pub kind: String,
    pub enabled: i16,
    pub config: String,
    pub secret_sealed: Option<Vec<u8>>,
}

// The sealed secret stays out of logs.
impl std::fmt::Debug for BotRow {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("BotRow")
            .field("workstream_id", &self.workstream_id)
            .field("kind", &self.kind)
            .field("enabled", &self.enabled)
            .field("has_secret", &self.secret_sealed.is_some())
            .finish_non_exhaustive()
    }
}

pub async fn find<'c>(
    db: impl Executor<'c, Database = Any>,
    workstream_id: i64,
) -> sqlx::Result<Option<BotRow>> {
    sqlx::query_as::<_, BotRow>(
        "SELECT workstream_id, kind, enabled, config, secret_sealed FROM bots WHERE workstream_id = $1",
    )
    .bind(workstream_id)
    .fetch_optional(db)
    .await
}

/// Stores the configuration; `secret` None keeps the stored one.
pub async fn save<'c>(
    db: impl Executor<'c, Database = Any>,
    workstream_id: i64,
    kind: &str,
    enabled: bool,
    config: &str,
    secret: Option<&[u8]>,
    now: i64,
) -> sqlx::Result<()> {
    sqlx::query(
        "INSERT INTO bots (workstream_id, kind, enabled, config, secret_sealed, updated_at)
         VALUES ($1, $2, $3, $4, $5, $6)
         ON CONFLICT (workstream_id) DO UPDATE SET kind = excluded.kind, enabled = excluded.enabled,
            config = excluded.config, secret_sealed = COALESCE(excluded.secret_sealed, bots.secret_sealed),
            updated_at = excluded.updated_at",
    )
    .bind(workstream_id)
    .bind(kind)
    .bind(i16::from(enabled))
    .bind(config)
    .bind(secret)
    .bind(now)
    .execute(db)
    .await?;
    Ok(())
}
