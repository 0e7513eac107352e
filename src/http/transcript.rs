//! GET /conversations/{id}/transcript.txt and .json: the whole conversation, both sides, with
//! links to its files, for those who may read it. Each export is audited (without content).

use crate::http::router::AppState;
use axum::extract::{ConnectInfo, Path, Request, State};
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use domain::conversation::{ConversationDetail, MessageView};
use domain::time::format_utc;
use domain::user::{ClientInfo, CurrentUser};
use std::net::SocketAddr;

pub async fn export(
    State(state): State<AppState>,
    Path((id, format)): Path<(i64, String)>,
    request: Request,
) -> Response {
    let Some(user) = request.extensions().get::<CurrentUser>().cloned() else {
        return StatusCode::UNAUTHORIZED.into_response();
    };
    let format = match format.as_str() {
        "transcript.txt" => "text",
        "transcript.json" => "json",
        _ => return StatusCode::NOT_FOUND.into_response(),
    };
    let client = ClientInfo {
        address: request
            .extensions()
            .get::<ConnectInfo<SocketAddr>>()
            .map(|info| info.0.ip().to_string()),
    };
    let detail = match state
        .services
        .conversations
        .export_transcript(&user, id, format, &client)
        .await
    {
        Ok(detail) => detail,
        Err(err) => {
            return (
                StatusCode::from_u16(err.status()).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR),
                err.to_string(),
            )
                .into_response()
        }
    };
    let base = state.allowed_origins.0.first().cloned().unwrap_or_default();
    let (content_type, body) = if format == "json" {
        (
            "application/json",
            serde_json::to_string_pretty(&json_transcript(&detail, &base)).unwrap_or_default(),
        )
    } else {
        ("text/plain; charset=utf-8", text_transcript(&detail, &base))
    };
    let extension = if format == "json" { "json" } else { "txt" };
    (
        [
            (header::CONTENT_TYPE, content_type.to_string()),
            (
                header::CONTENT_DISPOSITION,
                format!("attachment; filename=\"linedesk-conversation-{id}.{extension}\""),
            ),
            (header::CACHE_CONTROL, "no-store".to_string()),
        ],
        body,
    )
        .into_response()
}

/// Who said it, as the transcript names them.
fn speaker(message: &MessageView, customer: &str) -> String {
    match message.direction.as_str() {
        "in" => format!("Customer ({customer})"),
        "system" => "System".into(),
        _ if message.bot => "Bot".into(),
        _ if message.automated => "Automated".into(),
        _ => format!(
            "Agent ({})",
            message.author.clone().unwrap_or_else(|| "unknown".into())
        ),
    }
}

fn content(message: &MessageView, base: &str) -> String {
    let mut text = if message.unsent {
        "[unsent by the customer]".to_string()
    } else {
        match &message.body {
            Some(body) if message.kind == "text" => body.clone(),
            Some(body) => format!("[{}] {body}", message.kind),
            None => format!("[{}]", message.kind),
        }
    };
    if let Some(a) = &message.attachment {
        text.push_str(&format!(" <{base}{}>", a.url));
    }
    if message.edited {
        text.push_str(" (edited)");
    }
    if message.delivery.as_deref() == Some("failed") {
        text.push_str(&format!(
            " (not delivered: {})",
            message.failure.clone().unwrap_or_default()
        ));
    }
    text
}

pub fn text_transcript(detail: &ConversationDetail, base: &str) -> String {
    let s = &detail.summary;
    let mut out = format!(
        "Conversation #{} with {} on {}\nOpened {} · state {}{}\n\n",
        s.id,
        s.customer_name,
        s.account_name,
        format_utc(s.opened_at),
        s.state,
        s.assigned_to
            .as_ref()
            .map(|a| format!(" · agent {a}"))
            .unwrap_or_default()
    );
    for m in &detail.messages {
        out.push_str(&format!(
            "[{}] {}: {}\n",
            format_utc(m.sent_at),
            speaker(m, &s.customer_name),
            content(m, base)
        ));
    }
    if let Some(survey) = &detail.survey {
        out.push_str(&format!(
            "\nSurvey: {}{}\n",
            survey
                .rating
                .map(|r| format!("rated {r} of 5"))
                .unwrap_or_else(|| "no answer".into()),
            survey
                .comment
                .as_ref()
                .map(|c| format!(" — {c}"))
                .unwrap_or_default()
        ));
    }
    out
}

fn json_transcript(detail: &ConversationDetail, base: &str) -> serde_json::Value {
    let s = &detail.summary;
    serde_json::json!({
        "conversation": s.id,
        "customer": s.customer_name,
        "account": s.account_name,
        "state": s.state,
        "agent": s.assigned_to,
        "opened_at": format_utc(s.opened_at),
        "messages": detail.messages.iter().map(|m| serde_json::json!({
            "at": format_utc(m.sent_at),
            "from": speaker(m, &s.customer_name),
            "direction": m.direction,
            "kind": m.kind,
            "text": if m.unsent { None } else { m.body.clone() },
            "unsent": m.unsent,
            "edited": m.edited,
            "delivery": m.delivery,
            "attachment": m.attachment.as_ref().map(|a| serde_json::json!({
                "url": format!("{base}{}", a.url),
                "name": a.file_name,
                "content_type": a.content_type,
                "size": a.size,
                "state": a.state,
            })),
        })).collect::<Vec<_>>(),
        "survey": detail.survey.as_ref().map(|v| serde_json::json!({ "rating": v.rating, "comment": v.comment })),
    })
}
