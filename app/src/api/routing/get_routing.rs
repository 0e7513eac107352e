#[cfg(feature = "ssr")]
use crate::ssr::{require, respond, services};
use domain::routing::Routing;
use domain::AppError;
#[cfg(feature = "ssr")]
use domain::Role;
use leptos::prelude::*;

#[server(endpoint = "get_routing")]
pub async fn get_routing(workstream_id: i64) -> Result<Routing, AppError> {
    respond(
        async {
            require(&[Role::Admin])?;
            services()?.routing.routing(workstream_id).await
        }
        .await,
    )
}
