//! `transcript_grants`: an administrator's time-limited permission for an auditor to read
//! conversation transcripts.

use sqlx::{Any, Executor, FromRow};

#[derive(FromRow)]
pub struct GrantRow {
    pub user_id: i64,
    pub user_email: String,
    pub granted_by: String,
    pub granted_at: i64,
    pub expires_at: i64,
    pub revoked_at: Option<i64>,
}

/// The 200 latest grants, newest first, with the auditor's and the granter's emails.
pub async fn recent<'c>(db: impl Executor<'c, Database = Any>) -> sqlx::Result<Vec<GrantRow>> {
    sqlx::query_as::<_, GrantRow>(
        "SELECT g.user_id, u.email AS user_email, b.email AS granted_by, g.granted_at, g.expires_at, g.revoked_at
         FROM transcript_grants g JOIN users u ON u.id = g.user_id JOIN users b ON b.id = g.granted_by
         ORDER BY g.id DESC LIMIT 200",
    )
    .fetch_all(db)
    .await
}

pub async fn insert<'c>(
    db: impl Executor<'c, Database = Any>,
    user_id: i64,
    granted_by: i64,
    now: i64,
    expires_at: i64,
) -> sqlx::Result<()> {
    sqlx::query(
        "INSERT INTO transcript_grants (user_id, granted_by, granted_at, expires_at) VALUES ($1, $2, $3, $4)",
    )
    .bind(user_id)
    .bind(granted_by)
    .bind(now)
    .bind(expires_at)
    .execute(db)
    .await?;
    Ok(())
}

/// Ends the user's active grants; returns how many there were.
pub async fn revoke<'c>(
    db: impl Executor<'c, Database = Any>,
    user_id: i64,
    revoked_by: i64,
    now: i64,
) -> sqlx::Result<u64> {
    Ok(sqlx::query(
        "UPDATE transcript_grants SET revoked_at = $1, revoked_by = $2
         WHERE user_id = $3 AND revoked_at IS NULL AND expires_at > $1",
    )
    .bind(now)
    .bind(revoked_by)
    .bind(user_id)
    .execute(db)
    .await?
    .rows_affected())
}

/// One of the user's grants that is neither revoked nor expired at `now`, if any.
pub async fn active<'c>(
    db: impl Executor<'c, Database = Any>,
    user_id: i64,
    now: i64,
) -> sqlx::Result<Option<i64>> {
    sqlx::query_scalar(
        "SELECT id FROM transcript_grants WHERE user_id = $1 AND revoked_at IS NULL AND expires_at > $2 LIMIT 1",
    )
    .bind(user_id)
    .bind(now)
    .fetch_optional(db)
    .await
}
