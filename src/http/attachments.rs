//! GET /attachments/{id}: a stored media file, for the people who may read the conversation (staff,
//! auditors under a transcript grant). External media redirect to the sender's URL.

use crate::db::{attachments, Db};
use crate::http::file_response;
use axum::extract::{Path, Request, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use domain::user::CurrentUser;
use std::path::PathBuf;

#[derive(Clone)]
pub struct MediaStore {
    pub db: Db,
    pub dir: PathBuf,
}

pub async fn serve(
    State(store): State<MediaStore>,
    Path(id): Path<i64>,
    request: Request,
) -> Response {
    let Some(user) = request.extensions().get::<CurrentUser>() else {
        return StatusCode::UNAUTHORIZED.into_response();
    };
    let attachment = match attachments::get(&store.db.pool, id).await {
        Ok(Some(attachment)) => attachment,
        Ok(None) => return StatusCode::NOT_FOUND.into_response(),
        Err(err) => {
            tracing::error!(%err, "loading an attachment");
            return StatusCode::SERVICE_UNAVAILABLE.into_response();
        }
    };
    // The same people who may read the conversation may fetch its files.
    let conversation = crate::db::messages::conversation_of(&store.db.pool, attachment.message_id)
        .await
        .and_then(|found| found.ok_or(sqlx::Error::RowNotFound));
    let readable = match conversation {
        Ok(id) => crate::services::visibility::require_readable(&store.db, user, id).await,
        Err(err) => {
            tracing::error!(%err, "finding an attachment's conversation");
            return StatusCode::SERVICE_UNAVAILABLE.into_response();
        }
    };
    if let Err(err) = readable {
        return StatusCode::from_u16(err.status())
            .unwrap_or(StatusCode::FORBIDDEN)
            .into_response();
    }
    match crate::engine::consent::message_withheld(&store.db, attachment.message_id).await {
        Ok(false) => {}
        Ok(true) => return StatusCode::FORBIDDEN.into_response(),
        Err(err) => {
            tracing::error!(%err, "checking consent for an attachment");
            return StatusCode::SERVICE_UNAVAILABLE.into_response();
        }
    }
    if let Some(url) = attachment.external_url.as_deref() {
        // The event's URL, whatever LINE was sent: followed only when it is https.
        if !domain::validation::is_https_url(url) {
            return (
                StatusCode::NOT_FOUND,
                "This file's link is not an https:// address.",
            )
                .into_response();
        }
        return Redirect::temporary(url).into_response();
    }
    let Some(sha) = attachment.sha256.as_deref() else {
        return (StatusCode::NOT_FOUND, "This file is not downloaded yet.").into_response();
    };
    let name = attachment
        .file_name
        .clone()
        .unwrap_or_else(|| format!("{}-{}", attachment.kind, attachment.line_message_id));
    file_response::serve(
        &store.dir.join(&sha[..2]).join(sha),
        &attachment.kind,
        &name,
        "private, max-age=3600",
        request,
    )
    .await
}
