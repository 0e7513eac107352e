//! Server functions whose arguments cannot be read (a malformed form field, a number that is
//! not one) never run, so their `respond` cannot set the status: server_fn answers 500 with the
//! `AppError::Request` body. That is the caller's mistake, not the server's: answer 400.

use axum::body::{to_bytes, Body};
use axum::http::StatusCode;
use axum::response::Response;

/// server_fn marks its error answers with this header (SERVER_FN_ERROR_HEADER).
const SERVER_FN_ERROR_HEADER: &str = "serverfnerror";
/// An error body is a short JSON value; anything longer is left as it is.
const ERROR_BODY_MAX: usize = 64 * 1024;

pub async fn bad_arguments(response: Response) -> Response {
    if response.status() != StatusCode::INTERNAL_SERVER_ERROR
        || !response.headers().contains_key(SERVER_FN_ERROR_HEADER)
    {
        return response;
    }
    let (mut parts, body) = response.into_parts();
    let Ok(bytes) = to_bytes(body, ERROR_BODY_MAX).await else {
        return Response::from_parts(parts, Body::empty());
    };
    // AppError's JSON form: {"Request": "…"} for a request that could not be read.
    if bytes.starts_with(br#"{"Request""#) {
        parts.status = StatusCode::BAD_REQUEST;
    }
    Response::from_parts(parts, Body::from(bytes))
}
