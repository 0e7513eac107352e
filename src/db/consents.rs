//! `consents`: each customer's decisions on the account's recording notice, latest last.

use sqlx::{Any, Executor, FromRow};

#[derive(FromRow)]
pub struct ConsentRow {
    pub account_name: String,
    pub line_user_id: String,
    pub decision: String,
    pub notice_version: String,
    pub decided_at: i64,
}

/// The 200 latest decisions over every account, newest first.
pub async fn recent<'c>(db: impl Executor<'c, Database = Any>) -> sqlx::Result<Vec<ConsentRow>> {
    sqlx::query_as::<_, ConsentRow>(
        "SELECT a.name AS account_name, x.line_user_id, x.decision, x.notice_version, x.decided_at
         FROM consents x JOIN line_accounts a ON a.id = x.account_id ORDER BY x.id DESC LIMIT 200",
    )
    .fetch_all(db)
    .await
}
