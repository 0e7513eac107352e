#[cfg(feature = "ssr")]
use super::support::STAFF;
#[cfg(feature = "ssr")]
use crate::ssr::{require, respond, services};
use domain::AppError;
use leptos::prelude::*;

#[server(endpoint = "end_conversation")]
pub async fn end_conversation(conversation_id: i64) -> Result<(), AppError> {
    respond(
        async {
            let actor = require(STAFF)?;
            services()?.conversations.end(&actor, conversation_id).await
        }
        .await,
    )
}
