//! Who may read a conversation: supervisors and administrators all of them; agents their own,
//! the ones offered to them, their queues' conversations and conversations no workstream
//! routes; auditors none, unless an administrator granted them transcript access. Pages, server functions, files, transcripts and the live stream all
//! ask here, so they cannot disagree.

use crate::db::{queues, Db};
use crate::error::OrInternal;
use domain::user::CurrentUser;
use domain::{AppError, Role};

/// SQL condition (on conversations aliased `c`) an agent's reads are limited to; `$1` is the
/// agent's user id.
pub const AGENT_READS: &str = "(c.assigned_user_id = $1 OR c.queue_id IS NULL
    OR c.queue_id IN (SELECT qm.queue_id FROM queue_members qm WHERE qm.user_id = $1)
    OR c.id IN (SELECT o.conversation_id FROM offers o WHERE o.user_id = $1 AND o.state = 'offered'))";

/// Ok when `actor` may read the conversation; NotFound when it does not exist, Forbidden when
/// it is not theirs to read.
pub async fn require_readable(
    db: &Db,
    actor: &CurrentUser,
    conversation_id: i64,
) -> Result<(), AppError> {
    // Without a grant an auditor learns nothing, not even whether the conversation exists.
    if actor.role == Role::Auditor {
        require_transcript_grant(db, actor).await?;
    }
    let row: Option<(Option<i64>, Option<i64>)> =
        sqlx::query_as("SELECT assigned_user_id, queue_id FROM conversations WHERE id = $1")
            .bind(conversation_id)
            .fetch_optional(&db.pool)
            .await
            .or_internal()?;
    let Some((assigned, queue)) = row else {
        return Err(AppError::NotFound("That conversation".into()));
    };
    match actor.role {
        Role::Admin | Role::Supervisor => Ok(()),
        Role::Auditor => Ok(()),
        Role::Agent => {
            if assigned == Some(actor.id) || queue.is_none() {
                return Ok(());
            }
            let mine = queues::of_user(&db.pool, actor.id).await.or_internal()?;
            if queue.is_some_and(|q| mine.contains(&q)) {
                return Ok(());
            }
            let offered: Option<i64> = sqlx::query_scalar(
                "SELECT id FROM offers WHERE conversation_id = $1 AND user_id = $2 AND state = 'offered'",
            )
            .bind(conversation_id)
            .bind(actor.id)
            .fetch_optional(&db.pool)
            .await
            .or_internal()?;
            offered.map(|_| ()).ok_or(AppError::Forbidden)
        }
    }
}

/// Auditors read conversations only while an administrator's transcript grant lasts.
pub async fn require_transcript_grant(db: &Db, actor: &CurrentUser) -> Result<(), AppError> {
    let active: Option<i64> = sqlx::query_scalar(
        "SELECT id FROM transcript_grants WHERE user_id = $1 AND revoked_at IS NULL AND expires_at > $2 LIMIT 1",
    )
    .bind(actor.id)
    .bind(crate::clock::now_ms())
    .fetch_optional(&db.pool)
    .await
    .or_internal()?;
    active.map(|_| ()).ok_or(AppError::Forbidden)
}
