//! The LINE Messaging API calls linedesk makes. Base URLs come from configuration, so tests
//! and demos point them at `fake-line`.

use domain::account::{BotProfile, WebhookTest};
use domain::Problem;
use serde::Deserialize;
use serde_json::json;
use std::time::Duration;
use url::Url;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LineError {
    /// 401: LINE does not accept this channel access token.
    Rejected,
    /// LINE answered with another error status; `message` is LINE's own text.
    Status {
        status: u16,
        message: String,
        retry_after: Option<u64>,
    },
    /// No answer: connection refused, timeout, TLS failure, dropped connection.
    Unreachable(String),
}

impl LineError {
    /// Worth asking again later (LINE down or busy), as opposed to a refusal.
    pub fn is_transient(&self) -> bool {
        match self {
            LineError::Unreachable(_) => true,
            LineError::Status { status, .. } => *status >= 500 || *status == 429 || *status == 408,
            LineError::Rejected => false,
        }
    }

    /// The failure as a problem a person reads (LINE's own text stays as LINE wrote it).
    pub fn problem(&self) -> Problem {
        match self {
            LineError::Rejected => Problem::LineRejectedToken,
            LineError::Status {
                status, message, ..
            } if message.is_empty() => Problem::LineStatus { status: *status },
            LineError::Status {
                status, message, ..
            } => Problem::LineStatusMessage {
                status: *status,
                message: message.clone(),
            },
            LineError::Unreachable(why) => Problem::LineUnreachable { why: why.clone() },
        }
    }

    /// The failure, with the advice to try again or save the account unverified.
    pub fn retry_problem(&self) -> Problem {
        match self.problem() {
            Problem::LineStatus { status } => Problem::LineStatusRetry { status },
            Problem::LineStatusMessage { status, message } => {
                Problem::LineStatusMessageRetry { status, message }
            }
            Problem::LineUnreachable { why } => Problem::LineUnreachableRetry { why },
            other => other,
        }
    }

    pub fn describe(&self) -> String {
        match self {
            LineError::Rejected => "LINE rejected this channel access token".into(),
            LineError::Status {
                status, message, ..
            } if message.is_empty() => {
                format!("LINE answered with status {status}")
            }
            LineError::Status {
                status, message, ..
            } => {
                format!("LINE answered with status {status}: {message}")
            }
            LineError::Unreachable(why) => format!("LINE could not be reached ({why})"),
        }
    }
}

#[derive(Clone, Debug)]
pub struct LineClient {
    http: reqwest::Client,
    api_base: Url,
    data_base: Url,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct BotInfo {
    user_id: String,
    #[serde(default)]
    basic_id: String,
    display_name: String,
    picture_url: Option<String>,
    // Unknown words (a mode LINE adds later) read as "not said" rather than failing the check.
    #[serde(default)]
    chat_mode: Option<String>,
    #[serde(default)]
    mark_as_read_mode: Option<String>,
}

/// A LINE user's profile (GET /v2/bot/profile/{userId}).
#[derive(Clone, Debug, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "camelCase")]
pub struct Profile {
    pub display_name: String,
    pub picture_url: Option<String>,
    pub status_message: Option<String>,
    pub language: Option<String>,
}

/// One message LINE took (`sentMessages` in a reply's or push's answer).
#[derive(Clone, Debug, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "camelCase")]
pub struct SentMessage {
    pub id: String,
    #[serde(default)]
    pub quote_token: Option<String>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct SentMessages {
    #[serde(default)]
    sent_messages: Vec<SentMessage>,
}

/// The messages LINE says it sent. An answer without them (older platforms) is still a send.
async fn sent_messages(response: reqwest::Response) -> Vec<SentMessage> {
    response
        .json::<SentMessages>()
        .await
        .map(|answer| answer.sent_messages)
        .unwrap_or_default()
}

#[derive(Deserialize)]
struct Endpoint {
    endpoint: String,
    active: bool,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct TestResult {
    success: bool,
    #[serde(default)]
    status_code: u16,
    #[serde(default)]
    reason: String,
    #[serde(default)]
    detail: String,
}

impl LineClient {
    /// The same platform through connections of its own. A connection is driven by the async
    /// runtime it was opened on: a worker on a runtime of its own (workers.rs) keeps its
    /// connections apart from the request threads'.
    pub fn with_own_connections(&self) -> Self {
        Self::new(self.api_base.clone(), self.data_base.clone())
    }

    pub fn new(api_base: Url, data_base: Url) -> Self {
        let http = reqwest::Client::builder()
            .timeout(Duration::from_secs(10))
            .connect_timeout(Duration::from_secs(5))
            .user_agent(concat!("linedesk/", env!("CARGO_PKG_VERSION")))
            .build()
            .expect("a TLS backend is compiled in");
        Self {
            http,
            api_base,
            data_base,
        }
    }

