//! `queues`: where conversations wait for agents. Workstreams name one as their fallback.

use crate::db::generation;
use sqlx::{Any, AnyConnection, Executor, FromRow};

#[derive(Clone, Debug, FromRow)]
pub struct QueueRow {
    pub id: i64,
    pub name: String,
    pub priority: i32,
    pub service_level_seconds: i64,
}

pub async fn list<'c>(db: impl Executor<'c, Database = Any>) -> sqlx::Result<Vec<QueueRow>> {
    sqlx::query_as::<_, QueueRow>("SELECT id, name, priority, CAST(service_level_seconds AS BIGINT) AS service_level_seconds FROM queues ORDER BY name")
        .fetch_all(db)
        .await
}

pub async fn find<'c>(
    db: impl Executor<'c, Database = Any>,
    id: i64,
) -> sqlx::Result<Option<QueueRow>> {
    sqlx::query_as::<_, QueueRow>("SELECT id, name, priority, CAST(service_level_seconds AS BIGINT) AS service_level_seconds FROM queues WHERE id = $1")
        .bind(id)
        .fetch_optional(db)
        .await
}

pub async fn insert<'c>(
    db: impl Executor<'c, Database = Any>,
    name: &str,
    now: i64,
) -> sqlx::Result<i64> {
    // The event worker caches channel contexts (see engine::routing_cache).
    generation::ROUTING.forget();
    sqlx::query_scalar::<_, i64>(
        "INSERT INTO queues (name, priority, created_at, updated_at) VALUES ($1, 0, $2, $2) RETURNING id",
    )
    .bind(name)
    .bind(now)
    .fetch_one(db)
    .await
}

pub async fn update<'c>(
    db: impl Executor<'c, Database = Any>,
    id: i64,
    name: &str,
    priority: i32,
    now: i64,
) -> sqlx::Result<u64> {
    // The event worker caches channel contexts (see engine::routing_cache).
    generation::ROUTING.forget();
    Ok(
        sqlx::query("UPDATE queues SET name = $1, priority = $2, updated_at = $3 WHERE id = $4")
            .bind(name)
            .bind(priority)
            .bind(now)
            .bind(id)
            .execute(db)
            .await?
            .rows_affected(),
    )
}

pub async fn set_priority<'c>(
    db: impl Executor<'c, Database = Any>,
    id: i64,
    priority: i32,
) -> sqlx::Result<()> {
    // The event worker caches channel contexts (see engine::routing_cache).
    generation::ROUTING.forget();
    sqlx::query("UPDATE queues SET priority = $1 WHERE id = $2")
        .bind(priority)
        .bind(id)
        .execute(db)
        .await?;
    Ok(())
}

pub async fn delete(conn: &mut AnyConnection, id: i64) -> sqlx::Result<u64> {
    // The event worker caches channel contexts (see engine::routing_cache).
    generation::ROUTING.forget();
    sqlx::query("DELETE FROM queue_members WHERE queue_id = $1")
        .bind(id)
        .execute(&mut *conn)
        .await?;
    Ok(sqlx::query("DELETE FROM queues WHERE id = $1")
        .bind(id)
        .execute(&mut *conn)
        .await?
        .rows_affected())
}

/// Workstreams (live) whose fallback queue this is, by name.
pub async fn fallback_of<'c>(
    db: impl Executor<'c, Database = Any>,
    id: i64,
) -> sqlx::Result<Vec<String>> {
    sqlx::query_scalar::<_, String>(
        "SELECT name FROM workstreams WHERE fallback_queue_id = $1 AND deleted_at IS NULL ORDER BY name",
    )
    .bind(id)
    .fetch_all(db)
    .await
}

/// Open conversations in the queue (they would be left nowhere).
pub async fn open_conversations<'c>(
    db: impl Executor<'c, Database = Any>,
    id: i64,
) -> sqlx::Result<i64> {
    sqlx::query_scalar::<_, i64>(
        "SELECT COUNT(*) FROM conversations WHERE queue_id = $1 AND state <> 'closed'",
    )
    .bind(id)
    .fetch_one(db)
    .await
}

#[derive(Clone, Debug, FromRow)]
pub struct MemberRow {
    pub queue_id: i64,
    pub user_id: i64,
    pub name: String,
}

/// Every membership, with the member's display name (or email).
pub async fn members<'c>(db: impl Executor<'c, Database = Any>) -> sqlx::Result<Vec<MemberRow>> {
    sqlx::query_as::<_, MemberRow>(
        "SELECT m.queue_id, m.user_id, CASE WHEN u.display_name = '' THEN u.email ELSE u.display_name END AS name
         FROM queue_members m JOIN users u ON u.id = m.user_id ORDER BY name",
    )
    .fetch_all(db)
    .await
}

pub async fn set_members(
    conn: &mut AnyConnection,
    queue_id: i64,
    user_ids: &[i64],
) -> sqlx::Result<()> {
    // The event worker caches channel contexts (see engine::routing_cache).
    generation::ROUTING.forget();
    sqlx::query("DELETE FROM queue_members WHERE queue_id = $1")
        .bind(queue_id)
        .execute(&mut *conn)
        .await?;
    for user_id in user_ids {
        sqlx::query("INSERT INTO queue_members (queue_id, user_id) VALUES ($1, $2)")
            .bind(queue_id)
            .bind(user_id)
            .execute(&mut *conn)
            .await?;
    }
    Ok(())
}

/// The queues a user works in.
pub async fn of_user<'c>(
    db: impl Executor<'c, Database = Any>,
    user_id: i64,
) -> sqlx::Result<Vec<i64>> {
    sqlx::query_scalar::<_, i64>("SELECT queue_id FROM queue_members WHERE user_id = $1")
        .bind(user_id)
        .fetch_all(db)
        .await
}
