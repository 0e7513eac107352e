#[cfg(feature = "ssr")]
use super::support::change_settings;
#[cfg(feature = "ssr")]
use crate::ssr::respond;
use domain::AppError;
use leptos::prelude::*;

#[server(endpoint = "remove_context_variable")]
pub async fn remove_context_variable(id: i64, name: String) -> Result<(), AppError> {
    respond(
        change_settings(id, |settings| {
            settings.variables.retain(|v| v.name != name);
            Ok(())
        })
        .await,
    )
}
