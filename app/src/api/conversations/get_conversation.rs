#[cfg(feature = "ssr")]
use super::support::READERS;
#[cfg(feature = "ssr")]
use crate::ssr::{require, respond, services};
use domain::conversation::ConversationDetail;
use domain::AppError;
use leptos::prelude::*;

#[server(endpoint = "get_conversation")]
/// The conversation's newest page of messages, or every message from message `from` on.
pub async fn get_conversation(id: i64, from: Option<i64>) -> Result<ConversationDetail, AppError> {
    respond(
        async {
            let actor = require(READERS)?;
            services()?.conversations.get_for(&actor, id, from).await
        }
        .await,
    )
}
