//! The History page's search: the conversations matching a WHERE clause (on `conversations c`
//! and the joins below) that services::conversations builds from the search form, one page at
//! a time, and how many there are.

use domain::conversation::{HistoryItem, HISTORY_PAGE_SIZE};
use sqlx::{Any, Executor, FromRow};

const HISTORY_JOINS: &str = "JOIN line_accounts a ON a.id = c.account_id
    LEFT JOIN social_profiles p ON p.id = c.profile_id
    LEFT JOIN contacts ct ON ct.id = c.contact_id
    LEFT JOIN users u ON u.id = c.assigned_user_id";

#[derive(FromRow)]
struct HistoryRow {
    id: i64,
    customer_name: String,
    contact_name: Option<String>,
    account_name: String,
    #[sqlx(try_from = "String")]
    state: domain::conversation::ConversationState,
    agent: Option<String>,
    opened_at: i64,
    closed_at: Option<i64>,
    messages: i64,
}

impl HistoryRow {
    fn item(self) -> HistoryItem {
        HistoryItem {
            id: self.id,
            customer_name: self.customer_name,
            contact_name: self.contact_name,
            account_name: self.account_name,
            state: self.state,
            agent: self.agent,
            opened_at: self.opened_at,
            closed_at: self.closed_at,
            messages: self.messages,
        }
    }
}

/// A value bound to a `$N` of the search conditions.
pub enum Bound {
    Int(i64),
    Text(String),
}

type AnyArgs<'q> = sqlx::any::AnyArguments<'q>;

impl Bound {
    pub fn bind_scalar_to<'q, O>(
        &'q self,
        q: sqlx::query::QueryScalar<'q, Any, O, AnyArgs<'q>>,
    ) -> sqlx::query::QueryScalar<'q, Any, O, AnyArgs<'q>> {
        match self {
            Bound::Int(v) => q.bind(*v),
            Bound::Text(v) => q.bind(v.as_str()),
        }
    }

    pub fn bind_to<'q, O>(
        &'q self,
        q: sqlx::query::QueryAs<'q, Any, O, AnyArgs<'q>>,
    ) -> sqlx::query::QueryAs<'q, Any, O, AnyArgs<'q>> {
        match self {
            Bound::Int(v) => q.bind(*v),
            Bound::Text(v) => q.bind(v.as_str()),
        }
    }
}

/// How many conversations match `conditions`, whose `$N` take `binds` in order.
pub async fn count<'c>(
    db: impl Executor<'c, Database = Any>,
    conditions: &str,
    binds: &[Bound],
) -> sqlx::Result<i64> {
    let count_sql = format!(
        "SELECT COUNT(*) FROM conversations c {HISTORY_JOINS} WHERE {}",
        conditions
    );
    let mut count = sqlx::query_scalar::<_, i64>(&count_sql);
    for value in binds {
        count = value.bind_scalar_to(count);
    }
    count.fetch_one(db).await
}

/// Page `page` (from 1) of the conversations matching `conditions`, last opened first.
pub async fn page<'c>(
    db: impl Executor<'c, Database = Any>,
    conditions: &str,
    binds: &[Bound],
    page: u32,
) -> sqlx::Result<Vec<HistoryItem>> {
    let list_sql = format!(
        "SELECT c.id,
                CASE WHEN c.chat_kind = 'user' THEN COALESCE(p.display_name, 'LINE user') ELSE 'Group chat' END AS customer_name,
                ct.name AS contact_name, a.name AS account_name, c.state,
                CASE WHEN u.display_name = '' THEN u.email ELSE u.display_name END AS agent,
                c.opened_at, c.closed_at,
                (SELECT COUNT(*) FROM messages m WHERE m.conversation_id = c.id) AS messages
             FROM conversations c {HISTORY_JOINS} WHERE {}
             ORDER BY c.opened_at DESC, c.id DESC LIMIT {HISTORY_PAGE_SIZE} OFFSET {}",
        conditions,
        (page - 1) * HISTORY_PAGE_SIZE
    );
    let mut list = sqlx::query_as::<_, HistoryRow>(&list_sql);
    for value in binds {
        list = value.bind_to(list);
    }
    Ok(list
        .fetch_all(db)
        .await?
        .into_iter()
        .map(HistoryRow::item)
        .collect())
}
