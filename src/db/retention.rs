//! Retention and erasure: purging the content of conversations older than an account's limit,
//! and replacing an erased LINE user's id with a tombstone. The statements span messages,
//! attachments, conversations, outbox, survey_responses, webhook_events and social_profiles,
//! and run together in engine::retention's transactions.

use sqlx::{Any, AnyConnection, Executor};

/// Accounts with a retention limit: (id, days).
pub async fn limits<'c>(db: impl Executor<'c, Database = Any>) -> sqlx::Result<Vec<(i64, i32)>> {
    sqlx::query_as(
        "SELECT id, retention_days FROM line_accounts WHERE retention_days IS NOT NULL AND retention_days > 0",
    )
    .fetch_all(db)
    .await
}

/// Messages not purged yet in this account's conversations quiet since before `cutoff`.
const DUE: &str = "FROM messages m JOIN conversations c ON c.id = m.conversation_id
    WHERE c.account_id = $1 AND c.last_message_at < $2 AND m.purged_at IS NULL";

/// (conversations, messages) a purge of `account_id` at `cutoff` would touch.
pub async fn due<'c>(
    db: impl Executor<'c, Database = Any>,
    account_id: i64,
    cutoff: i64,
) -> sqlx::Result<(i64, i64)> {
    sqlx::query_as(&format!(
        "SELECT COUNT(DISTINCT m.conversation_id), COUNT(*) {DUE}"
    ))
    .bind(account_id)
    .bind(cutoff)
    .fetch_one(db)
    .await
}

/// The attachments of the messages `due` counts.
pub async fn due_attachments<'c>(
    db: impl Executor<'c, Database = Any>,
    account_id: i64,
    cutoff: i64,
) -> sqlx::Result<i64> {
    sqlx::query_scalar(&format!(
        "SELECT COUNT(*) FROM attachments WHERE message_id IN (SELECT m.id {DUE})"
    ))
    .bind(account_id)
    .bind(cutoff)
    .fetch_one(db)
    .await
}

/// Deletes attachment rows of the given messages (a subquery with $1, $2) and returns the
/// content hashes they pointed at.
async fn drop_attachments(
    conn: &mut AnyConnection,
    message_filter: &str,
    bind1: &str,
    bind2: i64,
) -> sqlx::Result<(i64, Vec<String>)> {
    let shas: Vec<Option<String>> = sqlx::query_scalar(&format!(
        "SELECT sha256 FROM attachments WHERE message_id IN ({message_filter})"
    ))
    .bind(bind1)
    .bind(bind2)
    .fetch_all(&mut *conn)
    .await?;
    let deleted = sqlx::query(&format!(
        "DELETE FROM attachments WHERE message_id IN ({message_filter})"
    ))
    .bind(bind1)
    .bind(bind2)
    .execute(&mut *conn)
    .await?
    .rows_affected() as i64;
    Ok((deleted, shas.into_iter().flatten().collect()))
}

/// Deletes the attachment rows of the messages a purge of `account_id` at `cutoff` empties:
/// (rows deleted, the content hashes they pointed at).
pub async fn drop_due_attachments(
    conn: &mut AnyConnection,
    account_id: i64,
    cutoff: i64,
) -> sqlx::Result<(i64, Vec<String>)> {
    // Bind the account as text in the subquery helper, compared as a number by the database.
    let filter = "SELECT m.id FROM messages m JOIN conversations c ON c.id = m.conversation_id
        WHERE c.account_id = CAST($1 AS BIGINT) AND c.last_message_at < $2 AND m.purged_at IS NULL";
    drop_attachments(conn, filter, &account_id.to_string(), cutoff).await
}

/// Empties the messages of `account_id`'s conversations quiet since before `cutoff`; returns
/// how many.
pub async fn purge_messages<'c>(
    db: impl Executor<'c, Database = Any>,
    account_id: i64,
    cutoff: i64,
    now: i64,
) -> sqlx::Result<i64> {
    Ok(sqlx::query(
        "UPDATE messages SET body = NULL, payload = '{}', purged_at = $3
         WHERE purged_at IS NULL AND conversation_id IN
           (SELECT id FROM conversations WHERE account_id = $1 AND last_message_at < $2)",
    )
    .bind(account_id)
    .bind(cutoff)
    .bind(now)
    .execute(db)
    .await?
    .rows_affected() as i64)
}

