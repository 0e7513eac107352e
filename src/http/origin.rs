//! Refuses state-changing requests that a browser sent from another site. Browsers say where a
//! request came from (`Sec-Fetch-Site`, `Origin`); requests without either (curl, scripts) are
//! not cross-site browser requests and carry no ambient cookies by accident. An `Origin` must be
//! PUBLIC_URL's origin: the Host header is the client's to choose (DNS rebinding sets both).

use axum::extract::{Request, State};
use axum::http::{header, Method, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use std::sync::Arc;

/// Origins (`scheme://host[:port]`, as browsers send them) that may change state.
#[derive(Clone, Debug)]
pub struct AllowedOrigins(pub Arc<Vec<String>>);

impl AllowedOrigins {
    /// PUBLIC_URL's origin.
    pub fn of(public_url: &url::Url) -> AllowedOrigins {
        AllowedOrigins(Arc::new(vec![public_url.origin().ascii_serialization()]))
    }
}

pub async fn refuse_cross_origin(
    State(allowed): State<AllowedOrigins>,
    request: Request,
    next: Next,
) -> Response {
    if is_safe(request.method()) || request.uri().path().starts_with("/line/callback/") {
        return next.run(request).await;
    }
    let headers = request.headers();
    if let Some(site) = headers.get("sec-fetch-site").and_then(|v| v.to_str().ok()) {
        if site == "cross-site" {
            return refused();
        }
    }
    if let Some(origin) = headers.get(header::ORIGIN).and_then(|v| v.to_str().ok()) {
        if !allowed.0.iter().any(|o| o == origin.trim_end_matches('/')) {
            return refused();
        }
    }
    next.run(request).await
}

fn is_safe(method: &Method) -> bool {
    matches!(*method, Method::GET | Method::HEAD | Method::OPTIONS)
}

fn refused() -> Response {
    (StatusCode::FORBIDDEN, "Cross-origin request refused.").into_response()
}
