#[cfg(feature = "ssr")]
use crate::ssr::{require, respond, services};
use domain::system::Check;
use domain::AppError;
#[cfg(feature = "ssr")]
use domain::Role;
use leptos::prelude::*;

/// Every System check, run now (a few seconds at most: it asks LINE), for administrators.
#[server(endpoint = "get_system_checks")]
pub async fn get_system_checks() -> Result<Vec<Check>, AppError> {
    respond(
        async {
            require(&[Role::Admin])?;
            services()?.system.checks().await
        }
        .await,
    )
}
