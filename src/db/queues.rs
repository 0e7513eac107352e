//! `queues`: where conversations wait for agents. Workstreams name one as their fallback.

use sqlx::{Any, Executor, FromRow};

#[derive(Clone, Debug, FromRow)]
pub struct QueueRow {
    pub id: i64,
    pub name: String,
    pub priority: i32,
}

pub async fn list<'c>(db: impl Executor<'c, Database = Any>) -> sqlx::Result<Vec<QueueRow>> {
    sqlx::query_as::<_, QueueRow>("SELECT id, name, priority FROM queues ORDER BY name")
        .fetch_all(db)
        .await
}

pub async fn find<'c>(
    db: impl Executor<'c, Database = Any>,
    id: i64,
) -> sqlx::Result<Option<QueueRow>> {
    sqlx::query_as::<_, QueueRow>("SELECT id, name, priority FROM queues WHERE id = $1")
        .bind(id)
        .fetch_optional(db)
        .await
}

pub async fn insert<'c>(
    db: impl Executor<'c, Database = Any>,
    name: &str,
    now: i64,
) -> sqlx::Result<i64> {
    sqlx::query_scalar::<_, i64>(
        "INSERT INTO queues (name, priority, created_at, updated_at) VALUES ($1, 0, $2, $2) RETURNING id",
    )
    .bind(name)
    .bind(now)
    .fetch_one(db)
    .await
}
