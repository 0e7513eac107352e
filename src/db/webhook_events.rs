//! Raw webhook events, stored before the callback answers 200 and de-duplicated per account.

use crate::db::sqlite::direct::WritePath;
use crate::db::{jobs, sqlite, Backend, Db};
use domain::account::APPLIED_EVENT_TYPES;
use sqlx::{Any, AnyConnection, Executor, FromRow};

pub struct NewEvent<'a> {
    pub event_id: &'a str,
    pub event_type: &'a str,
    pub source_user_id: Option<&'a str>,
    /// "user:U…", "group:C…" or "room:R…": events of one chat are applied in order.
    pub chat_key: Option<&'a str>,
    pub event_time: Option<i64>,
    pub redelivery: bool,
    pub body: &'a str,
}

impl<'a> From<&'a line_webhook::Event> for NewEvent<'a> {
    fn from(event: &'a line_webhook::Event) -> Self {
        NewEvent {
            event_id: &event.event_id,
            event_type: &event.event_type,
            source_user_id: event.source_user_id.as_deref(),
            chat_key: event.chat_key.as_deref(),
            event_time: event.event_time,
            redelivery: event.redelivery,
            body: &event.body,
        }
    }
}

/// One event, for a writer that binds each row to a prepared statement (SQLite's callback
/// writer, `line::ingest`): $1 account, $2 event id, $3 type, $4 sender, $5 chat, $6 event
/// time, $7 redelivery, $8 body, $9 time received. Skips an id its account already has.
pub const INSERT_ONE_SQL: &str = "INSERT INTO webhook_events
    (account_id, event_id, event_type, source_user_id, chat_key, event_time, redelivery, body, received_at)
    VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
    ON CONFLICT (account_id, event_id) DO NOTHING";

