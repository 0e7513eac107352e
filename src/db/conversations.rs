//! `conversations`: one open conversation per account and chat (user, group or room).

use crate::db::messages::decode;
use domain::conversation::{ChatKind, ConversationState};
use sqlx::{Any, AnyConnection, Executor, FromRow};

#[derive(Clone, Debug, FromRow)]
pub struct ConversationRow {
    pub id: i64,
    pub account_id: i64,
    #[sqlx(try_from = "String")]
    pub chat_kind: ChatKind,
    pub chat_id: String,
    pub profile_id: Option<i64>,
    pub contact_id: Option<i64>,
    #[sqlx(try_from = "String")]
    pub state: ConversationState,
    pub reply_token: Option<String>,
    pub reply_token_at: Option<i64>,
    pub opened_at: i64,
    pub last_message_at: i64,
    pub closed_at: Option<i64>,
    pub workstream_id: Option<i64>,
    pub queue_id: Option<i64>,
    pub assigned_user_id: Option<i64>,
    /// 1 while the workstream's bot answers.
    pub bot_active: i16,
    /// "rule: …", "fallback" or None before routing.
    pub routed_by: Option<String>,
}

pub(crate) const COLUMNS: &str = "id, account_id, chat_kind, chat_id, profile_id, contact_id, state, reply_token, reply_token_at, opened_at, last_message_at, closed_at, workstream_id, queue_id, assigned_user_id, bot_active, routed_by";

pub async fn get<'c>(
    db: impl Executor<'c, Database = Any>,
    id: i64,
) -> sqlx::Result<Option<ConversationRow>> {
    sqlx::query_as::<_, ConversationRow>(&format!(
        "SELECT {COLUMNS} FROM conversations WHERE id = $1"
    ))
    .bind(id)
    .fetch_optional(db)
    .await
}

pub async fn find_open<'c>(
    db: impl Executor<'c, Database = Any>,
    account_id: i64,
    chat_id: &str,
) -> sqlx::Result<Option<ConversationRow>> {
    sqlx::query_as::<_, ConversationRow>(&format!(
        "SELECT {COLUMNS} FROM conversations WHERE account_id = $1 AND chat_id = $2 AND state <> 'closed'"
    ))
    .bind(account_id)
    .bind(chat_id)
    .fetch_optional(db)
    .await
}

pub async fn list_for_account<'c>(
    db: impl Executor<'c, Database = Any>,
    account_id: i64,
) -> sqlx::Result<Vec<ConversationRow>> {
    sqlx::query_as::<_, ConversationRow>(&format!(
        "SELECT {COLUMNS} FROM conversations WHERE account_id = $1 ORDER BY id"
    ))
    .bind(account_id)
    .fetch_all(db)
    .await
}

/// The account's conversations that are not closed.
pub async fn open_for_account<'c>(
    db: impl Executor<'c, Database = Any>,
    account_id: i64,
) -> sqlx::Result<Vec<ConversationRow>> {
    sqlx::query_as::<_, ConversationRow>(&format!(
        "SELECT {COLUMNS} FROM conversations WHERE account_id = $1 AND state <> 'closed' ORDER BY id"
    ))
    .bind(account_id)
    .fetch_all(db)
    .await
}

pub struct NewConversation<'a> {
    pub account_id: i64,
    pub chat_kind: ChatKind,
    pub chat_id: &'a str,
    pub profile_id: Option<i64>,
    pub contact_id: Option<i64>,
    /// Where the account's LINE channel sends work (None: no workstream uses the account).
    pub workstream_id: Option<i64>,
    pub queue_id: Option<i64>,
    pub at: i64,
}

