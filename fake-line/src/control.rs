//! `/__fake/…`: how tests and demos steer the fake platform.

use crate::state::{Channel, Fault, Shared};
use axum::extract::State;
use axum::http::StatusCode;
use axum::routing::{get, post};
use axum::{Json, Router};
use base64::Engine;
use serde::Deserialize;
use serde_json::{json, Value};

pub fn routes() -> Router<Shared> {
    Router::new()
        .route("/__fake/channels", post(add_channel).get(list_channels))
        .route(
            "/__fake/requests",
            get(list_requests).delete(clear_requests),
        )
        .route("/__fake/faults", post(add_fault).delete(clear_faults))
        .route("/__fake/content", post(add_content))
        .route("/__fake/profiles", post(set_profile))
        .route("/__fake/webhook", post(send))
        .route("/__fake/health", get(|| async { "ok" }))
}

async fn add_channel(State(shared): State<Shared>, Json(channel): Json<Channel>) -> StatusCode {
    shared.add_channel(channel);
    StatusCode::CREATED
}

async fn list_channels(State(shared): State<Shared>) -> Json<Vec<Channel>> {
    Json(shared.lock().channels.clone())
}

async fn list_requests(State(shared): State<Shared>) -> Json<Value> {
    Json(json!(shared.requests()))
}

async fn clear_requests(State(shared): State<Shared>) -> StatusCode {
    shared.lock().requests.clear();
    StatusCode::NO_CONTENT
}

async fn add_fault(State(shared): State<Shared>, Json(fault): Json<Fault>) -> StatusCode {
    shared.add_fault(fault);
    StatusCode::CREATED
}

async fn clear_faults(State(shared): State<Shared>) -> StatusCode {
    shared.lock().faults.clear();
    StatusCode::NO_CONTENT
}

#[derive(Deserialize)]
struct ProfileLanguage {
    user_id: String,
    /// null: the profile has no language.
    language: Option<String>,
}

/// `{"user_id": "U…", "language": "th"}`: what GET profile says that user's language is.
async fn set_profile(
    State(shared): State<Shared>,
    Json(profile): Json<ProfileLanguage>,
) -> StatusCode {
    shared.set_profile_language(&profile.user_id, profile.language.as_deref());
    StatusCode::NO_CONTENT
}

#[derive(Deserialize)]
struct Content {
    message_id: String,
    content_type: String,
    data_base64: String,
}

async fn add_content(
    State(shared): State<Shared>,
    Json(content): Json<Content>,
) -> Result<StatusCode, (StatusCode, String)> {
    let bytes = base64::engine::general_purpose::STANDARD
        .decode(content.data_base64)
        .map_err(|e| (StatusCode::BAD_REQUEST, e.to_string()))?;
    shared
        .lock()
        .content
        .insert(content.message_id, (content.content_type, bytes));
    Ok(StatusCode::CREATED)
}

#[derive(Deserialize)]
struct Send {
    url: String,
    /// The secret to sign with; defaults to the named channel's secret.
    #[serde(default)]
    channel_secret: Option<String>,
    #[serde(default)]
    channel_id: Option<String>,
    /// The body to send verbatim; or `text` (+ `user_id`) for a one-message body.
    #[serde(default)]
    body: Option<Value>,
    #[serde(default)]
    text: Option<String>,
    #[serde(default)]
    user_id: Option<String>,
}

async fn send(
    State(shared): State<Shared>,
    Json(send): Json<Send>,
) -> Result<Json<Value>, (StatusCode, String)> {
    let channel_id = send
        .channel_id
        .clone()
        .unwrap_or_else(|| crate::DEMO_CHANNEL_ID.to_string());
    let secret = match send.channel_secret {
        Some(secret) => secret,
        None => shared
            .lock()
            .channels
            .iter()
            .find(|c| c.channel_id == channel_id)
            .map(|c| c.channel_secret.clone())
            .ok_or((
                StatusCode::BAD_REQUEST,
                format!("unknown channel {channel_id}"),
            ))?,
    };
    let body = match (send.body, send.text) {
        (Some(body), _) => body,
        (None, Some(text)) => crate::webhook::text_message_body(
            &format!("U{channel_id:0>32}"),
            send.user_id
                .as_deref()
                .unwrap_or("U4af4980629b0a1b2c3d4e5f6a7b8c9d0"),
            &text,
        ),
        (None, None) => return Err((StatusCode::BAD_REQUEST, "give body or text".into())),
    };
    let status = crate::webhook::send_webhook(&send.url, &secret, body.to_string().into_bytes())
        .await
        .map_err(|e| (StatusCode::BAD_GATEWAY, e))?;
    Ok(Json(json!({ "status": status })))
}
