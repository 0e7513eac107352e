//! The LINE endpoints linedesk calls, answered the way LINE documents them.
// Handlers return early with a ready `Response` as the error; its size is irrelevant here.
#![allow(clippy::result_large_err)]

use crate::state::{Channel, Shared};
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use serde_json::{json, Value};
use std::collections::HashMap;

pub fn routes() -> Router<Shared> {
    Router::new()
        .route("/v2/bot/info", get(bot_info))
        .route("/v2/oauth/verify", post(oauth_verify_v2))
        .route("/oauth2/v2.1/verify", get(oauth_verify_v21))
        .route(
            "/v2/bot/channel/webhook/endpoint",
            get(get_endpoint).put(put_endpoint),
        )
        .route("/v2/bot/channel/webhook/test", post(test_endpoint))
        .route("/v2/bot/profile/{user_id}", get(profile))
        .route(
            "/v2/bot/group/{chat_id}/member/{user_id}",
            get(member_profile),
        )
        .route(
            "/v2/bot/room/{chat_id}/member/{user_id}",
            get(member_profile),
        )
        .route("/v2/bot/message/reply", post(reply))
        .route("/v2/bot/message/push", post(push))
        .route("/v2/bot/message/{id}/content", get(content))
        .route("/v2/bot/message/{id}/content/transcoding", get(transcoding))
        .route("/v2/bot/chat/loading/start", post(loading))
        .route("/v2/bot/chat/markAsRead", post(mark_as_read))
}

fn unauthorized() -> Response {
    (
        StatusCode::UNAUTHORIZED,
        Json(json!({ "message": "Authentication failed. Confirm that the access token in the authorization header is valid." })),
    )
        .into_response()
}

/// The channel whose access token is in `Authorization: Bearer …`.
fn authorize(shared: &Shared, headers: &HeaderMap) -> Result<Channel, Response> {
    let token = headers
        .get("authorization")
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "))
        .ok_or_else(unauthorized)?;
    shared.channel_by_token(token).ok_or_else(unauthorized)
}

fn bad_request(message: &str) -> Response {
    (StatusCode::BAD_REQUEST, Json(json!({ "message": message }))).into_response()
}

async fn bot_info(State(shared): State<Shared>, headers: HeaderMap) -> Response {
    match authorize(&shared, &headers) {
        Ok(channel) => Json(json!({
            "userId": format!("U{:0>32}", channel.channel_id),
            "basicId": channel.basic_id,
            "displayName": channel.display_name,
            "pictureUrl": channel.picture_url,
            "chatMode": channel.chat_mode,
            "markAsReadMode": if channel.chat_mode == "bot" { "auto" } else { "manual" },
        }))
        .into_response(),
        Err(response) => response,
    }
}

fn verify_token(shared: &Shared, token: Option<&String>) -> Response {
    match token.and_then(|t| shared.channel_by_token(t)) {
        Some(channel) => {
            Json(json!({ "client_id": channel.channel_id, "expires_in": 2_592_000, "scope": "" }))
                .into_response()
        }
        None => (
            StatusCode::BAD_REQUEST,
            Json(
                json!({ "error": "invalid_request", "error_description": "access token expired" }),
            ),
        )
            .into_response(),
    }
}

async fn oauth_verify_v2(
    State(shared): State<Shared>,
    axum::Form(form): axum::Form<HashMap<String, String>>,
) -> Response {
    verify_token(&shared, form.get("access_token"))
}

async fn oauth_verify_v21(
    State(shared): State<Shared>,
    Query(query): Query<HashMap<String, String>>,
) -> Response {
    verify_token(&shared, query.get("access_token"))
}

async fn get_endpoint(State(shared): State<Shared>, headers: HeaderMap) -> Response {
    match authorize(&shared, &headers) {
        Ok(channel) => Json(json!({
            "endpoint": channel.webhook_endpoint.unwrap_or_default(),
            "active": channel.webhook_active,
        }))
        .into_response(),
        Err(response) => response,
    }
}

