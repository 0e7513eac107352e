#[cfg(feature = "ssr")]
use crate::ssr::{require, respond, services};
use domain::workstream::QueueView;
use domain::AppError;
#[cfg(feature = "ssr")]
use domain::Role;
use leptos::prelude::*;

#[server(endpoint = "list_queues")]
pub async fn list_queues() -> Result<Vec<QueueView>, AppError> {
    respond(
        async {
            require(&[Role::Admin])?;
            services()?.workstreams.list_queues().await
        }
        .await,
    )
}
