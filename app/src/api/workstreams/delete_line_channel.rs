#[cfg(feature = "ssr")]
use crate::ssr::{client_info, require, respond, services};
use domain::AppError;
#[cfg(feature = "ssr")]
use domain::{FieldErrors, Role};
use leptos::prelude::*;

#[server(endpoint = "delete_line_channel")]
pub async fn delete_line_channel(id: i64, confirm: Option<String>) -> Result<(), AppError> {
    respond(
        async {
            let actor = require(&[Role::Admin])?;
            if confirm.is_none() {
                return Err(FieldErrors::single(
                    "confirm",
                    domain::Problem::ConfirmChannelRemoval,
                ));
            }
            services()?
                .workstreams
                .delete_channel(&actor, id, &client_info())
                .await?;
            leptos_axum::redirect(&format!("/workstreams/{id}?line=deleted"));
            Ok(())
        }
        .await,
    )
}
