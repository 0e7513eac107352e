#[cfg(feature = "ssr")]
use super::support::READERS;
#[cfg(feature = "ssr")]
use crate::ssr::{require, respond, services};
use domain::conversation::ConversationDetail;
use domain::AppError;
use leptos::prelude::*;

#[server(endpoint = "get_conversation")]
pub async fn get_conversation(id: i64) -> Result<ConversationDetail, AppError> {
    respond(
        async {
            let actor = require(READERS)?;
            services()?.conversations.get_for(&actor, id).await
        }
        .await,
    )
}