async fn put_endpoint(
    State(shared): State<Shared>,
    headers: HeaderMap,
    body: Option<Json<Value>>,
) -> Response {
    let channel = match authorize(&shared, &headers) {
        Ok(channel) => channel,
        Err(response) => return response,
    };
    let Some(endpoint) = body.as_ref().and_then(|b| b["endpoint"].as_str()) else {
        return bad_request("The request body has 1 error(s)");
    };
    // An empty endpoint clears the URL (SetWebhookEndpointRequest allows minLength 0).
    if !endpoint.is_empty() && !endpoint.starts_with("https://") && !endpoint.starts_with("http://")
    {
        return bad_request("Invalid webhook endpoint URL");
    }
    let mut inner = shared.lock();
    if let Some(c) = inner
        .channels
        .iter_mut()
        .find(|c| c.channel_id == channel.channel_id)
    {
        if endpoint.is_empty() {
            c.webhook_endpoint = None;
        } else {
            c.webhook_endpoint = Some(endpoint.to_string());
            c.webhook_active = true;
        }
    }
    Json(json!({})).into_response()
}

/// Like LINE: sends a verification webhook (no events) to the endpoint and reports the outcome.
async fn test_endpoint(
    State(shared): State<Shared>,
    headers: HeaderMap,
    body: Option<Json<Value>>,
) -> Response {
    let channel = match authorize(&shared, &headers) {
        Ok(channel) => channel,
        Err(response) => return response,
    };
    let endpoint = body
        .as_ref()
        .and_then(|b| b["endpoint"].as_str().map(str::to_owned))
        .or(channel.webhook_endpoint.clone());
    let Some(endpoint) = endpoint else {
        return bad_request("Webhook URL is not set");
    };
    let payload =
        json!({ "destination": format!("U{:0>32}", channel.channel_id), "events": [] }).to_string();
    let timestamp = chrono_like_now();
    match crate::webhook::send_webhook(&endpoint, &channel.channel_secret, payload.into_bytes())
        .await
    {
        Ok(status) => Json(json!({
            "success": (200..300).contains(&status),
            "timestamp": timestamp,
            "statusCode": status,
            "reason": if (200..300).contains(&status) { "OK" } else { "ERROR_STATUS_CODE" },
            "detail": format!("{status}"),
        }))
        .into_response(),
        Err(err) => Json(json!({
            "success": false,
            "timestamp": timestamp,
            "statusCode": 0,
            "reason": "COULD_NOT_CONNECT",
            "detail": err,
        }))
        .into_response(),
    }
}

fn chrono_like_now() -> String {
    let ms = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_millis())
        .unwrap_or(0);
    format!("{ms}")
}

async fn profile(
    State(shared): State<Shared>,
    headers: HeaderMap,
    Path(user_id): Path<String>,
) -> Response {
    if let Err(response) = authorize(&shared, &headers) {
        return response;
    }
    // A group member who is not the account's friend ("Unf…" here) has no profile for the bot.
    if !user_id.starts_with('U') || user_id.starts_with("Unf") {
        return (
            StatusCode::NOT_FOUND,
            Json(json!({ "message": "Not found" })),
        )
            .into_response();
    }
    let short: String = user_id.chars().skip(1).take(6).collect();
    let mut profile = json!({
        "displayName": format!("Customer {short}"),
        "userId": user_id,
        "statusMessage": "Hello from the fake LINE platform",
    });
    // LINE leaves `language` out until the user consents to its privacy policy.
    if let Some(language) = shared.profile_language(&user_id) {
        profile["language"] = json!(language);
    }
    Json(profile).into_response()
}

fn check_messages(body: &Value) -> Result<usize, Response> {
    let Some(messages) = body["messages"].as_array() else {
        return Err(bad_request("The request body has 1 error(s)"));
    };
    if messages.is_empty() || messages.len() > 5 {
        return Err(bad_request("Size must be between 1 and 5"));
    }
    for message in messages {
        if message["type"] == "text"
            && message["text"]
                .as_str()
                .is_some_and(|t| t.chars().count() > 5000)
        {
            return Err(bad_request("Length must be between 0 and 5000"));
        }
    }
    Ok(messages.len())
}

fn sent_messages(shared: &Shared, count: usize) -> Value {
    let mut inner = shared.lock();
    let sent: Vec<Value> = (0..count)
        .map(|_| {
            inner.next_message_id += 1;
            let id = 500_000_000_000_000u64 + inner.next_message_id;
            json!({ "id": id.to_string(), "quoteToken": format!("q{id}") })
        })
        .collect();
    json!({ "sentMessages": sent })
}

async fn reply(
    State(shared): State<Shared>,
    headers: HeaderMap,
    body: Option<Json<Value>>,
) -> Response {
    if let Err(response) = authorize(&shared, &headers) {
        return response;
    }
    let Some(Json(body)) = body else {
        return bad_request("The request body has 1 error(s)");
    };
    if body["replyToken"].as_str().is_none_or(str::is_empty) {
        return bad_request("Invalid reply token");
    }
    match check_messages(&body) {
        Ok(count) => Json(sent_messages(&shared, count)).into_response(),
        Err(response) => response,
    }
}

