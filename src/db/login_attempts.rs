//! Sign-in attempts, kept to throttle password guessing (per email address and per client
//! address, across processes).

use sqlx::{Any, Executor};

pub async fn record<'c>(
    db: impl Executor<'c, Database = Any>,
    email: &str,
    client_address: Option<&str>,
    succeeded: bool,
    now: i64,
) -> sqlx::Result<()> {
    sqlx::query(
        "INSERT INTO login_attempts (email, client_address, succeeded, at) VALUES ($1, $2, $3, $4)",
    )
    .bind(email)
    .bind(client_address)
    .bind(i16::from(succeeded))
    .bind(now)
    .execute(db)
    .await?;
    Ok(())
}

/// Failures for `email` since `since` and after its last success, with the newest failure time.
pub async fn recent_failures<'c>(
    db: impl Executor<'c, Database = Any>,
    email: &str,
    since: i64,
) -> sqlx::Result<(i64, Option<i64>)> {
    sqlx::query_as::<_, (i64, Option<i64>)>(
        "SELECT COUNT(*), MAX(at) FROM login_attempts
         WHERE email = $1 AND succeeded = 0 AND at >= $2
           AND at > COALESCE((SELECT MAX(at) FROM login_attempts
                              WHERE email = $1 AND succeeded = 1), 0)",
    )
    .bind(email)
    .bind(since)
    .fetch_one(db)
    .await
}

/// Failed sign-ins from one client address (any email) since `since`, with the newest one's
/// time. A success does not reset it: one valid account must not unlock guessing at others.
pub async fn recent_failures_from<'c>(
    db: impl Executor<'c, Database = Any>,
    client_address: &str,
    since: i64,
) -> sqlx::Result<(i64, Option<i64>)> {
    sqlx::query_as::<_, (i64, Option<i64>)>(
        "SELECT COUNT(*), MAX(at) FROM login_attempts
         WHERE client_address = $1 AND succeeded = 0 AND at >= $2",
    )
    .bind(client_address)
    .bind(since)
    .fetch_one(db)
    .await
}

pub async fn delete_older_than<'c>(
    db: impl Executor<'c, Database = Any>,
    before: i64,
) -> sqlx::Result<u64> {
    Ok(sqlx::query("DELETE FROM login_attempts WHERE at < $1")
        .bind(before)
        .execute(db)
        .await?
        .rows_affected())
}
