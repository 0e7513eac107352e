#[cfg(feature = "ssr")]
use crate::ssr::{client_info, require, respond, services};
use domain::AppError;
#[cfg(feature = "ssr")]
use domain::{FieldErrors, Role};
use leptos::prelude::*;

/// `days` empty keeps content until someone deletes it.
#[server(endpoint = "set_retention")]
pub async fn set_retention(account_id: i64, days: String) -> Result<(), AppError> {
    respond(
        async {
            let actor = require(&[Role::Admin])?;
            let days = match days.trim() {
                "" => None,
                typed => Some(
                    typed
                        .parse::<u32>()
                        .map_err(|_| FieldErrors::single("days", domain::Problem::DaysOrEmpty))?,
                ),
            };
            services()?
                .privacy
                .set_retention(&actor, account_id, days, &client_info())
                .await
        }
        .await,
    )
}
