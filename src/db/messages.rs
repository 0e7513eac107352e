//! `messages`: what customers sent and what agents (or the desk) sent back.

use domain::conversation::{DeliveryState, MessageDirection};
use sqlx::{Any, Executor, FromRow};

#[derive(Clone, Debug, FromRow)]
pub struct MessageRow {
    pub id: i64,
    pub conversation_id: i64,
    #[sqlx(try_from = "String")]
    pub direction: MessageDirection,
    pub kind: String,
    pub line_message_id: Option<String>,
    pub sender_id: Option<String>,
    pub author_user_id: Option<i64>,
    pub body: Option<String>,
    pub payload: String,
    pub sent_at: i64,
    pub unsent: i16,
    pub edited_at: Option<i64>,
    pub delivery: Option<String>,
    pub failure: Option<String>,
}

impl MessageRow {
    /// `delivery` as its enum (None for inbound messages).
    pub fn delivery_state(&self) -> Option<DeliveryState> {
        self.delivery.as_deref().and_then(|text| text.parse().ok())
    }
}

const COLUMNS: &str = "id, conversation_id, direction, kind, line_message_id, sender_id, author_user_id, body, payload, sent_at, unsent, edited_at, delivery, failure";

pub struct NewMessage<'a> {
    pub conversation_id: i64,
    pub direction: MessageDirection,
    pub kind: &'a str,
    pub line_message_id: Option<&'a str>,
    pub sender_id: Option<&'a str>,
    pub author_user_id: Option<i64>,
    pub body: Option<&'a str>,
    pub payload: &'a str,
    pub sent_at: i64,
    /// `Some(Queued)` for outbound messages.
    pub delivery: Option<DeliveryState>,
}

/// A new message's columns, in the order `insert` (and the one-call store, chat_append) gives
/// them.
pub(crate) const INSERT_COLUMNS: &str = "conversation_id, direction, kind, line_message_id, sender_id, author_user_id, body, payload, sent_at, created_at, delivery";

pub async fn insert<'c>(
    db: impl Executor<'c, Database = Any>,
    m: &NewMessage<'_>,
    now: i64,
) -> sqlx::Result<Option<i64>> {
    // Applying the same event again (after a crash between applying and marking it done) finds
    // its message already there: nothing is stored twice.
    sqlx::query_scalar::<_, i64>(&format!(
        "INSERT INTO messages ({INSERT_COLUMNS})
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)
             ON CONFLICT (conversation_id, line_message_id) DO NOTHING RETURNING id"
    ))
    .bind(m.conversation_id)
    .bind(m.direction.as_str())
    .bind(m.kind)
    .bind(m.line_message_id)
    .bind(m.sender_id)
    .bind(m.author_user_id)
    .bind(m.body)
    .bind(m.payload)
    .bind(m.sent_at)
    .bind(now)
    .bind(m.delivery.map(DeliveryState::as_str))
    .fetch_optional(db)
    .await
}

pub async fn list<'c>(
    db: impl Executor<'c, Database = Any>,
    conversation_id: i64,
) -> sqlx::Result<Vec<MessageRow>> {
    sqlx::query_as::<_, MessageRow>(&format!(
        "SELECT {COLUMNS} FROM messages WHERE conversation_id = $1 ORDER BY sent_at, id"
    ))
    .bind(conversation_id)
    .fetch_all(db)
    .await
}

/// Where a message stands in its conversation's order (sent_at, then id): a window of the
/// conversation starts at one.
#[derive(Clone, Copy, Debug, PartialEq, Eq, FromRow)]
pub struct Position {
    pub sent_at: i64,
    pub id: i64,
}

impl Position {
    /// Before every message: a window from here holds the whole conversation.
    pub const START: Position = Position {
        sent_at: i64::MIN,
        id: i64::MIN,
    };
}

/// The position of message `id`, if it belongs to the conversation.
pub async fn position<'c>(
    db: impl Executor<'c, Database = Any>,
    conversation_id: i64,
    id: i64,
) -> sqlx::Result<Option<Position>> {
    sqlx::query_as::<_, Position>(
        "SELECT sent_at, id FROM messages WHERE conversation_id = $1 AND id = $2",
    )
    .bind(conversation_id)
    .bind(id)
    .fetch_optional(db)
    .await
}

