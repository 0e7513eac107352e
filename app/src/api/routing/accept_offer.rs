#[cfg(feature = "ssr")]
use super::support::STAFF;
#[cfg(feature = "ssr")]
use crate::ssr::{require, respond, services};
use domain::AppError;
use leptos::prelude::*;

#[server(endpoint = "accept_offer")]
pub async fn accept_offer(conversation_id: i64) -> Result<(), AppError> {
    respond(
        async {
            let actor = require(STAFF)?;
            services()?
                .routing
                .accept_offer(&actor, conversation_id)
                .await?;
            leptos_axum::redirect(&format!("/conversations/{conversation_id}"));
            Ok(())
        }
        .await,
    )
}