/// Push with `X-Line-Retry-Key`: a key seen before answers 409, as LINE does.
async fn push(
    State(shared): State<Shared>,
    headers: HeaderMap,
    body: Option<Json<Value>>,
) -> Response {
    if let Err(response) = authorize(&shared, &headers) {
        return response;
    }
    let Some(Json(body)) = body else {
        return bad_request("The request body has 1 error(s)");
    };
    if body["to"].as_str().is_none_or(str::is_empty) {
        return bad_request("The property, 'to', in the request body is invalid");
    }
    let count = match check_messages(&body) {
        Ok(count) => count,
        Err(response) => return response,
    };
    if let Some(key) = headers
        .get("x-line-retry-key")
        .and_then(|v| v.to_str().ok())
    {
        let fresh = shared.lock().accepted_retry_keys.insert(key.to_string());
        if !fresh {
            return (
                StatusCode::CONFLICT,
                [("x-line-accepted-request-id", key.to_string())],
                Json(json!({ "message": "The retry key is already accepted" })),
            )
                .into_response();
        }
    }
    Json(sent_messages(&shared, count)).into_response()
}

async fn content(
    State(shared): State<Shared>,
    headers: HeaderMap,
    Path(id): Path<String>,
) -> Response {
    if let Err(response) = authorize(&shared, &headers) {
        return response;
    }
    let stored = shared.lock().content.get(&id).cloned();
    match stored {
        Some((content_type, bytes)) => ([("content-type", content_type)], bytes).into_response(),
        None => (
            StatusCode::NOT_FOUND,
            Json(json!({ "message": "Not found" })),
        )
            .into_response(),
    }
}

async fn transcoding(
    State(shared): State<Shared>,
    headers: HeaderMap,
    Path(id): Path<String>,
) -> Response {
    if let Err(response) = authorize(&shared, &headers) {
        return response;
    }
    let known = shared.lock().content.contains_key(&id);
    Json(json!({ "status": if known { "succeeded" } else { "processing" } })).into_response()
}

async fn loading(
    State(shared): State<Shared>,
    headers: HeaderMap,
    body: Option<Json<Value>>,
) -> Response {
    if let Err(response) = authorize(&shared, &headers) {
        return response;
    }
    let Some(Json(body)) = body else {
        return bad_request("The request body has 1 error(s)");
    };
    if body["chatId"].as_str().is_none_or(str::is_empty) {
        return bad_request("The property, 'chatId', in the request body is invalid");
    }
    (StatusCode::ACCEPTED, Json(json!({}))).into_response()
}

/// POST /v2/bot/chat/markAsRead: LINE's answers for a missing or unusable token.
async fn mark_as_read(
    State(shared): State<Shared>,
    headers: HeaderMap,
    body: Option<Json<Value>>,
) -> Response {
    let channel = match authorize(&shared, &headers) {
        Ok(channel) => channel,
        Err(response) => return response,
    };
    let Some(Json(body)) = body else {
        return bad_request("The request body has 1 error(s)");
    };
    match body["markAsReadToken"].as_str() {
        None => bad_request("The request body has 1 error(s)"),
        // Tokens only work for a bot whose messages wait to be marked (Chat on).
        Some(token) if token.is_empty() || channel.chat_mode == "bot" => bad_request(
            "An invalid markAsReadToken is specified. Tokens must be used by the bot that received them via Webhook.",
        ),
        Some(_) => Json(json!({})).into_response(),
    }
}

/// GET /v2/bot/group/{groupId}/member/{userId} (and the room one): a member's name, friend or not.
async fn member_profile(
    State(shared): State<Shared>,
    headers: HeaderMap,
    Path((chat_id, user_id)): Path<(String, String)>,
) -> Response {
    if let Err(response) = authorize(&shared, &headers) {
        return response;
    }
    if !(chat_id.starts_with('C') || chat_id.starts_with('R')) || !user_id.starts_with('U') {
        return (
            StatusCode::NOT_FOUND,
            Json(json!({ "message": "Not found" })),
        )
            .into_response();
    }
    let short: String = user_id
        .chars()
        .rev()
        .take(4)
        .collect::<Vec<_>>()
        .into_iter()
        .rev()
        .collect();
    Json(json!({ "displayName": format!("Member {short}"), "userId": user_id })).into_response()
}
