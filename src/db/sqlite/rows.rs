//! Rows as the direct connection (`Db::write_direct`) reads them: each type's `COLUMNS` by
//! name, as sqlx's `FromRow` reads them on the other path.

use crate::db::conversations::ConversationRow;
use crate::db::profiles::ProfileRow;
use crate::db::webhook_events::ClaimedEvent;

impl ConversationRow {
    pub fn from_direct(row: &rusqlite::Row) -> rusqlite::Result<Self> {
        Ok(Self {
            id: row.get("id")?,
            account_id: row.get("account_id")?,
            chat_kind: text_column(row, "chat_kind")?,
            chat_id: row.get("chat_id")?,
            profile_id: row.get("profile_id")?,
            contact_id: row.get("contact_id")?,
            state: text_column(row, "state")?,
            reply_token: row.get("reply_token")?,
            reply_token_at: row.get("reply_token_at")?,
            opened_at: row.get("opened_at")?,
            last_message_at: row.get("last_message_at")?,
            closed_at: row.get("closed_at")?,
            workstream_id: row.get("workstream_id")?,
            queue_id: row.get("queue_id")?,
            assigned_user_id: row.get("assigned_user_id")?,
            bot_active: row.get("bot_active")?,
            routed_by: row.get("routed_by")?,
        })
    }
}

impl ProfileRow {
    pub fn from_direct(row: &rusqlite::Row) -> rusqlite::Result<Self> {
        Ok(Self {
            id: row.get("id")?,
            account_id: row.get("account_id")?,
            line_user_id: row.get("line_user_id")?,
            display_name: row.get("display_name")?,
            picture_url: row.get("picture_url")?,
            language: row.get("language")?,
            blocked: row.get("blocked")?,
            friend_since: row.get("friend_since")?,
            contact_id: row.get("contact_id")?,
            fetched_at: row.get("fetched_at")?,
        })
    }
}

impl ClaimedEvent {
    pub fn from_direct(row: &rusqlite::Row) -> rusqlite::Result<Self> {
        Ok(Self {
            id: row.get("id")?,
            account_id: row.get("account_id")?,
            event_type: row.get("event_type")?,
            chat_key: row.get("chat_key")?,
            attempts: row.get("attempts")?,
            body: row.get("body")?,
        })
    }
}

/// A closed set's text column (see domain::text_enum) read by the direct connection.
fn text_column<T: std::str::FromStr<Err = String>>(
    row: &rusqlite::Row,
    column: &str,
) -> rusqlite::Result<T> {
    let index = row.as_ref().column_index(column)?;
    row.get::<_, String>(index)?.parse().map_err(|err: String| {
        rusqlite::Error::FromSqlConversionFailure(index, rusqlite::types::Type::Text, err.into())
    })
}
