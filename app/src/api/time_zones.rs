//! The time zones a schedule can be kept in, for the pickers (operating hours, routing). The
//! list comes from the server's tz database (jiff), so the browser's wasm carries none.

#[cfg(feature = "ssr")]
use crate::ssr::{require, respond};
use domain::AppError;
#[cfg(feature = "ssr")]
use domain::Role;
use leptos::prelude::*;

/// `UTC`, then the IANA zones (`Africa/Abidjan` … `Pacific/Wallis`), sorted.
#[server(endpoint = "list_time_zones")]
pub async fn list_time_zones() -> Result<Vec<String>, AppError> {
    respond(
        async {
            require(&[Role::Admin, Role::Supervisor])?;
            Ok(domain::zone::picker_names())
        }
        .await,
    )
}