    fn url(&self, path: &str) -> Url {
        self.api_base.join(path).expect("static API paths join")
    }

    async fn send(&self, request: reqwest::RequestBuilder) -> Result<reqwest::Response, LineError> {
        let response = request.send().await.map_err(|err| {
            let why = if err.is_timeout() {
                "timed out".to_string()
            } else if err.is_connect() {
                "connection failed".to_string()
            } else {
                "no answer".to_string()
            };
            LineError::Unreachable(why)
        })?;
        let status = response.status().as_u16();
        if status == 401 {
            return Err(LineError::Rejected);
        }
        if !(200..300).contains(&status) {
            let retry_after = response
                .headers()
                .get("retry-after")
                .and_then(|v| v.to_str().ok())
                .and_then(|v| v.trim().parse::<u64>().ok());
            let message = response
                .json::<serde_json::Value>()
                .await
                .ok()
                .and_then(|body| body["message"].as_str().map(str::to_owned))
                .unwrap_or_default();
            return Err(LineError::Status {
                status,
                message,
                retry_after,
            });
        }
        Ok(response)
    }

    pub async fn bot_info(&self, token: &str) -> Result<BotProfile, LineError> {
        let response = self
            .send(self.http.get(self.url("/v2/bot/info")).bearer_auth(token))
            .await?;
        let info: BotInfo = response
            .json()
            .await
            .map_err(|e| LineError::Unreachable(format!("unreadable answer: {e}")))?;
        Ok(BotProfile {
            user_id: info.user_id,
            display_name: info.display_name,
            basic_id: info.basic_id,
            picture_url: info.picture_url,
            chat_mode: info.chat_mode.and_then(|m| m.parse().ok()),
            read_mode: info.mark_as_read_mode.and_then(|m| m.parse().ok()),
        })
    }

    pub async fn webhook_endpoint(&self, token: &str) -> Result<(String, bool), LineError> {
        let response = self
            .send(
                self.http
                    .get(self.url("/v2/bot/channel/webhook/endpoint"))
                    .bearer_auth(token),
            )
            .await?;
        let endpoint: Endpoint = response
            .json()
            .await
            .map_err(|e| LineError::Unreachable(format!("unreadable answer: {e}")))?;
        Ok((endpoint.endpoint, endpoint.active))
    }

    /// LINE's clock: the Date of its answer to an unauthenticated request (any status does),
    /// in Unix ms, and how long the round trip took (the Date is from somewhere inside it).
    pub async fn server_time(&self) -> Result<(i64, Duration), LineError> {
        let asked = std::time::Instant::now();
        let response = self
            .http
            .get(self.url("/v2/bot/info"))
            .send()
            .await
            .map_err(|err| LineError::Unreachable(err.without_url().to_string()))?;
        let took = asked.elapsed();
        let date = response
            .headers()
            .get(reqwest::header::DATE)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| httpdate::parse_http_date(v).ok())
            .ok_or_else(|| LineError::Unreachable("LINE's answer has no Date".into()))?;
        let ms = date
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.as_millis() as i64)
            .unwrap_or_default();
        Ok((ms, took))
    }

    pub async fn set_webhook_endpoint(&self, token: &str, endpoint: &str) -> Result<(), LineError> {
        self.send(
            self.http
                .put(self.url("/v2/bot/channel/webhook/endpoint"))
                .bearer_auth(token)
                .json(&json!({ "endpoint": endpoint })),
        )
        .await?;
        Ok(())
    }

    pub async fn profile(&self, token: &str, user_id: &str) -> Result<Profile, LineError> {
        let url = self.url(&format!("/v2/bot/profile/{user_id}"));
        let response = self.send(self.http.get(url).bearer_auth(token)).await?;
        response
            .json()
            .await
            .map_err(|e| LineError::Unreachable(format!("unreadable answer: {e}")))
    }

    /// A group or room member's profile (GET /v2/bot/group/{groupId}/member/{userId}, or the
    /// room's): LINE gives it for members who are not the account's friends too, name and
    /// picture only.
    pub async fn member_profile(
        &self,
        token: &str,
        room: bool,
        chat_id: &str,
        user_id: &str,
    ) -> Result<Profile, LineError> {
        let kind = if room { "room" } else { "group" };
        let url = self.url(&format!("/v2/bot/{kind}/{chat_id}/member/{user_id}"));
        let response = self.send(self.http.get(url).bearer_auth(token)).await?;
        response
            .json()
            .await
            .map_err(|e| LineError::Unreachable(format!("unreadable answer: {e}")))
    }

