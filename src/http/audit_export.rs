//! GET /audit/export.csv: the audit log (with the page's filters) as CSV, for admins and
//! auditors, UTF-8 with a byte order mark (Excel, Japanese Excel too, opens it as UTF-8) and
//! headers in the reader's language (as pages choose it). The export is itself audited.

use crate::http::router::AppState;
use axum::extract::{ConnectInfo, Query, Request, State};
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use domain::audit::AuditFilters;
use domain::user::{ClientInfo, CurrentUser};
use domain::Role;
use std::net::SocketAddr;

pub async fn export(
    State(state): State<AppState>,
    Query(filters): Query<AuditFilters>,
    request: Request,
) -> Response {
    let Some(user) = request.extensions().get::<CurrentUser>().cloned() else {
        return StatusCode::UNAUTHORIZED.into_response();
    };
    if !matches!(user.role, Role::Admin | Role::Auditor) {
        return StatusCode::FORBIDDEN.into_response();
    }
    let client = ClientInfo {
        address: request
            .extensions()
            .get::<ConnectInfo<SocketAddr>>()
            .map(|info| info.0.ip().to_string()),
    };
    let query = match filters.query(None, 0) {
        Ok(query) => query,
        Err(err) => return (StatusCode::UNPROCESSABLE_ENTITY, err.to_string()).into_response(),
    };
    let locale = app::ssr::reader_locale(request.headers(), request.extensions());
    let columns = app::exports::audit_csv_columns(locale);
    match state
        .services
        .audit
        .export_csv(&user, query, &columns, &client)
        .await
    {
        Ok(csv) => (
            [
                (header::CONTENT_TYPE, "text/csv; charset=utf-8"),
                (
                    header::CONTENT_DISPOSITION,
                    "attachment; filename=\"linedesk-audit-log.csv\"",
                ),
                (header::CACHE_CONTROL, "no-store"),
            ],
            csv,
        )
            .into_response(),
        Err(err) => (
            StatusCode::from_u16(err.status()).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR),
            err.to_string(),
        )
            .into_response(),
    }
}
