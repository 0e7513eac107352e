//! `attachments`: media of messages and where its bytes are.

use crate::db::jobs::{self, claim_sql};
use crate::db::Backend;
use domain::conversation::AttachmentState;
use sqlx::{Any, Executor, FromRow};

#[derive(Clone, Debug, FromRow)]
pub struct AttachmentRow {
    pub id: i64,
    pub message_id: i64,
    pub account_id: i64,
    pub line_message_id: String,
    pub kind: String,
    #[sqlx(try_from = "String")]
    pub state: AttachmentState,
    pub external_url: Option<String>,
    pub content_type: Option<String>,
    pub size: Option<i64>,
    pub file_name: Option<String>,
    pub sha256: Option<String>,
    pub error: Option<String>,
    pub attempts: i32,
}

const COLUMNS: &str = "id, message_id, account_id, line_message_id, kind, state, external_url, content_type, size, file_name, sha256, error, attempts";

pub struct NewAttachment<'a> {
    pub message_id: i64,
    pub account_id: i64,
    pub line_message_id: &'a str,
    pub kind: &'a str,
    pub external_url: Option<&'a str>,
    pub file_name: Option<&'a str>,
}

pub async fn insert<'c>(
    db: impl Executor<'c, Database = Any>,
    a: &NewAttachment<'_>,
    now: i64,
) -> sqlx::Result<()> {
    let state = if a.external_url.is_some() {
        AttachmentState::External
    } else {
        AttachmentState::Pending
    };
    sqlx::query(
        "INSERT INTO attachments (message_id, account_id, line_message_id, kind, state, external_url, file_name, next_attempt_at, created_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $8) ON CONFLICT (message_id) DO NOTHING",
    )
    .bind(a.message_id)
    .bind(a.account_id)
    .bind(a.line_message_id)
    .bind(a.kind)
    .bind(state.as_str())
    .bind(a.external_url)
    .bind(a.file_name)
    .bind(now)
    .execute(db)
    .await?;
    Ok(())
}

/// A file an agent sends: stored already, served to LINE by a signed link.
pub struct StoredFile<'a> {
    pub message_id: i64,
    pub account_id: i64,
    pub kind: &'a str,
    pub content_type: &'a str,
    pub size: i64,
    pub sha256: &'a str,
    pub file_name: &'a str,
}

pub async fn insert_stored<'c>(
    db: impl Executor<'c, Database = Any>,
    f: &StoredFile<'_>,
    now: i64,
) -> sqlx::Result<i64> {
    sqlx::query_scalar::<_, i64>(
        "INSERT INTO attachments (message_id, account_id, line_message_id, kind, state, content_type, size, sha256, file_name, next_attempt_at, created_at)
         VALUES ($1, $2, $3, $4, 'stored', $5, $6, $7, $8, $9, $9) RETURNING id",
    )
    .bind(f.message_id)
    .bind(f.account_id)
    .bind(format!("out:{}", f.message_id))
    .bind(f.kind)
    .bind(f.content_type)
    .bind(f.size)
    .bind(f.sha256)
    .bind(f.file_name)
    .bind(now)
    .fetch_one(db)
    .await
}

pub async fn get<'c>(
    db: impl Executor<'c, Database = Any>,
    id: i64,
) -> sqlx::Result<Option<AttachmentRow>> {
    sqlx::query_as::<_, AttachmentRow>(&format!("SELECT {COLUMNS} FROM attachments WHERE id = $1"))
        .bind(id)
        .fetch_optional(db)
        .await
}

/// The files of the conversation's messages from `from` on.
pub async fn for_messages<'c>(
    db: impl Executor<'c, Database = Any>,
    conversation_id: i64,
    from: crate::db::messages::Position,
) -> sqlx::Result<Vec<AttachmentRow>> {
    sqlx::query_as::<_, AttachmentRow>(&format!(
        "SELECT {COLUMNS} FROM attachments WHERE message_id IN
             (SELECT id FROM messages WHERE conversation_id = $1 AND (sent_at, id) >= ($2, $3))"
    ))
    .bind(conversation_id)
    .bind(from.sent_at)
    .bind(from.id)
    .fetch_all(db)
    .await
}

pub async fn claim_due<'c>(
    db: impl Executor<'c, Database = Any>,
    backend: Backend,
    now: i64,
    lease_ms: i64,
    limit: i64,
) -> sqlx::Result<Vec<AttachmentRow>> {
    sqlx::query_as::<_, AttachmentRow>(&claim_sql(
        backend,
        "attachments",
        "state = 'pending' AND next_attempt_at <= $2",
        COLUMNS,
    ))
    .bind(now + lease_ms)
    .bind(now)
    .bind(limit)
    .fetch_all(db)
    .await
}

pub async fn mark_stored<'c>(
    db: impl Executor<'c, Database = Any>,
    id: i64,
    content_type: &str,
    size: i64,
    sha256: &str,
) -> sqlx::Result<()> {
    sqlx::query("UPDATE attachments SET state = 'stored', content_type = $1, size = $2, sha256 = $3, error = NULL, claimed_until = NULL WHERE id = $4")
        .bind(content_type)
        .bind(size)
        .bind(sha256)
        .bind(id)
        .execute(db)
        .await?;
    Ok(())
}

/// The media downloads' queue: a download that fails in a way that may pass is tried again
/// after 2 s, doubling up to about 34 minutes, and set aside as failed after its 8th attempt.
pub const QUEUE: jobs::Queue = jobs::Queue {
    table: "attachments",
    error_column: "error",
    retry: jobs::RetryAt::NextAttempt,
    set_aside: jobs::SetAside::Failed,
    backoff: jobs::Backoff {
        first_ms: 2000,
        doublings: 10,
        cap_ms: i64::MAX,
        jitter: false,
    },
    attempts_at_most: Some(8),
};

pub async fn mark_failed<'c>(
    db: impl Executor<'c, Database = Any>,
    id: i64,
    error: &str,
    now: i64,
) -> sqlx::Result<()> {
    jobs::set_aside(db, &QUEUE, id, error, now).await
}

/// Not yet: try again at `next_at`, keeping why (shown to agents while it waits).
pub async fn retry_at<'c>(
    db: impl Executor<'c, Database = Any>,
    id: i64,
    next_at: i64,
    error: &str,
    count_attempt: bool,
) -> sqlx::Result<()> {
    jobs::retry(db, &QUEUE, id, error, next_at, count_attempt, "").await
}

/// How many attachment rows point at the stored file `sha256` (none: the file can go).
pub async fn count_with_sha256<'c>(
    db: impl Executor<'c, Database = Any>,
    sha256: &str,
) -> sqlx::Result<i64> {
    sqlx::query_scalar("SELECT COUNT(*) FROM attachments WHERE sha256 = $1")
        .bind(sha256)
        .fetch_one(db)
        .await
}
