//! `offers`: a push workstream's conversation offered to one agent, who accepts or declines
//! before the workstream's notification timeout.

use domain::queue::OfferState;
use sqlx::{Any, Executor, FromRow};

#[derive(Clone, Debug, FromRow)]
pub struct OfferRow {
    pub id: i64,
    pub conversation_id: i64,
    pub user_id: i64,
    pub offered_at: i64,
    pub expires_at: i64,
}

/// Offers the conversation to the agent. False when it is already offered to someone (another
/// process got there first: the unique index allows one pending offer per conversation).
pub async fn insert<'c>(
    db: impl Executor<'c, Database = Any>,
    conversation_id: i64,
    user_id: i64,
    now: i64,
    expires_at: i64,
) -> sqlx::Result<bool> {
    let result = sqlx::query(
        "INSERT INTO offers (conversation_id, user_id, state, offered_at, expires_at)
         VALUES ($1, $2, 'offered', $3, $4) ON CONFLICT DO NOTHING",
    )
    .bind(conversation_id)
    .bind(user_id)
    .bind(now)
    .bind(expires_at)
    .execute(db)
    .await?;
    Ok(result.rows_affected() == 1)
}

/// Pending offers whose time ran out become `expired`; returns the conversations concerned.
pub async fn expire_due<'c>(
    db: impl Executor<'c, Database = Any>,
    now: i64,
) -> sqlx::Result<Vec<i64>> {
    sqlx::query_scalar::<_, i64>(
        "UPDATE offers SET state = 'expired', decided_at = $1
         WHERE state = 'offered' AND expires_at <= $1 RETURNING conversation_id",
    )
    .bind(now)
    .fetch_all(db)
    .await
}

/// Settles the agent's pending offer for the conversation: `accepted` or `declined`. False when
/// there was none (it timed out or was withdrawn).
pub async fn decide<'c>(
    db: impl Executor<'c, Database = Any>,
    conversation_id: i64,
    user_id: i64,
    state: OfferState,
    now: i64,
) -> sqlx::Result<bool> {
    let result = sqlx::query(
        "UPDATE offers SET state = $1, decided_at = $2
         WHERE conversation_id = $3 AND user_id = $4 AND state = 'offered' AND expires_at > $2",
    )
    .bind(state.as_str())
    .bind(now)
    .bind(conversation_id)
    .bind(user_id)
    .execute(db)
    .await?;
    Ok(result.rows_affected() == 1)
}

/// Withdraws what is pending for a conversation (it was taken another way) or for an agent
/// (they went away). Returns the conversations concerned.
pub async fn withdraw<'c>(
    db: impl Executor<'c, Database = Any>,
    conversation_id: Option<i64>,
    user_id: Option<i64>,
    now: i64,
) -> sqlx::Result<Vec<i64>> {
    sqlx::query_scalar::<_, i64>(
        "UPDATE offers SET state = 'withdrawn', decided_at = $1
         WHERE state = 'offered' AND ($2 IS NULL OR conversation_id = $2) AND ($3 IS NULL OR user_id = $3)
         RETURNING conversation_id",
    )
    .bind(now)
    .bind(conversation_id)
    .bind(user_id)
    .fetch_all(db)
    .await
}

/// Agents who declined the conversation or let it time out: it is not offered to them again.
pub async fn refused_by<'c>(
    db: impl Executor<'c, Database = Any>,
    conversation_id: i64,
) -> sqlx::Result<Vec<i64>> {
    sqlx::query_scalar::<_, i64>(
        "SELECT user_id FROM offers WHERE conversation_id = $1 AND state IN ('declined', 'expired')",
    )
    .bind(conversation_id)
    .fetch_all(db)
    .await
}

pub async fn pending_for<'c>(
    db: impl Executor<'c, Database = Any>,
    user_id: i64,
) -> sqlx::Result<Vec<OfferRow>> {
    sqlx::query_as::<_, OfferRow>(
        "SELECT id, conversation_id, user_id, offered_at, expires_at FROM offers
         WHERE user_id = $1 AND state = 'offered' ORDER BY offered_at",
    )
    .bind(user_id)
    .fetch_all(db)
    .await
}

/// True while the conversation is offered to the user.
pub async fn is_offered_to<'c>(
    db: impl Executor<'c, Database = Any>,
    conversation_id: i64,
    user_id: i64,
) -> sqlx::Result<bool> {
    let offer: Option<i64> = sqlx::query_scalar(
        "SELECT id FROM offers WHERE conversation_id = $1 AND user_id = $2 AND state = 'offered'",
    )
    .bind(conversation_id)
    .bind(user_id)
    .fetch_optional(db)
    .await?;
    Ok(offer.is_some())
}
