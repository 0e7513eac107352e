#[cfg(feature = "ssr")]
use crate::ssr::{client_info, require, respond, services};
use domain::AppError;
#[cfg(feature = "ssr")]
use domain::{FieldErrors, Problem, Role};
use leptos::prelude::*;

/// A queue's service-level target, in seconds, as typed on the Queues page.
#[server(endpoint = "set_service_level")]
pub async fn set_service_level(id: i64, seconds_typed: String) -> Result<(), AppError> {
    respond(
        async {
            let actor = require(&[Role::Admin])?;
            let seconds = seconds_typed
                .trim()
                .parse::<i64>()
                .map_err(|_| FieldErrors::single("service_level", Problem::WholeNumber))?;
            services()?
                .insights
                .set_service_level(&actor, id, seconds, &client_info())
                .await
        }
        .await,
    )
}
