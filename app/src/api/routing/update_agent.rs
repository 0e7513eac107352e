#[cfg(feature = "ssr")]
use super::support::whole;
#[cfg(feature = "ssr")]
use crate::ssr::{client_info, require, respond, services};
use domain::AppError;
#[cfg(feature = "ssr")]
use domain::{routing::parse_skills, FieldErrors, Role};
use leptos::prelude::*;

#[server(endpoint = "update_agent")]
pub async fn update_agent(user_id: i64, capacity: String, skills: String) -> Result<(), AppError> {
    respond(
        async {
            let actor = require(&[Role::Admin])?;
            let capacity = u32::try_from(whole("capacity", &capacity)?)
                .map_err(|_| FieldErrors::single("capacity", domain::Problem::PositiveNumber))?;
            services()?
                .routing
                .set_agent(
                    &actor,
                    user_id,
                    capacity,
                    parse_skills(&skills),
                    &client_info(),
                )
                .await
        }
        .await,
    )
}
