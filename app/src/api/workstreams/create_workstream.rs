#[cfg(feature = "ssr")]
use crate::ssr::{client_info, require, respond, services};
use domain::AppError;
#[cfg(feature = "ssr")]
use domain::{workstream::NewWorkstream, Role};
use leptos::prelude::*;

/// `fallback_queue_id` is a queue's id, or "new" with `new_queue_name`.
#[server(endpoint = "create_workstream")]
pub async fn create_workstream(
    name: String,
    mode: Option<String>,
    fallback_queue_id: Option<String>,
    new_queue_name: Option<String>,
) -> Result<(), AppError> {
    respond(
        async {
            let actor = require(&[Role::Admin])?;
            let queue = fallback_queue_id
                .as_deref()
                .and_then(|v| v.parse::<i64>().ok());
            let new = NewWorkstream {
                name,
                mode: mode.unwrap_or_default(),
                fallback_queue_id: queue,
                new_queue_name: if queue.is_none() {
                    new_queue_name
                } else {
                    None
                },
            };
            let id = services()?
                .workstreams
                .create(&actor, new, &client_info())
                .await?;
            leptos_axum::redirect(&format!("/workstreams/{id}?created=1"));
            Ok(())
        }
        .await,
    )
}
