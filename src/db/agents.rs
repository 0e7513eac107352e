//! `agents`: presence, capacity and skills of staff users. A user without a row is offline
//! with the default capacity.

use domain::conversation::ConversationState;
use sqlx::{Any, Executor, FromRow};

pub const DEFAULT_CAPACITY: i64 = 3;

#[derive(Clone, Debug, FromRow)]
pub struct AgentRow {
    pub user_id: i64,
    pub name: String,
    pub email: String,
    pub role: String,
    pub presence: String,
    pub capacity: i64,
    pub skills: String,
    pub last_assigned_at: Option<i64>,
}

const SELECT: &str = "SELECT u.id AS user_id,
        CASE WHEN u.display_name = '' THEN u.email ELSE u.display_name END AS name,
        u.email, u.role, COALESCE(a.presence, 'offline') AS presence,
        COALESCE(a.capacity, 3) AS capacity, COALESCE(a.skills, '') AS skills, a.last_assigned_at
    FROM users u LEFT JOIN agents a ON a.user_id = u.id";

/// Staff who can answer customers (not auditors, not disabled).
pub async fn list<'c>(db: impl Executor<'c, Database = Any>) -> sqlx::Result<Vec<AgentRow>> {
    sqlx::query_as::<_, AgentRow>(&format!(
        "{SELECT} WHERE u.role <> 'auditor' AND u.disabled = 0 ORDER BY name"
    ))
    .fetch_all(db)
    .await
}

pub async fn find<'c>(
    db: impl Executor<'c, Database = Any>,
    user_id: i64,
) -> sqlx::Result<Option<AgentRow>> {
    sqlx::query_as::<_, AgentRow>(&format!("{SELECT} WHERE u.id = $1"))
        .bind(user_id)
        .fetch_optional(db)
        .await
}

/// Members of a queue who can take work, for distribution.
pub async fn members_of<'c>(
    db: impl Executor<'c, Database = Any>,
    queue_id: i64,
) -> sqlx::Result<Vec<AgentRow>> {
    sqlx::query_as::<_, AgentRow>(&format!(
        "{SELECT} JOIN queue_members m ON m.user_id = u.id
         WHERE m.queue_id = $1 AND u.role <> 'auditor' AND u.disabled = 0 ORDER BY u.id"
    ))
    .bind(queue_id)
    .fetch_all(db)
    .await
}

async fn ensure<'c>(db: impl Executor<'c, Database = Any>, user_id: i64) -> sqlx::Result<()> {
    sqlx::query(
        "INSERT INTO agents (user_id, presence, capacity, skills) VALUES ($1, 'offline', $2, '')
         ON CONFLICT (user_id) DO NOTHING",
    )
    .bind(user_id)
    .bind(DEFAULT_CAPACITY)
    .execute(db)
    .await?;
    Ok(())
}

pub async fn set_presence(
    db: &sqlx::AnyPool,
    user_id: i64,
    presence: &str,
    now: i64,
) -> sqlx::Result<()> {
    ensure(db, user_id).await?;
    sqlx::query("UPDATE agents SET presence = $1, presence_at = $2 WHERE user_id = $3")
        .bind(presence)
        .bind(now)
        .bind(user_id)
        .execute(db)
        .await?;
    Ok(())
}

pub async fn set_profile(
    conn: &mut sqlx::AnyConnection,
    user_id: i64,
    capacity: i64,
    skills: &str,
) -> sqlx::Result<()> {
    ensure(&mut *conn, user_id).await?;
    sqlx::query("UPDATE agents SET capacity = $1, skills = $2 WHERE user_id = $3")
        .bind(capacity)
        .bind(skills)
        .bind(user_id)
        .execute(&mut *conn)
        .await?;
    Ok(())
}

pub async fn assigned<'c>(
    db: impl Executor<'c, Database = Any>,
    user_id: i64,
    now: i64,
) -> sqlx::Result<()> {
    sqlx::query("UPDATE agents SET last_assigned_at = $1 WHERE user_id = $2")
        .bind(now)
        .bind(user_id)
        .execute(db)
        .await?;
    Ok(())
}

/// What takes an agent's capacity: their conversations (open, or closed recently enough to
/// still be in wrap-up, unless their account was deleted) and the offers waiting for them, each
/// with its workstream's settings.
#[derive(Clone, Debug, FromRow)]
pub struct LoadRow {
    pub user_id: i64,
    #[sqlx(try_from = "String")]
    pub load: Load,
    pub closed_at: Option<i64>,
    pub settings: Option<String>,
}

/// What takes the capacity: a conversation (in its state) or an offer waiting for an answer.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Load {
    Offer,
    Conversation(ConversationState),
}

/// `loads`' text: an offer's mark, or a conversation's state.
impl TryFrom<String> for Load {
    type Error = String;
    fn try_from(text: String) -> Result<Self, Self::Error> {
        match text.as_str() {
            text if text == domain::queue::OfferState::Offered.as_str() => Ok(Load::Offer),
            state => state.parse().map(Load::Conversation),
        }
    }
}

pub async fn loads<'c>(
    db: impl Executor<'c, Database = Any>,
    closed_since: i64,
) -> sqlx::Result<Vec<LoadRow>> {
    sqlx::query_as::<_, LoadRow>(
        // Open conversations and those closed since `closed_since` as two parts, each found by
        // an index (the open ones' partial index, conversations_by_closed): one OR over both
        // read every conversation the desk ever had.
        "SELECT c.assigned_user_id AS user_id, c.state AS load, c.closed_at, w.settings
           FROM conversations c LEFT JOIN workstreams w ON w.id = c.workstream_id
          WHERE c.state <> 'closed' AND c.assigned_user_id IS NOT NULL
         UNION ALL
         SELECT c.assigned_user_id AS user_id, c.state AS load, c.closed_at, w.settings
           FROM conversations c LEFT JOIN workstreams w ON w.id = c.workstream_id
          WHERE c.closed_at > $1 AND c.state = 'closed' AND c.assigned_user_id IS NOT NULL
            AND NOT EXISTS (SELECT 1 FROM line_accounts a
                             WHERE a.id = c.account_id AND a.deleted_at IS NOT NULL)
         UNION ALL
         SELECT o.user_id, 'offered' AS load, NULL AS closed_at, w.settings
           FROM offers o JOIN conversations c ON c.id = o.conversation_id
           LEFT JOIN workstreams w ON w.id = c.workstream_id
          WHERE o.state = 'offered'",
    )
    .bind(closed_since)
    .fetch_all(db)
    .await
}
