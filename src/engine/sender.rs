//! Outbound messages: stored first (message + outbox calls in one transaction), then sent by
//! the sender. A fresh reply token is used once; otherwise push with a retry key generated once
//! per call, so retries after timeouts or 5xx never deliver twice (LINE answers 409 instead).

use crate::clock::now_ms;
use crate::db::outbox::{CallKind, OutboxState};
use crate::db::{conversations, messages, outbox, quotes};
use crate::engine::{uuid_v4, Engine};
use crate::line::client::LineError;
use domain::conversation::{DeliveryState, MessageDirection};
use domain::message::{split_text, MESSAGES_PER_CALL, TEXT_MAX};
use serde_json::{json, Value};

/// A reply token older than this is not worth trying (LINE's tokens last about a minute).
pub const REPLY_TOKEN_MAX_AGE_MS: i64 = 50_000;
const LEASE_MS: i64 = 60_000;

/// An outbound text: an agent's reply, or an automated message (no author) that is stored at
/// most once per conversation under `once_key`.
pub struct Outgoing<'a> {
    pub author_user_id: Option<i64>,
    pub text: &'a str,
    /// The automated message's trigger, kept in the payload so agents see what sent it.
    pub automated: Option<&'a str>,
    /// Messages with the same key are stored (and sent) once per conversation.
    pub once_key: Option<String>,
    /// LINE quick-reply buttons attached to the last message.
    pub quick_reply: Option<Value>,
    /// The customer message this reply quotes.
    pub quote: Option<Quote>,
}

/// A customer message a reply quotes: LINE shows it above the reply.
#[derive(Clone, Debug)]
pub struct Quote {
    pub message_id: i64,
    /// The message's `quoteToken` from its webhook event.
    pub token: String,
}

/// Stores an agent's text for sending; returns the message id.
pub async fn enqueue_text(
    engine: &Engine,
    conversation_id: i64,
    author_user_id: i64,
    text: &str,
) -> anyhow::Result<i64> {
    let outgoing = Outgoing {
        author_user_id: Some(author_user_id),
        text,
        automated: None,
        once_key: None,
        quick_reply: None,
        quote: None,
    };
    enqueue(engine, conversation_id, &outgoing)
        .await?
        .ok_or_else(|| anyhow::anyhow!("an outbound message was not stored"))
}

/// Stores a message and its LINE calls in one transaction. None when a message with the same
/// `once_key` was stored before (nothing is sent again).
pub async fn enqueue(
    engine: &Engine,
    conversation_id: i64,
    out: &Outgoing<'_>,
) -> anyhow::Result<Option<i64>> {
    let now = now_ms();
    let conversation = conversations::get(&engine.db.pool, conversation_id)
        .await?
        .ok_or_else(|| anyhow::anyhow!("conversation {conversation_id} not found"))?;
    let pieces = split_text(out.text, TEXT_MAX);
    let mut payload_note = json!({ "pieces": pieces.len() });
    if let Some(trigger) = out.automated {
        payload_note["automated"] = json!(trigger);
    }
    if let Some(quick_reply) = &out.quick_reply {
        payload_note["quickReply"] = quick_reply.clone();
    }
    if let Some(quote) = &out.quote {
        payload_note["quotes"] = json!(quote.message_id);
    }
    let mut tx = engine.db.begin_write().await?;
    let Some(message_id) = messages::insert(
        &mut *tx,
        &messages::NewMessage {
            conversation_id,
            direction: MessageDirection::Out,
            kind: "text",
            line_message_id: out.once_key.as_deref(),
            sender_id: None,
            author_user_id: out.author_user_id,
            body: Some(out.text),
            payload: &payload_note.to_string(),
            sent_at: now,
            delivery: Some(DeliveryState::Queued),
        },
        now,
    )
    .await?
    else {
        return Ok(None);
    };
    let reply = conversations::take_reply_token(&mut tx, conversation_id).await?;
    let mut reply = reply.filter(|(_, at)| now - at < REPLY_TOKEN_MAX_AGE_MS);
    let chunks: Vec<&[String]> = pieces.chunks(MESSAGES_PER_CALL).collect();
    let last_chunk = chunks.len().saturating_sub(1);
    for (i, chunk) in chunks.into_iter().enumerate() {
        let mut payload: Vec<Value> = chunk
            .iter()
            .map(|text| json!({ "type": "text", "text": text }))
            .collect();
        if let (true, Some(quick_reply), Some(last)) =
            (i == last_chunk, &out.quick_reply, payload.last_mut())
        {
            last["quickReply"] = quick_reply.clone();
        }
        // A long reply quotes once, with its first part.
        if let (0, Some(quote), Some(first)) = (i, &out.quote, payload.first_mut()) {
            first["quoteToken"] = json!(quote.token);
        }
        let retry_key = uuid_v4();
        let reply_now = reply.take();
        let call = outbox::NewCall {
            kind: CallKind::Send,
            message_id,
            account_id: conversation.account_id,
            to_id: &conversation.chat_id,
            payload: &Value::Array(payload).to_string(),
            retry_key: &retry_key,
            // Only the first call can use the reply token.
            reply_token: reply_now.as_ref().map(|(token, at)| (token.as_str(), *at)),
        };
        outbox::insert(&mut *tx, &call, now).await?;
    }
    tx.commit().await?;
    Ok(Some(message_id))
}

