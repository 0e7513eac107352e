//! LINE's "Read" mark: once an agent has read a customer's messages (when, the account decides),
//! one markAsRead call with the newest message's token goes through the outbox, so it is
//! retried while LINE is away and never queued twice for the same message.

use crate::clock::now_ms;
use crate::db::outbox::{self, CallKind};
use crate::db::{accounts, conversations, read_marks};
use crate::engine::{uuid_v4, Engine};
use domain::account::{LineReadMode, MarkRead};
use serde_json::{json, Value};

/// What the agent did with the conversation.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Moment {
    /// The agent serving it opened it (or it updated while open).
    Viewed,
    /// An agent replied.
    Replied,
}

/// Whether the account's setting marks messages read at `moment`.
fn wanted(setting: MarkRead, moment: Moment) -> bool {
    match setting {
        MarkRead::OnView => true,
        MarkRead::OnReply => moment == Moment::Replied,
        MarkRead::Never => false,
    }
}

/// The token LINE sent with a customer's message, if it sent one (messages stored before LINE
/// added tokens have none).
fn token_of(payload: &str) -> Option<String> {
    let message: Value = serde_json::from_str(payload).ok()?;
    message["markAsReadToken"]
        .as_str()
        .filter(|token| !token.is_empty())
        .map(str::to_owned)
}

/// Queues the read mark for the conversation's newest customer message if the account wants
/// it now and it was not queued before. True when a call was queued (wake the sender).
pub async fn mark(engine: &Engine, conversation_id: i64, moment: Moment) -> anyhow::Result<bool> {
    let pool = &engine.db.pool;
    // The common case (nothing new since the last mark) is answered by one indexed read.
    let Some(newest) = read_marks::newest_inbound(pool, conversation_id).await? else {
        return Ok(false);
    };
    if newest.marked_message_id == Some(newest.message_id) {
        return Ok(false);
    }
    let Some(token) = token_of(&newest.payload) else {
        return Ok(false);
    };
    let Some(conversation) = conversations::get(pool, conversation_id).await? else {
        return Ok(false);
    };
    if conversation.state.is_closed() {
        return Ok(false);
    }
    let Some((setting, line_mode)) = accounts::read_marking(pool, conversation.account_id).await?
    else {
        return Ok(false);
    };
    // In auto mode LINE has marked everything read already and refuses the call.
    if !wanted(setting, moment) || line_mode == Some(LineReadMode::Auto) {
        return Ok(false);
    }
    let now = now_ms();
    let mut tx = engine.db.begin_write().await?;
    if !read_marks::advance(&mut *tx, conversation_id, newest.message_id).await? {
        return Ok(false);
    }
    let retry_key = uuid_v4();
    outbox::insert(
        &mut *tx,
        &outbox::NewCall {
            kind: CallKind::MarkRead,
            message_id: newest.message_id,
            account_id: conversation.account_id,
            to_id: &conversation.chat_id,
            payload: &json!({ "markAsReadToken": token }).to_string(),
            retry_key: &retry_key,
            reply_token: None,
        },
        now,
    )
    .await?;
    tx.commit().await?;
    Ok(true)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_setting_decides_the_moment() {
        assert!(wanted(MarkRead::OnView, Moment::Viewed));
        assert!(wanted(MarkRead::OnView, Moment::Replied));
        assert!(!wanted(MarkRead::OnReply, Moment::Viewed));
        assert!(wanted(MarkRead::OnReply, Moment::Replied));
        assert!(!wanted(MarkRead::Never, Moment::Replied));
    }

    #[test]
    fn only_a_real_token_is_used() {
        assert_eq!(
            token_of(r#"{"id":"1","markAsReadToken":"tok"}"#).as_deref(),
            Some("tok")
        );
        assert_eq!(token_of(r#"{"id":"1","markAsReadToken":""}"#), None);
        assert_eq!(token_of(r#"{"id":"1"}"#), None);
        assert_eq!(token_of("[]"), None);
    }
}
