//! GET /live: a Server-Sent Events stream of "conversation N changed" for signed-in staff. The
//! browser then re-reads what it shows through the usual (permission-checked) server functions,
//! so the stream itself carries no customer content.

use crate::live::Notifier;
use axum::extract::{Request, State};
use axum::http::StatusCode;
use axum::response::sse::{Event, KeepAlive, Sse};
use axum::response::{IntoResponse, Response};
use domain::user::CurrentUser;
use domain::Role;
use futures_util::stream;
use std::convert::Infallible;
use std::time::Duration;
use tokio::sync::broadcast::error::RecvError;

pub async fn stream(State(notifier): State<Notifier>, request: Request) -> Response {
    let Some(user) = request.extensions().get::<CurrentUser>() else {
        return StatusCode::UNAUTHORIZED.into_response();
    };
    if !matches!(user.role, Role::Admin | Role::Supervisor | Role::Agent) {
        return StatusCode::FORBIDDEN.into_response();
    }
    let receiver = notifier.subscribe();
    let events = stream::unfold(receiver, |mut receiver| async move {
        let event = match receiver.recv().await {
            Ok(change) => Event::default()
                .event("conversation")
                .data(change.conversation_id.to_string()),
            // Too slow to keep up: tell the browser to re-read everything.
            Err(RecvError::Lagged(_)) => Event::default().event("resync").data("0"),
            Err(RecvError::Closed) => return None,
        };
        Some((Ok::<_, Infallible>(event), receiver))
    });
    Sse::new(events)
        .keep_alive(KeepAlive::new().interval(Duration::from_secs(15)))
        .into_response()
}
