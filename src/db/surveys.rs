//! `survey_responses`: the post-conversation survey sent at close, its rating and comment.

use sqlx::{Any, Executor, FromRow};

#[derive(Clone, Debug, FromRow)]
pub struct SurveyRow {
    pub id: i64,
    pub conversation_id: i64,
    pub rating: Option<i32>,
    pub comment: Option<String>,
    pub comment_open_until: Option<i64>,
    pub sent_at: i64,
    pub answered_at: Option<i64>,
}

const COLUMNS: &str =
    "id, conversation_id, rating, comment, comment_open_until, sent_at, answered_at";

/// Records that the survey went out (once per conversation).
pub async fn sent<'c>(
    db: impl Executor<'c, Database = Any>,
    conversation_id: i64,
    account_id: i64,
    chat_id: &str,
    now: i64,
) -> sqlx::Result<()> {
    sqlx::query(
        "INSERT INTO survey_responses (conversation_id, account_id, chat_id, sent_at) VALUES ($1, $2, $3, $4)
         ON CONFLICT (conversation_id) DO NOTHING",
    )
    .bind(conversation_id)
    .bind(account_id)
    .bind(chat_id)
    .bind(now)
    .execute(db)
    .await?;
    Ok(())
}

pub async fn for_conversation<'c>(
    db: impl Executor<'c, Database = Any>,
    conversation_id: i64,
) -> sqlx::Result<Option<SurveyRow>> {
    sqlx::query_as::<_, SurveyRow>(&format!(
        "SELECT {COLUMNS} FROM survey_responses WHERE conversation_id = $1"
    ))
    .bind(conversation_id)
    .fetch_optional(db)
    .await
}

/// Stores a rating for a survey that was sent to this chat; the comment stays open for a while.
/// Returns false when there is no such survey (a forged or stale postback).
pub async fn rate<'c>(
    db: impl Executor<'c, Database = Any>,
    conversation_id: i64,
    account_id: i64,
    chat_id: &str,
    rating: i32,
    now: i64,
    comment_open_until: i64,
) -> sqlx::Result<bool> {
    Ok(sqlx::query(
        "UPDATE survey_responses SET rating = $1, answered_at = $2, comment_open_until = $3
         WHERE conversation_id = $4 AND account_id = $5 AND chat_id = $6",
    )
    .bind(rating)
    .bind(now)
    .bind(comment_open_until)
    .bind(conversation_id)
    .bind(account_id)
    .bind(chat_id)
    .execute(db)
    .await?
    .rows_affected()
        > 0)
}

/// The survey of this chat still waiting for its optional comment, if any.
pub async fn awaiting_comment<'c>(
    db: impl Executor<'c, Database = Any>,
    account_id: i64,
    chat_id: &str,
    now: i64,
) -> sqlx::Result<Option<SurveyRow>> {
    sqlx::query_as::<_, SurveyRow>(&format!(
        "SELECT {COLUMNS} FROM survey_responses WHERE account_id = $1 AND chat_id = $2 AND comment_open_until > $3
         ORDER BY id DESC LIMIT 1"
    ))
    .bind(account_id)
    .bind(chat_id)
    .bind(now)
    .fetch_optional(db)
    .await
}

/// Stores the comment (or closes the window without one when `comment` is None).
pub async fn close_comment<'c>(
    db: impl Executor<'c, Database = Any>,
    id: i64,
    comment: Option<&str>,
) -> sqlx::Result<()> {
    sqlx::query("UPDATE survey_responses SET comment = COALESCE($1, comment), comment_open_until = NULL WHERE id = $2")
        .bind(comment)
        .bind(id)
        .execute(db)
        .await?;
    Ok(())
}
