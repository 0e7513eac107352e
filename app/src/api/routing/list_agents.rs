#[cfg(feature = "ssr")]
use super::support::STAFF;
#[cfg(feature = "ssr")]
use crate::ssr::{require, respond, services};
use domain::agent::AgentView;
use domain::AppError;
use leptos::prelude::*;

#[server(endpoint = "list_agents")]
pub async fn list_agents() -> Result<Vec<AgentView>, AppError> {
    respond(
        async {
            require(STAFF)?;
            services()?.routing.agents().await
        }
        .await,
    )
}
