//! A data subject's export: everything linedesk stores about one LINE user of one account, as
//! a zip with `subject.json` and the files they sent or received.

use crate::db::subject_export::{self, CONSENTS, CONVERSATIONS, MESSAGES, PROFILE, SURVEYS};
use crate::engine::media::path_for;
use crate::engine::Engine;
use serde_json::json;
use std::io::Write;

pub struct Export {
    pub zip: Vec<u8>,
    pub messages: usize,
    pub files: usize,
}

pub async fn subject(
    engine: &Engine,
    account_id: i64,
    line_user_id: &str,
) -> anyhow::Result<Export> {
    let pool = &engine.db.pool;
    let profile = subject_export::rows(pool, &PROFILE, account_id, line_user_id).await?;
    let conversations =
        subject_export::rows(pool, &CONVERSATIONS, account_id, line_user_id).await?;
    let message_list = subject_export::rows(pool, &MESSAGES, account_id, line_user_id).await?;
    let consents = subject_export::rows(pool, &CONSENTS, account_id, line_user_id).await?;
    let surveys = subject_export::rows(pool, &SURVEYS, account_id, line_user_id).await?;
    let files = subject_export::files(pool, account_id, line_user_id).await?;

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
        "profile": profile,
        "conversations": conversations,
        "messages": message_list,
        "consents": consents,
        "surveys": surveys,
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
