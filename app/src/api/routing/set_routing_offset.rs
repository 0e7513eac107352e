#[cfg(feature = "ssr")]
use super::support::change_routing;
#[cfg(feature = "ssr")]
use crate::ssr::respond;
use domain::AppError;
#[cfg(feature = "ssr")]
use domain::FieldErrors;
use leptos::prelude::*;

#[server(endpoint = "set_routing_offset")]
pub async fn set_routing_offset(workstream_id: i64, offset: String) -> Result<(), AppError> {
    respond(
        change_routing(workstream_id, |doc| {
            doc.utc_offset_minutes = domain::operating_hours::parse_offset(&offset)
                .ok_or_else(|| FieldErrors::single("utc_offset", domain::Problem::OffsetLike))?;
            Ok(())
        })
        .await,
    )
}

/// The stored offset as the form shows it (and `set_routing_offset` reads it back).
pub fn format_offset(minutes: i32) -> String {
    let sign = if minutes < 0 { '-' } else { '+' };
    format!("{sign}{:02}:{:02}", minutes.abs() / 60, minutes.abs() % 60)
}
