//! What the insights pages read: the queues as they are now and today's first answers.

use sqlx::{Any, Executor, FromRow};

pub async fn set_service_level<'c>(
    db: impl Executor<'c, Database = Any>,
    queue_id: i64,
    seconds: i64,
    now: i64,
) -> sqlx::Result<u64> {
    Ok(
        sqlx::query("UPDATE queues SET service_level_seconds = $1, updated_at = $2 WHERE id = $3")
            .bind(seconds)
            .bind(now)
            .bind(queue_id)
            .execute(db)
            .await?
            .rows_affected(),
    )
}

/// The queues a person is a member of (a supervisor watches those).
pub async fn queues_of<'c>(
    db: impl Executor<'c, Database = Any>,
    user_id: i64,
) -> sqlx::Result<Vec<i64>> {
    sqlx::query_scalar::<_, i64>("SELECT queue_id FROM queue_members WHERE user_id = $1")
        .bind(user_id)
        .fetch_all(db)
        .await
}

/// Per queue: conversations waiting (and since when the longest has waited) and handled.
#[derive(Clone, Debug, FromRow)]
pub struct QueueNow {
    pub queue_id: i64,
    pub waiting: i64,
    pub oldest_queued_at: Option<i64>,
    pub active: i64,
}

pub async fn queues_now<'c>(db: impl Executor<'c, Database = Any>) -> sqlx::Result<Vec<QueueNow>> {
    sqlx::query_as::<_, QueueNow>(
        "SELECT queue_id,
                SUM(CASE WHEN state = 'waiting' THEN 1 ELSE 0 END) AS waiting,
                MIN(CASE WHEN state = 'waiting' THEN COALESCE(queued_at, opened_at) END) AS oldest_queued_at,
                SUM(CASE WHEN state IN ('active', 'wrapup') THEN 1 ELSE 0 END) AS active
           FROM conversations
          WHERE queue_id IS NOT NULL AND state IN ('waiting', 'active', 'wrapup')
          GROUP BY queue_id",
    )
    .fetch_all(db)
    .await
}

/// Pending offers per queue.
pub async fn offers_pending<'c>(
    db: impl Executor<'c, Database = Any>,
) -> sqlx::Result<Vec<(i64, i64)>> {
    sqlx::query_as::<_, (i64, i64)>(
        "SELECT c.queue_id, COUNT(*) FROM offers o JOIN conversations c ON c.id = o.conversation_id
          WHERE o.state = 'offered' AND c.queue_id IS NOT NULL GROUP BY c.queue_id",
    )
    .fetch_all(db)
    .await
}

/// A queue member who can sign in, with presence and capacity (defaults for someone who never
/// set a presence: offline, capacity 3, as `agents` has them).
#[derive(Clone, Debug, FromRow)]
pub struct MemberNow {
    pub queue_id: i64,
    pub user_id: i64,
    pub presence: String,
    pub capacity: i64,
}

pub async fn members_now<'c>(
    db: impl Executor<'c, Database = Any>,
) -> sqlx::Result<Vec<MemberNow>> {
    sqlx::query_as::<_, MemberNow>(
        "SELECT m.queue_id, m.user_id, COALESCE(a.presence, 'offline') AS presence,
                CAST(COALESCE(a.capacity, 3) AS BIGINT) AS capacity
           FROM queue_members m JOIN users u ON u.id = m.user_id
           LEFT JOIN agents a ON a.user_id = m.user_id
          WHERE u.disabled = 0",
    )
    .fetch_all(db)
    .await
}

/// Conversations queued since `since`, each with its first reply by an agent after queuing.
pub async fn first_answers<'c>(
    db: impl Executor<'c, Database = Any>,
    since: i64,
) -> sqlx::Result<Vec<(i64, i64, Option<i64>)>> {
    sqlx::query_as::<_, (i64, i64, Option<i64>)>(
        "SELECT c.queue_id, c.queued_at,
                (SELECT MIN(m.sent_at) FROM messages m
                  WHERE m.conversation_id = c.id AND m.direction = 'out'
                    AND m.author_user_id IS NOT NULL AND m.sent_at >= c.queued_at) AS first_reply
           FROM conversations c
          WHERE c.queue_id IS NOT NULL AND c.queued_at >= $1",
    )
    .bind(since)
    .fetch_all(db)
    .await
}
