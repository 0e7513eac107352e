//! Media downloads: LINE keeps message content only for a while, so linedesk fetches it soon
//! after the event, into a content-addressed store (DATA_DIR/attachments/ab/abcdef…). Videos
//! and audio wait until LINE finished transcoding. Failures retry with backoff and stay visible.

use crate::clock::now_ms;
use crate::crypto::sha256_hex;
use crate::db::attachments::{self, AttachmentRow};
use crate::db::{jobs, messages};
use crate::engine::Engine;
use crate::line::client::LineError;
use domain::file_type::{self, MediaKind};

/// The largest file linedesk stores.
pub const MAX_BYTES: u64 = 100 * 1024 * 1024;
const LEASE_MS: i64 = 5 * 60_000;

/// Where a stored file lives, by its SHA-256.
pub fn path_for(engine: &Engine, sha256: &str) -> std::path::PathBuf {
    engine.media_dir.join(&sha256[..2]).join(sha256)
}

/// Stores content under its SHA-256 (once; the same file is stored once) and returns the hash.
pub async fn store_bytes(engine: &Engine, bytes: &[u8]) -> std::io::Result<String> {
    let sha = sha256_hex(bytes);
    let path = path_for(engine, &sha);
    if !path.exists() {
        tokio::fs::create_dir_all(path.parent().expect("two levels")).await?;
        // Write then rename: a crash never leaves half a file under its final name.
        let tmp = path.with_extension(format!("part-{}", rand::random::<u32>()));
        tokio::fs::write(&tmp, bytes).await?;
        tokio::fs::rename(&tmp, &path).await?;
    }
    Ok(sha)
}

/// Moves a staged upload (written under the media folder, so the rename stays on one disk) into
/// the store under its SHA-256, hashing it as a stream, and returns the hash.
pub async fn store_staged(engine: &Engine, staged: &std::path::Path) -> std::io::Result<String> {
    use sha2::Digest;
    use tokio::io::AsyncReadExt;
    let mut file = tokio::fs::File::open(staged).await?;
    let mut hasher = sha2::Sha256::new();
    let mut buffer = vec![0u8; 64 * 1024];
    loop {
        let read = file.read(&mut buffer).await?;
        if read == 0 {
            break;
        }
        hasher.update(&buffer[..read]);
    }
    let sha = hex::encode(hasher.finalize());
    let path = path_for(engine, &sha);
    if path.exists() {
        tokio::fs::remove_file(staged).await?;
    } else {
        tokio::fs::create_dir_all(path.parent().expect("two levels")).await?;
        tokio::fs::rename(staged, &path).await?;
    }
    Ok(sha)
}

/// The first bytes of a file, enough to decide its type (`domain::file_type`).
pub async fn read_head(path: &std::path::Path) -> std::io::Result<Vec<u8>> {
    use tokio::io::AsyncReadExt;
    let file = tokio::fs::File::open(path).await?;
    let mut head = Vec::with_capacity(file_type::SNIFF_LEN);
    file.take(file_type::SNIFF_LEN as u64)
        .read_to_end(&mut head)
        .await?;
    Ok(head)
}

pub async fn download_due(engine: &Engine) -> anyhow::Result<usize> {
    let due = attachments::claim_due(
        &mut *engine.db.write().await?,
        engine.db.backend,
        now_ms(),
        LEASE_MS,
        10,
    )
    .await?;
    let count = due.len();
    for attachment in due {
        let outcome = download(engine, &attachment).await;
        match outcome {
            Ok(()) => {}
            Err(Attempt::NotReady) => {
                attachments::retry_at(
                    &engine.db.pool,
                    attachment.id,
                    now_ms() + 2_000,
                    "LINE is still preparing this media",
                    false,
                )
                .await?;
            }
            Err(Attempt::Failed(error)) => {
                match attachments::QUEUE.after_failure(attachment.attempts) {
                    jobs::Next::RetryIn(delay) => {
                        attachments::retry_at(
                            &engine.db.pool,
                            attachment.id,
                            now_ms() + delay,
                            &error,
                            true,
                        )
                        .await?
                    }
                    jobs::Next::SetAside => {
                        attachments::mark_failed(&engine.db.pool, attachment.id, &error, now_ms())
                            .await?
                    }
                }
            }
            Err(Attempt::Permanent(error)) => {
                attachments::mark_failed(&engine.db.pool, attachment.id, &error, now_ms()).await?;
            }
        }
        let conversation =
            messages::conversation_of(&engine.db.pool, attachment.message_id).await?;
        if let Some(conversation) = conversation {
            engine.live.publish(conversation).await;
        }
    }
    Ok(count)
}

enum Attempt {
    NotReady,
    Failed(String),
    Permanent(String),
}

fn classify(err: LineError) -> Attempt {
    if err.is_transient() {
        Attempt::Failed(err.describe())
    } else {
        Attempt::Permanent(err.describe())
    }
}

async fn download(engine: &Engine, attachment: &AttachmentRow) -> Result<(), Attempt> {
    let token = engine
        .token(attachment.account_id)
        .await
        .map_err(|e| Attempt::Permanent(e.to_string()))?;
    if matches!(attachment.kind.as_str(), "video" | "audio") {
        match engine
            .line
            .transcoding(&token, &attachment.line_message_id)
            .await
            .map_err(classify)?
            .as_str()
        {
            "succeeded" => {}
            "processing" => return Err(Attempt::NotReady),
            _ => {
                return Err(Attempt::Permanent(
                    "LINE could not prepare this media".into(),
                ))
            }
        }
    }
    let bytes = engine
        .line
        .content(&token, &attachment.line_message_id, MAX_BYTES)
        .await
        .map_err(|err| match err {
            LineError::Status {
                status: 413,
                message,
                ..
            } => Attempt::Permanent(format!("too large: {message}")),
            other => classify(other),
        })?;
    let decided = file_type::decide(MediaKind::from_message_kind(&attachment.kind), &bytes);
    let sha = store_bytes(engine, &bytes)
        .await
        .map_err(|e| Attempt::Failed(format!("storing the file: {e}")))?;
    attachments::mark_stored(
        &engine.db.pool,
        attachment.id,
        decided.mime,
        bytes.len() as i64,
        &sha,
    )
    .await
    .map_err(|e| Attempt::Failed(e.to_string()))
}
