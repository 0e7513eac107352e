//! What the fake platform knows: channels, recorded requests, pending faults, retry keys.

use axum::body::{Body, Bytes};
use axum::extract::{Request, State};
use axum::http::StatusCode;
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use serde::{Deserialize, Serialize};
use std::collections::{HashMap, HashSet};
use std::sync::{Arc, Mutex};
use std::time::Duration;

#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct Channel {
    pub channel_id: String,
    pub channel_secret: String,
    pub access_token: String,
    #[serde(default = "default_bot_name")]
    pub display_name: String,
    #[serde(default)]
    pub basic_id: String,
    #[serde(default)]
    pub picture_url: Option<String>,
    #[serde(default)]
    pub webhook_endpoint: Option<String>,
    #[serde(default)]
    pub webhook_active: bool,
    /// "chat" (Chat on: messages stay unread until marked) or "bot" (LINE marks them read).
    #[serde(default = "default_chat_mode")]
    pub chat_mode: String,
}

fn default_chat_mode() -> String {
    "chat".into()
}

fn default_bot_name() -> String {
    "Fake LINE bot".into()
}

#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct RecordedRequest {
    pub seq: u64,
    pub method: String,
    pub path: String,
    pub query: Option<String>,
    pub authorization: Option<String>,
    pub retry_key: Option<String>,
    pub content_type: Option<String>,
    pub body: String,
    /// The status the fake answered with (0 when the connection was dropped).
    pub status: u16,
}

/// One injected failure. Matches requests by method and path prefix, `times` times.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct Fault {
    #[serde(default)]
    pub method: Option<String>,
    pub path_prefix: String,
    #[serde(default)]
    pub status: Option<u16>,
    #[serde(default)]
    pub body: Option<serde_json::Value>,
    #[serde(default)]
    pub delay_ms: u64,
    /// Close the connection without an answer.
    #[serde(default)]
    pub drop: bool,
    #[serde(default = "one")]
    pub times: u32,
}

fn one() -> u32 {
    1
}

#[derive(Default)]
pub struct Inner {
    pub channels: Vec<Channel>,
    pub requests: Vec<RecordedRequest>,
    pub faults: Vec<Fault>,
    pub accepted_retry_keys: HashSet<String>,
    pub content: HashMap<String, (String, Vec<u8>)>,
    pub next_seq: u64,
    pub next_message_id: u64,
    /// Profile languages set per user id (None: the profile has no `language`, as before the
    /// user consents to LINE's privacy policy). Users not listed report "en".
    pub profile_languages: HashMap<String, Option<String>>,
}

#[derive(Clone, Default)]
pub struct Shared(pub Arc<Mutex<Inner>>);

impl Shared {
    pub fn with_demo_channel() -> Self {
        let shared = Shared::default();
        shared.add_channel(Channel {
            channel_id: crate::DEMO_CHANNEL_ID.into(),
            channel_secret: crate::DEMO_CHANNEL_SECRET.into(),
            access_token: crate::DEMO_ACCESS_TOKEN.into(),
            display_name: "linedesk demo".into(),
            basic_id: "@linedesk-demo".into(),
            picture_url: None,
            webhook_endpoint: None,
            webhook_active: false,
            chat_mode: default_chat_mode(),
        });
        shared
    }

    pub fn lock(&self) -> std::sync::MutexGuard<'_, Inner> {
        self.0
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    pub fn add_channel(&self, channel: Channel) {
        let mut inner = self.lock();
        inner
            .channels
            .retain(|c| c.channel_id != channel.channel_id);
        inner.channels.push(channel);
    }

    pub fn channel_by_token(&self, token: &str) -> Option<Channel> {
        self.lock()
            .channels
            .iter()
            .find(|c| c.access_token == token)
            .cloned()
    }

    /// The `language` GET profile returns for this user.
    pub fn set_profile_language(&self, user_id: &str, language: Option<&str>) {
        self.lock()
            .profile_languages
            .insert(user_id.to_string(), language.map(str::to_owned));
    }

    pub fn profile_language(&self, user_id: &str) -> Option<String> {
        self.lock()
            .profile_languages
            .get(user_id)
            .cloned()
            .unwrap_or_else(|| Some("en".into()))
    }

    pub fn requests(&self) -> Vec<RecordedRequest> {
        self.lock().requests.clone()
    }

    pub fn add_fault(&self, fault: Fault) {
        self.lock().faults.push(fault);
    }

    fn take_fault(&self, method: &str, path: &str) -> Option<Fault> {
        let mut inner = self.lock();
        let index = inner.faults.iter().position(|f| {
            path.starts_with(&f.path_prefix)
                && f.method
                    .as_deref()
                    .is_none_or(|m| m.eq_ignore_ascii_case(method))
        })?;
        let fault = inner.faults[index].clone();
        if inner.faults[index].times <= 1 {
            inner.faults.remove(index);
        } else {
            inner.faults[index].times -= 1;
        }
        Some(fault)
    }
}

/// Records every LINE API request (not control calls) and applies a matching fault first.
pub async fn record_and_inject(
    State(shared): State<Shared>,
    request: Request,
    next: Next,
) -> Response {
    let path = request.uri().path().to_string();
    if path.starts_with("/__fake") {
        return next.run(request).await;
    }
    let method = request.method().to_string();
    let (authorization, retry_key, content_type) = {
        let header = |name: &str| {
            request
                .headers()
                .get(name)
                .and_then(|v| v.to_str().ok())
                .map(str::to_owned)
        };
        (
            header("authorization"),
            header("x-line-retry-key"),
            header("content-type"),
        )
    };
    let query = request.uri().query().map(str::to_owned);
    let (parts, body) = request.into_parts();
    let bytes = axum::body::to_bytes(body, 2 * 1024 * 1024)
        .await
        .unwrap_or_default();
    let body_text = String::from_utf8_lossy(&bytes).into_owned();

    let fault = shared.take_fault(&method, &path);
    let response = match &fault {
        Some(fault) => {
            if fault.delay_ms > 0 {
                tokio::time::sleep(Duration::from_millis(fault.delay_ms)).await;
            }
            if fault.drop {
                None
            } else if let Some(status) = fault.status {
                let body = fault
                    .body
                    .clone()
                    .unwrap_or_else(|| serde_json::json!({ "message": "Injected fault" }));
                Some(
                    (
                        StatusCode::from_u16(status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR),
                        axum::Json(body),
                    )
                        .into_response(),
                )
            } else {
                Some(
                    next.run(Request::from_parts(parts, Body::from(Bytes::clone(&bytes))))
                        .await,
                )
            }
        }
        None => Some(
            next.run(Request::from_parts(parts, Body::from(bytes)))
                .await,
        ),
    };
    let status = response.as_ref().map(|r| r.status().as_u16()).unwrap_or(0);
    {
        let mut inner = shared.lock();
        inner.next_seq += 1;
        let seq = inner.next_seq;
        inner.requests.push(RecordedRequest {
            seq,
            method,
            path,
            query,
            authorization,
            retry_key,
            content_type,
            body: body_text,
            status,
        });
    }
    match response {
        Some(response) => response,
        // A dropped connection: hyper closes it when the handler panics; a panic here is the
        // simplest portable way to abort mid-request without an HTTP answer.
        None => std::panic::panic_any(DroppedConnection),
    }
}

/// Marker payload for an injected dropped connection.
pub struct DroppedConnection;
