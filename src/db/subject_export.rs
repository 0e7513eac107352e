//! What a data subject's export (engine::export) reads: everything stored about one LINE user
//! of one account, each row as a JSON object of the named columns.

use serde_json::Value;
use sqlx::{Any, Executor, Row};

/// An attachment of the subject: (id, message id, file name, content type, content hash).
pub type FileRow = (i64, i64, Option<String>, Option<String>, Option<String>);

fn rows_to_json(rows: Vec<sqlx::any::AnyRow>, columns: &[&str]) -> Vec<Value> {
    rows.into_iter()
        .map(|row| {
            let mut object = serde_json::Map::new();
            for column in columns {
                let value = row
                    .try_get::<Option<String>, _>(*column)
                    .map(|v| v.map(Value::from).unwrap_or(Value::Null))
                    .or_else(|_| {
                        row.try_get::<Option<i64>, _>(*column)
                            .map(|v| v.map(Value::from).unwrap_or(Value::Null))
                    })
                    .or_else(|_| {
                        row.try_get::<Option<i32>, _>(*column)
                            .map(|v| v.map(Value::from).unwrap_or(Value::Null))
                    })
                    .or_else(|_| {
                        row.try_get::<Option<i16>, _>(*column)
                            .map(|v| v.map(Value::from).unwrap_or(Value::Null))
                    })
                    .unwrap_or(Value::Null);
                object.insert((*column).to_string(), value);
            }
            Value::Object(object)
        })
        .collect()
}

/// One part of the export: a SELECT ($1 the account, $2 the LINE user id) and the columns
/// each row's JSON object takes.
pub struct Section {
    sql: &'static str,
    columns: &'static [&'static str],
}

/// Their profile (none, or one).
pub const PROFILE: Section = Section {
    sql: "SELECT line_user_id, display_name, picture_url, language, status_message, blocked, friend_since, created_at, erased_at
         FROM social_profiles WHERE account_id = $1 AND line_user_id = $2",
    columns: &[
        "line_user_id",
        "display_name",
        "picture_url",
        "language",
        "status_message",
        "blocked",
        "friend_since",
        "created_at",
        "erased_at",
    ],
};

/// Their 1:1 conversations.
pub const CONVERSATIONS: Section = Section {
    sql: "SELECT id, state, opened_at, last_message_at, closed_at FROM conversations
         WHERE account_id = $1 AND chat_id = $2 ORDER BY id",
    columns: &["id", "state", "opened_at", "last_message_at", "closed_at"],
};

/// The messages of their 1:1 conversations, and their own in groups.
pub const MESSAGES: Section = Section {
    sql: "SELECT m.id, m.conversation_id, m.direction, m.kind, m.body, m.sent_at, m.edited_at, m.unsent, m.delivery
         FROM messages m JOIN conversations c ON c.id = m.conversation_id
         WHERE c.account_id = $1 AND (c.chat_id = $2 OR m.sender_id = $2) ORDER BY m.sent_at, m.id",
    columns: &[
        "id",
        "conversation_id",
        "direction",
        "kind",
        "body",
        "sent_at",
        "edited_at",
        "unsent",
        "delivery",
    ],
};

/// Their consent decisions, oldest first.
pub const CONSENTS: Section = Section {
    sql: "SELECT decision, notice_version, decided_at FROM consents WHERE account_id = $1 AND line_user_id = $2 ORDER BY id",
    columns: &["decision", "notice_version", "decided_at"],
};

/// Their survey answers.
pub const SURVEYS: Section = Section {
    sql: "SELECT conversation_id, rating, comment, sent_at, answered_at FROM survey_responses
         WHERE account_id = $1 AND chat_id = $2 ORDER BY id",
    columns: &[
        "conversation_id",
        "rating",
        "comment",
        "sent_at",
        "answered_at",
    ],
};

/// The section's rows for this user of this account.
pub async fn rows<'c>(
    db: impl Executor<'c, Database = Any>,
    section: &Section,
    account_id: i64,
    line_user_id: &str,
) -> sqlx::Result<Vec<Value>> {
    let rows = sqlx::query(section.sql)
        .bind(account_id)
        .bind(line_user_id)
        .fetch_all(db)
        .await?;
    Ok(rows_to_json(rows, section.columns))
}

/// The attachments of the messages `MESSAGES` reads.
pub async fn files<'c>(
    db: impl Executor<'c, Database = Any>,
    account_id: i64,
    line_user_id: &str,
) -> sqlx::Result<Vec<FileRow>> {
    sqlx::query_as(
        "SELECT a.id, a.message_id, a.file_name, a.content_type, a.sha256
         FROM attachments a JOIN messages m ON m.id = a.message_id JOIN conversations c ON c.id = m.conversation_id
         WHERE c.account_id = $1 AND (c.chat_id = $2 OR m.sender_id = $2) ORDER BY a.id",
    )
    .bind(account_id)
    .bind(line_user_id)
    .fetch_all(db)
    .await
}
