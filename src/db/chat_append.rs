//! The event worker's write for a customer's message on SQLite, in one call to the connection's
//! thread (`Db::write_in_one_call`): the sender's profile (created when new), the chat's open
//! conversation (opened when none is), the message, the conversation's touch, and all of it
//! read back. Separately these were eleven round trips for a new customer and seven for a known
//! one, each two thread switches, which was most of the worker's cost. PostgreSQL keeps the
//! statement-by-statement transaction in `engine::events`.

use crate::db::conversations::{self, ConversationRow};
use crate::db::messages;
use crate::db::profiles::ProfileRow;
use crate::db::Db;
use sqlx::{FromRow, Row};

/// A customer's message (or a chat event kept as one) for the chat's conversation.
pub struct ChatMessage<'a> {
    pub account_id: i64,
    /// "user", "group" or "room".
    pub chat_kind: &'a str,
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
    /// A text of a one-to-one chat may be a survey's comment: then nothing is written here.
    pub may_be_survey_comment: bool,
    /// Where a conversation opened now belongs.
    pub workstream_id: Option<i64>,
    pub queue_id: Option<i64>,
    pub now: i64,
}

pub enum Appended {
    Stored(Box<Stored>),
    /// A survey of this chat waits for its comment; nothing was written.
    SurveyComment,
    /// The message was handled in a conversation that has since closed (the event is applied
    /// again after a crash): nothing is written, not even to a newer open conversation.
    HandledBefore,
}

pub struct Stored {
    /// As it is after this message.
    pub conversation: ConversationRow,
    /// The message opened the conversation.
    pub opened: bool,
    /// The sender's profile (None for a sender LINE does not name).
    pub profile: Option<ProfileRow>,
    /// None when the message was stored before (the event is applied again).
    pub message_id: Option<i64>,
    /// The conversation's customer messages, this one included.
    pub inbound_count: i64,
}

/// No survey of this chat waits for a comment (or the message cannot be one). Guards every
/// write, so a survey comment leaves nothing behind.
const NO_SURVEY_COMMENT: &str = "NOT ($11 = 1 AND EXISTS (SELECT 1 FROM survey_responses s
    WHERE s.account_id = $1 AND s.chat_id = $3 AND s.comment_open_until > $10))";

const OPEN: &str =
    "conversations.account_id = $1 AND conversations.chat_id = $3 AND conversations.state <> 'closed'";

/// The one-to-one chat's profile column (groups and rooms have no one profile).
fn sender_profile(column: &str) -> String {
    format!(
        "CASE WHEN $13 = 'user' THEN (SELECT p.{column} FROM social_profiles p
            WHERE p.account_id = $1 AND p.line_user_id = $2) END"
    )
}

/// SQLite only (the caller checks the backend).
pub async fn append(db: &Db, m: &ChatMessage<'_>) -> sqlx::Result<Appended> {
    static SQL: std::sync::LazyLock<String> = std::sync::LazyLock::new(|| {
        format!(
            "BEGIN IMMEDIATE;
             SELECT NOT {NO_SURVEY_COMMENT} AS survey_comment;
             INSERT INTO social_profiles (account_id, line_user_id, created_at, updated_at)
               SELECT $1, $2, $10, $10 WHERE $2 IS NOT NULL AND {NO_SURVEY_COMMENT}
               ON CONFLICT (account_id, line_user_id) DO NOTHING;
             INSERT INTO conversations (account_id, chat_kind, chat_id, profile_id, contact_id, state, opened_at, last_message_at, workstream_id, queue_id)
               SELECT $1, $13, $3, {profile_id}, {contact_id}, 'open', $9, $9, $14, $15
               WHERE NOT EXISTS (SELECT 1 FROM conversations WHERE {OPEN}) AND {NO_SURVEY_COMMENT}
                 AND {not_handled_before}
               RETURNING id;
             INSERT INTO messages ({message_columns})
               SELECT id, $4, $5, $6, $2, NULL, $7, $8, $9, $10, NULL FROM conversations
               WHERE {OPEN} AND {NO_SURVEY_COMMENT} AND {not_handled_before}
               ON CONFLICT (conversation_id, line_message_id) DO NOTHING RETURNING id;
             UPDATE conversations SET {touch}
               WHERE {OPEN} AND {NO_SURVEY_COMMENT} AND {not_handled_before}
               RETURNING {conversation}, (SELECT COUNT(*) FROM messages m
                 WHERE m.conversation_id = conversations.id AND m.direction = 'in') AS inbound_count;
             SELECT {profile} FROM social_profiles WHERE account_id = $1 AND line_user_id = $2;
             COMMIT",
            // Also when the chat has an open conversation: a later event of the chat may have
            // opened it after the message's own closed (events of one chat applied in one round,
            // the process killed before they were marked). The message stays where it was, and
            // its old reply token and time are not written over the newer conversation's.
            not_handled_before = format!(
                "NOT ($6 IS NOT NULL AND {})",
                messages::handled_in_closed_condition("$6", "$1")
            ),
            message_columns = messages::INSERT_COLUMNS,
            touch = conversations::touch_assignments("$9", "$12"),
            profile_id = sender_profile("id"),
            contact_id = sender_profile("contact_id"),
            conversation = conversations::COLUMNS,
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
        .bind(m.reply_token)
        .bind(m.chat_kind)
        .bind(m.workstream_id)
        .bind(m.queue_id);
    let outputs = db.write_in_one_call(query).await?;
    let [_begin, survey, _profile_insert, opened, inserted, touched, profile, _commit] =
        outputs.as_slice()
    else {
        return Err(sqlx::Error::Protocol(format!(
            "storing a chat message: {} results for 8 statements",
            outputs.len()
        )));
    };
    let survey_comment: bool = match survey.rows.first() {
        Some(row) => row.try_get::<i64, _>(0)? == 1,
        None => false,
    };
    if survey_comment {
        return Ok(Appended::SurveyComment);
    }
    let Some(row) = touched.rows.first() else {
        return Ok(Appended::HandledBefore);
    };
    Ok(Appended::Stored(Box::new(Stored {
        conversation: ConversationRow::from_row(row)?,
        opened: !opened.rows.is_empty(),
        profile: profile.rows.first().map(ProfileRow::from_row).transpose()?,
        message_id: inserted.rows.first().map(|r| r.try_get(0)).transpose()?,
        inbound_count: row.try_get("inbound_count")?,
    })))
}
