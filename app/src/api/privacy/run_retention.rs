#[cfg(feature = "ssr")]
use crate::ssr::{client_info, require, respond, services};
use domain::privacy::PurgeCounts;
use domain::AppError;
#[cfg(feature = "ssr")]
use domain::Role;
use leptos::prelude::*;

#[server(endpoint = "run_retention")]
pub async fn run_retention() -> Result<PurgeCounts, AppError> {
    respond(
        async {
            let actor = require(&[Role::Admin])?;
            services()?
                .privacy
                .run_retention(&actor, &client_info())
                .await
        }
        .await,
    )
}
