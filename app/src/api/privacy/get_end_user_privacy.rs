#[cfg(feature = "ssr")]
use crate::ssr::{require, respond, services};
use domain::privacy::EndUserPrivacy;
use domain::AppError;
#[cfg(feature = "ssr")]
use domain::Role;
use leptos::prelude::*;

#[server(endpoint = "get_end_user_privacy")]
pub async fn get_end_user_privacy() -> Result<Vec<EndUserPrivacy>, AppError> {
    respond(
        async {
            require(&[Role::Admin, Role::Auditor])?;
            services()?.privacy.end_user_settings().await
        }
        .await,
    )
}
