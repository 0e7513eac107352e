#[cfg(feature = "ssr")]
use crate::ssr::{require, respond, services};
use domain::privacy::ConsentRecord;
use domain::AppError;
#[cfg(feature = "ssr")]
use domain::Role;
use leptos::prelude::*;

#[server(endpoint = "list_consents")]
pub async fn list_consents() -> Result<Vec<ConsentRecord>, AppError> {
    respond(
        async {
            require(&[Role::Admin, Role::Auditor])?;
            services()?.privacy.consents().await
        }
        .await,
    )
}