/// Opens a conversation for the chat (the caller found none open). A returning customer whose
/// profile is linked to a contact starts linked too.
pub async fn open(
    conn: &mut AnyConnection,
    new: &NewConversation<'_>,
) -> sqlx::Result<ConversationRow> {
    sqlx::query_as::<_, ConversationRow>(&format!(
        "INSERT INTO conversations (account_id, chat_kind, chat_id, profile_id, contact_id, state, opened_at, last_message_at, workstream_id, queue_id)
         VALUES ($1, $2, $3, $4, $5, 'open', $6, $6, $7, $8) RETURNING {COLUMNS}"
    ))
    .bind(new.account_id)
    .bind(new.chat_kind.as_str())
    .bind(new.chat_id)
    .bind(new.profile_id)
    .bind(new.contact_id)
    .bind(new.at)
    .bind(new.workstream_id)
    .bind(new.queue_id)
    .fetch_one(&mut *conn)
    .await
}

/// Open conversations quiet since before `cutoff`: of one workstream, or (None) of no live
/// workstream (those follow the default inactivity window).
pub async fn inactive<'c>(
    db: impl Executor<'c, Database = Any>,
    workstream_id: Option<i64>,
    cutoff: i64,
    limit: i64,
) -> sqlx::Result<Vec<ConversationRow>> {
    let filter = match workstream_id {
        Some(_) => "workstream_id = $3",
        None => "(workstream_id IS NULL OR workstream_id IN (SELECT id FROM workstreams WHERE deleted_at IS NOT NULL))",
    };
    let sql = format!(
        "SELECT {COLUMNS} FROM conversations WHERE state <> 'closed' AND last_message_at < $1 AND {filter}
         ORDER BY last_message_at LIMIT $2"
    );
    let mut query = sqlx::query_as::<_, ConversationRow>(&sql)
        .bind(cutoff)
        .bind(limit);
    if let Some(id) = workstream_id {
        query = query.bind(id);
    }
    query.fetch_all(db).await
}
/// Records activity and the newest reply token (a reply token is worth using for ~50 s).
/// What a message at `at` leaving `reply_token` (SQL parameters) changes in its conversation:
/// the latest message time, and the reply token when it brings one. Shared with the one-call
/// store (chat_append).
pub(crate) fn touch_assignments(at: &str, reply_token: &str) -> String {
    format!(
        "last_message_at = CASE WHEN last_message_at > {at} THEN last_message_at ELSE {at} END,
         reply_token = COALESCE({reply_token}, reply_token),
         reply_token_at = CASE WHEN {reply_token} IS NULL THEN reply_token_at ELSE {at} END"
    )
}

pub async fn touch<'c>(
    db: impl Executor<'c, Database = Any>,
    id: i64,
    at: i64,
    reply_token: Option<&str>,
) -> sqlx::Result<()> {
    static SQL: std::sync::LazyLock<String> = std::sync::LazyLock::new(|| {
        format!(
            "UPDATE conversations SET {} WHERE id = $3",
            touch_assignments("$1", "$2")
        )
    });
    sqlx::query(SQL.as_str())
        .bind(at)
        .bind(reply_token)
        .bind(id)
        .execute(db)
        .await?;
    Ok(())
}

/// Takes the reply token (it works once): returns it with its time and clears it.
pub async fn take_reply_token(
    conn: &mut AnyConnection,
    id: i64,
) -> sqlx::Result<Option<(String, i64)>> {
    let token = sqlx::query_as::<_, (Option<String>, Option<i64>)>(
        "SELECT reply_token, reply_token_at FROM conversations WHERE id = $1",
    )
    .bind(id)
    .fetch_optional(&mut *conn)
    .await?;
    sqlx::query("UPDATE conversations SET reply_token = NULL, reply_token_at = NULL WHERE id = $1")
        .bind(id)
        .execute(&mut *conn)
        .await?;
    Ok(match token {
        Some((Some(token), Some(at))) => Some((token, at)),
        _ => None,
    })
}

