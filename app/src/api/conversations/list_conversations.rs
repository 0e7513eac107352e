#[cfg(feature = "ssr")]
use super::support::STAFF;
#[cfg(feature = "ssr")]
use crate::ssr::{require, respond, services};
use domain::conversation::ConversationSummary;
use domain::AppError;
use leptos::prelude::*;

#[server(endpoint = "list_conversations")]
pub async fn list_conversations() -> Result<Vec<ConversationSummary>, AppError> {
    respond(
        async {
            let actor = require(STAFF)?;
            services()?.conversations.list_open(&actor).await
        }
        .await,
    )
}
