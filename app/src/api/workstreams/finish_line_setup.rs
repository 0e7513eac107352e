#[cfg(feature = "ssr")]
use crate::ssr::{client_info, require, respond, services};
use domain::AppError;
#[cfg(feature = "ssr")]
use domain::Role;
use leptos::prelude::*;

/// Summary › Finish: the channel goes live.
#[server(endpoint = "finish_line_setup")]
pub async fn finish_line_setup(id: i64) -> Result<(), AppError> {
    respond(
        async {
            let actor = require(&[Role::Admin])?;
            services()?
                .workstreams
                .finish_channel(&actor, id, &client_info())
                .await?;
            leptos_axum::redirect(&format!("/workstreams/{id}?line=finished"));
            Ok(())
        }
        .await,
    )
}