/// PostgreSQL (SQLite's writer binds each row to `INSERT_ONE_SQL` on a connection of its own,
/// `line::ingest`): inserts events (each with its account) in one statement, skipping ids their
/// account already has (also repeats within `events`), in the order given (a chat's events are
/// applied in id order); returns how many were new.
///
/// The rows travel as one JSON array in one parameter, so the statement's text never changes:
/// it is prepared once, and nothing is done per parameter. (A multi-row VALUES list, 9
/// parameters a row, was a new statement for every batch size, and on SQLite sqlx looked up each
/// parameter's name, a linear walk: that took a third of the callback's CPU at 5 events a
/// request.)
pub async fn insert_many(
    conn: &mut AnyConnection,
    events: &[(i64, NewEvent<'_>)],
    now: i64,
) -> sqlx::Result<usize> {
    if events.is_empty() {
        return Ok(0);
    }
    Ok(sqlx::query(
        "INSERT INTO webhook_events
            (account_id, event_id, event_type, source_user_id, chat_key, event_time, redelivery, body, received_at)
         SELECT (e.v ->> 0)::bigint, e.v ->> 1, e.v ->> 2, e.v ->> 3, e.v ->> 4,
                (e.v ->> 5)::bigint, (e.v ->> 6)::smallint, e.v ->> 7, $2
         FROM json_array_elements($1::json) WITH ORDINALITY AS e(v, n) ORDER BY e.n
         ON CONFLICT (account_id, event_id) DO NOTHING",
    )
    .bind(encode_rows(events)?)
    .bind(now)
    .execute(&mut *conn)
    .await?
    .rows_affected() as usize)
}

/// The rows as `insert_many` reads them: one JSON array of arrays.
fn encode_rows(events: &[(i64, NewEvent<'_>)]) -> sqlx::Result<String> {
    let rows: Vec<_> = events
        .iter()
        .map(|(account_id, e)| {
            (
                account_id,
                e.event_id,
                e.event_type,
                e.source_user_id,
                e.chat_key,
                e.event_time,
                i16::from(e.redelivery),
                e.body,
            )
        })
        .collect();
    serde_json::to_string(&rows).map_err(|err| sqlx::Error::Encode(Box::new(err)))
}

pub async fn count_for_account(pool: &sqlx::AnyPool, account_id: i64) -> sqlx::Result<i64> {
    sqlx::query_scalar("SELECT COUNT(*) FROM webhook_events WHERE account_id = $1")
        .bind(account_id)
        .fetch_one(pool)
        .await
}

/// A claimed event, as the event worker applies it.
#[derive(Debug, FromRow)]
pub struct ClaimedEvent {
    pub id: i64,
    pub account_id: i64,
    pub event_type: String,
    pub chat_key: Option<String>,
    pub attempts: i32,
    pub body: String,
}

/// Which unprocessed events can be claimed without overtaking an earlier event of their chat.
///
/// PostgreSQL: only the oldest unprocessed event of each chat, so one chat's events are applied in
/// order even when several processes share the database (SKIP LOCKED alone would let a second
/// process take a chat's next event while the first still applies the one before, unseen in its
/// uncommitted transaction).
///
/// SQLite: one process, one event worker, claims taken in turn; a round applies its events in id
/// order and stops a chat at its first failure (engine::events::process_due). So an event only
/// waits for the earlier events of its chat that are claimed and not yet processed: in flight, or
/// waiting to be retried. Indexing only those (migrations/sqlite/0012) spares the callback a
/// random index page per stored event.
fn ready(backend: Backend) -> String {
    let waits_for = match backend {
        Backend::Postgres => "",
        // Repeats webhook_events_chat_claimed's WHERE, so SQLite uses that index.
        Backend::Sqlite => "AND earlier.claimed_until IS NOT NULL",
    };
    format!(
        "processed_at IS NULL AND NOT EXISTS (
    SELECT 1 FROM webhook_events AS earlier
    WHERE earlier.account_id = webhook_events.account_id AND earlier.chat_key = webhook_events.chat_key
      AND earlier.processed_at IS NULL {waits_for} AND earlier.id < webhook_events.id)"
    )
}

/// Marks the last round's applied events (`done`) processed at `now` and claims up to `limit`
/// ready events until `lease_until`. On the direct SQLite connection both happen in one
/// transaction (db/sqlite/event_claims.rs).
pub async fn mark_and_claim(
    db: &Db,
    done: &[i64],
    now: i64,
    lease_until: i64,
    limit: i64,
) -> anyhow::Result<Vec<ClaimedEvent>> {
    if db.write_path() == WritePath::Direct {
        return sqlite::event_claims::mark_and_claim(db, done, now, lease_until, limit).await;
    }
    mark_processed(db, done, now).await?;
    Ok(sqlx::query_as::<_, ClaimedEvent>(&claim_sql(db.backend))
        .bind(lease_until)
        .bind(now)
        .bind(limit)
        .fetch_all(&mut *db.write().await?)
        .await?)
}

/// The claim of ready events. Binds: $1 = lease end, $2 = now, $3 = how many.
pub(in crate::db) fn claim_sql(backend: Backend) -> String {
    jobs::claim_sql(backend, "webhook_events", &ready(backend), CLAIMED_COLUMNS)
}

const CLAIMED_COLUMNS: &str = "id, account_id, event_type, chat_key, attempts, body";

/// Marks events processed at `at`; `ids` is one JSON array (SQL parameters). One statement text
/// whatever the round's size, prepared once, and no per-parameter work (see `insert_many`).
pub(in crate::db) fn mark_sql(backend: Backend, at: &str, ids: &str) -> String {
    format!(
        "UPDATE webhook_events SET processed_at = {at}, claimed_until = NULL WHERE id IN ({})",
        id_list(backend, ids)
    )
}

/// The ids in `param`, one JSON array, as rows for `IN (…)`.
fn id_list(backend: Backend, param: &str) -> String {
    match backend {
        Backend::Sqlite => format!("SELECT value FROM json_each({param})"),
        Backend::Postgres => {
            format!("SELECT value::bigint FROM json_array_elements_text({param}::json)")
        }
    }
}

/// Gives claimed events back unapplied: claimable again at once.
pub async fn release(db: &Db, ids: &[i64]) -> sqlx::Result<()> {
    if ids.is_empty() {
        return Ok(());
    }
    sqlx::query(&format!(
        "UPDATE webhook_events SET claimed_until = NULL WHERE processed_at IS NULL AND id IN ({})",
        id_list(db.backend, "$1")
    ))
    .bind(json_ids(ids)?)
    .execute(&mut *db.write().await?)
    .await?;
    Ok(())
}

/// Marks the events processed at `now`.
pub async fn mark_processed(db: &Db, ids: &[i64], now: i64) -> sqlx::Result<()> {
    if ids.is_empty() {
        return Ok(());
    }
    sqlx::query(&mark_sql(db.backend, "$1", "$2"))
        .bind(now)
        .bind(json_ids(ids)?)
        .execute(&mut *db.write().await?)
        .await?;
    Ok(())
}

/// The ids as one JSON array, the parameter `id_list` reads.
fn json_ids(ids: &[i64]) -> sqlx::Result<String> {
    serde_json::to_string(ids).map_err(|err| sqlx::Error::Encode(Box::new(err)))
}

/// The event worker's queue: an event that fails is tried again after 1 s, doubling up to
/// 256 s, and set aside after its 12th attempt (kept, with its last error, in the raw event log)
/// so that it no longer holds back the later events of its chat.
pub const QUEUE: jobs::Queue = jobs::Queue {
    table: "webhook_events",
    error_column: "last_error",
    retry: jobs::RetryAt::LeaseEnd,
    set_aside: jobs::SetAside::Processed,
    backoff: jobs::Backoff {
        first_ms: 1000,
        doublings: 8,
        cap_ms: i64::MAX,
        jitter: false,
    },
    attempts_at_most: Some(12),
};

/// Sets the event aside after its last attempt: processed, with why, kept in the raw event log.
pub async fn give_up<'c>(
    db: impl Executor<'c, Database = Any>,
    id: i64,
    error: &str,
    now: i64,
) -> sqlx::Result<()> {
    jobs::set_aside(db, &QUEUE, id, error, now).await
}

/// Counts a failed attempt and leaves the event unclaimable until `next_at`.
pub async fn retry_at<'c>(
    db: impl Executor<'c, Database = Any>,
    id: i64,
    error: &str,
    next_at: i64,
) -> sqlx::Result<()> {
    jobs::retry(db, &QUEUE, id, error, next_at, true, "").await
}

/// Releases every claim on an event not yet applied nor tried (SQLite, after a restart).
pub async fn release_untried_claims<'c>(db: impl Executor<'c, Database = Any>) -> sqlx::Result<()> {
    sqlx::query("UPDATE webhook_events SET claimed_until = NULL WHERE processed_at IS NULL AND claimed_until IS NOT NULL AND attempts = 0")
        .execute(db)
        .await?;
    Ok(())
}

