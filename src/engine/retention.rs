//! Removing content while keeping the record: the retention policy purges the text and files of
//! conversations older than an account's limit; erasing a LINE user removes everything of theirs
//! and leaves a tombstone. Counts, times, states and the audit trail stay.

use crate::clock::now_ms;
use crate::crypto::sha256_hex;
use crate::db::{attachments, conversations, offers, retention};
use crate::engine::media::path_for;
use crate::engine::Engine;
use serde::Serialize;

/// What a purge touched (or, for a preview, would touch).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Purged {
    pub conversations: i64,
    pub messages: i64,
    pub attachments: i64,
    /// Open conversations an erasure ended.
    pub ended: i64,
}

/// What the next run would purge, per account limit.
pub async fn preview(engine: &Engine, account_id: i64, days: i32) -> sqlx::Result<Purged> {
    let cutoff = now_ms() - i64::from(days) * 86_400_000;
    let (conversations, messages) = retention::due(&engine.db.pool, account_id, cutoff).await?;
    let attachments = retention::due_attachments(&engine.db.pool, account_id, cutoff).await?;
    Ok(Purged {
        conversations,
        messages,
        attachments,
        ended: 0,
    })
}

/// Removes stored files no attachment row points at any more.
async fn remove_unreferenced(engine: &Engine, shas: Vec<String>) -> anyhow::Result<()> {
    for sha in shas {
        let still = attachments::count_with_sha256(&engine.db.pool, &sha).await?;
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
    let (attachments, shas) = retention::drop_due_attachments(&mut tx, account_id, cutoff).await?;
    let messages = retention::purge_messages(&mut *tx, account_id, cutoff, now).await?;
    retention::purge_survey_comments(&mut *tx, account_id, cutoff).await?;
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
    for (account_id, days) in retention::limits(&engine.db.pool).await? {
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
    let (attachments, shas) =
        retention::drop_user_attachments(&mut tx, account_id, line_user_id).await?;
    let conversations = retention::user_conversations(&mut *tx, account_id, line_user_id).await?;
    let messages =
        retention::erase_messages(&mut *tx, account_id, line_user_id, &tomb, now).await?;
    // Nobody answers an erased customer: their open conversations end (no message goes to
    // them) and release the agents' capacity.
    let ended = conversations::close_chat(&mut tx, account_id, line_user_id, now).await?;
    for id in &ended {
        offers::withdraw(&mut *tx, Some(*id), None, now).await?;
    }
    retention::tombstone_chats(&mut tx, account_id, line_user_id, &tomb).await?;
    // Raw webhook bodies carry the user's id and words: processed ones go.
    retention::delete_events_naming(&mut *tx, account_id, line_user_id).await?;
    retention::erase_profile(&mut *tx, account_id, line_user_id, &tomb, now).await?;
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
