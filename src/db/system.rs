//! What the System page and `linedesk doctor` count: work waiting or given up on.

use sqlx::{Any, Executor, FromRow};

#[derive(Clone, Debug, Default, FromRow)]
pub struct JobCounts {
    pub events_waiting: i64,
    pub events_set_aside: i64,
    pub sends_waiting: i64,
    pub sends_failed: i64,
    pub files_waiting: i64,
    pub files_failed: i64,
}

/// Counts by state. Events set aside are counted from `since` on (read along the index of
/// processing times, not the whole table).
pub async fn job_counts<'c>(
    db: impl Executor<'c, Database = Any>,
    since: i64,
) -> sqlx::Result<JobCounts> {
    sqlx::query_as::<_, JobCounts>(
        "SELECT
             (SELECT COUNT(*) FROM webhook_events WHERE processed_at IS NULL) AS events_waiting,
             (SELECT COUNT(*) FROM webhook_events
                  WHERE processed_at >= $1 AND last_error IS NOT NULL) AS events_set_aside,
             (SELECT COUNT(*) FROM outbox WHERE state = 'pending') AS sends_waiting,
             (SELECT COUNT(*) FROM outbox WHERE state = 'failed') AS sends_failed,
             (SELECT COUNT(*) FROM attachments WHERE state = 'pending') AS files_waiting,
             (SELECT COUNT(*) FROM attachments WHERE state = 'failed') AS files_failed",
    )
    .bind(since)
    .fetch_one(db)
    .await
}
