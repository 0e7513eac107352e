#[cfg(feature = "ssr")]
use super::support::change_routing;
#[cfg(feature = "ssr")]
use crate::ssr::respond;
use domain::AppError;
#[cfg(feature = "ssr")]
use domain::FieldErrors;
use leptos::prelude::*;

/// The time zone routing's time and weekday conditions are read in (an IANA name).
#[server(endpoint = "set_routing_time_zone")]
pub async fn set_routing_time_zone(workstream_id: i64, time_zone: String) -> Result<(), AppError> {
    respond(
        change_routing(workstream_id, |doc| {
            let time_zone = time_zone.trim();
            if !domain::zone::is_known(time_zone) {
                return Err(FieldErrors::single(
                    "time_zone",
                    domain::Problem::UnknownTimeZone,
                ));
            }
            doc.time_zone = time_zone.to_string();
            Ok(())
        })
        .await,
    )
}
