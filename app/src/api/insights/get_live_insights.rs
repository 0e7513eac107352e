#[cfg(feature = "ssr")]
use crate::ssr::{require, respond, services};
use domain::insights::LiveInsights;
use domain::AppError;
use leptos::prelude::*;

#[server(endpoint = "get_live_insights")]
pub async fn get_live_insights() -> Result<LiveInsights, AppError> {
    respond(
        async {
            use domain::Role;
            let user = require(&[Role::Admin, Role::Supervisor])?;
            let now = std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map_or(0, |d| d.as_millis() as i64);
            // "Today" is the reader's day, in their time zone.
            let day_start = crate::ssr::reader_zone().day_start(now);
            services()?.insights.live(&user, day_start, now).await
        }
        .await,
    )
}