/// The conversation's messages from `from` on, in order.
pub async fn list_from<'c>(
    db: impl Executor<'c, Database = Any>,
    conversation_id: i64,
    from: Position,
) -> sqlx::Result<Vec<MessageRow>> {
    sqlx::query_as::<_, MessageRow>(&format!(
        "SELECT {COLUMNS} FROM messages WHERE conversation_id = $1 AND (sent_at, id) >= ($2, $3)
             ORDER BY sent_at, id"
    ))
    .bind(conversation_id)
    .bind(from.sent_at)
    .bind(from.id)
    .fetch_all(db)
    .await
}

/// The newest `count` messages, in order: read backwards along the conversation's index, so a
/// conversation of thousands of messages costs what a short one does.
pub async fn list_newest<'c>(
    db: impl Executor<'c, Database = Any>,
    conversation_id: i64,
    count: i64,
) -> sqlx::Result<Vec<MessageRow>> {
    let mut rows = sqlx::query_as::<_, MessageRow>(&format!(
        "SELECT {COLUMNS} FROM messages WHERE conversation_id = $1
             ORDER BY sent_at DESC, id DESC LIMIT $2"
    ))
    .bind(conversation_id)
    .bind(count)
    .fetch_all(db)
    .await?;
    rows.reverse();
    Ok(rows)
}

/// Where the page of `count` messages before `before` starts (the oldest message when fewer
/// are left); None when nothing comes before it.
pub async fn page_start_before<'c>(
    db: impl Executor<'c, Database = Any>,
    conversation_id: i64,
    before: Position,
    count: i64,
) -> sqlx::Result<Option<Position>> {
    let page = sqlx::query_as::<_, Position>(
        "SELECT sent_at, id FROM messages WHERE conversation_id = $1 AND (sent_at, id) < ($2, $3)
             ORDER BY sent_at DESC, id DESC LIMIT $4",
    )
    .bind(conversation_id)
    .bind(before.sent_at)
    .bind(before.id)
    .bind(count)
    .fetch_all(db)
    .await?;
    Ok(page.last().copied())
}

/// The agents who wrote in the conversation from `from` on: (user id, display name or else
/// email).
pub async fn authors<'c>(
    db: impl Executor<'c, Database = Any>,
    conversation_id: i64,
    from: Position,
) -> sqlx::Result<Vec<(i64, String)>> {
    sqlx::query_as::<_, (i64, String)>(
        "SELECT DISTINCT u.id, CASE WHEN u.display_name = '' THEN u.email ELSE u.display_name END
             FROM users u JOIN messages m ON m.author_user_id = u.id
             WHERE m.conversation_id = $1 AND (m.sent_at, m.id) >= ($2, $3)",
    )
    .bind(conversation_id)
    .bind(from.sent_at)
    .bind(from.id)
    .fetch_all(db)
    .await
}

/// unsend: the customer took the message back; agents no longer see its content.
pub async fn mark_unsent<'c>(
    db: impl Executor<'c, Database = Any>,
    account_id: i64,
    line_message_id: &str,
) -> sqlx::Result<u64> {
    Ok(sqlx::query(
        "UPDATE messages SET unsent = 1, body = NULL
         WHERE line_message_id = $1 AND conversation_id IN (SELECT id FROM conversations WHERE account_id = $2)",
    )
    .bind(line_message_id)
    .bind(account_id)
    .execute(db)
    .await?
    .rows_affected())
}

/// messageEdited: the new text replaces the old; the edit time is kept.
pub async fn edit<'c>(
    db: impl Executor<'c, Database = Any>,
    account_id: i64,
    line_message_id: &str,
    body: &str,
    payload: &str,
    at: i64,
) -> sqlx::Result<u64> {
    Ok(sqlx::query(
        "UPDATE messages SET body = $1, payload = $2, edited_at = $3
         WHERE line_message_id = $4 AND conversation_id IN (SELECT id FROM conversations WHERE account_id = $5)",
    )
    .bind(body)
    .bind(payload)
    .bind(at)
    .bind(line_message_id)
    .bind(account_id)
    .execute(db)
    .await?
    .rows_affected())
}

/// An outbound message's delivery state.
pub async fn delivery<'c>(
    db: impl Executor<'c, Database = Any>,
    id: i64,
) -> sqlx::Result<Option<DeliveryState>> {
    sqlx::query_scalar::<_, Option<String>>("SELECT delivery FROM messages WHERE id = $1")
        .bind(id)
        .fetch_optional(db)
        .await?
        .flatten()
        .map(|text| decode(&text))
        .transpose()
}

/// A state column's text as its enum.
pub(crate) fn decode<T: std::str::FromStr<Err = String>>(text: &str) -> sqlx::Result<T> {
    text.parse()
        .map_err(|err: String| sqlx::Error::Decode(err.into()))
}

