//! Who may read a conversation: supervisors and administrators all of them; agents their own,
//! the ones offered to them, their queues' conversations and conversations no workstream
//! routes; auditors none, unless an administrator granted them transcript access. Pages, server functions, files, transcripts and the live stream all
//! ask here, so they cannot disagree.
//!
//! Who may act on one (answer, end, link its contact): its assignee, supervisors and
//! administrators; auditors never. Every state-changing conversation action asks
//! `require_actor`.

use crate::db::{conversations, offers, queues, transcript_grants, Db};
use crate::error::OrInternal;
use domain::user::CurrentUser;
use domain::Problem;
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
    let row = conversations::assignment(&db.pool, conversation_id)
        .await
        .or_internal()?;
    let Some((assigned, queue)) = row else {
        return Err(AppError::NotFound(Problem::ConversationNotFound));
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
            if offered(db, actor, conversation_id).await? {
                Ok(())
            } else {
                Err(AppError::Forbidden)
            }
        }
    }
}

/// Auditors read conversations only while an administrator's transcript grant lasts.
pub async fn require_transcript_grant(db: &Db, actor: &CurrentUser) -> Result<(), AppError> {
    let active = transcript_grants::active(&db.pool, actor.id, crate::clock::now_ms())
        .await
        .or_internal()?;
    active.map(|_| ()).ok_or(AppError::Forbidden)
}

/// The staff who answer customers; auditors only read.
pub fn require_staff(actor: &CurrentUser) -> Result<(), AppError> {
    match actor.role {
        Role::Admin | Role::Supervisor | Role::Agent => Ok(()),
        Role::Auditor => Err(AppError::Forbidden),
    }
}

/// What an action does to a conversation. Answering (a reply, a file, the typing animation)
/// may take a conversation nobody has; managing it (ending it, linking its contact) is for
/// whoever has it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Act {
    Answer,
    Manage,
}

/// Ok when `actor` may change the conversation: its assignee, a supervisor or an
/// administrator; never an auditor, whatever they may read. An agent may also answer, and so
/// take, a conversation nobody has when it is offered to them, waits in a pick queue of theirs
/// or no workstream routes it; in a push queue the desk decides who gets it.
pub async fn require_actor(
    db: &Db,
    actor: &CurrentUser,
    conversation_id: i64,
    act: Act,
) -> Result<(), AppError> {
    require_staff(actor)?;
    require_readable(db, actor, conversation_id).await?;
    if actor.role != Role::Agent {
        return Ok(());
    }
    let conversations::ActingFacts {
        assigned_user_id: assigned,
        assignee,
        queue_id: queue,
        mode,
        bot_active,
    } = conversations::acting_facts(&db.pool, conversation_id)
        .await
        .or_internal()?;
    match assigned {
        Some(id) if id == actor.id => return Ok(()),
        Some(_) => {
            return Err(AppError::Conflict(match assignee {
                Some(name) => Problem::Handling { name },
                None => Problem::ColleagueHandling,
            }));
        }
        None => {}
    }
    if act == Act::Manage {
        return Err(AppError::Conflict(Problem::OnlyHandler));
    }
    if bot_active != 0 {
        return Err(AppError::Conflict(Problem::BotAnswering));
    }
    if queue.is_none()
        || mode.as_deref() == Some("pick")
        || offered(db, actor, conversation_id).await?
    {
        return Ok(());
    }
    Err(AppError::Conflict(Problem::OfferedToAgent))
}

/// True while the conversation is offered to `actor`.
async fn offered(db: &Db, actor: &CurrentUser, conversation_id: i64) -> Result<bool, AppError> {
    offers::is_offered_to(&db.pool, conversation_id, actor.id)
        .await
        .or_internal()
}
