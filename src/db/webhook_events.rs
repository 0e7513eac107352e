//! Raw webhook events, stored before the callback answers 200 and de-duplicated per account.

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
