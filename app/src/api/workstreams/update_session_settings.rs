#[cfg(feature = "ssr")]
use super::support::{change_settings, number};
#[cfg(feature = "ssr")]
use crate::ssr::respond;
use domain::AppError;
use leptos::prelude::*;

#[server(endpoint = "update_session_settings")]
pub async fn update_session_settings(
    id: i64,
    wrap_up_minutes: String,
    waiting_minutes: String,
) -> Result<(), AppError> {
    respond(
        change_settings(id, |settings| {
            settings.sessions.wrap_up_minutes = number("wrap_up_minutes", &wrap_up_minutes)?;
            settings.sessions.waiting_minutes = number("waiting_minutes", &waiting_minutes)?;
            Ok(())
        })
        .await,
    )
}