/// A file an agent sends, already in the attachment store.
pub struct OutgoingFile<'a> {
    pub author_user_id: i64,
    pub name: &'a str,
    pub content_type: &'a str,
    pub size: i64,
    pub sha256: &'a str,
}

/// Stores an agent's file message and its LINE call. Photos go as LINE image messages; LINE
/// has no message type for other files (and needs previews and durations for video and
/// audio), so those go as a text with the file's signed link.
pub async fn enqueue_file(
    engine: &Engine,
    conversation_id: i64,
    file: &OutgoingFile<'_>,
) -> anyhow::Result<i64> {
    let now = now_ms();
    let conversation = conversations::get(&engine.db.pool, conversation_id)
        .await?
        .ok_or_else(|| anyhow::anyhow!("conversation {conversation_id} not found"))?;
    let kind = match file.content_type {
        t if domain::file_type::is_line_photo(t) => "image",
        t if t.starts_with("video/") => "video",
        t if t.starts_with("audio/") => "audio",
        _ => "file",
    };
    let mut tx = engine.db.begin_write().await?;
    let message_id = messages::insert(
        &mut *tx,
        &messages::NewMessage {
            conversation_id,
            direction: MessageDirection::Out,
            kind,
            line_message_id: None,
            sender_id: None,
            author_user_id: Some(file.author_user_id),
            body: Some(file.name),
            payload: &json!({ "file": file.name, "size": file.size }).to_string(),
            sent_at: now,
            delivery: Some(DeliveryState::Queued),
        },
        now,
    )
    .await?
    .ok_or_else(|| anyhow::anyhow!("an outbound file message was not stored"))?;
    let attachment_id = crate::db::attachments::insert_stored(
        &mut *tx,
        &crate::db::attachments::StoredFile {
            message_id,
            account_id: conversation.account_id,
            kind,
            content_type: file.content_type,
            size: file.size,
            sha256: file.sha256,
            file_name: file.name,
        },
        now,
    )
    .await?;
    let url = engine.media_url(attachment_id);
    let message = if kind == "image" {
        json!({ "type": "image", "originalContentUrl": url, "previewImageUrl": url })
    } else {
        json!({ "type": "text", "text": format!("📎 {}\n{url}", file.name) })
    };
    let reply = conversations::take_reply_token(&mut tx, conversation_id)
        .await?
        .filter(|(_, at)| now - at < REPLY_TOKEN_MAX_AGE_MS);
    let retry_key = uuid_v4();
    outbox::insert(
        &mut *tx,
        &outbox::NewCall {
            kind: CallKind::Send,
            message_id,
            account_id: conversation.account_id,
            to_id: &conversation.chat_id,
            payload: &json!([message]).to_string(),
            retry_key: &retry_key,
            reply_token: reply.as_ref().map(|(token, at)| (token.as_str(), *at)),
        },
        now,
    )
    .await?;
    tx.commit().await?;
    Ok(message_id)
}

/// The outbox's backoff (outbox::QUEUE), but no sooner than LINE's Retry-After.
fn backoff(attempts: i32, retry_after_s: Option<u64>) -> i64 {
    let floor = retry_after_s.map(|s| s as i64 * 1000).unwrap_or(0);
    outbox::QUEUE.backoff.delay(attempts).max(floor)
}

/// Sends every due call once; returns how many calls were attempted.
pub async fn send_due(engine: &Engine) -> anyhow::Result<usize> {
    let calls = outbox::claim_due(
        &mut *engine.db.write().await?,
        engine.db.backend,
        now_ms(),
        LEASE_MS,
        20,
    )
    .await?;
    let attempted = calls.len();
    for call in calls {
        if let Err(err) = send_one(engine, &call).await {
            tracing::warn!(call = call.id, %err, "sending an outbox call");
        }
    }
    Ok(attempted)
}

/// Sends the account's due calls now, each once (a failure is rescheduled or marked as usual).
pub async fn send_account_now(engine: &Engine, account_id: i64) -> anyhow::Result<()> {
    loop {
        let calls = outbox::claim_due_for_account(
            &mut *engine.db.write().await?,
            engine.db.backend,
            account_id,
            now_ms(),
            LEASE_MS,
            20,
        )
        .await?;
        if calls.is_empty() {
            return Ok(());
        }
        for call in calls {
            // A call LINE did not take is rescheduled past now, so the loop ends.
            send_one(engine, &call).await?;
        }
    }
}

