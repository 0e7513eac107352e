//! `outbox`: outbound LINE calls, stored before they are sent and claimed by one sender at a time.

use crate::db::jobs::{self, claim_sql};
use crate::db::messages::decode;
use crate::db::Backend;
use sqlx::{Any, Executor, FromRow};

#[derive(Clone, Debug, FromRow)]
pub struct OutboxRow {
    pub id: i64,
    #[sqlx(try_from = "String")]
    pub kind: CallKind,
    pub message_id: i64,
    pub account_id: i64,
    pub to_id: String,
    pub payload: String,
    pub retry_key: String,
    pub reply_token: Option<String>,
    pub reply_token_at: Option<i64>,
    #[sqlx(try_from = "String")]
    pub state: OutboxState,
    pub attempts: i32,
    pub last_error: Option<String>,
}

const COLUMNS: &str = "id, kind, message_id, account_id, to_id, payload, retry_key, reply_token, reply_token_at, state, attempts, last_error";

domain::text_enum! {
    /// Where an outbound call is (the SQL statements here write the same words).
    pub enum OutboxState {
        /// Waiting to be sent, or retried.
        Pending = "pending",
        /// LINE took it.
        Sent = "sent",
        /// LINE refused it for good.
        Failed = "failed",
    }
}

domain::text_enum! {
    /// What an outbound call does.
    pub enum CallKind {
        /// Sends the payload's messages (reply or push); `message_id` is the message sent.
        Send = "send",
        /// Marks a customer's messages read (payload `{"markAsReadToken": …}`); `message_id`
        /// is the customer's message whose token it is.
        MarkRead = "mark_read",
    }
}

pub struct NewCall<'a> {
    pub kind: CallKind,
    pub message_id: i64,
    pub account_id: i64,
    pub to_id: &'a str,
    pub payload: &'a str,
    pub retry_key: &'a str,
    pub reply_token: Option<(&'a str, i64)>,
}

/// Calls queued by this process so far: the workers compare it before and after a round to
/// wake the sender only when there is something to send.
static QUEUED: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);

pub fn queued_so_far() -> u64 {
    QUEUED.load(std::sync::atomic::Ordering::Relaxed)
}

pub async fn insert<'c>(
    db: impl Executor<'c, Database = Any>,
    call: &NewCall<'_>,
    now: i64,
) -> sqlx::Result<i64> {
    QUEUED.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    sqlx::query_scalar::<_, i64>(
        "INSERT INTO outbox (message_id, account_id, to_id, payload, retry_key, reply_token, reply_token_at, state, next_attempt_at, created_at, kind)
         VALUES ($1, $2, $3, $4, $5, $6, $7, 'pending', $8, $8, $9) RETURNING id",
    )
    .bind(call.message_id)
    .bind(call.account_id)
    .bind(call.to_id)
    .bind(call.payload)
    .bind(call.retry_key)
    .bind(call.reply_token.map(|(token, _)| token))
    .bind(call.reply_token.map(|(_, at)| at))
    .bind(now)
    .bind(call.kind.as_str())
    .fetch_one(db)
    .await
}

/// Claims due calls for `lease_ms`: another sender (another process too) skips them meanwhile.
pub async fn claim_due<'c>(
    db: impl Executor<'c, Database = Any>,
    backend: Backend,
    now: i64,
    lease_ms: i64,
    limit: i64,
) -> sqlx::Result<Vec<OutboxRow>> {
    claim(db, backend, None, now, lease_ms, limit).await
}

/// `claim_due` for one account's calls: a deleted account's messages go out before its token
/// is wiped.
pub async fn claim_due_for_account<'c>(
    db: impl Executor<'c, Database = Any>,
    backend: Backend,
    account_id: i64,
    now: i64,
    lease_ms: i64,
    limit: i64,
) -> sqlx::Result<Vec<OutboxRow>> {
    claim(db, backend, Some(account_id), now, lease_ms, limit).await
}

async fn claim<'c>(
    db: impl Executor<'c, Database = Any>,
    backend: Backend,
    account_id: Option<i64>,
    now: i64,
    lease_ms: i64,
    limit: i64,
) -> sqlx::Result<Vec<OutboxRow>> {
    let ready = match account_id {
        Some(_) => "state = 'pending' AND next_attempt_at <= $2 AND account_id = $4",
        None => "state = 'pending' AND next_attempt_at <= $2",
    };
    let sql = claim_sql(backend, "outbox", ready, COLUMNS);
    let mut query = sqlx::query_as::<_, OutboxRow>(&sql)
        .bind(now + lease_ms)
        .bind(now)
        .bind(limit);
    if let Some(account_id) = account_id {
        query = query.bind(account_id);
    }
    query.fetch_all(db).await
}

pub async fn mark_sent<'c>(
    db: impl Executor<'c, Database = Any>,
    id: i64,
    now: i64,
) -> sqlx::Result<()> {
    sqlx::query("UPDATE outbox SET state = 'sent', sent_at = $1, attempts = attempts + 1, claimed_until = NULL WHERE id = $2")
        .bind(now)
        .bind(id)
        .execute(db)
        .await?;
    Ok(())
}

/// The sender's queue: a call that fails in a way that may pass is tried again after about 1 s,
/// doubling up to 5 minutes (±20 %, so calls that failed together spread out), for as long as
/// it fails so; one that cannot pass is set aside as failed.
pub const QUEUE: jobs::Queue = jobs::Queue {
    table: "outbox",
    error_column: "last_error",
    retry: jobs::RetryAt::NextAttempt,
    set_aside: jobs::SetAside::Failed,
    backoff: jobs::Backoff {
        first_ms: 1000,
        doublings: 16,
        cap_ms: 5 * 60_000,
        jitter: true,
    },
    attempts_at_most: None,
};

pub async fn mark_failed<'c>(
    db: impl Executor<'c, Database = Any>,
    id: i64,
    error: &str,
    now: i64,
) -> sqlx::Result<()> {
    jobs::set_aside(db, &QUEUE, id, error, now).await
}

/// Tries again at `next_at`; a spent reply token is dropped so the retry pushes.
pub async fn reschedule<'c>(
    db: impl Executor<'c, Database = Any>,
    id: i64,
    next_at: i64,
    error: &str,
    drop_reply_token: bool,
) -> sqlx::Result<()> {
    let also = if drop_reply_token {
        ", reply_token = NULL"
    } else {
        ""
    };
    jobs::retry(db, &QUEUE, id, error, next_at, true, also).await
}

/// The calls of one message: (state, last_error) each, to derive the message's delivery state.
pub async fn states_for_message<'c>(
    db: impl Executor<'c, Database = Any>,
    message_id: i64,
) -> sqlx::Result<Vec<(OutboxState, Option<String>)>> {
    let rows = sqlx::query_as::<_, (String, Option<String>)>(
        "SELECT state, last_error FROM outbox WHERE message_id = $1 AND kind = 'send' ORDER BY id",
    )
    .bind(message_id)
    .fetch_all(db)
    .await?;
    rows.into_iter()
        .map(|(state, error)| Ok((decode(&state)?, error)))
        .collect()
}

/// Releases every claim on a call not sent yet (SQLite, after a restart).
pub async fn release_pending_claims<'c>(db: impl Executor<'c, Database = Any>) -> sqlx::Result<()> {
    sqlx::query("UPDATE outbox SET claimed_until = NULL WHERE state = 'pending'")
        .execute(db)
        .await?;
    Ok(())
}
