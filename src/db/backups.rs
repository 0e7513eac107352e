//! `backups`: the backups `linedesk backup` wrote, newest last.

use sqlx::{Any, Executor, FromRow};

#[derive(Clone, Debug, FromRow)]
pub struct BackupRow {
    pub taken_at: i64,
    pub file: String,
    pub bytes: i64,
}

pub async fn record<'c>(
    db: impl Executor<'c, Database = Any>,
    taken_at: i64,
    file: &str,
    bytes: i64,
) -> sqlx::Result<()> {
    sqlx::query("INSERT INTO backups (taken_at, file, bytes) VALUES ($1, $2, $3)")
        .bind(taken_at)
        .bind(file)
        .bind(bytes)
        .execute(db)
        .await?;
    Ok(())
}

pub async fn last<'c>(db: impl Executor<'c, Database = Any>) -> sqlx::Result<Option<BackupRow>> {
    sqlx::query_as::<_, BackupRow>(
        "SELECT taken_at, file, bytes FROM backups ORDER BY taken_at DESC LIMIT 1",
    )
    .fetch_optional(db)
    .await
}