    /// POST /v2/bot/message/reply (at most 5 messages; a reply token works once, for a while).
    /// Returns LINE's id and quote token of each message sent.
    pub async fn reply(
        &self,
        token: &str,
        reply_token: &str,
        messages: &serde_json::Value,
    ) -> Result<Vec<SentMessage>, LineError> {
        let body = json!({ "replyToken": reply_token, "messages": messages });
        let response = self
            .send(
                self.http
                    .post(self.url("/v2/bot/message/reply"))
                    .bearer_auth(token)
                    .json(&body),
            )
            .await?;
        Ok(sent_messages(response).await)
    }

    /// POST /v2/bot/message/push with a retry key: LINE answers 409 when that key was accepted
    /// before, which means the messages were already sent.
    pub async fn push(
        &self,
        token: &str,
        to: &str,
        messages: &serde_json::Value,
        retry_key: &str,
    ) -> Result<Vec<SentMessage>, LineError> {
        let body = json!({ "to": to, "messages": messages });
        let request = self
            .http
            .post(self.url("/v2/bot/message/push"))
            .bearer_auth(token)
            .header("X-Line-Retry-Key", retry_key)
            .json(&body);
        let response = self.send(request).await?;
        Ok(sent_messages(response).await)
    }

    /// POST /v2/bot/chat/markAsRead: the customer sees "Read" on the message the token came
    /// with and every earlier one.
    pub async fn mark_as_read(
        &self,
        token: &str,
        mark_as_read_token: &str,
    ) -> Result<(), LineError> {
        let body = json!({ "markAsReadToken": mark_as_read_token });
        self.send(
            self.http
                .post(self.url("/v2/bot/chat/markAsRead"))
                .bearer_auth(token)
                .json(&body),
        )
        .await?;
        Ok(())
    }

    /// POST /v2/bot/chat/loading/start: LINE shows "…" to the customer (1:1 chats only).
    pub async fn show_loading(
        &self,
        token: &str,
        chat_id: &str,
        seconds: u32,
    ) -> Result<(), LineError> {
        let body = json!({ "chatId": chat_id, "loadingSeconds": seconds });
        self.send(
            self.http
                .post(self.url("/v2/bot/chat/loading/start"))
                .bearer_auth(token)
                .json(&body),
        )
        .await?;
        Ok(())
    }

    /// GET /v2/bot/message/{id}/content/transcoding: "processing", "succeeded" or "failed"
    /// (videos and audio must be ready before their content can be fetched).
    pub async fn transcoding(&self, token: &str, message_id: &str) -> Result<String, LineError> {
        let url = self
            .data_base
            .join(&format!("/v2/bot/message/{message_id}/content/transcoding"))
            .expect("path joins");
        let response = self.send(self.http.get(url).bearer_auth(token)).await?;
        let body: serde_json::Value = response
            .json()
            .await
            .map_err(|e| LineError::Unreachable(format!("unreadable answer: {e}")))?;
        Ok(body["status"].as_str().unwrap_or("failed").to_string())
    }

    /// GET /v2/bot/message/{id}/content from the data host, refusing anything larger than
    /// `max_bytes`. LINE's Content-Type is not returned: linedesk decides a file's type from
    /// its bytes (`domain::file_type`), never from a header.
    pub async fn content(
        &self,
        token: &str,
        message_id: &str,
        max_bytes: u64,
    ) -> Result<Vec<u8>, LineError> {
        let url = self
            .data_base
            .join(&format!("/v2/bot/message/{message_id}/content"))
            .expect("path joins");
        let mut response = self
            .send(
                self.http
                    .get(url)
                    .bearer_auth(token)
                    .timeout(Duration::from_secs(120)),
            )
            .await?;
        if response.content_length().is_some_and(|len| len > max_bytes) {
            return Err(LineError::Status {
                status: 413,
                message: format!("larger than {max_bytes} bytes"),
                retry_after: None,
            });
        }
        let mut bytes = Vec::new();
        while let Some(chunk) = response
            .chunk()
            .await
            .map_err(|e| LineError::Unreachable(e.to_string()))?
        {
            bytes.extend_from_slice(&chunk);
            if bytes.len() as u64 > max_bytes {
                return Err(LineError::Status {
                    status: 413,
                    message: format!("larger than {max_bytes} bytes"),
                    retry_after: None,
                });
            }
        }
        Ok(bytes)
    }

    pub async fn test_webhook(
        &self,
        token: &str,
        endpoint: &str,
    ) -> Result<WebhookTest, LineError> {
        let response = self
            .send(
                self.http
                    .post(self.url("/v2/bot/channel/webhook/test"))
                    .bearer_auth(token)
                    .json(&json!({ "endpoint": endpoint })),
            )
            .await?;
        let result: TestResult = response
            .json()
            .await
            .map_err(|e| LineError::Unreachable(format!("unreadable answer: {e}")))?;
        Ok(WebhookTest {
            success: result.success,
            status_code: result.status_code,
            reason: result.reason,
            detail: result.detail,
        })
    }
}
