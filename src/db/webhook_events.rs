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

/// Inserts events (each with its account) in one statement, skipping ids their account already
/// has (also repeats within `events`); returns how many were new.
pub async fn insert_many(
    conn: &mut AnyConnection,
    events: &[(i64, NewEvent<'_>)],
    now: i64,
) -> sqlx::Result<usize> {
    if events.is_empty() {
        return Ok(0);
    }
    let rows: Vec<String> = (0..events.len())
        .map(|i| {
            let p = i * 9;
            format!(
                "(${}, ${}, ${}, ${}, ${}, ${}, ${}, ${}, ${})",
                p + 1,
                p + 2,
                p + 3,
                p + 4,
                p + 5,
                p + 6,
                p + 7,
                p + 8,
                p + 9
            )
        })
        .collect();
    let sql = format!(
        "INSERT INTO webhook_events (account_id, event_id, event_type, source_user_id, chat_key, event_time, redelivery, body, received_at)
         VALUES {} ON CONFLICT (account_id, event_id) DO NOTHING",
        rows.join(", ")
    );
    let mut query = sqlx::query(&sql);
    for (account_id, event) in events {
        query = query
            .bind(*account_id)
            .bind(event.event_id)
            .bind(event.event_type)
            .bind(event.source_user_id)
            .bind(event.chat_key)
            .bind(event.event_time)
            .bind(i16::from(event.redelivery))
            .bind(event.body)
            .bind(now);
    }
    Ok(query.execute(&mut *conn).await?.rows_affected() as usize)
}

pub async fn count_for_account(pool: &sqlx::AnyPool, account_id: i64) -> sqlx::Result<i64> {
    sqlx::query_scalar("SELECT COUNT(*) FROM webhook_events WHERE account_id = $1")
        .bind(account_id)
        .fetch_one(pool)
        .await
}
