//! `consents`: each customer's decisions on the account's recording notice, latest last.

use domain::privacy::ConsentDecision;
use sqlx::{Any, Executor, FromRow};

#[derive(FromRow)]
pub struct ConsentRow {
    pub account_name: String,
    pub line_user_id: String,
    #[sqlx(try_from = "String")]
    pub decision: ConsentDecision,
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

/// The customer's latest decision, if any.
pub async fn latest<'c>(
    db: impl Executor<'c, Database = Any>,
    account_id: i64,
    line_user_id: &str,
) -> sqlx::Result<Option<ConsentDecision>> {
    let text: Option<String> = sqlx::query_scalar(
        "SELECT decision FROM consents WHERE account_id = $1 AND line_user_id = $2 ORDER BY id DESC LIMIT 1",
    )
    .bind(account_id)
    .bind(line_user_id)
    .fetch_optional(db)
    .await?;
    text.map(|t| t.parse().map_err(|e: String| sqlx::Error::Decode(e.into())))
        .transpose()
}

/// Records the customer's decision on the notice `notice_version`.
pub async fn record<'c>(
    db: impl Executor<'c, Database = Any>,
    account_id: i64,
    line_user_id: &str,
    decision: ConsentDecision,
    notice_version: &str,
    now: i64,
) -> sqlx::Result<()> {
    sqlx::query(
        "INSERT INTO consents (account_id, line_user_id, decision, notice_version, decided_at) VALUES ($1, $2, $3, $4, $5)",
    )
    .bind(account_id)
    .bind(line_user_id)
    .bind(decision.as_str())
    .bind(notice_version)
    .bind(now)
    .execute(db)
    .await?;
    Ok(())
}

/// Whether a stored customer message is hidden from agents for want of consent: its account
/// requires consent and the customer's latest decision is not "granted" (false for a message
/// that does not exist).
pub async fn message_withheld<'c>(
    db: impl Executor<'c, Database = Any>,
    message_id: i64,
) -> sqlx::Result<bool> {
    let hidden: Option<i16> = sqlx::query_scalar(
        "SELECT CASE WHEN m.direction = 'in' AND a.consent_required = 1 AND c.chat_kind = 'user'
              AND COALESCE((SELECT x.decision FROM consents x WHERE x.account_id = c.account_id AND x.line_user_id = c.chat_id
                            ORDER BY x.id DESC LIMIT 1), '') <> 'granted'
             THEN 1 ELSE 0 END
         FROM messages m JOIN conversations c ON c.id = m.conversation_id JOIN line_accounts a ON a.id = c.account_id
         WHERE m.id = $1",
    )
    .bind(message_id)
    .fetch_optional(db)
    .await?;
    Ok(hidden.unwrap_or(0) != 0)
}
