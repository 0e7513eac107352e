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

/// Inserts the event unless this account already has one with the same id; true when new.
pub async fn insert(
    conn: &mut AnyConnection,
    account_id: i64,
    event: &NewEvent<'_>,
    now: i64,
) -> sqlx::Result<bool> {
    let done = sqlx::query(
        "INSERT INTO webhook_events (account_id, event_id, event_type, source_user_id, chat_key, event_time, redelivery, body, received_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
         ON CONFLICT (account_id, event_id) DO NOTHING",
    )
    .bind(account_id)
    .bind(event.event_id)
    .bind(event.event_type)
    .bind(event.source_user_id)
    .bind(event.chat_key)
    .bind(event.event_time)
    .bind(i16::from(event.redelivery))
    .bind(event.body)
    .bind(now)
    .execute(&mut *conn)
    .await?;
    Ok(done.rows_affected() == 1)
}

pub async fn count_for_account(pool: &sqlx::AnyPool, account_id: i64) -> sqlx::Result<i64> {
    sqlx::query_scalar("SELECT COUNT(*) FROM webhook_events WHERE account_id = $1")
        .bind(account_id)
        .fetch_one(pool)
        .await
}