/// Closes every open conversation of one chat at once, without a word to the customer;
/// returns their ids.
pub async fn close_chat(
    tx: &mut crate::db::WriteTx,
    account_id: i64,
    chat_id: &str,
    now: i64,
) -> sqlx::Result<Vec<i64>> {
    sqlx::query_scalar(
        "UPDATE conversations SET state = 'closed', closed_at = $1, reply_token = NULL
          WHERE account_id = $2 AND chat_id = $3 AND state <> 'closed' RETURNING id",
    )
    .bind(now)
    .bind(account_id)
    .bind(chat_id)
    .fetch_all(&mut **tx)
    .await
}

pub async fn close<'c>(
    db: impl Executor<'c, Database = Any>,
    id: i64,
    now: i64,
) -> sqlx::Result<u64> {
    Ok(sqlx::query("UPDATE conversations SET state = 'closed', closed_at = $1, reply_token = NULL WHERE id = $2 AND state <> 'closed'")
        .bind(now)
        .bind(id)
        .execute(db)
        .await?
        .rows_affected())
}

/// An agent answered: an open or waiting conversation becomes active.
pub async fn mark_answered<'c>(db: impl Executor<'c, Database = Any>, id: i64) -> sqlx::Result<()> {
    sqlx::query(
        "UPDATE conversations SET state = 'active' WHERE id = $1 AND state IN ('open', 'waiting')",
    )
    .bind(id)
    .execute(db)
    .await?;
    Ok(())
}

/// What decides whether an agent may act on a conversation (services::visibility).
#[derive(Debug, FromRow)]
pub struct ActingFacts {
    pub assigned_user_id: Option<i64>,
    /// The assignee's display name, else email.
    pub assignee: Option<String>,
    pub queue_id: Option<i64>,
    /// The workstream's distribution mode (push or pick).
    pub mode: Option<String>,
    pub bot_active: i16,
}

pub async fn acting_facts<'c>(
    db: impl Executor<'c, Database = Any>,
    id: i64,
) -> sqlx::Result<ActingFacts> {
    sqlx::query_as(
        "SELECT c.assigned_user_id,
                CASE WHEN u.display_name = '' THEN u.email ELSE u.display_name END AS assignee,
                c.queue_id, w.mode, c.bot_active
           FROM conversations c
           LEFT JOIN users u ON u.id = c.assigned_user_id
           LEFT JOIN workstreams w ON w.id = c.workstream_id
          WHERE c.id = $1",
    )
    .bind(id)
    .fetch_one(db)
    .await
}

/// Where routing sends a conversation.
pub struct Route<'a> {
    pub queue_id: i64,
    pub priority: i32,
    /// Comma-separated.
    pub required_skills: &'a str,
    /// "rule: …", "fallback".
    pub routed_by: &'a str,
    /// The workstream's bot answers first; otherwise the conversation waits for an agent.
    pub bot_active: bool,
}

/// Routes a conversation nobody routed or took yet; false when another did first (or it closed).
pub async fn route<'c>(
    db: impl Executor<'c, Database = Any>,
    id: i64,
    route: &Route<'_>,
    now: i64,
) -> sqlx::Result<bool> {
    Ok(sqlx::query(
        "UPDATE conversations SET queue_id = $1, priority = $2, required_skills = $3, routed_by = $4,
            queued_at = $5, bot_active = $6, state = CASE WHEN $6 = 1 THEN state ELSE 'waiting' END,
            first_queued_at = CASE WHEN $6 = 1 THEN first_queued_at ELSE COALESCE(first_queued_at, $5) END,
            bot_served = CASE WHEN $6 = 1 THEN 1 ELSE bot_served END
         WHERE id = $7 AND routed_by IS NULL AND assigned_user_id IS NULL AND state <> 'closed'",
    )
    .bind(route.queue_id)
    .bind(route.priority)
    .bind(route.required_skills)
    .bind(route.routed_by)
    .bind(now)
    .bind(i16::from(route.bot_active))
    .bind(id)
    .execute(db)
    .await?
    .rows_affected()
        == 1)
}