pub async fn set_delivery<'c>(
    db: impl Executor<'c, Database = Any>,
    id: i64,
    delivery: DeliveryState,
    failure: Option<&str>,
) -> sqlx::Result<()> {
    sqlx::query("UPDATE messages SET delivery = $1, failure = $2 WHERE id = $3")
        .bind(delivery.as_str())
        .bind(failure)
        .bind(id)
        .execute(db)
        .await?;
    Ok(())
}

/// A customer's file the channel did not accept: the reason is kept on the message (agents see
/// it in place of the file).
pub async fn set_refused<'c>(
    db: impl Executor<'c, Database = Any>,
    id: i64,
    reason: &str,
) -> sqlx::Result<()> {
    sqlx::query("UPDATE messages SET failure = $1 WHERE id = $2")
        .bind(reason)
        .bind(id)
        .execute(db)
        .await?;
    Ok(())
}

/// The conversation's customer messages counted up to two: enough to tell whether one is its
/// first (which gets the greeting), without reading every message of a long conversation
/// (COUNT(*) took ~40 µs at 90 messages, and this runs for every message stored).
pub(crate) fn inbound_up_to_two_sql(conversation_id: &str) -> String {
    format!(
        "(SELECT COUNT(*) FROM (SELECT 1 FROM messages
           WHERE conversation_id = {conversation_id} AND direction = 'in' LIMIT 2) AS first_two)"
    )
}

/// See `inbound_up_to_two_sql`.
pub async fn inbound_up_to_two<'c>(
    db: impl Executor<'c, Database = Any>,
    conversation_id: i64,
) -> sqlx::Result<i64> {
    static SQL: std::sync::LazyLock<String> =
        std::sync::LazyLock::new(|| format!("SELECT {}", inbound_up_to_two_sql("$1")));
    sqlx::query_scalar(SQL.as_str())
        .bind(conversation_id)
        .fetch_one(db)
        .await
}

/// Whether a LINE message is already stored in a conversation of this account that has closed
/// since: an event applied again (after a crash between storing and marking it applied) must not
/// open a new conversation for a message that was already handled.
/// SQL: the LINE message `line_message_id` is stored in a closed conversation of `account_id`
/// (SQL parameters). Shared with the one-call store (chat_append).
pub(crate) fn handled_in_closed_condition(line_message_id: &str, account_id: &str) -> String {
    // From the message by its LINE id to its conversation: as a plain join SQLite's planner
    // walked every closed conversation of the desk instead (conversations_waiting), and this is
    // checked for every message stored.
    format!(
        "EXISTS (SELECT 1 FROM messages m WHERE m.line_message_id = {line_message_id}
         AND EXISTS (SELECT 1 FROM conversations c
           WHERE c.id = m.conversation_id AND c.account_id = {account_id} AND c.state = 'closed'))"
    )
}

pub async fn handled_in_closed_conversation<'c>(
    db: impl Executor<'c, Database = Any>,
    account_id: i64,
    line_message_id: &str,
) -> sqlx::Result<bool> {
    static SQL: std::sync::LazyLock<String> = std::sync::LazyLock::new(|| {
        format!(
            "SELECT CASE WHEN {} THEN 1 ELSE 0 END",
            handled_in_closed_condition("$1", "$2")
        )
    });
    let found: i64 = sqlx::query_scalar(SQL.as_str())
        .bind(line_message_id)
        .bind(account_id)
        .fetch_one(db)
        .await?;
    Ok(found == 1)
}

/// The conversations of the account holding the LINE message `line_message_id`.
pub async fn conversations_holding<'c>(
    db: impl Executor<'c, Database = Any>,
    account_id: i64,
    line_message_id: &str,
) -> sqlx::Result<Vec<i64>> {
    sqlx::query_scalar(
        "SELECT m.conversation_id FROM messages m JOIN conversations c ON c.id = m.conversation_id
         WHERE m.line_message_id = $1 AND c.account_id = $2",
    )
    .bind(line_message_id)
    .bind(account_id)
    .fetch_all(db)
    .await
}

/// The conversation the message belongs to.
pub async fn conversation_of<'c>(
    db: impl Executor<'c, Database = Any>,
    id: i64,
) -> sqlx::Result<Option<i64>> {
    sqlx::query_scalar("SELECT conversation_id FROM messages WHERE id = $1")
        .bind(id)
        .fetch_optional(db)
        .await
}
