//! Removing content while keeping the record: the retention policy purges the text and files of
//! conversations older than an account's limit; erasing a LINE user removes everything of theirs
//! and leaves a tombstone. Counts, times, states and the audit trail stay.

use crate::clock::now_ms;
use crate::crypto::sha256_hex;
use crate::engine::media::path_for;
use crate::engine::Engine;
use serde::Serialize;
use sqlx::AnyConnection;

/// What a purge touched (or, for a preview, would touch).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Purged {
    pub conversations: i64,
    pub messages: i64,
    pub attachments: i64,
    /// Open conversations an erasure ended.
    pub ended: i64,
}

/// Accounts with a retention limit: (id, days).
async fn limits(engine: &Engine) -> sqlx::Result<Vec<(i64, i32)>> {
    sqlx::query_as(
        "SELECT id, retention_days FROM line_accounts WHERE retention_days IS NOT NULL AND retention_days > 0",
    )
    .fetch_all(&engine.db.pool)
    .await
}

/// Messages not purged yet in this account's conversations quiet since before `cutoff`.
const DUE: &str = "FROM messages m JOIN conversations c ON c.id = m.conversation_id
    WHERE c.account_id = $1 AND c.last_message_at < $2 AND m.purged_at IS NULL";

/// What the next run would purge, per account limit.
pub async fn preview(engine: &Engine, account_id: i64, days: i32) -> sqlx::Result<Purged> {
    let cutoff = now_ms() - i64::from(days) * 86_400_000;
    let (conversations, messages): (i64, i64) = sqlx::query_as(&format!(
        "SELECT COUNT(DISTINCT m.conversation_id), COUNT(*) {DUE}"
    ))
    .bind(account_id)
    .bind(cutoff)
    .fetch_one(&engine.db.pool)
    .await?;
    let attachments: i64 = sqlx::query_scalar(&format!(
        "SELECT COUNT(*) FROM attachments WHERE message_id IN (SELECT m.id {DUE})"
    ))
    .bind(account_id)
    .bind(cutoff)
    .fetch_one(&engine.db.pool)
    .await?;
    Ok(Purged {
        conversations,
        messages,
        attachments,
        ended: 0,
    })
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

/// Removes stored files no attachment row points at any more.
async fn remove_unreferenced(engine: &Engine, shas: Vec<String>) -> anyhow::Result<()> {
    for sha in shas {
        let still: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM attachments WHERE sha256 = $1")
            .bind(&sha)
            .fetch_one(&engine.db.pool)
            .await?;
        if still == 0 {
            match tokio::fs::remove_file(path_for(engine, &sha)).await {
                Ok(()) => {}
                Err(err) if err.kind() == std::io::ErrorKind::NotFound => {}
                Err(err) => return Err(err.into()),
            }
        }
    }
    Ok(())
}

/// Purges one account's content older than `days`.
pub async fn purge_account(engine: &Engine, account_id: i64, days: i32) -> anyhow::Result<Purged> {
    let now = now_ms();
    let cutoff = now - i64::from(days) * 86_400_000;
    let preview = preview(engine, account_id, days).await?;
    if preview.messages == 0 {
        return Ok(Purged::default());
    }
    let mut tx = engine.db.begin_write().await?;
    // Bind the account as text in the subquery helper, compared as a number by the database.
    let filter = "SELECT m.id FROM messages m JOIN conversations c ON c.id = m.conversation_id
        WHERE c.account_id = CAST($1 AS BIGINT) AND c.last_message_at < $2 AND m.purged_at IS NULL";
    let (attachments, shas) =
        drop_attachments(&mut tx, filter, &account_id.to_string(), cutoff).await?;
    let messages = sqlx::query(
        "UPDATE messages SET body = NULL, payload = '{}', purged_at = $3
         WHERE purged_at IS NULL AND conversation_id IN
           (SELECT id FROM conversations WHERE account_id = $1 AND last_message_at < $2)",
    )
    .bind(account_id)
    .bind(cutoff)
    .bind(now)
    .execute(&mut *tx)
    .await?
    .rows_affected() as i64;
    sqlx::query(
        "UPDATE survey_responses SET comment = NULL WHERE conversation_id IN
           (SELECT id FROM conversations WHERE account_id = $1 AND last_message_at < $2)",
    )
    .bind(account_id)
    .bind(cutoff)
    .execute(&mut *tx)
    .await?;
    tx.commit().await?;
    remove_unreferenced(engine, shas).await?;
    Ok(Purged {
        conversations: preview.conversations,
        messages,
        attachments,
        ended: 0,
    })
}

/// One retention run over every account with a limit.
pub async fn purge_due(engine: &Engine) -> anyhow::Result<Vec<(i64, Purged)>> {
    let mut out = Vec::new();
    for (account_id, days) in limits(engine).await? {
        let purged = purge_account(engine, account_id, days).await?;
        if purged.messages > 0 {
            out.push((account_id, purged));
        }
    }
    Ok(out)
}

/// The tombstone that replaces an erased LINE user id: recognisable, not reversible.
pub fn tombstone(line_user_id: &str) -> String {
    format!("erased:{}", &sha256_hex(line_user_id.as_bytes())[..32])
}

/// Erases one LINE user of one account: their messages' content and files, the profile's
/// details, raw webhook events and outbound payloads naming them. Returns what was removed.
pub async fn erase_user(
    engine: &Engine,
    account_id: i64,
    line_user_id: &str,
) -> anyhow::Result<Purged> {
    let now = now_ms();
    let tomb = tombstone(line_user_id);
    let mut tx = engine.db.begin_write().await?;
    // Their 1:1 conversations, and their own messages in groups.
    let filter = "SELECT m.id FROM messages m JOIN conversations c ON c.id = m.conversation_id
        WHERE c.account_id = $2 AND (c.chat_id = $1 OR m.sender_id = $1)";
    let (attachments, shas) = drop_attachments(&mut tx, filter, line_user_id, account_id).await?;
    let conversations: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM conversations WHERE account_id = $2 AND chat_id = $1",
    )
    .bind(line_user_id)
    .bind(account_id)
    .fetch_one(&mut *tx)
    .await?;
    let messages = sqlx::query(
        "UPDATE messages SET body = NULL, payload = '{}', purged_at = $3, sender_id = CASE WHEN sender_id = $1 THEN $4 ELSE sender_id END
         WHERE id IN (SELECT m.id FROM messages m JOIN conversations c ON c.id = m.conversation_id
                      WHERE c.account_id = $2 AND (c.chat_id = $1 OR m.sender_id = $1))",
    )
    .bind(line_user_id)
    .bind(account_id)
    .bind(now)
    .bind(&tomb)
    .execute(&mut *tx)
    .await?
    .rows_affected() as i64;
    // Nobody answers an erased customer: their open conversations end (no message goes to
    // them) and release the agents' capacity.
    let ended =
        crate::db::conversations::close_chat(&mut tx, account_id, line_user_id, now).await?;
    for id in &ended {
        crate::db::offers::withdraw(&mut *tx, Some(*id), None, now).await?;
    }
    sqlx::query(
        "UPDATE conversations SET chat_id = $3, reply_token = NULL WHERE account_id = $2 AND chat_id = $1",
    )
    .bind(line_user_id)
    .bind(account_id)
    .bind(&tomb)
    .execute(&mut *tx)
    .await?;
    sqlx::query(
        "UPDATE outbox SET payload = '[]', to_id = $3 WHERE account_id = $2 AND to_id = $1",
    )
    .bind(line_user_id)
    .bind(account_id)
    .bind(&tomb)
    .execute(&mut *tx)
    .await?;
    sqlx::query(
        "UPDATE survey_responses SET comment = NULL, chat_id = $3 WHERE account_id = $2 AND chat_id = $1",
    )
    .bind(line_user_id)
    .bind(account_id)
    .bind(&tomb)
    .execute(&mut *tx)
    .await?;
    // Raw webhook bodies carry the user's id and words: processed ones go.
    sqlx::query(
        "DELETE FROM webhook_events WHERE account_id = $2 AND processed_at IS NOT NULL AND body LIKE $1 ESCAPE '\\'",
    )
    .bind(format!("%{}%", crate::db::escape_like(line_user_id)))
    .bind(account_id)
    .execute(&mut *tx)
    .await?;
    sqlx::query(
        "UPDATE social_profiles SET line_user_id = $3, display_name = NULL, picture_url = NULL, language = NULL,
            status_message = NULL, contact_id = NULL, erased_at = $4, updated_at = $4
         WHERE account_id = $2 AND line_user_id = $1",
    )
    .bind(line_user_id)
    .bind(account_id)
    .bind(&tomb)
    .bind(now)
    .execute(&mut *tx)
    .await?;
    tx.commit().await?;
    remove_unreferenced(engine, shas).await?;
    for id in &ended {
        engine.live.publish(*id).await;
    }
    Ok(Purged {
        conversations,
        messages,
        attachments,
        ended: ended.len() as i64,
    })
}
