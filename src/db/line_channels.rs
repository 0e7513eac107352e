//! `line_channels`: a workstream's LINE channel instance (account, language, behaviors, user
//! features). A draft while the Set up LINE wizard runs; active once finished.

use crate::db::generation;
use sqlx::{Any, Executor, FromRow};

#[derive(Clone, Debug, FromRow)]
pub struct ChannelRow {
    pub workstream_id: i64,
    pub account_id: Option<i64>,
    pub config: String,
    pub active: i16,
    pub account_name: Option<String>,
    pub bot_basic_id: Option<String>,
}

const SELECT: &str = "SELECT c.workstream_id, c.account_id, c.config, c.active, a.name AS account_name, a.bot_basic_id
    FROM line_channels c LEFT JOIN line_accounts a ON a.id = c.account_id AND a.deleted_at IS NULL";

pub async fn for_workstream<'c>(
    db: impl Executor<'c, Database = Any>,
    workstream_id: i64,
) -> sqlx::Result<Option<ChannelRow>> {
    sqlx::query_as::<_, ChannelRow>(&format!("{SELECT} WHERE c.workstream_id = $1"))
        .bind(workstream_id)
        .fetch_optional(db)
        .await
}

pub async fn all<'c>(db: impl Executor<'c, Database = Any>) -> sqlx::Result<Vec<ChannelRow>> {
    sqlx::query_as::<_, ChannelRow>(SELECT).fetch_all(db).await
}

/// Creates the draft channel with its account, or moves an unfinished/finished one to another
/// account (the unique index refuses an account another workstream uses).
pub async fn set_account<'c>(
    db: impl Executor<'c, Database = Any>,
    workstream_id: i64,
    account_id: i64,
    default_config: &str,
    now: i64,
) -> sqlx::Result<()> {
    // The event worker caches channel contexts (see engine::routing_cache).
    generation::ROUTING.forget();
    sqlx::query(
        "INSERT INTO line_channels (workstream_id, account_id, config, active, created_at, updated_at)
         VALUES ($1, $2, $3, 0, $4, $4)
         ON CONFLICT (workstream_id) DO UPDATE SET account_id = excluded.account_id, updated_at = excluded.updated_at",
    )
    .bind(workstream_id)
    .bind(account_id)
    .bind(default_config)
    .bind(now)
    .execute(db)
    .await?;
    Ok(())
}

pub async fn set_config<'c>(
    db: impl Executor<'c, Database = Any>,
    workstream_id: i64,
    config: &str,
    now: i64,
) -> sqlx::Result<u64> {
    // The event worker caches channel contexts (see engine::routing_cache).
    generation::ROUTING.forget();
    Ok(sqlx::query(
        "UPDATE line_channels SET config = $1, updated_at = $2 WHERE workstream_id = $3",
    )
    .bind(config)
    .bind(now)
    .bind(workstream_id)
    .execute(db)
    .await?
    .rows_affected())
}

pub async fn activate<'c>(
    db: impl Executor<'c, Database = Any>,
    workstream_id: i64,
    now: i64,
) -> sqlx::Result<u64> {
    // The event worker caches channel contexts (see engine::routing_cache).
    generation::ROUTING.forget();
    Ok(sqlx::query(
        "UPDATE line_channels SET active = 1, updated_at = $1 WHERE workstream_id = $2 AND account_id IS NOT NULL",
    )
    .bind(now)
    .bind(workstream_id)
    .execute(db)
    .await?
    .rows_affected())
}

pub async fn delete<'c>(
    db: impl Executor<'c, Database = Any>,
    workstream_id: i64,
) -> sqlx::Result<u64> {
    // The event worker caches channel contexts (see engine::routing_cache).
    generation::ROUTING.forget();
    Ok(
        sqlx::query("DELETE FROM line_channels WHERE workstream_id = $1")
            .bind(workstream_id)
            .execute(db)
            .await?
            .rows_affected(),
    )
}

/// The live channel an account feeds, with its workstream: what the engine applies.
#[derive(Clone, Debug, FromRow)]
pub struct Routing {
    pub workstream_id: i64,
    pub fallback_queue_id: i64,
    pub queue_name: String,
    pub config: String,
    pub settings: String,
    pub mode: String,
    /// The workstream's routing rules (JSON).
    pub routing: String,
}

pub async fn routing_for_account<'c>(
    db: impl Executor<'c, Database = Any>,
    account_id: i64,
) -> sqlx::Result<Option<Routing>> {
    sqlx::query_as::<_, Routing>(
        "SELECT w.id AS workstream_id, w.fallback_queue_id, q.name AS queue_name, c.config, w.settings, w.mode, w.routing
         FROM line_channels c
         JOIN workstreams w ON w.id = c.workstream_id AND w.deleted_at IS NULL
         JOIN queues q ON q.id = w.fallback_queue_id
         WHERE c.account_id = $1 AND c.active = 1",
    )
    .bind(account_id)
    .fetch_optional(db)
    .await
}

/// Names of the workstreams whose LINE channel uses the account (finished or not).
pub async fn workstreams_using<'c>(
    db: impl Executor<'c, Database = Any>,
    account_id: i64,
) -> sqlx::Result<Vec<String>> {
    sqlx::query_scalar(
        "SELECT w.name FROM line_channels c JOIN workstreams w ON w.id = c.workstream_id AND w.deleted_at IS NULL
         WHERE c.account_id = $1 ORDER BY w.name",
    )
    .bind(account_id)
    .fetch_all(db)
    .await
}
