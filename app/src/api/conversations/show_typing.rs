#[cfg(feature = "ssr")]
use super::support::STAFF;
#[cfg(feature = "ssr")]
use crate::ssr::{require, respond, services};
use domain::AppError;
use leptos::prelude::*;

/// The agent is typing in the composer (called at most every few seconds by the browser).
#[server(endpoint = "show_typing")]
pub async fn show_typing(conversation_id: i64) -> Result<bool, AppError> {
    respond(
        async {
            let actor = require(STAFF)?;
            services()?
                .conversations
                .typing(&actor, conversation_id)
                .await
        }
        .await,
    )
}
