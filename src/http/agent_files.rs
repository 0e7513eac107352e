//! Files agents send. POST /conversations/{id}/attachments takes a plain multipart form (it
//! works without JavaScript) and goes back to the conversation; GET /media/{id}/{signature}
//! serves an agent's file to LINE and the customer by a signed, long-lived link (no session:
//! LINE's servers fetch it).

use crate::crypto::MasterKey;
use crate::db::{attachments, Db};
use crate::http::file_response;
use crate::http::router::AppState;
use axum::extract::{FromRef, FromRequest, Multipart, Path, Request, State};
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use domain::conversation::FileUpload;
use domain::user::CurrentUser;
use domain::Problem;
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
/// Room for the multipart form around the file itself.
const FORM_OVERHEAD: u64 = 64 * 1024;

fn percent_encode(text: &str) -> String {
    percent_encoding::utf8_percent_encode(text, percent_encoding::NON_ALPHANUMERIC).to_string()
}

fn too_large(limit: u64) -> AppError {
    domain::FieldErrors::single(
        "file",
        Problem::FileTooLarge {
            mb: limit / (1024 * 1024),
        },
    )
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
        // Who may send here and how much, before a byte of the body is read.
        let conversations = &state.services.conversations;
        let limit = conversations.file_limit(&user, id).await?;
        let declared = headers
            .get(header::CONTENT_LENGTH)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.parse::<u64>().ok());
        if declared.is_some_and(|length| length > limit + FORM_OVERHEAD) {
            return Err(too_large(limit));
        }
        let mut multipart = Multipart::from_request(request, &state)
            .await
            .map_err(|e| AppError::Request(e.body_text()))?;
        let mut upload: Option<FileUpload> = None;
        let outcome = async {
            while let Some(field) = multipart
                .next_field()
                .await
                .map_err(|e| AppError::Request(e.body_text()))?
            {
                if field.name() == Some("file") && upload.is_none() {
                    let name = field.file_name().unwrap_or_default().to_string();
                    let staged = staging_path(&state.media_dir).await?;
                    // Named before writing, so a failed write is cleaned up too.
                    upload = Some(FileUpload {
                        name,
                        staged: staged.clone(),
                        size: 0,
                    });
                    let size = stage(field, &staged, limit).await?;
                    upload.as_mut().expect("just set").size = size;
                }
            }
            Ok(())
        }
        .await;
        match (outcome, upload) {
            (Ok(()), Some(upload)) => conversations.send_file(&user, id, upload).await,
            (Ok(()), None) => Err(domain::FieldErrors::single("file", Problem::ChooseFile)),
            (Err(err), upload) => {
                if let Some(upload) = upload {
                    let _ = tokio::fs::remove_file(&upload.staged).await;
                }
                Err(err)
            }
        }
    }
    .await;
    let Err(err) = result else {
        return if browser {
            Redirect::to(&format!("/conversations/{id}")).into_response()
        } else {
            StatusCode::NO_CONTENT.into_response()
        };
    };
    let problem = match &err {
        AppError::Invalid(fields) => fields.get("file").cloned().unwrap_or(Problem::CheckFile),
        AppError::Forbidden => Problem::CannotSendFiles,
        other => other.problem(),
    };
    if browser {
        // The code, not a sentence: the conversation page words it in the reader's language.
        let code = serde_json::to_string(&problem).unwrap_or_default();
        Redirect::to(&format!(
            "/conversations/{id}?file_error={}",
            percent_encode(&code)
        ))
        .into_response()
    } else {
        (
            StatusCode::from_u16(err.status()).unwrap_or(StatusCode::BAD_REQUEST),
            problem.to_string(),
        )
            .into_response()
    }
}

/// A fresh file under DATA_DIR/attachments/incoming (the store's own disk, so the service can
/// move it into place by renaming).
async fn staging_path(media_dir: &std::path::Path) -> Result<PathBuf, AppError> {
    let folder = media_dir.join("incoming");
    tokio::fs::create_dir_all(&folder)
        .await
        .map_err(|e| AppError::Internal(format!("creating {}: {e}", folder.display())))?;
    Ok(folder.join(format!("{:032x}", rand::random::<u128>())))
}

/// Streams the field to `path`, refusing it as soon as it passes `limit` bytes.
async fn stage(
    mut field: axum::extract::multipart::Field<'_>,
    path: &std::path::Path,
    limit: u64,
) -> Result<u64, AppError> {
    use tokio::io::AsyncWriteExt;
    let internal = |e: std::io::Error| AppError::Internal(format!("staging an upload: {e}"));
    let mut file = tokio::fs::File::create(path).await.map_err(internal)?;
    let mut size = 0u64;
    while let Some(chunk) = field
        .chunk()
        .await
        .map_err(|e| AppError::Request(e.body_text()))?
    {
        size += chunk.len() as u64;
        if size > limit {
            return Err(too_large(limit));
        }
        file.write_all(&chunk).await.map_err(internal)?;
    }
    file.flush().await.map_err(internal)?;
    Ok(size)
}

pub async fn serve_signed(
    State(media): State<SignedMedia>,
    Path((id, signature)): Path<(i64, String)>,
    request: Request,
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
    let Some(sha) = attachment.sha256.as_deref() else {
        return StatusCode::NOT_FOUND.into_response();
    };
    let name = attachment
        .file_name
        .clone()
        .unwrap_or_else(|| format!("file-{id}"));
    file_response::serve(
        &media.dir.join(&sha[..2]).join(sha),
        &attachment.kind,
        &name,
        "public, max-age=86400, immutable",
        request,
    )
    .await
}
