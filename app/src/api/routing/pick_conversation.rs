#[cfg(feature = "ssr")]
use super::support::STAFF;
#[cfg(feature = "ssr")]
use crate::ssr::{require, respond, services};
use domain::AppError;
use leptos::prelude::*;

#[server(endpoint = "pick_conversation")]
pub async fn pick_conversation(conversation_id: i64) -> Result<(), AppError> {
    respond(
        async {
            let actor = require(STAFF)?;
            services()?.routing.pick(&actor, conversation_id).await?;
            leptos_axum::redirect(&format!("/conversations/{conversation_id}"));
            Ok(())
        }
        .await,
    )
}
