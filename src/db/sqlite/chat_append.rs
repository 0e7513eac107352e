//! The event worker's write for a customer's message on SQLite, in one transaction on the
//! calling thread (`Db::write_direct`): the sender's profile (created when new), the chat's
//! open conversation (opened when none is), the message, the conversation's touch, and all of
//! it read back. Through sqlx this was one call to the connection's thread, but its eight
//! results came back one by one, each a thread wake-up; before that, eleven round trips.
//! PostgreSQL (and SQLite without the direct connection) keeps the statement-by-statement
//! transaction in `engine::events`.

use super::direct::{bound, exists, first_row};
use crate::db::conversations::{self, ConversationRow};
use crate::db::messages;
use crate::db::profiles::ProfileRow;
use crate::db::Db;
use rusqlite::types::ToSql;
use rusqlite::Transaction;

/// A customer's message (or a chat event kept as one) for the chat's conversation.
pub struct ChatMessage<'a> {
    pub account_id: i64,
    /// "user", "group" or "room".
    pub chat_kind: &'a str,
    pub chat_id: &'a str,
    /// The sender (also the message's sender id); None for a sender LINE does not name.
    pub line_user_id: Option<&'a str>,
    /// `MessageDirection::as_str` (the statement binds text).
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
    /// The conversation's customer messages, this one included, counted up to two.
    pub inbound_up_to_two: i64,
}

/// A survey of this chat waits for its comment (and the message may be it).
const SURVEY_COMMENT: &str = "SELECT 1 FROM survey_responses s
    WHERE s.account_id = $1 AND s.chat_id = $3 AND s.comment_open_until > $10";

const OPEN: &str =
    "conversations.account_id = $1 AND conversations.chat_id = $3 AND conversations.state <> 'closed'";

/// The one-to-one chat's profile column (groups and rooms have no one profile).
fn sender_profile(column: &str) -> String {
    format!(
        "CASE WHEN $13 = 'user' THEN (SELECT p.{column} FROM social_profiles p
            WHERE p.account_id = $1 AND p.line_user_id = $2) END"
    )
}

/// The statements, in order; their `$N` are `ChatMessage`'s fields as `parameters` lists them.
struct Statements {
    handled_before: String,
    insert_profile: String,
    open_conversation: String,
    insert_message: String,
    touch: String,
    profile: String,
}

static STATEMENTS: std::sync::LazyLock<Statements> = std::sync::LazyLock::new(statements);

fn statements() -> Statements {
    Statements {
        // Applied again after the message's conversation closed (a crash before the event was
        // marked done; a later event of the chat may have opened a new conversation meanwhile):
        // the message stays where it was, and its old reply token and time are not written
        // over the newer conversation's.
        handled_before: format!(
            "SELECT 1 WHERE {}",
            messages::handled_in_closed_condition("$6", "$1")
        ),
        insert_profile:
            "INSERT INTO social_profiles (account_id, line_user_id, created_at, updated_at)
            VALUES ($1, $2, $10, $10) ON CONFLICT (account_id, line_user_id) DO NOTHING"
                .into(),
        open_conversation: format!(
            "INSERT INTO conversations (account_id, chat_kind, chat_id, profile_id, contact_id,
               state, opened_at, last_message_at, workstream_id, queue_id)
             SELECT $1, $13, $3, {profile_id}, {contact_id}, 'open', $9, $9, $14, $15
             WHERE NOT EXISTS (SELECT 1 FROM conversations WHERE {OPEN})
             RETURNING id",
            profile_id = sender_profile("id"),
            contact_id = sender_profile("contact_id"),
        ),
        insert_message: format!(
            "INSERT INTO messages ({})
             SELECT id, $4, $5, $6, $2, NULL, $7, $8, $9, $10, NULL FROM conversations
             WHERE {OPEN}
             ON CONFLICT (conversation_id, line_message_id) DO NOTHING RETURNING id",
            messages::INSERT_COLUMNS
        ),
        touch: format!(
            "UPDATE conversations SET {} WHERE {OPEN}
             RETURNING {}, {} AS inbound_up_to_two",
            conversations::touch_assignments("$9", "$12"),
            conversations::COLUMNS,
            messages::inbound_up_to_two_sql("conversations.id"),
        ),
        profile: format!(
            "SELECT {} FROM social_profiles WHERE account_id = $1 AND line_user_id = $2",
            crate::db::profiles::COLUMNS
        ),
    }
}

