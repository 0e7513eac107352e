#[cfg(feature = "ssr")]
use crate::ssr::{client_info, require, respond, services};
use domain::AppError;
#[cfg(feature = "ssr")]
use domain::{FieldErrors, Role};
use leptos::prelude::*;

/// Deletes after the admin typed the workstream's name.
#[server(endpoint = "delete_workstream")]
pub async fn delete_workstream(id: i64, confirm_name: String) -> Result<(), AppError> {
    respond(
        async {
            let actor = require(&[Role::Admin])?;
            let workstreams = services()?.workstreams;
            let workstream = workstreams.get(id).await?;
            if confirm_name.trim() != workstream.name {
                return Err(FieldErrors::single(
                    "confirm_name",
                    domain::Problem::ConfirmWorkstreamName,
                ));
            }
            workstreams.delete(&actor, id, &client_info()).await?;
            leptos_axum::redirect("/workstreams?deleted=1");
            Ok(())
        }
        .await,
    )
}