/// Drops the survey comments of the same conversations.
pub async fn purge_survey_comments<'c>(
    db: impl Executor<'c, Database = Any>,
    account_id: i64,
    cutoff: i64,
) -> sqlx::Result<()> {
    sqlx::query(
        "UPDATE survey_responses SET comment = NULL WHERE conversation_id IN
           (SELECT id FROM conversations WHERE account_id = $1 AND last_message_at < $2)",
    )
    .bind(account_id)
    .bind(cutoff)
    .execute(db)
    .await?;
    Ok(())
}

/// Deletes the attachment rows of an erased user's messages: their 1:1 conversations, and
/// their own messages in groups. (rows deleted, the content hashes they pointed at).
pub async fn drop_user_attachments(
    conn: &mut AnyConnection,
    account_id: i64,
    line_user_id: &str,
) -> sqlx::Result<(i64, Vec<String>)> {
    let filter = "SELECT m.id FROM messages m JOIN conversations c ON c.id = m.conversation_id
        WHERE c.account_id = $2 AND (c.chat_id = $1 OR m.sender_id = $1)";
    drop_attachments(conn, filter, line_user_id, account_id).await
}

/// How many conversations the user had with the account (1:1).
pub async fn user_conversations<'c>(
    db: impl Executor<'c, Database = Any>,
    account_id: i64,
    line_user_id: &str,
) -> sqlx::Result<i64> {
    sqlx::query_scalar("SELECT COUNT(*) FROM conversations WHERE account_id = $2 AND chat_id = $1")
        .bind(line_user_id)
        .bind(account_id)
        .fetch_one(db)
        .await
}

/// Empties the user's messages (as `drop_user_attachments` picks them), their sender id
/// replaced by `tomb`; returns how many.
pub async fn erase_messages<'c>(
    db: impl Executor<'c, Database = Any>,
    account_id: i64,
    line_user_id: &str,
    tomb: &str,
    now: i64,
) -> sqlx::Result<i64> {
    Ok(sqlx::query(
        "UPDATE messages SET body = NULL, payload = '{}', purged_at = $3, sender_id = CASE WHEN sender_id = $1 THEN $4 ELSE sender_id END
         WHERE id IN (SELECT m.id FROM messages m JOIN conversations c ON c.id = m.conversation_id
                      WHERE c.account_id = $2 AND (c.chat_id = $1 OR m.sender_id = $1))",
    )
    .bind(line_user_id)
    .bind(account_id)
    .bind(now)
    .bind(tomb)
    .execute(db)
    .await?
    .rows_affected() as i64)
}

/// The user's id becomes `tomb` in conversations, outbox calls (whose payloads go) and survey
/// responses (whose comments go).
pub async fn tombstone_chats(
    conn: &mut AnyConnection,
    account_id: i64,
    line_user_id: &str,
    tomb: &str,
) -> sqlx::Result<()> {
    for sql in [
        "UPDATE conversations SET chat_id = $3, reply_token = NULL WHERE account_id = $2 AND chat_id = $1",
        "UPDATE outbox SET payload = '[]', to_id = $3 WHERE account_id = $2 AND to_id = $1",
        "UPDATE survey_responses SET comment = NULL, chat_id = $3 WHERE account_id = $2 AND chat_id = $1",
    ] {
        sqlx::query(sql)
            .bind(line_user_id)
            .bind(account_id)
            .bind(tomb)
            .execute(&mut *conn)
            .await?;
    }
    Ok(())
}

/// Deletes the account's processed raw webhook bodies that contain `line_user_id`.
pub async fn delete_events_naming<'c>(
    db: impl Executor<'c, Database = Any>,
    account_id: i64,
    line_user_id: &str,
) -> sqlx::Result<()> {
    sqlx::query(
        "DELETE FROM webhook_events WHERE account_id = $2 AND processed_at IS NOT NULL AND body LIKE $1 ESCAPE '\\'",
    )
    .bind(format!("%{}%", crate::db::escape_like(line_user_id)))
    .bind(account_id)
    .execute(db)
    .await?;
    Ok(())
}

/// The user's profile keeps only `tomb` and when it was erased.
pub async fn erase_profile<'c>(
    db: impl Executor<'c, Database = Any>,
    account_id: i64,
    line_user_id: &str,
    tomb: &str,
    now: i64,
) -> sqlx::Result<()> {
    sqlx::query(
        "UPDATE social_profiles SET line_user_id = $3, display_name = NULL, picture_url = NULL, language = NULL,
            status_message = NULL, contact_id = NULL, erased_at = $4, updated_at = $4
         WHERE account_id = $2 AND line_user_id = $1",
    )
    .bind(line_user_id)
    .bind(account_id)
    .bind(tomb)
    .bind(now)
    .execute(db)
    .await?;
    Ok(())
}
