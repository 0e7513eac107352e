#[cfg(feature = "ssr")]
use crate::ssr::{require, respond, services};
use domain::workstream::WorkstreamView;
use domain::AppError;
#[cfg(feature = "ssr")]
use domain::Role;
use leptos::prelude::*;

#[server(endpoint = "get_workstream")]
pub async fn get_workstream(id: i64) -> Result<WorkstreamView, AppError> {
    respond(
        async {
            require(&[Role::Admin])?;
            services()?.workstreams.get(id).await
        }
        .await,
    )
}
