//! GET /insights/reports.csv?chart=…: one report chart's numbers as CSV, exactly what its table
//! on the page shows, with headers in the reader's language and days in their time zone.

use crate::clock::now_ms;
use crate::http::router::AppState;
use axum::extract::{Query, Request, State};
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use domain::insights::report::{ChartKind, ReportRequest};
use domain::user::CurrentUser;
use serde::Deserialize;

#[derive(Deserialize)]
pub struct ChartQuery {
    #[serde(default)]
    chart: String,
    #[serde(flatten)]
    request: ReportRequest,
}

pub async fn export(
    State(state): State<AppState>,
    Query(query): Query<ChartQuery>,
    request: Request,
) -> Response {
    let Some(user) = request.extensions().get::<CurrentUser>().cloned() else {
        return StatusCode::UNAUTHORIZED.into_response();
    };
    let Ok(kind) = query.chart.parse::<ChartKind>() else {
        return (StatusCode::NOT_FOUND, "no such chart").into_response();
    };
    let locale = app::ssr::reader_locale(request.headers(), request.extensions());
    let zone = app::ssr::reader_zone_of(Some(request.extensions()));
    let disposition = format!("attachment; filename=\"linedesk-{}.csv\"", kind.as_str());
    // The same service, and so the same permission check, as the page.
    match state
        .services
        .insights
        .report(&user, &query.request, &zone, now_ms())
        .await
    {
        Ok(report) => (
            [
                (header::CONTENT_TYPE, "text/csv; charset=utf-8"),
                (header::CONTENT_DISPOSITION, disposition.as_str()),
                (header::CACHE_CONTROL, "no-store"),
            ],
            app::chart_words::csv(locale, &zone, &report, kind),
        )
            .into_response(),
        Err(err) => (
            StatusCode::from_u16(err.status()).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR),
            app::error_text::error_text(locale, &err),
        )
            .into_response(),
    }
}
