#[cfg(feature = "ssr")]
use crate::ssr::{require, respond, services};
use domain::insights::report::AgentFigures;
use domain::AppError;
use leptos::prelude::*;

#[server(endpoint = "get_my_day")]
pub async fn get_my_day() -> Result<AgentFigures, AppError> {
    respond(
        async {
            use domain::Role;
            let user = require(&[Role::Admin, Role::Supervisor, Role::Agent])?;
            let now = std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map_or(0, |d| d.as_millis() as i64);
            // Today is the reader's day, in their time zone.
            let zone = crate::ssr::reader_zone();
            services()?.insights.my_day(&user, &zone, now).await
        }
        .await,
    )
}
