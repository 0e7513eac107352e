#[cfg(feature = "ssr")]
use super::support::STAFF;
#[cfg(feature = "ssr")]
use crate::ssr::{require, respond, services};
use domain::AppError;
use leptos::prelude::*;

#[server(endpoint = "decline_offer")]
pub async fn decline_offer(conversation_id: i64) -> Result<(), AppError> {
    respond(
        async {
            let actor = require(STAFF)?;
            services()?
                .routing
                .decline_offer(&actor, conversation_id)
                .await
        }
        .await,
    )
}
