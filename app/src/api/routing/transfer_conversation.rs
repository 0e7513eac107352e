#[cfg(feature = "ssr")]
use super::support::LEADS;
#[cfg(feature = "ssr")]
use crate::ssr::{client_info, require, respond, services};
use domain::AppError;
#[cfg(feature = "ssr")]
use domain::{queue::TransferTarget, FieldErrors};
use leptos::prelude::*;

/// `target`: "agent:{user id}" or "queue:{queue id}".
#[server(endpoint = "transfer_conversation")]
pub async fn transfer_conversation(conversation_id: i64, target: String) -> Result<(), AppError> {
    respond(
        async {
            let actor = require(LEADS)?;
            let target = match target.split_once(':') {
                Some(("agent", id)) => id.parse().ok().map(TransferTarget::Agent),
                Some(("queue", id)) => id.parse().ok().map(TransferTarget::Queue),
                _ => None,
            }
            .ok_or_else(|| FieldErrors::single("target", domain::Problem::PickAgentOrQueue))?;
            services()?
                .routing
                .transfer(&actor, conversation_id, target, &client_info())
                .await
        }
        .await,
    )
}
