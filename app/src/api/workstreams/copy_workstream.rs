#[cfg(feature = "ssr")]
use crate::ssr::{client_info, require, respond, services};
use domain::AppError;
#[cfg(feature = "ssr")]
use domain::Role;
use leptos::prelude::*;

#[server(endpoint = "copy_workstream")]
pub async fn copy_workstream(id: i64) -> Result<(), AppError> {
    respond(
        async {
            let actor = require(&[Role::Admin])?;
            let copy = services()?
                .workstreams
                .copy(&actor, id, &client_info())
                .await?;
            leptos_axum::redirect(&format!("/workstreams/{copy}?copied=1"));
            Ok(())
        }
        .await,
    )
}
