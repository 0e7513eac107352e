//! Operating hours: on/off, the time zone, and one opening per weekday.

#[cfg(feature = "ssr")]
use super::support::change_settings;
#[cfg(feature = "ssr")]
use crate::ssr::respond;
use domain::AppError;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

/// The form's fields under the names it posts (`domain::operating_hours::DAY_FIELDS` for the
/// days, Monday first); flattened into the function's arguments so they stay flat. `enabled`
/// is empty when unticked.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct HoursForm {
    #[serde(default)]
    pub enabled: String,
    pub time_zone: String,
    pub day_0: String,
    pub day_1: String,
    pub day_2: String,
    pub day_3: String,
    pub day_4: String,
    pub day_5: String,
    pub day_6: String,
}

#[server(endpoint = "update_operating_hours")]
pub async fn update_operating_hours(
    id: i64,
    #[server(flatten)] form: HoursForm,
) -> Result<(), AppError> {
    respond(
        change_settings(id, |settings| {
            let HoursForm {
                enabled,
                time_zone,
                day_0,
                day_1,
                day_2,
                day_3,
                day_4,
                day_5,
                day_6,
            } = form;
            let days = [day_0, day_1, day_2, day_3, day_4, day_5, day_6];
            settings.operating_hours =
                domain::operating_hours::parse(!enabled.is_empty(), &time_zone, &days)
                    .map_err(AppError::Invalid)?;
            Ok(())
        })
        .await,
    )
}
