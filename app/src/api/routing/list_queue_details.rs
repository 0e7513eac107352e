#[cfg(feature = "ssr")]
use super::support::STAFF;
#[cfg(feature = "ssr")]
use crate::ssr::{require, respond, services};
use domain::queue::QueueDetail;
use domain::AppError;
use leptos::prelude::*;

#[server(endpoint = "list_queue_details")]
pub async fn list_queue_details() -> Result<Vec<QueueDetail>, AppError> {
    respond(
        async {
            // Read-only; agents see it in the transfer and inbox views too.
            require(STAFF)?;
            services()?.routing.queues().await
        }
        .await,
    )
}
