#[cfg(feature = "ssr")]
use crate::ssr::{require, respond, services};
use domain::workstream::AvailableAccount;
use domain::AppError;
#[cfg(feature = "ssr")]
use domain::Role;
use leptos::prelude::*;

#[server(endpoint = "list_line_accounts_for_setup")]
pub async fn list_line_accounts_for_setup() -> Result<Vec<AvailableAccount>, AppError> {
    respond(
        async {
            require(&[Role::Admin])?;
            services()?.workstreams.available_accounts().await
        }
        .await,
    )
}
