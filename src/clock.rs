use std::time::{SystemTime, UNIX_EPOCH};

/// Unix milliseconds. Every timestamp in the database is stored this way, so the same SQL
/// works on SQLite and PostgreSQL.
pub fn now_ms() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_millis() as i64)
        .unwrap_or(0)
}