async fn send_one(engine: &Engine, call: &outbox::OutboxRow) -> anyhow::Result<()> {
    let now = now_ms();
    let token = match engine.token(call.account_id).await {
        Ok(token) => token,
        Err(err) => {
            outbox::mark_failed(
                &engine.db.pool,
                call.id,
                &format!("The messaging account cannot send: {err}"),
                now,
            )
            .await?;
            return match call.kind {
                CallKind::Send => update_delivery(engine, call.message_id).await,
                CallKind::MarkRead => Ok(()),
            };
        }
    };
    if call.kind == CallKind::MarkRead {
        return send_mark_read(engine, call, &token).await;
    }
    let payload: Value = serde_json::from_str(&call.payload)?;
    let use_reply = call.reply_token.is_some()
        && call
            .reply_token_at
            .is_some_and(|at| now - at < REPLY_TOKEN_MAX_AGE_MS);
    let result = match (&call.reply_token, use_reply) {
        (Some(reply_token), true) => engine.line.reply(&token, reply_token, &payload).await,
        _ => {
            engine
                .line
                .push(&token, &call.to_id, &payload, &call.retry_key)
                .await
        }
    };
    match result {
        Ok(sent) => {
            let sent: Vec<(String, Option<String>)> =
                sent.into_iter().map(|m| (m.id, m.quote_token)).collect();
            quotes::record_sent(&engine.db.pool, call.message_id, &sent).await?;
            outbox::mark_sent(&engine.db.pool, call.id, now_ms()).await?
        }
        // The retry key was accepted before: an earlier attempt got through.
        Err(LineError::Status { status: 409, .. }) if !use_reply => {
            outbox::mark_sent(&engine.db.pool, call.id, now_ms()).await?
        }
        // A reply that failed for any reason is not tried again: push (with the retry key) next.
        Err(err) if use_reply => {
            let next = if err.is_transient() {
                now + backoff(call.attempts, None)
            } else {
                now
            };
            outbox::reschedule(&engine.db.pool, call.id, next, &err.describe(), true).await?;
        }
        Err(err) => settle_failure(engine, call, &err, now).await?,
    }
    update_delivery(engine, call.message_id).await
}

/// A call LINE did not take: tried again later when the failure may pass (no sooner than
/// LINE's Retry-After), set aside as failed when it cannot.
async fn settle_failure(
    engine: &Engine,
    call: &outbox::OutboxRow,
    err: &LineError,
    now: i64,
) -> sqlx::Result<()> {
    if !err.is_transient() {
        return outbox::mark_failed(&engine.db.pool, call.id, &err.describe(), now).await;
    }
    let retry_after = match err {
        LineError::Status { retry_after, .. } => *retry_after,
        _ => None,
    };
    let next = now + backoff(call.attempts, retry_after);
    outbox::reschedule(&engine.db.pool, call.id, next, &err.describe(), false).await
}

/// Marks the customer's messages read. Marking twice is harmless to LINE, so a retry after a
/// timeout needs no retry key; a refusal (an expired token) is set aside, not retried.
async fn send_mark_read(
    engine: &Engine,
    call: &outbox::OutboxRow,
    token: &str,
) -> anyhow::Result<()> {
    let now = now_ms();
    let payload: Value = serde_json::from_str(&call.payload).unwrap_or(Value::Null);
    // An erased customer's calls lose their payloads: nothing is left to mark.
    let Some(read_token) = payload["markAsReadToken"].as_str() else {
        outbox::mark_failed(&engine.db.pool, call.id, "no markAsReadToken", now).await?;
        return Ok(());
    };
    match engine.line.mark_as_read(token, read_token).await {
        Ok(()) => outbox::mark_sent(&engine.db.pool, call.id, now_ms()).await?,
        Err(err) => settle_failure(engine, call, &err, now).await?,
    }
    Ok(())
}

/// A message is sent when all its calls are, failed when any failed (with LINE's reason).
async fn update_delivery(engine: &Engine, message_id: i64) -> anyhow::Result<()> {
    let states = outbox::states_for_message(&engine.db.pool, message_id).await?;
    let failed = states
        .iter()
        .find(|(state, _)| *state == OutboxState::Failed);
    let (delivery, failure) = match failed {
        Some((_, error)) => (DeliveryState::Failed, error.as_deref()),
        None if states.iter().all(|(state, _)| *state == OutboxState::Sent) => {
            (DeliveryState::Sent, None)
        }
        None => (DeliveryState::Queued, None),
    };
    messages::set_delivery(&engine.db.pool, message_id, delivery, failure).await?;
    let conversation = messages::conversation_of(&engine.db.pool, message_id).await?;
    if let Some(conversation) = conversation {
        engine.live.publish(conversation).await;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::backoff;

    #[test]
    fn backoff_grows_is_capped_and_honours_retry_after() {
        assert!((800..=1200).contains(&backoff(0, None)));
        assert!((6_400..=9_600).contains(&backoff(3, None)));
        assert!(backoff(30, None) <= 360_000);
        assert!(backoff(0, Some(30)) >= 30_000);
    }
}
