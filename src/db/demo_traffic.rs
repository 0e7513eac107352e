//! Writes generated past conversations (`linedesk insights demo-traffic`): whole, closed or
//! still open, with their messages and survey answers, in one transaction per batch.

use domain::conversation::{ConversationState, DeliveryState, MessageDirection};
use sqlx::AnyConnection;

/// One generated conversation (times Unix ms).
pub struct GeneratedConversation {
    pub account_id: i64,
    pub workstream_id: i64,
    pub queue_id: Option<i64>,
    pub chat_id: String,
    pub agent_id: Option<i64>,
    pub opened_at: i64,
    pub queued_at: Option<i64>,
    pub assigned_at: Option<i64>,
    pub closed_at: Option<i64>,
    pub bot_served: bool,
    pub transfers: i64,
    /// (direction, the agent who wrote an outgoing one, text, sent at)
    pub messages: Vec<(MessageDirection, Option<i64>, String, i64)>,
    /// (sent at, rating if answered)
    pub survey: Option<(i64, Option<i64>)>,
}

pub async fn insert(conn: &mut AnyConnection, c: &GeneratedConversation) -> sqlx::Result<()> {
    let state = match (c.closed_at, c.agent_id, c.queued_at) {
        (Some(_), _, _) => ConversationState::Closed,
        (None, Some(_), _) => ConversationState::Active,
        (None, None, Some(_)) => ConversationState::Waiting,
        (None, None, None) => ConversationState::Open,
    };
    let last = c.messages.last().map_or(c.opened_at, |m| m.3);
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO conversations (account_id, chat_kind, chat_id, state, opened_at, last_message_at,
             closed_at, workstream_id, queue_id, assigned_user_id, assigned_at, queued_at, routed_by,
             first_queued_at, first_assigned_at, bot_served, transfers, bot_active)
         VALUES ($1, 'user', $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, 'fallback', $11, $10, $12, $13, 0)
         RETURNING id",
    )
    .bind(c.account_id)
    .bind(&c.chat_id)
    .bind(state.as_str())
    .bind(c.opened_at)
    .bind(last)
    .bind(c.closed_at)
    .bind(c.workstream_id)
    .bind(c.queue_id)
    .bind(c.agent_id)
    .bind(c.assigned_at)
    .bind(c.queued_at)
    .bind(i16::from(c.bot_served))
    .bind(c.transfers)
    .fetch_one(&mut *conn)
    .await?;
    for (direction, author, text, at) in &c.messages {
        let payload = serde_json::json!({ "type": "text", "text": text }).to_string();
        sqlx::query(
            "INSERT INTO messages (conversation_id, direction, kind, author_user_id, body, payload, sent_at, created_at, delivery)
             VALUES ($1, $2, 'text', $3, $4, $5, $6, $6, $7)",
        )
        .bind(id)
        .bind(direction.as_str())
        .bind(*author)
        .bind(text)
        .bind(payload)
        .bind(*at)
        .bind((*direction == MessageDirection::Out).then_some(DeliveryState::Sent.as_str()))
        .execute(&mut *conn)
        .await?;
    }
    if let Some((sent_at, rating)) = c.survey {
        sqlx::query(
            "INSERT INTO survey_responses (conversation_id, account_id, chat_id, rating, sent_at, answered_at)
             VALUES ($1, $2, $3, $4, $5, $6)",
        )
        .bind(id)
        .bind(c.account_id)
        .bind(&c.chat_id)
        .bind(rating)
        .bind(sent_at)
        .bind(rating.map(|_| sent_at + 90_000))
        .execute(&mut *conn)
        .await?;
    }
    Ok(())
}

/// The first messaging account (generated traffic needs one to belong to).
pub async fn first_account(pool: &sqlx::AnyPool) -> sqlx::Result<Option<i64>> {
    sqlx::query_scalar("SELECT MIN(id) FROM line_accounts")
        .fetch_one(pool)
        .await
}
