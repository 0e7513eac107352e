//! What the insights pages read: the queues as they are now and today's first answers.

use domain::insights::report::{Choice, ConversationFacts, ReportFilters, SurveyFact};
use sqlx::{Any, Executor, FromRow};

pub async fn set_service_level<'c>(
    db: impl Executor<'c, Database = Any>,
    queue_id: i64,
    seconds: i64,
    now: i64,
) -> sqlx::Result<u64> {
    Ok(
        sqlx::query("UPDATE queues SET service_level_seconds = $1, updated_at = $2 WHERE id = $3")
            .bind(seconds)
            .bind(now)
            .bind(queue_id)
            .execute(db)
            .await?
            .rows_affected(),
    )
}

/// The queues a person is a member of (a supervisor watches those).
pub async fn queues_of<'c>(
    db: impl Executor<'c, Database = Any>,
    user_id: i64,
) -> sqlx::Result<Vec<i64>> {
    sqlx::query_scalar::<_, i64>("SELECT queue_id FROM queue_members WHERE user_id = $1")
        .bind(user_id)
        .fetch_all(db)
        .await
}

/// Per queue: conversations waiting (and since when the longest has waited) and handled.
#[derive(Clone, Debug, FromRow)]
pub struct QueueNow {
    pub queue_id: i64,
    pub waiting: i64,
    pub oldest_queued_at: Option<i64>,
    pub active: i64,
}

pub async fn queues_now<'c>(db: impl Executor<'c, Database = Any>) -> sqlx::Result<Vec<QueueNow>> {
    sqlx::query_as::<_, QueueNow>(
        "SELECT queue_id,
                SUM(CASE WHEN state = 'waiting' THEN 1 ELSE 0 END) AS waiting,
                MIN(CASE WHEN state = 'waiting' THEN COALESCE(queued_at, opened_at) END) AS oldest_queued_at,
                SUM(CASE WHEN state IN ('active', 'wrapup') THEN 1 ELSE 0 END) AS active
           FROM conversations
          WHERE queue_id IS NOT NULL AND state IN ('waiting', 'active', 'wrapup')
          GROUP BY queue_id",
    )
    .fetch_all(db)
    .await
}

/// Pending offers per queue.
pub async fn offers_pending<'c>(
    db: impl Executor<'c, Database = Any>,
) -> sqlx::Result<Vec<(i64, i64)>> {
    sqlx::query_as::<_, (i64, i64)>(
        "SELECT c.queue_id, COUNT(*) FROM offers o JOIN conversations c ON c.id = o.conversation_id
          WHERE o.state = 'offered' AND c.queue_id IS NOT NULL GROUP BY c.queue_id",
    )
    .fetch_all(db)
    .await
}

/// A queue member who can sign in, with presence and capacity (defaults for someone who never
/// set a presence: offline, capacity 3, as `agents` has them).
#[derive(Clone, Debug, FromRow)]
pub struct MemberNow {
    pub queue_id: i64,
    pub user_id: i64,
    pub presence: String,
    pub capacity: i64,
}

pub async fn members_now<'c>(
    db: impl Executor<'c, Database = Any>,
) -> sqlx::Result<Vec<MemberNow>> {
    sqlx::query_as::<_, MemberNow>(
        "SELECT m.queue_id, m.user_id, COALESCE(a.presence, 'offline') AS presence,
                CAST(COALESCE(a.capacity, 3) AS BIGINT) AS capacity
           FROM queue_members m JOIN users u ON u.id = m.user_id
           LEFT JOIN agents a ON a.user_id = m.user_id
          WHERE u.disabled = 0",
    )
    .fetch_all(db)
    .await
}

/// Conversations queued since `since`, each with its first reply by an agent after queuing.
pub async fn first_answers<'c>(
    db: impl Executor<'c, Database = Any>,
    since: i64,
) -> sqlx::Result<Vec<(i64, i64, Option<i64>)>> {
    sqlx::query_as::<_, (i64, i64, Option<i64>)>(
        "SELECT c.queue_id, c.queued_at,
                (SELECT MIN(m.sent_at) FROM messages m
                  WHERE m.conversation_id = c.id AND m.direction = 'out'
                    AND m.author_user_id IS NOT NULL AND m.sent_at >= c.queued_at) AS first_reply
           FROM conversations c
          WHERE c.queue_id IS NOT NULL AND c.queued_at >= $1",
    )
    .bind(since)
    .fetch_all(db)
    .await
}

/// The conversations a report may count: its filters and, for a supervisor, their queues.
pub struct ReportWhere<'a> {
    pub filters: ReportFilters,
    /// None: every queue (and conversations in none).
    pub queues: Option<&'a [i64]>,
}

impl ReportWhere<'_> {
    /// `AND …` conditions on `c` (conversations), with their values to bind after `first` others.
    fn sql(&self, first: usize) -> (String, Vec<i64>) {
        let mut sql = String::new();
        let mut binds = Vec::new();
        let mut eq = |column: &str, value: Option<i64>| {
            if let Some(value) = value {
                binds.push(value);
                sql.push_str(&format!(" AND c.{column} = ${}", first + binds.len()));
            }
        };
        eq("account_id", self.filters.account);
        eq("workstream_id", self.filters.workstream);
        eq("queue_id", self.filters.queue);
        eq("assigned_user_id", self.filters.agent);
        if let Some(queues) = self.queues {
            if queues.is_empty() {
                sql.push_str(" AND 1 = 0");
            } else {
                let list = queues.iter().map(i64::to_string).collect::<Vec<_>>();
                // Ids from our own table, not typed input: listed in the statement.
                sql.push_str(&format!(" AND c.queue_id IN ({})", list.join(", ")));
            }
        }
        (sql, binds)
    }
}

