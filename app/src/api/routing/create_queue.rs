#[cfg(feature = "ssr")]
use super::support::priority;
#[cfg(feature = "ssr")]
use crate::ssr::{client_info, require, respond, services};
use domain::AppError;
#[cfg(feature = "ssr")]
use domain::Role;
use leptos::prelude::*;

#[server(endpoint = "create_queue")]
pub async fn create_queue(name: String, priority_typed: String) -> Result<(), AppError> {
    respond(
        async {
            let actor = require(&[Role::Admin])?;
            let priority = priority(&priority_typed)?;
            services()?
                .routing
                .create_queue(&actor, &name, priority, &client_info())
                .await
                .map(|_| ())
        }
        .await,
    )
}
