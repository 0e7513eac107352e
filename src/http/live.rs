//! GET /live: a Server-Sent Events stream of "conversation N changed" for signed-in staff. The
//! browser then re-reads what it shows through the usual (permission-checked) server functions,
//! so the stream itself carries no customer content. `/live?conversation=N` streams one
//! conversation's changes, for those who may read it.

use crate::db::Db;
use crate::http::router::AppState;
use crate::live::Subject;
use axum::extract::{Query, Request, State};
use axum::http::StatusCode;
use axum::response::sse::{Event, KeepAlive, Sse};
use axum::response::{IntoResponse, Response};
use domain::user::CurrentUser;
use domain::Role;
use futures_util::stream;
use std::convert::Infallible;
use std::time::Duration;
use tokio::sync::broadcast::error::RecvError;

#[derive(serde::Deserialize)]
pub struct LiveQuery {
    conversation: Option<i64>,
}

pub async fn stream(
    State(state): State<AppState>,
    Query(query): Query<LiveQuery>,
    request: Request,
) -> Response {
    let Some(user) = request.extensions().get::<CurrentUser>() else {
        return StatusCode::UNAUTHORIZED.into_response();
    };
    if !matches!(user.role, Role::Admin | Role::Supervisor | Role::Agent) {
        return StatusCode::FORBIDDEN.into_response();
    }
    let only = query.conversation;
    if let Some(id) = only {
        if let Err(err) = crate::services::visibility::require_readable(&state.db, user, id).await {
            return StatusCode::from_u16(err.status())
                .unwrap_or(StatusCode::FORBIDDEN)
                .into_response();
        }
    }
    // Supervisors and administrators read every conversation; an agent hears only of those the
    // agent may read (not even the ids of other queues' work).
    let reader = (user.role == Role::Agent).then(|| (state.db.clone(), user.clone()));
    let receiver = state.live.subscribe();
    let events = stream::unfold(receiver, move |mut receiver| {
        let reader = reader.clone();
        async move {
            let event = loop {
                match receiver.recv().await {
                    // Staffing shows only in the queue figures of supervisors and administrators.
                    Ok(change) if change.subject == Subject::Staffing => {
                        if only.is_some() || reader.is_some() {
                            continue;
                        }
                        break Event::default().event("staffing").data("0");
                    }
                    Ok(change) if only.is_some_and(|id| id != change.conversation_id) => continue,
                    Ok(change)
                        if only.is_none()
                            && !may_read(reader.as_ref(), change.conversation_id).await =>
                    {
                        continue
                    }
                    Ok(change) => {
                        break Event::default()
                            .event("conversation")
                            .data(change.conversation_id.to_string())
                    }
                    // Too slow to keep up: tell the browser to re-read everything.
                    Err(RecvError::Lagged(_)) => break Event::default().event("resync").data("0"),
                    Err(RecvError::Closed) => return None,
                }
            };
            Some((Ok::<_, Infallible>(event), receiver))
        }
    });
    Sse::new(events)
        .keep_alive(KeepAlive::new().interval(Duration::from_secs(15)))
        .into_response()
}

/// Whether the stream's reader may hear of a conversation (`None`: a reader of everything).
async fn may_read(reader: Option<&(Db, CurrentUser)>, conversation_id: i64) -> bool {
    match reader {
        None => true,
        Some((db, user)) => {
            crate::services::visibility::require_readable(db, user, conversation_id)
                .await
                .is_ok()
        }
    }
}