/// A conversation waiting in a push workstream's queue for an offer.
#[derive(FromRow)]
pub struct WaitingRow {
    pub id: i64,
    pub queue_id: i64,
    pub account_id: i64,
    pub chat_id: String,
    pub required_skills: String,
    /// Its workstream's settings (JSON).
    pub settings: String,
}

/// Up to 200 conversations waiting in push workstreams with no offer out, highest priority and
/// longest waiting first.
pub async fn waiting_for_offers<'c>(
    db: impl Executor<'c, Database = Any>,
) -> sqlx::Result<Vec<WaitingRow>> {
    sqlx::query_as::<_, WaitingRow>(
        "SELECT c.id, c.queue_id, c.account_id, c.chat_id, c.required_skills, w.settings
           FROM conversations c JOIN workstreams w ON w.id = c.workstream_id
          WHERE c.state = 'waiting' AND c.assigned_user_id IS NULL AND c.bot_active = 0
            AND c.queue_id IS NOT NULL AND w.mode = 'push'
            AND NOT EXISTS (SELECT 1 FROM offers o WHERE o.conversation_id = c.id AND o.state = 'offered')
          ORDER BY c.priority DESC, c.queued_at, c.id LIMIT 200",
    )
    .fetch_all(db)
    .await
}

/// The agent of the latest other conversation with this chat on the account that had one.
pub async fn previous_agent<'c>(
    db: impl Executor<'c, Database = Any>,
    account_id: i64,
    chat_id: &str,
    except_id: i64,
) -> sqlx::Result<Option<i64>> {
    sqlx::query_scalar::<_, i64>(
        "SELECT assigned_user_id FROM conversations
          WHERE account_id = $1 AND chat_id = $2 AND id <> $3 AND assigned_user_id IS NOT NULL
          ORDER BY id DESC LIMIT 1",
    )
    .bind(account_id)
    .bind(chat_id)
    .bind(except_id)
    .fetch_optional(db)
    .await
}

/// How `assign` may take a conversation.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Take {
    /// Only while it waits in its queue, unassigned (pick, accepted offer).
    FromQueue,
    /// Only while nobody has it (an agent's first reply).
    Unassigned,
    /// Whoever has it (a supervisor's transfer).
    Always,
}

/// Gives the conversation to `user_id`, active, if `take` allows; false when it did not.
pub async fn assign<'c>(
    db: impl Executor<'c, Database = Any>,
    id: i64,
    user_id: i64,
    take: Take,
    now: i64,
) -> sqlx::Result<bool> {
    let condition = match take {
        Take::FromQueue => "state = 'waiting' AND assigned_user_id IS NULL",
        Take::Unassigned => "state <> 'closed' AND assigned_user_id IS NULL",
        Take::Always => "state <> 'closed'",
    };
    Ok(sqlx::query(&format!(
        "UPDATE conversations SET assigned_user_id = $1, assigned_at = $2, state = 'active', bot_active = 0,
            first_assigned_at = COALESCE(first_assigned_at, $2),
            transfers = transfers + CASE WHEN assigned_user_id IS NOT NULL AND assigned_user_id <> $1 THEN 1 ELSE 0 END
          WHERE id = $3 AND {condition}"
    ))
    .bind(user_id)
    .bind(now)
    .bind(id)
    .execute(db)
    .await?
    .rows_affected()
        == 1)
}

/// Puts an open conversation back into `queue_id`, unassigned and waiting; false when closed.
pub async fn requeue<'c>(
    db: impl Executor<'c, Database = Any>,
    id: i64,
    queue_id: i64,
    now: i64,
) -> sqlx::Result<bool> {
    Ok(sqlx::query(
        "UPDATE conversations SET queue_id = $1, assigned_user_id = NULL, assigned_at = NULL,
            state = 'waiting', queued_at = $2, bot_active = 0, routed_by = COALESCE(routed_by, 'transfer'),
            first_queued_at = COALESCE(first_queued_at, $2), transfers = transfers + 1
          WHERE id = $3 AND state <> 'closed'",
    )
    .bind(queue_id)
    .bind(now)
    .bind(id)
    .execute(db)
    .await?
    .rows_affected()
        == 1)
}

