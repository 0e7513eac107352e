//! Files agents send. POST /conversations/{id}/attachments takes a plain multipart form (it
//! works without JavaScript) and goes back to the conversation; GET /media/{id}/{signature}
//! serves an agent's file to LINE and the customer by a signed, long-lived link (no session:
//! LINE's servers fetch it).

use crate::crypto::MasterKey;
use crate::db::{attachments, Db};
use crate::http::router::AppState;
use axum::extract::{FromRef, FromRequest, Multipart, Path, Request, State};
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use domain::conversation::FileUpload;
use domain::user::CurrentUser;
use domain::{AppError, Role};
use std::path::PathBuf;

/// What the public media route needs.
#[derive(Clone)]
pub struct SignedMedia {
    pub db: Db,
    pub dir: PathBuf,
    pub key: MasterKey,
}

impl FromRef<AppState> for SignedMedia {
    fn from_ref(state: &AppState) -> Self {
        SignedMedia {
            db: state.db.clone(),
            dir: state.media_dir.clone(),
            key: state.master_key.clone(),
        }
    }
}

/// The body limit of an upload: above the largest size a channel may allow (100 MB).
pub const UPLOAD_LIMIT: usize = 101 * 1024 * 1024;

fn percent_encode(text: &str) -> String {
    text.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' => {
                (b as char).to_string()
            }
            _ => format!("%{b:02X}"),
        })
        .collect()
}

pub async fn upload(
    State(state): State<AppState>,
    Path(id): Path<i64>,
    headers: HeaderMap,
    request: Request,
) -> Response {
    let Some(user) = request.extensions().get::<CurrentUser>().cloned() else {
        return StatusCode::UNAUTHORIZED.into_response();
    };
    if !matches!(user.role, Role::Admin | Role::Supervisor | Role::Agent) {
        return StatusCode::FORBIDDEN.into_response();
    }
    let browser = headers
        .get(header::ACCEPT)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.contains("text/html"));
    let result = async {
        let mut multipart = Multipart::from_request(request, &state)
            .await
            .map_err(|e| AppError::Request(e.body_text()))?;
        let mut upload = None;
        while let Some(field) = multipart
            .next_field()
            .await
            .map_err(|e| AppError::Request(e.body_text()))?
        {
            if field.name() == Some("file") {
                let name = field.file_name().unwrap_or_default().to_string();
                let content_type = field.content_type().unwrap_or_default().to_string();
                let bytes = field
                    .bytes()
                    .await
                    .map_err(|e| AppError::Request(e.body_text()))?;
                upload = Some(FileUpload {
                    name,
                    content_type,
                    bytes: bytes.to_vec(),
                });
            }
        }
        let upload =
            upload.ok_or_else(|| domain::FieldErrors::single("file", "Choose a file to send."))?;
        state
            .services
            .conversations
            .send_file(&user, id, upload)
            .await
    }
    .await;
    match (result, browser) {
        (Ok(()), true) => Redirect::to(&format!("/conversations/{id}")).into_response(),
        (Ok(()), false) => StatusCode::NO_CONTENT.into_response(),
        (Err(err), true) => {
            let message = match &err {
                AppError::Invalid(fields) => {
                    fields.get("file").unwrap_or("Check the file.").to_string()
                }
                AppError::Forbidden => "Agents can't send files on this channel.".to_string(),
                other => other.to_string(),
            };
            Redirect::to(&format!(
                "/conversations/{id}?file_error={}",
                percent_encode(&message)
            ))
            .into_response()
        }
        (Err(err), false) => (
            StatusCode::from_u16(err.status()).unwrap_or(StatusCode::BAD_REQUEST),
            err.to_string(),
        )
            .into_response(),
    }
}

pub async fn serve_signed(
    State(media): State<SignedMedia>,
    Path((id, signature)): Path<(i64, String)>,
) -> Response {
    if !media.key.verify("media", &id.to_string(), &signature) {
        return StatusCode::NOT_FOUND.into_response();
    }
    let attachment = match attachments::get(&media.db.pool, id).await {
        Ok(Some(a)) => a,
        Ok(None) => return StatusCode::NOT_FOUND.into_response(),
        Err(err) => {
            tracing::error!(%err, "loading a signed media file");
            return StatusCode::SERVICE_UNAVAILABLE.into_response();
        }
    };
    let (Some(sha), Some(content_type)) = (
        attachment.sha256.as_deref(),
        attachment.content_type.as_deref(),
    ) else {
        return StatusCode::NOT_FOUND.into_response();
    };
    let Ok(bytes) = tokio::fs::read(media.dir.join(&sha[..2]).join(sha)).await else {
        return StatusCode::NOT_FOUND.into_response();
    };
    // Photos, video and audio display in place; anything else downloads, so a file can never
    // run as a page of this site.
    let inline = content_type.starts_with("image/jpeg")
        || content_type.starts_with("image/png")
        || content_type.starts_with("video/")
        || content_type.starts_with("audio/");
    let name = attachment
        .file_name
        .unwrap_or_else(|| format!("file-{id}"))
        .replace(['"', '\\', '\r', '\n'], "_");
    let disposition = format!(
        "{}; filename=\"{name}\"",
        if inline { "inline" } else { "attachment" }
    );
    (
        [
            (header::CONTENT_TYPE, content_type.to_string()),
            (header::CONTENT_DISPOSITION, disposition),
            (
                header::CACHE_CONTROL,
                "public, max-age=86400, immutable".to_string(),
            ),
            (header::X_CONTENT_TYPE_OPTIONS, "nosniff".to_string()),
            (header::CONTENT_SECURITY_POLICY, "sandbox".to_string()),
        ],
        bytes,
    )
        .into_response()
}