/// Binds the filter values after the statement's own.
fn bind_all<'q, O>(
    mut query: sqlx::query::QueryAs<'q, Any, O, sqlx::any::AnyArguments<'q>>,
    binds: Vec<i64>,
) -> sqlx::query::QueryAs<'q, Any, O, sqlx::any::AnyArguments<'q>> {
    for value in binds {
        query = query.bind(value);
    }
    query
}

#[derive(FromRow)]
struct FactsRow {
    id: i64,
    assigned_user_id: Option<i64>,
    opened_at: i64,
    first_queued_at: Option<i64>,
    first_assigned_at: Option<i64>,
    closed_at: Option<i64>,
    first_agent_reply: Option<i64>,
    bot_served: i64,
    transfers: i64,
}

/// One row per conversation opened in [from, to).
pub async fn report_conversations<'c>(
    db: impl Executor<'c, Database = Any>,
    from: i64,
    to: i64,
    scope: &ReportWhere<'_>,
) -> sqlx::Result<Vec<ConversationFacts>> {
    let (conditions, binds) = scope.sql(2);
    let sql = format!(
        "SELECT c.id, c.assigned_user_id, c.opened_at, c.first_queued_at, c.first_assigned_at, c.closed_at,
                c.first_replied_at AS first_agent_reply,
                CAST(c.bot_served AS BIGINT) AS bot_served, CAST(c.transfers AS BIGINT) AS transfers
           FROM conversations c
          WHERE c.opened_at >= $1 AND c.opened_at < $2{conditions}"
    );
    let query = bind_all(
        sqlx::query_as::<_, FactsRow>(&sql).bind(from).bind(to),
        binds,
    );
    Ok(query
        .fetch_all(db)
        .await?
        .into_iter()
        .map(|r| ConversationFacts {
            id: r.id,
            agent_id: r.assigned_user_id,
            opened_at: r.opened_at,
            first_queued_at: r.first_queued_at,
            first_assigned_at: r.first_assigned_at,
            closed_at: r.closed_at,
            first_agent_reply: r.first_agent_reply,
            bot_served: r.bot_served != 0,
            transfers: r.transfers,
        })
        .collect())
}

/// Customer messages and replies (not system notes) sent in [from, to): (in, out).
pub async fn report_messages<'c>(
    db: impl Executor<'c, Database = Any>,
    from: i64,
    to: i64,
    scope: &ReportWhere<'_>,
) -> sqlx::Result<(i64, i64)> {
    let (conditions, binds) = scope.sql(2);
    let sql = format!(
        "SELECT CAST(COALESCE(SUM(CASE WHEN m.direction = 'in' THEN 1 ELSE 0 END), 0) AS BIGINT),
                CAST(COALESCE(SUM(CASE WHEN m.direction = 'out' THEN 1 ELSE 0 END), 0) AS BIGINT)
           FROM messages m JOIN conversations c ON c.id = m.conversation_id
          WHERE m.sent_at >= $1 AND m.sent_at < $2 AND m.direction IN ('in', 'out'){conditions}"
    );
    let query = bind_all(
        sqlx::query_as::<_, (i64, i64)>(&sql).bind(from).bind(to),
        binds,
    );
    query.fetch_one(db).await
}

/// Surveys sent in [from, to), with the conversation's agent and the rating (if answered).
pub async fn report_surveys<'c>(
    db: impl Executor<'c, Database = Any>,
    from: i64,
    to: i64,
    scope: &ReportWhere<'_>,
) -> sqlx::Result<Vec<SurveyFact>> {
    let (conditions, binds) = scope.sql(2);
    let sql = format!(
        "SELECT c.assigned_user_id, CAST(s.rating AS BIGINT)
           FROM survey_responses s JOIN conversations c ON c.id = s.conversation_id
          WHERE s.sent_at >= $1 AND s.sent_at < $2{conditions}"
    );
    let query = bind_all(
        sqlx::query_as::<_, (Option<i64>, Option<i64>)>(&sql)
            .bind(from)
            .bind(to),
        binds,
    );
    Ok(query
        .fetch_all(db)
        .await?
        .into_iter()
        .map(|(agent_id, rating)| SurveyFact { agent_id, rating })
        .collect())
}

/// Names for the report's filters: accounts, workstreams and people who answer customers.
pub async fn report_choices(
    db: &sqlx::AnyPool,
) -> sqlx::Result<(Vec<Choice>, Vec<Choice>, Vec<Choice>)> {
    let choices = |sql: &'static str| async move {
        sqlx::query_as::<_, (i64, String)>(sql)
            .fetch_all(db)
            .await
            .map(|rows| {
                rows.into_iter()
                    .map(|(id, name)| Choice { id, name })
                    .collect::<Vec<_>>()
            })
    };
    let accounts = choices("SELECT id, name FROM line_accounts ORDER BY name, id").await?;
    let workstreams = choices("SELECT id, name FROM workstreams ORDER BY name, id").await?;
    let agents = choices(
        "SELECT id, CASE WHEN display_name = '' THEN email ELSE display_name END AS name
           FROM users WHERE role <> 'auditor' ORDER BY name, id",
    )
    .await?;
    Ok((accounts, workstreams, agents))
}

/// The members of some queues (a supervisor's agents).
pub async fn members_of<'c>(
    db: impl Executor<'c, Database = Any>,
    queues: &[i64],
) -> sqlx::Result<Vec<i64>> {
    if queues.is_empty() {
        return Ok(Vec::new());
    }
    let list = queues.iter().map(i64::to_string).collect::<Vec<_>>();
    sqlx::query_scalar::<_, i64>(&format!(
        "SELECT DISTINCT user_id FROM queue_members WHERE queue_id IN ({})",
        list.join(", ")
    ))
    .fetch_all(db)
    .await
}
