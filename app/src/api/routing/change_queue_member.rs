#[cfg(feature = "ssr")]
use crate::ssr::{client_info, require, respond, services};
use domain::AppError;
#[cfg(feature = "ssr")]
use domain::{FieldErrors, Role};
use leptos::prelude::*;

/// Adds (`remove` empty) or removes one member.
#[server(endpoint = "change_queue_member")]
pub async fn change_queue_member(
    id: i64,
    user_id: Option<i64>,
    remove: Option<String>,
) -> Result<(), AppError> {
    respond(
        async {
            let actor = require(&[Role::Admin])?;
            let user_id = user_id
                .ok_or_else(|| FieldErrors::single("user_id", domain::Problem::PickAgent))?;
            let routing = services()?.routing;
            let queue = routing
                .queues()
                .await?
                .into_iter()
                .find(|q| q.id == id)
                .ok_or(AppError::NotFound(domain::Problem::QueueNotFound))?;
            let mut members: Vec<i64> = queue.members.iter().map(|m| m.user_id).collect();
            if remove.is_some() {
                members.retain(|m| *m != user_id);
            } else {
                members.push(user_id);
            }
            routing
                .set_queue_members(&actor, id, members, &client_info())
                .await
        }
        .await,
    )
}
