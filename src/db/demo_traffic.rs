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

/// A day of counted-only traffic for benchmarks (`demo-traffic --bulk`): written by three
/// statements instead of one per row. Each conversation has its customer's first message only;
/// the agent's first reply is kept as a time (first_replied_at) without its text.
pub struct BulkDay<'a> {
    pub account_id: i64,
    pub workstream_id: i64,
    pub queues: &'a [i64],
    pub agents: &'a [i64],
    /// The day's start (Unix ms) and how many conversations open in it.
    pub day_start: i64,
    pub count: i64,
    /// The newest day: its unanswered customers still wait. On earlier days they gave up (a
    /// year of traffic does not leave a hundred thousand people in the queue).
    pub last: bool,
}

/// `CASE <n> % len WHEN 0 THEN ids[0] … END`: one of our own ids (never typed input) by `n`.
fn pick(n: &str, ids: &[i64]) -> String {
    let arms: String = ids
        .iter()
        .enumerate()
        .map(|(i, id)| format!(" WHEN {i} THEN {id}"))
        .collect();
    format!("CASE {n} % {} {arms} END", ids.len().max(1))
}

pub async fn insert_bulk_day(conn: &mut AnyConnection, d: &BulkDay<'_>) -> sqlx::Result<()> {
    if d.count <= 0 || d.queues.is_empty() || d.agents.is_empty() {
        return Ok(());
    }
    // PostgreSQL's row triggers cost milliseconds a conversation for the rollups (a year would
    // take an hour): off for this transaction, and the caller rebuilds the rollups after.
    if conn.backend_name() == "PostgreSQL" {
        sqlx::query("SET LOCAL linedesk.rollups_off = 'on'")
            .execute(&mut *conn)
            .await?;
    }
    let first_id: i64 = sqlx::query_scalar("SELECT COALESCE(MAX(id), 0) FROM conversations")
        .fetch_one(&mut *conn)
        .await?;
    // g: the row's number, spread over the day (chats named after the batch's first id, so
    // they stay distinct run after run); r: a scrambled number to pick outcomes by
    // (kind = r % 10: 0-5 answered, 6 abandoned, 7 the bot alone, 8 handed off then answered,
    // 9 still waiting on the last day, else abandoned too).
    let sql = format!(
        "WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i + 1 < $1),
         g AS (SELECT i, $2 + i * (86400000 / $1) AS opened_at, (i * 2654435761 + $5 * 7919) % 1000003 AS r FROM n),
         t AS (SELECT i, opened_at, r, r % 10 AS kind,
                      opened_at + (r % 120) * 1000 AS queued_at,
                      opened_at + (r % 120) * 1000 + (r % 97) * 3000 AS assigned_at,
                      opened_at + (r % 120) * 1000 + (r % 97) * 3000 + (r % 53) * 2000 + 5000 AS replied_at,
                      opened_at + 600000 + (r % 89) * 60000 AS closed_at
                 FROM g)
         INSERT INTO conversations (account_id, chat_kind, chat_id, state, opened_at, last_message_at,
             closed_at, workstream_id, queue_id, assigned_user_id, assigned_at, queued_at, routed_by,
             first_queued_at, first_assigned_at, first_replied_at, bot_served, transfers, bot_active)
         SELECT $3, 'user', 'Ubulk' || CAST($5 AS TEXT) || '-' || CAST(i AS TEXT),
                CASE WHEN kind = 9 AND $6 = 1 THEN 'waiting' ELSE 'closed' END, opened_at, opened_at,
                CASE WHEN kind = 9 AND $6 = 1 THEN NULL ELSE closed_at END, $4,
                CASE WHEN kind = 7 THEN NULL ELSE {queue} END,
                CASE WHEN kind IN (6, 7, 9) THEN NULL ELSE {agent} END,
                CASE WHEN kind IN (6, 7, 9) THEN NULL ELSE assigned_at END,
                CASE WHEN kind = 7 THEN NULL ELSE queued_at END, 'fallback',
                CASE WHEN kind = 7 THEN NULL ELSE queued_at END,
                CASE WHEN kind IN (6, 7, 9) THEN NULL ELSE assigned_at END,
                CASE WHEN kind IN (6, 7, 9) THEN NULL ELSE replied_at END,
                CASE WHEN kind IN (7, 8) THEN 1 ELSE 0 END,
                CASE WHEN r % 23 = 0 THEN 1 ELSE 0 END, 0
           FROM t",
        queue = pick("(r / 10)", d.queues),
        agent = pick("(r / 7)", d.agents),
    );
    sqlx::query(&sql)
        .bind(d.count)
        .bind(d.day_start)
        .bind(d.account_id)
        .bind(d.workstream_id)
        .bind(first_id)
        .bind(i64::from(d.last))
        .execute(&mut *conn)
        .await?;
    sqlx::query(
        "INSERT INTO messages (conversation_id, direction, kind, body, payload, sent_at, created_at)
         SELECT id, 'in', 'text', 'hello', '{}', opened_at, opened_at FROM conversations WHERE id > $1",
    )
    .bind(first_id)
    .execute(&mut *conn)
    .await?;
    // A survey after three in ten answered conversations, two in three of them rated.
    sqlx::query(
        "INSERT INTO survey_responses (conversation_id, account_id, chat_id, rating, sent_at, answered_at)
         SELECT id, account_id, chat_id,
                CASE WHEN id % 3 = 0 THEN NULL WHEN (id / 10) % 10 < 5 THEN 5
                     WHEN (id / 10) % 10 < 8 THEN 4 ELSE 2 + (id / 10) % 2 END,
                closed_at + 1000, CASE WHEN id % 3 = 0 THEN NULL ELSE closed_at + 60000 END
           FROM conversations WHERE id > $1 AND first_replied_at IS NOT NULL AND closed_at IS NOT NULL AND id % 10 < 3",
    )
    .bind(first_id)
    .execute(&mut *conn)
    .await?;
    Ok(())
}