/// The conversation's (assigned agent, queue), for who may read it.
pub async fn assignment<'c>(
    db: impl Executor<'c, Database = Any>,
    id: i64,
) -> sqlx::Result<Option<(Option<i64>, Option<i64>)>> {
    sqlx::query_as("SELECT assigned_user_id, queue_id FROM conversations WHERE id = $1")
        .bind(id)
        .fetch_optional(db)
        .await
}

/// The conversation's (LINE profile, the profile's contact, chat kind).
pub async fn profile_and_contact<'c>(
    db: impl Executor<'c, Database = Any>,
    id: i64,
) -> sqlx::Result<Option<(Option<i64>, Option<i64>, ChatKind)>> {
    let row = sqlx::query_as::<_, (Option<i64>, Option<i64>, String)>(
        "SELECT c.profile_id, p.contact_id, c.chat_kind FROM conversations c
             LEFT JOIN social_profiles p ON p.id = c.profile_id WHERE c.id = $1",
    )
    .bind(id)
    .fetch_optional(db)
    .await?;
    row.map(|(profile, contact, kind)| Ok((profile, contact, decode(&kind)?)))
        .transpose()
}

/// The customer panel's keys: (LINE profile, contact of the profile or else of the
/// conversation, 1 when the account was deleted).
pub async fn panel_keys<'c>(
    db: impl Executor<'c, Database = Any>,
    id: i64,
) -> sqlx::Result<(Option<i64>, Option<i64>, i16)> {
    sqlx::query_as(
        "SELECT c.profile_id, COALESCE(p.contact_id, c.contact_id),
                    CASE WHEN a.deleted_at IS NULL THEN 0 ELSE 1 END
                 FROM conversations c JOIN line_accounts a ON a.id = c.account_id
                 LEFT JOIN social_profiles p ON p.id = c.profile_id WHERE c.id = $1",
    )
    .bind(id)
    .fetch_one(db)
    .await
}

/// Open conversations per (queue, state): waiting, active and open ones.
pub async fn counts_by_queue<'c>(
    db: impl Executor<'c, Database = Any>,
) -> sqlx::Result<Vec<(i64, ConversationState, i64)>> {
    let rows = sqlx::query_as::<_, (i64, String, i64)>(
        "SELECT queue_id, state, COUNT(*) FROM conversations
              WHERE queue_id IS NOT NULL AND state IN ('waiting', 'active', 'open') GROUP BY queue_id, state",
    )
    .fetch_all(db)
    .await?;
    rows.into_iter()
        .map(|(queue, state, count)| Ok((queue, decode(&state)?, count)))
        .collect()
}

/// Takes the queue off its conversations (before the queue is deleted).
pub async fn clear_queue<'c>(
    db: impl Executor<'c, Database = Any>,
    queue_id: i64,
) -> sqlx::Result<()> {
    sqlx::query("UPDATE conversations SET queue_id = NULL WHERE queue_id = $1")
        .bind(queue_id)
        .execute(db)
        .await?;
    Ok(())
}

/// The bot hands the conversation to its queue; false when the bot was not answering it (or it
/// closed).
pub async fn hand_off<'c>(
    db: impl Executor<'c, Database = Any>,
    id: i64,
    now: i64,
) -> sqlx::Result<bool> {
    Ok(sqlx::query(
        "UPDATE conversations SET bot_active = 0, state = 'waiting', queued_at = $1,
            first_queued_at = COALESCE(first_queued_at, $1)
          WHERE id = $2 AND bot_active = 1 AND state <> 'closed'",
    )
    .bind(now)
    .bind(id)
    .execute(db)
    .await?
    .rows_affected()
        == 1)
}
