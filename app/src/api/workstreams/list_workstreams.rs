#[cfg(feature = "ssr")]
use crate::ssr::{require, respond, services};
use domain::workstream::WorkstreamView;
use domain::AppError;
#[cfg(feature = "ssr")]
use domain::Role;
use leptos::prelude::*;

#[server(endpoint = "list_workstreams")]
pub async fn list_workstreams() -> Result<Vec<WorkstreamView>, AppError> {
    respond(
        async {
            require(&[Role::Admin])?;
            services()?.workstreams.list().await
        }
        .await,
    )
}
