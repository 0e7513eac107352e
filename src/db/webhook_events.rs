//! Raw webhook events, stored before the callback answers 200 and de-duplicated per account.

use crate::db::Backend;
use sqlx::AnyConnection;

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

/// Inserts events (each with its account) in one statement, skipping ids their account already
/// has (also repeats within `events`), in the order given (a chat's events are applied in id
/// order); returns how many were new.
///
/// The rows travel as one JSON array in one parameter, so the statement's text never changes:
/// it is prepared once, and nothing is done per parameter. (A multi-row VALUES list, 9
/// parameters a row, was a new statement for every batch size, and sqlx looks up each SQLite
/// parameter's name, a linear walk in SQLite: that took a third of the callback's CPU at 5
/// events a request.)
pub async fn insert_many(
    conn: &mut AnyConnection,
    backend: Backend,
    events: &[(i64, NewEvent<'_>)],
    now: i64,
) -> sqlx::Result<usize> {
    if events.is_empty() {
        return Ok(0);
    }
    Ok(sqlx::query(insert_many_sql(backend))
        .bind(encode_rows(events)?)
        .bind(now)
        .execute(&mut *conn)
        .await?
        .rows_affected() as usize)
}

/// `insert_many`'s statement: $1 the rows (`encode_rows`), $2 the time received.
pub fn insert_many_sql(backend: Backend) -> &'static str {
    match backend {
        Backend::Sqlite => {
            "INSERT INTO webhook_events
                (account_id, event_id, event_type, source_user_id, chat_key, event_time, redelivery, body, received_at)
             SELECT e.value ->> 0, e.value ->> 1, e.value ->> 2, e.value ->> 3, e.value ->> 4,
                    e.value ->> 5, e.value ->> 6, e.value ->> 7, $2
             FROM json_each($1) AS e WHERE true ORDER BY e.key
             ON CONFLICT (account_id, event_id) DO NOTHING"
        }
        Backend::Postgres => {
            "INSERT INTO webhook_events
                (account_id, event_id, event_type, source_user_id, chat_key, event_time, redelivery, body, received_at)
             SELECT (e.v ->> 0)::bigint, e.v ->> 1, e.v ->> 2, e.v ->> 3, e.v ->> 4,
                    (e.v ->> 5)::bigint, (e.v ->> 6)::smallint, e.v ->> 7, $2
             FROM json_array_elements($1::json) WITH ORDINALITY AS e(v, n) ORDER BY e.n
             ON CONFLICT (account_id, event_id) DO NOTHING"
        }
    }
}

/// The rows as `insert_many_sql` reads them: one JSON array of arrays.
pub fn encode_rows(events: &[(i64, NewEvent<'_>)]) -> sqlx::Result<String> {
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
