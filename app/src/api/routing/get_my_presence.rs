#[cfg(feature = "ssr")]
use super::support::STAFF;
#[cfg(feature = "ssr")]
use crate::ssr::{require, respond, services};
use domain::agent::Presence;
use domain::AppError;
use leptos::prelude::*;

#[server(endpoint = "get_my_presence")]
pub async fn get_my_presence() -> Result<Presence, AppError> {
    respond(
        async {
            let actor = require(STAFF)?;
            services()?.routing.presence(actor.id).await
        }
        .await,
    )
}
