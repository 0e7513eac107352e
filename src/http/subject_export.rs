//! GET /privacy/subjects/{profile_id}/export.zip: a data subject's export, administrators only
//! (it holds message content). The export itself is audited.

use crate::http::router::AppState;
use axum::extract::{ConnectInfo, Path, Request, State};
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use domain::user::{ClientInfo, CurrentUser};
use domain::Role;
use std::net::SocketAddr;

pub async fn export(
    State(state): State<AppState>,
    Path(profile_id): Path<i64>,
    request: Request,
) -> Response {
    let Some(user) = request.extensions().get::<CurrentUser>().cloned() else {
        return StatusCode::UNAUTHORIZED.into_response();
    };
    if user.role != Role::Admin {
        return StatusCode::FORBIDDEN.into_response();
    }
    let client = ClientInfo {
        address: request
            .extensions()
            .get::<ConnectInfo<SocketAddr>>()
            .map(|info| info.0.ip().to_string()),
    };
    match state
        .services
        .privacy
        .export_subject(&user, profile_id, &client)
        .await
    {
        Ok((name, zip)) => (
            [
                (header::CONTENT_TYPE, "application/zip".to_string()),
                (
                    header::CONTENT_DISPOSITION,
                    format!("attachment; filename=\"{name}\""),
                ),
                (header::CACHE_CONTROL, "no-store".to_string()),
            ],
            zip,
        )
            .into_response(),
        Err(err) => (
            StatusCode::from_u16(err.status()).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR),
            err.to_string(),
        )
            .into_response(),
    }
}
