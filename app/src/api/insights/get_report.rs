#[cfg(feature = "ssr")]
use crate::ssr::{require, respond, services};
use domain::insights::report::{Report, ReportRequest};
use domain::AppError;
use leptos::prelude::*;

#[server(endpoint = "get_report")]
pub async fn get_report(request: ReportRequest) -> Result<Report, AppError> {
    respond(
        async {
            use domain::Role;
            let user = require(&[Role::Admin, Role::Supervisor])?;
            let now = std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map_or(0, |d| d.as_millis() as i64);
            // Days are the reader's days, in their time zone.
            let zone = crate::ssr::reader_zone();
            services()?
                .insights
                .report(&user, &request, &zone, now)
                .await
        }
        .await,
    )
}