/// SQLite with a file (the caller checks the backend); blocks the calling thread for the
/// transaction (see `Db::write_direct`).
pub async fn append(db: &Db, m: &ChatMessage<'_>) -> anyhow::Result<Appended> {
    db.write_direct(|tx| append_in(tx, m)).await
}

/// Messages of distinct chats in one transaction, each in a savepoint of its own: one that
/// fails is undone alone and answered with its error, the others are stored. One commit for the
/// lot writes the pages they share (the message table's newest page, its line-id index's, the
/// sequence, the activity index's newest page) once instead of once a message. Distinct chats,
/// because a chat's next message may depend on what this one's follow-ups do (the caller's
/// concern, `engine::events::batch`). Stops early, committing what it has, once the callback
/// has a delivery waiting (the lock is held for the whole transaction): the answers are then
/// fewer than the messages, in order, and the rest were not written. Err only when the
/// transaction itself failed (nothing was stored).
pub async fn append_many(
    db: &Db,
    messages: &[ChatMessage<'_>],
) -> anyhow::Result<Vec<anyhow::Result<Appended>>> {
    let callback = db.callback_queue.clone();
    let results = db
        .write_direct(|tx| {
            let mut results = Vec::with_capacity(messages.len());
            for m in messages {
                if !results.is_empty() && callback.has_waiting() {
                    break;
                }
                tx.execute_batch("SAVEPOINT chat_append")?;
                let result = append_in(tx, m);
                if result.is_err() {
                    tx.execute_batch("ROLLBACK TO chat_append")?;
                }
                tx.execute_batch("RELEASE chat_append")?;
                results.push(result);
            }
            Ok(results)
        })
        .await?;
    Ok(results
        .into_iter()
        .map(|result| result.map_err(Into::into))
        .collect())
}

fn append_in(tx: &Transaction, m: &ChatMessage<'_>) -> rusqlite::Result<Appended> {
    let values = parameters(m);
    let sql = &*STATEMENTS;
    // A survey comment and a message handled before leave nothing behind: both are asked
    // first, in the transaction, so nothing can change the answer before the writes.
    if m.may_be_survey_comment && exists(tx, SURVEY_COMMENT, &values)? {
        return Ok(Appended::SurveyComment);
    }
    if m.line_message_id.is_some() && exists(tx, &sql.handled_before, &values)? {
        return Ok(Appended::HandledBefore);
    }
    if m.line_user_id.is_some() {
        bound(tx, &sql.insert_profile, &values)?.raw_execute()?;
    }
    let opened = exists(tx, &sql.open_conversation, &values)?;
    let message_id = first_row(tx, &sql.insert_message, &values, |row| row.get(0))?;
    let touched = first_row(tx, &sql.touch, &values, |row| {
        Ok((
            ConversationRow::from_direct(row)?,
            row.get("inbound_up_to_two")?,
        ))
    })?;
    // No open conversation to touch: only possible if the chat's conversation could not be
    // opened, which the statements above rule out; kept as "nothing stored" to be safe.
    let Some((conversation, inbound_up_to_two)) = touched else {
        return Ok(Appended::HandledBefore);
    };
    let profile = match m.line_user_id {
        Some(_) => first_row(tx, &sql.profile, &values, ProfileRow::from_direct)?,
        None => None,
    };
    Ok(Appended::Stored(Box::new(Stored {
        conversation,
        opened,
        profile,
        message_id,
        inbound_up_to_two,
    })))
}

/// The message's fields by their number in the statements ($1 is `account_id`, …).
fn parameters<'a>(m: &'a ChatMessage<'a>) -> [&'a dyn ToSql; 15] {
    [
        &m.account_id,
        &m.line_user_id,
        &m.chat_id,
        &m.direction,
        &m.kind,
        &m.line_message_id,
        &m.body,
        &m.payload,
        &m.sent_at,
        &m.now,
        &m.may_be_survey_comment,
        &m.reply_token,
        &m.chat_kind,
        &m.workstream_id,
        &m.queue_id,
    ]
}
