//! How far each conversation's customer messages have been marked read in LINE
//! (`conversations.marked_read_message_id`).

use sqlx::{Any, Executor, FromRow};

/// A conversation's newest customer message, and the one its read mark was last queued for.
#[derive(Debug, FromRow)]
pub struct NewestInbound {
    pub message_id: i64,
    /// LINE's message object; its `markAsReadToken` marks it and every earlier message read.
    pub payload: String,
    pub marked_message_id: Option<i64>,
}

/// Reads back from the newest message along (conversation, sent_at, id) and stops at the first
/// customer message, so a long conversation costs no more than a short one.
pub async fn newest_inbound<'c>(
    db: impl Executor<'c, Database = Any>,
    conversation_id: i64,
) -> sqlx::Result<Option<NewestInbound>> {
    sqlx::query_as::<_, NewestInbound>(
        "SELECT m.id AS message_id, m.payload, c.marked_read_message_id AS marked_message_id
         FROM messages m JOIN conversations c ON c.id = m.conversation_id
         WHERE m.conversation_id = $1 AND m.direction = 'in'
         ORDER BY m.sent_at DESC, m.id DESC LIMIT 1",
    )
    .bind(conversation_id)
    .fetch_optional(db)
    .await
}

/// Records that `message_id`'s read mark is queued; false when it already was (another view
/// or reply got there first), so each token is used once.
pub async fn advance<'c>(
    db: impl Executor<'c, Database = Any>,
    conversation_id: i64,
    message_id: i64,
) -> sqlx::Result<bool> {
    let done = sqlx::query(
        "UPDATE conversations SET marked_read_message_id = $1
         WHERE id = $2 AND (marked_read_message_id IS NULL OR marked_read_message_id <> $1)",
    )
    .bind(message_id)
    .bind(conversation_id)
    .execute(db)
    .await?;
    Ok(done.rows_affected() == 1)
}
