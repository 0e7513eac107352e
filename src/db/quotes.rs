//! Quoted messages: LINE's ids of what the desk sent (`sent_line_messages`), and finding the
//! message a quote points at within the same chat (a customer may quote one from an earlier
//! conversation with the desk).

use crate::db::placeholders;
use domain::conversation::MessageDirection;
use sqlx::{Any, Executor, FromRow};

/// Records LINE's id and quote token of the messages one outbound message went out as.
pub async fn record_sent<'c>(
    db: impl Executor<'c, Database = Any> + Copy,
    message_id: i64,
    sent: &[(String, Option<String>)],
) -> sqlx::Result<()> {
    for (line_message_id, quote_token) in sent {
        sqlx::query(
            "INSERT INTO sent_line_messages (line_message_id, message_id, quote_token)
             VALUES ($1, $2, $3) ON CONFLICT (line_message_id) DO NOTHING",
        )
        .bind(line_message_id)
        .bind(message_id)
        .bind(quote_token)
        .execute(db)
        .await?;
    }
    Ok(())
}

/// The payload of a customer message of this conversation that may still be quoted (not
/// taken back): its `quoteToken` is what a quoting reply sends.
pub async fn quotable_payload<'c>(
    db: impl Executor<'c, Database = Any>,
    conversation_id: i64,
    message_id: i64,
) -> sqlx::Result<Option<String>> {
    sqlx::query_scalar(
        "SELECT payload FROM messages
         WHERE id = $1 AND conversation_id = $2 AND direction = 'in' AND unsent = 0",
    )
    .bind(message_id)
    .bind(conversation_id)
    .fetch_optional(db)
    .await
}

/// Our ids of the messages with these LINE ids in the conversation's chat: (LINE id, id).
pub async fn by_line_ids<'c>(
    db: impl Executor<'c, Database = Any>,
    conversation_id: i64,
    line_ids: &[String],
) -> sqlx::Result<Vec<(String, i64)>> {
    if line_ids.is_empty() {
        return Ok(Vec::new());
    }
    let list = placeholders(2, line_ids.len());
    let same_chat = "JOIN conversations c ON c.id = m.conversation_id
         JOIN conversations here ON here.id = $1
              AND here.account_id = c.account_id AND here.chat_id = c.chat_id";
    let sql = format!(
        "SELECT m.line_message_id, m.id FROM messages m {same_chat}
         WHERE m.direction = 'in' AND m.line_message_id IN ({list})
         UNION ALL
         SELECT s.line_message_id, m.id FROM sent_line_messages s
         JOIN messages m ON m.id = s.message_id {same_chat}
         WHERE s.line_message_id IN ({list})"
    );
    let mut query = sqlx::query_as::<_, (String, i64)>(&sql).bind(conversation_id);
    for id in line_ids {
        query = query.bind(id);
    }
    query.fetch_all(db).await
}

/// A quoted message as a reply shows it above itself.
#[derive(Debug, FromRow)]
pub struct QuotedRow {
    pub id: i64,
    #[sqlx(try_from = "String")]
    pub direction: MessageDirection,
    pub kind: String,
    pub body: Option<String>,
    pub unsent: i16,
    /// The agent who wrote it (outbound).
    pub author: Option<String>,
}

pub async fn quoted<'c>(
    db: impl Executor<'c, Database = Any>,
    ids: &[i64],
) -> sqlx::Result<Vec<QuotedRow>> {
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    let sql = format!(
        "SELECT m.id, m.direction, m.kind, m.body, m.unsent,
                CASE WHEN u.display_name = '' THEN u.email ELSE u.display_name END AS author
         FROM messages m LEFT JOIN users u ON u.id = m.author_user_id
         WHERE m.id IN ({})",
        placeholders(1, ids.len())
    );
    let mut query = sqlx::query_as::<_, QuotedRow>(&sql);
    for id in ids {
        query = query.bind(id);
    }
    query.fetch_all(db).await
}
