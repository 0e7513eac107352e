#[cfg(feature = "ssr")]
use crate::ssr::{require, respond, services};
use domain::privacy::RetentionView;
use domain::AppError;
#[cfg(feature = "ssr")]
use domain::Role;
use leptos::prelude::*;

#[server(endpoint = "get_retention")]
pub async fn get_retention() -> Result<Vec<RetentionView>, AppError> {
    respond(
        async {
            require(&[Role::Admin, Role::Auditor])?;
            services()?.privacy.retention().await
        }
        .await,
    )
}
