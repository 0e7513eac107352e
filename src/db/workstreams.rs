//! `workstreams`: name, distribution mode (fixed once created), fallback queue and the settings
//! document. Deleting keeps the row (conversations refer to it) and frees the name.

use crate::db::generation;
use sqlx::{Any, Executor, FromRow};

#[derive(Clone, Debug, FromRow)]
pub struct WorkstreamRow {
    pub id: i64,
    pub name: String,
    pub mode: String,
    pub fallback_queue_id: i64,
    pub settings: String,
    pub created_by_email: Option<String>,
    pub created_at: i64,
    /// Routing rules (JSON document, `domain::routing::Routing`).
    pub routing: String,
}

const COLUMNS: &str =
    "id, name, mode, fallback_queue_id, settings, created_by_email, created_at, routing";

pub async fn list<'c>(db: impl Executor<'c, Database = Any>) -> sqlx::Result<Vec<WorkstreamRow>> {
    sqlx::query_as::<_, WorkstreamRow>(&format!(
        "SELECT {COLUMNS} FROM workstreams WHERE deleted_at IS NULL ORDER BY name"
    ))
    .fetch_all(db)
    .await
}

pub async fn find<'c>(
    db: impl Executor<'c, Database = Any>,
    id: i64,
) -> sqlx::Result<Option<WorkstreamRow>> {
    sqlx::query_as::<_, WorkstreamRow>(&format!(
        "SELECT {COLUMNS} FROM workstreams WHERE id = $1 AND deleted_at IS NULL"
    ))
    .bind(id)
    .fetch_optional(db)
    .await
}

pub struct NewWorkstreamRow<'a> {
    pub name: &'a str,
    pub mode: &'a str,
    pub fallback_queue_id: i64,
    pub settings: &'a str,
    /// The routing document (no rules yet; its time zone).
    pub routing: &'a str,
    pub created_by_email: &'a str,
}

pub async fn insert<'c>(
    db: impl Executor<'c, Database = Any>,
    new: &NewWorkstreamRow<'_>,
    now: i64,
) -> sqlx::Result<i64> {
    // The event worker caches channel contexts (see engine::routing_cache).
    generation::ROUTING.forget();
    sqlx::query_scalar::<_, i64>(
        "INSERT INTO workstreams (name, mode, fallback_queue_id, settings, routing, created_by_email, created_at, updated_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $7) RETURNING id",
    )
    .bind(new.name)
    .bind(new.mode)
    .bind(new.fallback_queue_id)
    .bind(new.settings)
    .bind(new.routing)
    .bind(new.created_by_email)
    .bind(now)
    .fetch_one(db)
    .await
}

pub async fn set_details<'c>(
    db: impl Executor<'c, Database = Any>,
    id: i64,
    name: &str,
    fallback_queue_id: i64,
    now: i64,
) -> sqlx::Result<u64> {
    // The event worker caches channel contexts (see engine::routing_cache).
    generation::ROUTING.forget();
    Ok(sqlx::query(
        "UPDATE workstreams SET name = $1, fallback_queue_id = $2, updated_at = $3 WHERE id = $4 AND deleted_at IS NULL",
    )
    .bind(name)
    .bind(fallback_queue_id)
    .bind(now)
    .bind(id)
    .execute(db)
    .await?
    .rows_affected())
}

pub async fn set_settings<'c>(
    db: impl Executor<'c, Database = Any>,
    id: i64,
    settings: &str,
    now: i64,
) -> sqlx::Result<u64> {
    // The event worker caches channel contexts (see engine::routing_cache).
    generation::ROUTING.forget();
    Ok(sqlx::query(
        "UPDATE workstreams SET settings = $1, updated_at = $2 WHERE id = $3 AND deleted_at IS NULL",
    )
    .bind(settings)
    .bind(now)
    .bind(id)
    .execute(db)
    .await?
    .rows_affected())
}

pub async fn soft_delete<'c>(
    db: impl Executor<'c, Database = Any>,
    id: i64,
    now: i64,
) -> sqlx::Result<u64> {
    // The event worker caches channel contexts (see engine::routing_cache).
    generation::ROUTING.forget();
    Ok(sqlx::query(
        "UPDATE workstreams SET deleted_at = $1, updated_at = $1 WHERE id = $2 AND deleted_at IS NULL",
    )
    .bind(now)
    .bind(id)
    .execute(db)
    .await?
    .rows_affected())
}

pub async fn name_taken<'c>(
    db: impl Executor<'c, Database = Any>,
    name: &str,
    except_id: i64,
) -> sqlx::Result<bool> {
    let n: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM workstreams WHERE name = $1 AND id <> $2 AND deleted_at IS NULL",
    )
    .bind(name)
    .bind(except_id)
    .fetch_one(db)
    .await?;
    Ok(n > 0)
}

pub async fn open_conversations<'c>(
    db: impl Executor<'c, Database = Any>,
    id: i64,
) -> sqlx::Result<i64> {
    sqlx::query_scalar(
        "SELECT COUNT(*) FROM conversations WHERE workstream_id = $1 AND state <> 'closed'",
    )
    .bind(id)
    .fetch_one(db)
    .await
}

pub async fn set_routing<'c>(
    db: impl Executor<'c, Database = Any>,
    id: i64,
    routing: &str,
    now: i64,
) -> sqlx::Result<()> {
    // The event worker caches channel contexts (see engine::routing_cache).
    generation::ROUTING.forget();
    sqlx::query("UPDATE workstreams SET routing = $1, updated_at = $2 WHERE id = $3")
        .bind(routing)
        .bind(now)
        .bind(id)
        .execute(db)
        .await?;
    Ok(())
}

/// (workstream id, name, routing JSON) of every live workstream.
pub async fn all_routing<'c>(
    db: impl Executor<'c, Database = Any>,
) -> sqlx::Result<Vec<(i64, String, String)>> {
    sqlx::query_as::<_, (i64, String, String)>(
        "SELECT id, name, routing FROM workstreams WHERE deleted_at IS NULL ORDER BY name",
    )
    .fetch_all(db)
    .await
}
