//! Resolves the signed-in user for every request and puts it in the request's extensions,
//! where pages and server functions read it. A session whose user was disabled, or whose
//! password was reset since, is ended here.
//!
//! Sessions expire after a period of inactivity, so an active session's stored expiry has to
//! move forward. Saving the session on every request did that at the cost of a database write
//! per page view; instead the session is touched (and so saved, with a new expiry) at most once
//! a minute, which makes the idle timeout accurate to a minute.

use crate::db::{users, Db};
use axum::extract::{Request, State};
use axum::middleware::Next;
use axum::response::Response;
use domain::user::{CurrentUser, SESSION_EPOCH, SESSION_USER_ID};
use tower_sessions::Session;

/// When this process last saved the session (unix seconds). Server-side only.
const SESSION_TOUCHED: &str = "touched";
/// How stale the stored expiry may get before a request saves the session again.
const TOUCH_EVERY_SECONDS: i64 = 60;

pub async fn resolve(
    State(db): State<Db>,
    session: Session,
    mut request: Request,
    next: Next,
) -> Response {
    if let Ok(Some(user_id)) = session.get::<i64>(SESSION_USER_ID).await {
        let epoch = session.get::<i64>(SESSION_EPOCH).await.ok().flatten();
        match users::find_by_id(&db.pool, user_id).await {
            Ok(Some(row)) if !row.is_disabled() && Some(row.session_epoch) == epoch => {
                let user: CurrentUser = row.current_user();
                request.extensions_mut().insert(user);
                touch(&session).await;
            }
            Ok(_) => {
                let _ = session.flush().await;
            }
            Err(err) => {
                // Treat as signed out for this request; the database may be restarting.
                tracing::warn!(error = %err, "could not load the session's user");
            }
        }
    }
    next.run(request).await
}

/// Marks the session modified when its stored expiry is more than a minute old, so the
/// session layer saves it (moving the idle expiry) on this response.
async fn touch(session: &Session) {
    let now = time::OffsetDateTime::now_utc().unix_timestamp();
    let touched = session.get::<i64>(SESSION_TOUCHED).await.ok().flatten();
    if touched.is_none_or(|at| now - at >= TOUCH_EVERY_SECONDS || at > now) {
        let _ = session.insert(SESSION_TOUCHED, now).await;
    }
}
