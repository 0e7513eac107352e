//! A data subject's export: everything linedesk stores about one LINE user of one account, as
//! a zip with `subject.json` and the files they sent or received.

use crate::engine::media::path_for;
use crate::engine::Engine;
use serde_json::{json, Value};
use sqlx::Row;
use std::io::Write;

/// An attachment of the subject: (id, message id, file name, content type, content hash).
type FileRow = (i64, i64, Option<String>, Option<String>, Option<String>);

pub struct Export {
    pub zip: Vec<u8>,
    pub messages: usize,
    pub files: usize,
}

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

pub async fn subject(
    engine: &Engine,
    account_id: i64,
    line_user_id: &str,
) -> anyhow::Result<Export> {
    let pool = &engine.db.pool;
    let profile = sqlx::query(
        "SELECT line_user_id, display_name, picture_url, language, status_message, blocked, friend_since, created_at, erased_at
         FROM social_profiles WHERE account_id = $1 AND line_user_id = $2",
    )
    .bind(account_id)
    .bind(line_user_id)
    .fetch_all(pool)
    .await?;
    let profile_columns = [
        "line_user_id",
        "display_name",
        "picture_url",
        "language",
        "status_message",
        "blocked",
        "friend_since",
        "created_at",
        "erased_at",
    ];
    let conversations = sqlx::query(
        "SELECT id, state, opened_at, last_message_at, closed_at FROM conversations
         WHERE account_id = $1 AND chat_id = $2 ORDER BY id",
    )
    .bind(account_id)
    .bind(line_user_id)
    .fetch_all(pool)
    .await?;
    let messages = sqlx::query(
        "SELECT m.id, m.conversation_id, m.direction, m.kind, m.body, m.sent_at, m.edited_at, m.unsent, m.delivery
         FROM messages m JOIN conversations c ON c.id = m.conversation_id
         WHERE c.account_id = $1 AND (c.chat_id = $2 OR m.sender_id = $2) ORDER BY m.sent_at, m.id",
    )
    .bind(account_id)
    .bind(line_user_id)
    .fetch_all(pool)
    .await?;
    let consents = sqlx::query(
        "SELECT decision, notice_version, decided_at FROM consents WHERE account_id = $1 AND line_user_id = $2 ORDER BY id",
    )
    .bind(account_id)
    .bind(line_user_id)
    .fetch_all(pool)
    .await?;
    let surveys = sqlx::query(
        "SELECT conversation_id, rating, comment, sent_at, answered_at FROM survey_responses
         WHERE account_id = $1 AND chat_id = $2 ORDER BY id",
    )
    .bind(account_id)
    .bind(line_user_id)
    .fetch_all(pool)
    .await?;
    let files: Vec<FileRow> = sqlx::query_as(
        "SELECT a.id, a.message_id, a.file_name, a.content_type, a.sha256
         FROM attachments a JOIN messages m ON m.id = a.message_id JOIN conversations c ON c.id = m.conversation_id
         WHERE c.account_id = $1 AND (c.chat_id = $2 OR m.sender_id = $2) ORDER BY a.id",
    )
    .bind(account_id)
    .bind(line_user_id)
    .fetch_all(pool)
    .await?;

    let message_list = rows_to_json(
        messages,
        &[
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
    );
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let options =
        zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
    let mut file_list = Vec::new();
    for (id, message_id, name, content_type, sha) in &files {
        let Some(sha) = sha else { continue };
        let Ok(bytes) = tokio::fs::read(path_for(engine, sha)).await else {
            continue;
        };
        let safe: String = name
            .clone()
            .unwrap_or_else(|| format!("file-{id}"))
            .chars()
            .map(|c| {
                if c.is_ascii_alphanumeric() || c == '.' || c == '-' || c == '_' {
                    c
                } else {
                    '_'
                }
            })
            .collect();
        let path = format!("files/{id}-{safe}");
        zip.start_file(path.clone(), options)?;
        zip.write_all(&bytes)?;
        file_list.push(json!({ "path": path, "message_id": message_id, "content_type": content_type, "size": bytes.len() }));
    }
    let document = json!({
        "line_user_id": line_user_id,
        "profile": rows_to_json(profile, &profile_columns),
        "conversations": rows_to_json(conversations, &["id", "state", "opened_at", "last_message_at", "closed_at"]),
        "messages": message_list,
        "consents": rows_to_json(consents, &["decision", "notice_version", "decided_at"]),
        "surveys": rows_to_json(surveys, &["conversation_id", "rating", "comment", "sent_at", "answered_at"]),
        "files": file_list,
    });
    zip.start_file("subject.json", options)?;
    zip.write_all(serde_json::to_string_pretty(&document)?.as_bytes())?;
    let bytes = zip.finish()?.into_inner();
    Ok(Export {
        zip: bytes,
        messages: document["messages"].as_array().map_or(0, Vec::len),
        files: document["files"].as_array().map_or(0, Vec::len),
    })
}
