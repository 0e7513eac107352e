#[cfg(feature = "ssr")]
use super::support::STAFF;
#[cfg(feature = "ssr")]
use crate::ssr::{require, respond, services};
use domain::AppError;
#[cfg(feature = "ssr")]
use domain::{agent::Presence, FieldErrors};
use leptos::prelude::*;

#[server(endpoint = "set_my_presence")]
pub async fn set_my_presence(presence: String) -> Result<(), AppError> {
    respond(
        async {
            let actor = require(STAFF)?;
            let presence = Presence::parse(&presence)
                .ok_or_else(|| FieldErrors::single("presence", domain::Problem::PickPresence))?;
            services()?.routing.set_presence(&actor, presence).await
        }
        .await,
    )
}
