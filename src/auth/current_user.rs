//! Resolves the signed-in user for every request and puts it in the request's extensions,
//! where pages and server functions read it. A session whose user was disabled, or whose
//! password was reset since, is ended here. The session row keeps its user's id and sign-in
//! epoch beside its data, so a signed-in request costs one read (db::sessions::signed_in).
//!
//! Sessions expire after a period of inactivity, so an active session's stored expiry has to
//! move forward. Saving the session on every request did that at the cost of a database write
//! per page view; instead the session is touched (and so saved, with a new expiry) at most once
//! a minute, which makes the idle timeout accurate to a minute.

use crate::db::{sessions, users, Db};
use axum::extract::{Request, State};
use axum::middleware::Next;
use axum::response::Response;
use domain::user::{SESSION_EPOCH, SESSION_USER_ID};
use tower_sessions::Session;

/// Set to mark the session modified, so the session layer saves it (moving the idle expiry).
const SESSION_TOUCHED: &str = "touched";
/// How stale the stored expiry may get before a request saves the session again.
const TOUCH_EVERY_SECONDS: i64 = 60;

pub async fn resolve(
    State(db): State<Db>,
    session: Session,
    mut request: Request,
    next: Next,
) -> Response {
    if let Some(user) = signed_in(&db, &session).await {
        request.extensions_mut().insert(user.current_user());
        request.extensions_mut().insert(user.preferences());
    }
    // Pages are written in the reader's language and zone (app::reader picks them).
    let defaults = super::reader::organisation_defaults(&db).await;
    request.extensions_mut().insert(defaults);
    next.run(request).await
}

/// The session's user, or None; a session whose user was disabled or signed in again after a
/// password reset is ended here.
async fn signed_in(db: &Db, session: &Session) -> Option<users::UserRow> {
    // No session cookie: nobody, and no query.
    let id = session.id()?;
    // Usually one read: the session row joined with its user.
    match sessions::signed_in(&db.pool, &id).await {
        Ok(Some(found)) if !found.user.is_disabled() => {
            let now = time::OffsetDateTime::now_utc().unix_timestamp();
            if found
                .saved_at
                .is_none_or(|at| now - at >= TOUCH_EVERY_SECONDS || at > now)
            {
                touch(session, now).await;
            }
            return Some(found.user);
        }
        Ok(_) => {}
        Err(err) => {
            // Treat as signed out for this request; the database may be restarting.
            tracing::warn!(error = %err, "could not load the session's user");
            return None;
        }
    }
    // Otherwise the session's record decides: no session (expired or unknown), a session
    // that must end now, or one saved before the session kept its user beside its data.
    let user_id = session.get::<i64>(SESSION_USER_ID).await.ok().flatten()?;
    let epoch = session.get::<i64>(SESSION_EPOCH).await.ok().flatten();
    match users::find_by_id(&db.pool, user_id).await {
        Ok(Some(row)) if !row.is_disabled() && Some(row.session_epoch) == epoch => {
            // Saving it now stores the user beside it, so the next request takes one read.
            touch(session, time::OffsetDateTime::now_utc().unix_timestamp()).await;
            Some(row)
        }
        Ok(_) => {
            let _ = session.flush().await;
            None
        }
        Err(err) => {
            tracing::warn!(error = %err, "could not load the session's user");
            None
        }
    }
}

/// Marks the session modified, so the session layer saves it (with a new idle expiry) on this
/// response.
async fn touch(session: &Session, now: i64) {
    // The session counts as modified only when the value changes (two saves may fall in the
    // same second).
    let previous = session.get::<i64>(SESSION_TOUCHED).await.ok().flatten();
    let value = previous.map_or(now, |at| now.max(at + 1));
    let _ = session.insert(SESSION_TOUCHED, value).await;
}
