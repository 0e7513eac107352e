#[cfg(feature = "ssr")]
use super::support::priority;
#[cfg(feature = "ssr")]
use crate::ssr::{client_info, require, respond, services};
use domain::AppError;
#[cfg(feature = "ssr")]
use domain::Role;
use leptos::prelude::*;

#[server(endpoint = "update_queue")]
pub async fn update_queue(id: i64, name: String, priority_typed: String) -> Result<(), AppError> {
    respond(
        async {
            let actor = require(&[Role::Admin])?;
            let priority = priority(&priority_typed)?;
            services()?
                .routing
                .update_queue(&actor, id, &name, priority, &client_info())
                .await
        }
        .await,
    )
}