/// A stored event as the account's raw event log shows it.
#[derive(FromRow)]
pub struct RawEventRow {
    pub id: i64,
    pub event_type: String,
    pub source_user_id: Option<String>,
    pub redelivery: i16,
    pub received_at: i64,
    pub processed_at: Option<i64>,
    pub attempts: i32,
    pub last_error: Option<String>,
    pub body: String,
}

/// The account's 100 latest events; `filter` "other" keeps the types the desk does not apply,
/// "failed" those with an error, anything else all.
pub async fn raw_events<'c>(
    db: impl Executor<'c, Database = Any>,
    account_id: i64,
    filter: &str,
) -> sqlx::Result<Vec<RawEventRow>> {
    let applied = APPLIED_EVENT_TYPES
        .iter()
        .map(|t| format!("'{t}'"))
        .collect::<Vec<_>>()
        .join(", ");
    let condition = match filter {
        "other" => format!("AND event_type NOT IN ({applied})"),
        "failed" => "AND last_error IS NOT NULL".to_string(),
        _ => String::new(),
    };
    sqlx::query_as::<_, RawEventRow>(&format!(
        "SELECT id, event_type, source_user_id, redelivery, received_at, processed_at, attempts, last_error, body
             FROM webhook_events WHERE account_id = $1 {condition} ORDER BY id DESC LIMIT 100"
    ))
    .bind(account_id)
    .fetch_all(db)
    .await
}
