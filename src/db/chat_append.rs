//! The event worker's common case on SQLite: a known customer's message to a chat whose
//! conversation is open. Stored, the conversation touched and both read back in one call to
//! the connection's thread (`Db::write_in_one_call`) instead of six round trips (BEGIN, profile,
//! open conversation, message, touch, COMMIT) and a count afterwards. Anything else — a new
//! customer, no open conversation, a survey waiting for its comment — changes nothing here and
//! is left to the general path.

use crate::db::conversations::ConversationRow;
use crate::db::profiles::ProfileRow;
use crate::db::{Backend, Db};
use sqlx::{FromRow, Row};

/// A customer's message for the chat's open conversation.
pub struct ChatMessage<'a> {
    pub account_id: i64,
    pub chat_id: &'a str,
    /// The sender (also the message's sender id); None for a sender LINE does not name.
    pub line_user_id: Option<&'a str>,
    pub direction: &'a str,
    pub kind: &'a str,
    pub line_message_id: Option<&'a str>,
    pub body: Option<&'a str>,
    pub payload: &'a str,
    pub sent_at: i64,
    pub reply_token: Option<&'a str>,
    /// A text of a one-to-one chat may be a survey's comment: then it is not appended here.
    pub may_be_survey_comment: bool,
    pub now: i64,
}

pub struct Appended {
    /// As it is after this message.
    pub conversation: ConversationRow,
    /// The sender's profile (None for a sender LINE does not name).
    pub profile: Option<ProfileRow>,
    /// None when the message was stored before (the event is applied again).
    pub message_id: Option<i64>,
    /// The conversation's customer messages, this one included.
    pub inbound_count: i64,
}

/// Where the message may go: the chat's open conversation, with the sender already known and
/// no survey comment awaited. The same condition guards every write below, so they all happen
/// or none does.
const OPEN_AND_KNOWN: &str = "conversations.account_id = $1 AND conversations.chat_id = $3
    AND conversations.state <> 'closed'
    AND ($2 IS NULL OR EXISTS (SELECT 1 FROM social_profiles p WHERE p.account_id = $1 AND p.line_user_id = $2))
    AND NOT ($11 = 1 AND EXISTS (SELECT 1 FROM survey_responses s
        WHERE s.account_id = $1 AND s.chat_id = $3 AND s.comment_open_until > $10))";

/// Appends the message when the chat's conversation is open and its sender known; None (with
/// nothing written) otherwise, and always on PostgreSQL, which keeps the general path.
pub async fn append_to_open(db: &Db, m: &ChatMessage<'_>) -> sqlx::Result<Option<Appended>> {
    if db.backend != Backend::Sqlite {
        return Ok(None);
    }
    static SQL: std::sync::LazyLock<String> = std::sync::LazyLock::new(|| {
        format!(
            "BEGIN IMMEDIATE;
             INSERT INTO messages (conversation_id, direction, kind, line_message_id, sender_id, author_user_id, body, payload, sent_at, created_at, delivery)
               SELECT id, $4, $5, $6, $2, NULL, $7, $8, $9, $10, NULL FROM conversations WHERE {OPEN_AND_KNOWN}
               ON CONFLICT (conversation_id, line_message_id) DO NOTHING RETURNING id;
             UPDATE conversations SET last_message_at = CASE WHEN last_message_at > $9 THEN last_message_at ELSE $9 END,
                 reply_token = COALESCE($12, reply_token),
                 reply_token_at = CASE WHEN $12 IS NULL THEN reply_token_at ELSE $9 END
               WHERE {OPEN_AND_KNOWN}
               RETURNING {conversation}, (SELECT COUNT(*) FROM messages m
                 WHERE m.conversation_id = conversations.id AND m.direction = 'in') AS inbound_count;
             SELECT {profile} FROM social_profiles WHERE account_id = $1 AND line_user_id = $2;
             COMMIT",
            conversation = crate::db::conversations::COLUMNS,
            profile = crate::db::profiles::COLUMNS,
        )
    });
    let query = sqlx::query(SQL.as_str())
        .bind(m.account_id)
        .bind(m.line_user_id)
        .bind(m.chat_id)
        .bind(m.direction)
        .bind(m.kind)
        .bind(m.line_message_id)
        .bind(m.body)
        .bind(m.payload)
        .bind(m.sent_at)
        .bind(m.now)
        .bind(i32::from(m.may_be_survey_comment))
        .bind(m.reply_token);
    let outputs = db.write_in_one_call(query).await?;
    let [_begin, inserted, touched, profile, _commit] = outputs.as_slice() else {
        return Err(sqlx::Error::Protocol(format!(
            "appending a message: {} results for 5 statements",
            outputs.len()
        )));
    };
    let Some(row) = touched.rows.first() else {
        return Ok(None);
    };
    Ok(Some(Appended {
        conversation: ConversationRow::from_row(row)?,
        profile: profile.rows.first().map(ProfileRow::from_row).transpose()?,
        message_id: inserted.rows.first().map(|r| r.try_get(0)).transpose()?,
        inbound_count: row.try_get("inbound_count")?,
    }))
}
