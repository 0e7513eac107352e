#[cfg(feature = "ssr")]
use crate::ssr::{client_info, require, respond, services};
use domain::AppError;
#[cfg(feature = "ssr")]
use domain::Role;
use leptos::prelude::*;

#[server(endpoint = "update_workstream")]
pub async fn update_workstream(
    id: i64,
    name: String,
    mode: Option<String>,
    fallback_queue_id: i64,
) -> Result<(), AppError> {
    respond(
        async {
            let actor = require(&[Role::Admin])?;
            services()?
                .workstreams
                .update_details(
                    &actor,
                    id,
                    &name,
                    mode.as_deref(),
                    fallback_queue_id,
                    &client_info(),
                )
                .await
        }
        .await,
    )
}
