//! Resolves the signed-in user for every request and puts it in the request's extensions,
//! where pages and server functions read it. A session whose user was disabled, or whose
//! password was reset since, is ended here.

use crate::db::{users, Db};
use axum::extract::{Request, State};
use axum::middleware::Next;
use axum::response::Response;
use domain::user::{CurrentUser, SESSION_EPOCH, SESSION_USER_ID};
use tower_sessions::Session;

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
