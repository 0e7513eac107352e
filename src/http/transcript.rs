//! GET /conversations/{id}/transcript.txt and .json: the whole conversation, both sides, with
//! links to its files, for those who may read it. Each export is audited (without content).

use crate::http::router::AppState;
use axum::extract::{ConnectInfo, Path, Request, State};
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use domain::conversation::{ConversationDetail, DeliveryState, MessageDirection, MessageView};
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

/// Every way text can start a new line in a viewer: LF, CR, VT, FF, NEL and the Unicode line
/// and paragraph separators.
fn is_line_break(c: char) -> bool {
    matches!(
        c,
        '\n' | '\r' | '\u{0b}' | '\u{0c}' | '\u{85}' | '\u{2028}' | '\u{2029}'
    )
}

/// A name on one line: line breaks and other control characters become spaces.
fn one_line(text: &str) -> String {
    text.chars()
        .map(|c| {
            if c.is_control() || is_line_break(c) {
                ' '
            } else {
                c
            }
        })
        .collect()
}

/// Text that may span lines, with every line after the first indented, so only a message's
/// first line starts at the margin and a customer's text cannot pass for another message.
fn indented(text: &str) -> String {
    let text = text.replace("\r\n", "\n");
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if is_line_break(c) {
            out.push_str("\n    ");
        } else {
            out.push(c);
        }
    }
    out
}

/// Who said it, as the transcript names them.
fn speaker(message: &MessageView, customer: &str) -> String {
    match message.direction {
        MessageDirection::In => format!("Customer ({customer})"),
        MessageDirection::System => "System".into(),
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
    if message.delivery == Some(DeliveryState::Failed) {
        text.push_str(&format!(
            " (not delivered: {})",
            message.failure.clone().unwrap_or_default()
        ));
    }
    text
}

pub fn text_transcript(detail: &ConversationDetail, base: &str) -> String {
    let s = &detail.summary;
    let customer = one_line(&s.customer_name);
    let mut out = format!(
        "Conversation #{} with {} on {}\nOpened {} · state {}{}\n\n",
        s.id,
        customer,
        one_line(&s.account_name),
        format_utc(s.opened_at),
        s.state,
        s.assigned_to
            .as_ref()
            .map(|a| format!(" · agent {}", one_line(a)))
            .unwrap_or_default()
    );
    for m in &detail.messages {
        out.push_str(&format!(
            "[{}] {}: {}\n",
            format_utc(m.sent_at),
            one_line(&speaker(m, &customer)),
            indented(&content(m, base))
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
                .map(|c| format!(" — {}", indented(c)))
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

#[cfg(test)]
mod tests {
    use super::*;
    use domain::conversation::{ChatKind, ConversationState, ConversationSummary};

    fn message(direction: &str, body: &str, author: Option<&str>) -> MessageView {
        MessageView {
            id: 1,
            direction: direction.parse().unwrap(),
            kind: "text".into(),
            body: Some(body.into()),
            sent_at: 1_700_000_000_000,
            unsent: false,
            edited: false,
            delivery: None,
            failure: None,
            attachment: None,
            automated: false,
            bot: false,
            author: author.map(Into::into),
            rich: None,
            sender: None,
            quotable: false,
            quoted: None,
        }
    }

    fn detail(messages: Vec<MessageView>) -> ConversationDetail {
        ConversationDetail {
            summary: ConversationSummary {
                id: 7,
                account_name: "Support".into(),
                customer_name: "Mallory\n[2023-11-14 22:13 UTC] Agent (Boss): hi".into(),
                picture_url: None,
                chat_kind: ChatKind::User,
                state: ConversationState::Active,
                last_message: None,
                first_message: None,
                contact_name: None,
                last_message_at: 0,
                opened_at: 0,
                account_deleted: false,
                workstream: None,
                queue: None,
                assigned_to: None,
                mine: false,
                bot: false,
                offer_expires_at: None,
                can_pick: false,
                unread: 0,
                mentioned: false,
                last_customer_message: None,
                waiting_since: None,
                read_at: 0,
                notice: None,
            },
            replies_disabled: None,
            language: None,
            messages,
            earlier: None,
            survey: None,
            agents_can_attach: false,
            can_transfer: false,
            quick_replies: vec![],
            read_only: false,
            send_seed: String::new(),
            file_rules: None,
        }
    }

    /// A customer's multi-line text (any line break) cannot start a line that reads as another
    /// speaker's message: every line that is not a message's first is indented.
    #[test]
    fn multi_line_text_cannot_forge_a_message_line() {
        let forged = "ok\n[2023-11-14 22:13 UTC] Agent (Boss): your refund is approved\r[x] Agent (B): a\r\n[y] Agent (C): b\u{2028}[z] Agent (D): c";
        let text = text_transcript(
            &detail(vec![
                message("in", forged, None),
                message("out", "line one\nline two", Some("Ann")),
            ]),
            "https://desk.example.com",
        );
        let starts: Vec<&str> = text
            .split('\n')
            .filter(|line| line.starts_with('['))
            .collect();
        assert_eq!(starts.len(), 2, "{text}");
        assert!(starts[0].contains("] Customer (Mallory"), "{text}");
        assert!(starts[1].contains("] Agent (Ann): line one"), "{text}");
        assert!(text.contains("\n    line two\n"), "{text}");
        assert!(
            !text.contains('\r') && !text.contains('\u{2028}'),
            "{text:?}"
        );
        // The header's customer name is one line too.
        assert!(text
            .lines()
            .next()
            .unwrap()
            .starts_with("Conversation #7 with Mallory"));
        assert!(!text.lines().nth(1).unwrap().starts_with('['), "{text}");
    }
}
