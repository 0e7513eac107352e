//! Applying stored webhook events, oldest first. Unknown event types stay in the raw event log.

use crate::clock::now_ms;
use crate::db::conversations::{self, NewConversation};
use crate::db::messages::{self, NewMessage};
use crate::db::sqlite::chat_append;
use crate::db::sqlite::direct::WritePath;
use crate::db::webhook_events::{self, ClaimedEvent};
use crate::db::{attachments, jobs, profiles, surveys};
use crate::engine::automated::{self, ChannelContext};
use crate::engine::consent;
use crate::engine::Engine;
use crate::engine::{bot, distribution};
use crate::line::client::LineError;
use domain::automated::Trigger;
use domain::conversation::{ChatKind, MessageDirection};
use line_webhook::event::{ChatKind as LineChat, Content, ContentProvider, Event, Kind, Message};

mod batch;

/// How long a claimed event is reserved for one worker. Re-applying an event is harmless
/// (messages are keyed by LINE's ids), so a short lease only costs a little duplicate work.
const LEASE_MS: i64 = 15_000;
/// A profile older than this is fetched again on the user's next event.
const PROFILE_STALE_MS: i64 = 24 * 3600 * 1000;

/// Claims and applies due events, round after round, until nothing is due or `limit` events were
/// handled; returns how many were applied. A round applies its events in id order; once one of a
/// chat's events is not applied (it waits for a retry, or was set aside), that chat's later events
/// of the round are released unapplied, to be claimed after it.
pub async fn process_due(engine: &Engine, limit: i64) -> anyhow::Result<usize> {
    let mut applied = 0;
    let mut handled = 0;
    // The round's applied events are marked together (one write instead of one per event), with
    // the next round's claim. Each claimed event heads its chat, so no later event of a chat can
    // be claimed before its mark; if the process dies first, the leases run out and the events
    // are applied again, which is harmless (see LEASE_MS).
    let mut done = Vec::new();
    while handled < limit {
        let mut claimed = mark_and_claim(engine, &done, limit - handled).await?;
        done.clear();
        if claimed.is_empty() {
            return Ok(applied);
        }
        handled += claimed.len() as i64;
        claimed.sort_by_key(|e| e.id);
        let mut stopped_chats = std::collections::HashSet::new();
        let mut released = Vec::new();
        let mut batches = batch::Batches::new(engine.db.write_path(), &claimed);
        for position in 0..claimed.len() {
            let stored = batches.stored_for(engine, &claimed, position).await;
            let event = &claimed[position];
            let id = event.id;
            let chat = event.chat_key.clone().map(|key| (event.account_id, key));
            if chat
                .as_ref()
                .is_some_and(|chat| stopped_chats.contains(chat))
            {
                released.push(id);
            } else if apply_claimed(engine, event, stored).await? {
                done.push(id);
            } else if let Some(chat) = chat {
                stopped_chats.insert(chat);
            }
        }
        release(engine, &released).await?;
        applied += done.len();
    }
    mark_processed(engine, &done).await?;
    Ok(applied)
}

/// Marks the last round's applied events and claims the next round's (see
/// webhook_events::mark_and_claim).
async fn mark_and_claim(
    engine: &Engine,
    done: &[i64],
    limit: i64,
) -> anyhow::Result<Vec<ClaimedEvent>> {
    let now = now_ms();
    webhook_events::mark_and_claim(&engine.db, done, now, now + LEASE_MS, limit).await
}

/// Gives claimed events back unapplied (a chat stopped at an earlier event this round): claimable
/// again at once, after the event they wait for.
async fn release(engine: &Engine, ids: &[i64]) -> anyhow::Result<()> {
    Ok(webhook_events::release(&engine.db, ids).await?)
}

async fn mark_processed(engine: &Engine, ids: &[i64]) -> anyhow::Result<()> {
    Ok(webhook_events::mark_processed(&engine.db, ids, now_ms()).await?)
}

/// Applies one claimed event, or records why it could not be; true when it was applied (the
/// caller marks it processed).
async fn apply_claimed(
    engine: &Engine,
    event: &ClaimedEvent,
    stored: Option<batch::Stored>,
) -> anyhow::Result<bool> {
    let body = Event::read(&event.body);
    let applied = match stored {
        Some(stored) => apply_stored(engine, event.account_id, &body, stored).await,
        None => apply(engine, event.account_id, &body).await,
    };
    let Err(err) = applied else {
        return Ok(true);
    };
    // Set aside after its last attempt (webhook_events::QUEUE), else tried again later.
    match webhook_events::QUEUE.after_failure(event.attempts) {
        jobs::Next::SetAside => {
            tracing::error!(event = event.id, %err, "giving up on a webhook event; it stays in the raw event log");
            let error = format!("gave up after {} attempts: {err}", event.attempts + 1);
            webhook_events::give_up(&engine.db.pool, event.id, &error, now_ms()).await?;
        }
        jobs::Next::RetryIn(delay) => {
            // The event stays stored (and its chat waits for it).
            tracing::warn!(event = event.id, %err, "applying a webhook event failed; will retry");
            let retry_at = now_ms() + delay;
            webhook_events::retry_at(&engine.db.pool, event.id, &err.to_string(), retry_at).await?;
        }
    }
    Ok(false)
}

/// A short readable text for a message, for lists and notifications.
fn summary(message: &Message) -> Option<String> {
    match &message.content {
        Content::Text { text } => Some(text.clone()),
        Content::Location { title, address, .. } => Some(
            format!(
                "{} {}",
                title.as_deref().unwrap_or("Location"),
                address.as_deref().unwrap_or_default()
            )
            .trim()
            .to_string(),
        ),
        Content::File { file_name, .. } => Some(file_name.clone()),
        other => other.kind().map(|kind| format!("[{kind}]")),
    }
}

/// A LINE chat's kind as conversations keep it.
fn conversation_kind(kind: LineChat) -> ChatKind {
    match kind {
        LineChat::User => ChatKind::User,
        LineChat::Group => ChatKind::Group,
        LineChat::Room => ChatKind::Room,
    }
}

/// When the event happened (LINE's timestamp; now for an event without one).
fn event_time(event: &Event) -> i64 {
    event.timestamp.unwrap_or_else(now_ms)
}

pub async fn apply(engine: &Engine, account_id: i64, event: &Event) -> anyhow::Result<()> {
    let at = event_time(event);
    match &event.kind {
        Kind::Message { message } => on_message(engine, account_id, event, message, at, None).await,
        Kind::Follow { .. } => on_follow(engine, account_id, event, true).await,
        Kind::Unfollow => on_follow(engine, account_id, event, false).await,
        Kind::Unsend { unsend } => {
            let id = &unsend.message_id;
            messages::mark_unsent(&engine.db.pool, account_id, id).await?;
            publish_for_line_message(engine, account_id, id).await;
            Ok(())
        }
        Kind::MessageEdited { message } => {
            if let (Some(id), Content::Text { text }) = (&message.id, &message.content) {
                let payload = message.raw.to_string();
                messages::edit(&engine.db.pool, account_id, id, text, &payload, at).await?;
            }
            Ok(())
        }
        Kind::Postback { postback } => {
            let data = &postback.data;
            if let Some((LineChat::User, chat_id)) = event.chat() {
                let reply_token = event.reply_token.as_deref();
                if automated::on_survey_postback(engine, account_id, chat_id, data, reply_token)
                    .await?
                {
                    return Ok(());
                }
                let language = match automated::context_for_account(engine, account_id).await? {
                    Some(ctx) => {
                        automated::customer_language(engine, account_id, chat_id, &ctx.config).await
                    }
                    None => "en".to_string(),
                };
                if consent::on_postback(engine, account_id, chat_id, data, reply_token, &language)
                    .await?
                {
                    return Ok(());
                }
            }
            system_message(engine, account_id, event, "postback", data, at).await
        }
        Kind::Join | Kind::Leave | Kind::MemberJoined { .. } | Kind::MemberLeft { .. } => {
            let kind = event.type_name().unwrap_or_default();
            system_message(engine, account_id, event, kind, kind, at).await
        }
        // beacon, accountLink, things, videoPlayComplete, …, unknown kinds: kept in the raw log
        // only.
        _ => Ok(()),
    }
}

/// `apply` for a message event whose message a batch stored already (`batch`): its follow-ups.
async fn apply_stored(
    engine: &Engine,
    account_id: i64,
    event: &Event,
    (appended, ctx): batch::Stored,
) -> anyhow::Result<()> {
    let outcome = after_append(engine, appended?, ctx).await;
    // A batch stores message events only.
    let Kind::Message { message } = &event.kind else {
        return Ok(());
    };
    let at = event_time(event);
    on_message(engine, account_id, event, message, at, Some(outcome)).await
}

/// Tells browsers about a change to the conversation holding this LINE message.
async fn publish_for_line_message(engine: &Engine, account_id: i64, line_message_id: &str) {
    let ids = messages::conversations_holding(&engine.db.pool, account_id, line_message_id)
        .await
        .unwrap_or_default();
    for id in ids {
        engine.live.publish(id).await;
    }
}

/// Fetches the LINE profile when it is new or stale; a LINE outage leaves it for next time.
/// In a group or room (`chat`), a member who is not the account's friend has no profile for
/// the bot: their name and picture come from the chat's member profile instead.
async fn refresh_profile(
    engine: &Engine,
    profile: &profiles::ProfileRow,
    chat: Option<(ChatKind, &str)>,
) {
    let fresh = profile
        .fetched_at
        .is_some_and(|at| now_ms() - at < PROFILE_STALE_MS);
    if fresh {
        return;
    }
    let token = match engine.token(profile.account_id).await {
        Ok(token) => token,
        Err(err) => return tracing::warn!(%err, "no token to fetch a profile"),
    };
    let mut answer = engine.line.profile(&token, &profile.line_user_id).await;
    if let (Err(LineError::Status { status: 404, .. }), Some((kind, chat_id))) = (&answer, chat) {
        if kind != ChatKind::User {
            answer = engine
                .line
                .member_profile(
                    &token,
                    kind == ChatKind::Room,
                    chat_id,
                    &profile.line_user_id,
                )
                .await;
        }
    }
    match answer {
        Ok(p) => {
            let details = profiles::Details {
                display_name: &p.display_name,
                picture_url: p.picture_url.as_deref(),
                language: p.language.as_deref(),
                status_message: p.status_message.as_deref(),
            };
            // Through the writer (see Db::write), not a pool connection of its own: on SQLite a
            // write from another connection would empty the writer's page cache.
            let stored = match engine.db.write().await {
                Ok(mut conn) => {
                    profiles::set_details(&mut *conn, profile.id, &details, now_ms()).await
                }
                Err(err) => Err(err),
            };
            if let Err(err) = stored {
                tracing::warn!(%err, "storing a profile");
            }
        }
        Err(err) => {
            tracing::warn!(error = %err.describe(), user = %profile.line_user_id, "fetching a LINE profile")
        }
    }
}

async fn on_follow(
    engine: &Engine,
    account_id: i64,
    event: &Event,
    follows: bool,
) -> anyhow::Result<()> {
    let Some(user_id) = event.user_id() else {
        return Ok(());
    };
    let mut conn = engine.db.pool.acquire().await?;
    let profile = profiles::ensure(&mut conn, account_id, user_id, now_ms()).await?;
    drop(conn);
    profiles::set_blocked(&engine.db.pool, profile.id, !follows, now_ms()).await?;
    if follows {
        refresh_profile(engine, &profile, None).await;
    }
    Ok(())
}

/// What an event adds to its chat's conversation.
struct Entry<'a> {
    direction: MessageDirection,
    kind: &'a str,
    /// LINE's message id, or the event id for entries without one: re-applying is harmless.
    line_message_id: Option<String>,
    body: Option<String>,
    payload: String,
    /// A one-to-one chat's text, which may be the comment a survey waits for.
    may_be_survey_comment: bool,
}

/// What `record` did with an entry.
enum Outcome {
    Recorded(Box<Recorded>),
    /// A survey of the chat waits for its comment: this text may be it. Nothing was stored.
    SurveyComment,
    /// Nothing to store: the event has no chat, or its message was handled in a conversation
    /// that has since closed.
    Nothing,
}

/// What `record` stored: the conversation, its channel, and the new message (None when the event
/// was applied before).
struct Recorded {
    conversation: conversations::ConversationRow,
    ctx: Option<ChannelContext>,
    message_id: Option<i64>,
    /// The conversation was opened by this message.
    created: bool,
    /// The conversation's customer messages up to two, when the store counted them on the way.
    inbound_up_to_two: Option<i64>,
}

/// Stores one message of the event's chat (the sender's profile and the chat's conversation
/// created when new) and keeps the chat's reply token.
async fn record(
    engine: &Engine,
    account_id: i64,
    event: &Event,
    at: i64,
    entry: &Entry<'_>,
) -> anyhow::Result<Outcome> {
    let Some((kind, chat_id)) = event.chat() else {
        return Ok(Outcome::Nothing);
    };
    let ctx = automated::context_for_account(engine, account_id).await?;
    let recorded = match engine.db.write_path() {
        WritePath::Direct => {
            let chat = (conversation_kind(kind).as_str(), chat_id);
            return record_directly(engine, account_id, event, at, entry, chat, ctx).await;
        }
        WritePath::Sqlx => {
            if entry.may_be_survey_comment
                && surveys::awaiting_comment(&engine.db.pool, account_id, chat_id, now_ms())
                    .await?
                    .is_some()
            {
                return Ok(Outcome::SurveyComment);
            }
            record_in_transaction(engine, account_id, event, at, entry, kind, chat_id, ctx).await?
        }
    };
    Ok(match recorded {
        Some(recorded) => Outcome::Recorded(Box::new(recorded)),
        None => Outcome::Nothing,
    })
}

/// `record` through sqlx (PostgreSQL), statement by statement in one transaction.
#[allow(clippy::too_many_arguments)]
async fn record_in_transaction(
    engine: &Engine,
    account_id: i64,
    event: &Event,
    at: i64,
    entry: &Entry<'_>,
    kind: LineChat,
    chat_id: &str,
    ctx: Option<ChannelContext>,
) -> anyhow::Result<Option<Recorded>> {
    // One transaction: the sender's profile, the chat's conversation (opened if none is), the
    // message and the reply token.
    let mut tx = engine.db.begin_write().await?;
    let profile = match event.user_id() {
        Some(user_id) => Some(profiles::ensure(&mut tx, account_id, user_id, now_ms()).await?),
        None => None,
    };
    let one_to_one_profile = profile.as_ref().filter(|_| kind == LineChat::User);
    let new = NewConversation {
        account_id,
        chat_kind: conversation_kind(kind),
        chat_id,
        profile_id: one_to_one_profile.map(|p| p.id),
        contact_id: one_to_one_profile.and_then(|p| p.contact_id),
        workstream_id: ctx.as_ref().map(|c| c.workstream_id),
        queue_id: ctx.as_ref().map(|c| c.queue_id),
        at,
    };
    // Applied again after its conversation closed (a crash before the event was marked done,
    // then an agent closed the chat): the message is not news, so nothing is written, also when
    // a later message has opened a new conversation. While its conversation is open, the
    // message's key stops a repeat.
    if let Some(line_id) = entry.line_message_id.as_deref() {
        if messages::handled_in_closed_conversation(&mut *tx, account_id, line_id).await? {
            return Ok(None);
        }
    }
    let (conversation, created) =
        match conversations::find_open(&mut *tx, account_id, chat_id).await? {
            Some(open) => (open, false),
            None => (conversations::open(&mut tx, &new).await?, true),
        };
    let new = NewMessage {
        conversation_id: conversation.id,
        direction: entry.direction,
        kind: entry.kind,
        line_message_id: entry.line_message_id.as_deref(),
        sender_id: event.user_id(),
        author_user_id: None,
        body: entry.body.as_deref(),
        payload: &entry.payload,
        sent_at: at,
        delivery: None,
    };
    let message_id = messages::insert(&mut *tx, &new, now_ms()).await?;
    let reply_token = event.reply_token_for_us();
    conversations::touch(&mut *tx, conversation.id, at, reply_token).await?;
    tx.commit().await?;
    // A new customer's name is fetched before browsers hear of the message, so their first
    // view of the conversation already shows it.
    if let Some(profile) = profile {
        let chat = (conversation.chat_kind, conversation.chat_id.as_str());
        refresh_profile(engine, &profile, Some(chat)).await;
    }
    engine.live.publish(conversation.id).await;
    Ok(Some(Recorded {
        conversation,
        ctx,
        message_id,
        created,
        inbound_up_to_two: None,
    }))
}

/// `record` on SQLite: one transaction on the direct connection, on the worker's own thread
/// (see db/sqlite/chat_append.rs). `chat` is the event's (kind, id).
async fn record_directly(
    engine: &Engine,
    account_id: i64,
    event: &Event,
    at: i64,
    entry: &Entry<'_>,
    chat: (&str, &str),
    ctx: Option<ChannelContext>,
) -> anyhow::Result<Outcome> {
    let message = chat_message(account_id, event, at, entry, chat, ctx.as_ref());
    let appended = chat_append::append(&engine.db, &message).await?;
    Ok(after_append(engine, appended, ctx).await)
}

/// The chat's message as the direct write takes it.
fn chat_message<'a>(
    account_id: i64,
    event: &'a Event,
    at: i64,
    entry: &'a Entry<'a>,
    (chat_kind, chat_id): (&'a str, &'a str),
    ctx: Option<&ChannelContext>,
) -> chat_append::ChatMessage<'a> {
    chat_append::ChatMessage {
        account_id,
        chat_kind,
        chat_id,
        line_user_id: event.user_id(),
        direction: entry.direction.as_str(),
        kind: entry.kind,
        line_message_id: entry.line_message_id.as_deref(),
        body: entry.body.as_deref(),
        payload: &entry.payload,
        sent_at: at,
        reply_token: event.reply_token_for_us(),
        may_be_survey_comment: entry.may_be_survey_comment,
        workstream_id: ctx.map(|c| c.workstream_id),
        queue_id: ctx.map(|c| c.queue_id),
        now: now_ms(),
    }
}

/// What follows a direct write once it is committed: a new customer's profile fetched, browsers
/// told.
async fn after_append(
    engine: &Engine,
    appended: chat_append::Appended,
    ctx: Option<ChannelContext>,
) -> Outcome {
    let stored = match appended {
        chat_append::Appended::Stored(stored) => *stored,
        chat_append::Appended::SurveyComment => return Outcome::SurveyComment,
        chat_append::Appended::HandledBefore => return Outcome::Nothing,
    };
    // A new customer's name is fetched before browsers hear of the message, so their first
    // view of the conversation already shows it.
    if let Some(profile) = stored.profile {
        let chat = (
            stored.conversation.chat_kind,
            stored.conversation.chat_id.as_str(),
        );
        refresh_profile(engine, &profile, Some(chat)).await;
    }
    engine.live.publish(stored.conversation.id).await;
    Outcome::Recorded(Box::new(Recorded {
        conversation: stored.conversation,
        ctx,
        message_id: stored.message_id,
        created: stored.opened,
        inbound_up_to_two: Some(stored.inbound_up_to_two),
    }))
}

/// A customer's message (of `event`) as the conversation keeps it.
fn message_entry<'a>(event: &Event, message: &'a Message) -> Entry<'a> {
    let is_text = matches!(message.content, Content::Text { .. });
    Entry {
        direction: MessageDirection::In,
        kind: message.content.kind().unwrap_or("unknown"),
        line_message_id: message.id.clone(),
        body: summary(message),
        payload: message.raw.to_string(),
        may_be_survey_comment: is_text && matches!(event.chat(), Some((LineChat::User, _))),
    }
}

/// `stored`: what a batch already did with the message (`batch`), instead of recording it here.
async fn on_message(
    engine: &Engine,
    account_id: i64,
    event: &Event,
    message: &Message,
    at: i64,
    mut stored: Option<Outcome>,
) -> anyhow::Result<()> {
    let kind = message.content.kind().unwrap_or("unknown");
    let line_message_id = message.id.as_deref();
    let text = match &message.content {
        Content::Text { text } => Some(text.as_str()),
        _ => None,
    };
    // Built when recorded here: a batch that stored the message built its own.
    let mut entry: Option<Entry> = None;
    let recorded = loop {
        let outcome = match stored.take() {
            Some(outcome) => outcome,
            None => {
                let entry = entry.get_or_insert_with(|| message_entry(event, message));
                record(engine, account_id, event, at, entry).await?
            }
        };
        match outcome {
            Outcome::Recorded(recorded) => break *recorded,
            Outcome::Nothing => return Ok(()),
            // A text right after a survey rating is the survey's comment, not a new message.
            Outcome::SurveyComment => {
                let Some((LineChat::User, chat_id)) = event.chat() else {
                    return Ok(());
                };
                let reply_token = event.reply_token.as_deref();
                if automated::take_survey_comment(
                    engine,
                    account_id,
                    chat_id,
                    line_message_id,
                    text.unwrap_or_default(),
                    reply_token,
                    at,
                )
                .await?
                {
                    return Ok(());
                }
                // The comment window closed meanwhile: an ordinary message after all.
                entry
                    .get_or_insert_with(|| message_entry(event, message))
                    .may_be_survey_comment = false;
            }
        }
    };
    let conversation = &recorded.conversation;
    let one_to_one = conversation.chat_kind == ChatKind::User;
    // The conversation's first message gets the recording notice (and consent question) and the
    // greeting; each is stored once per conversation, so applying this event again never
    // repeats them. Then it is routed (once: routing is a conditional update).
    // (A conversation opened by this message has it as its first; otherwise count, as this may
    // be the same event applied again.)
    let first = recorded.created
        || match recorded.inbound_up_to_two {
            Some(count) => count == 1,
            None => messages::inbound_up_to_two(&engine.db.pool, conversation.id).await? == 1,
        };
    if first {
        if one_to_one {
            let language = match &recorded.ctx {
                Some(ctx) => {
                    automated::customer_language(
                        engine,
                        conversation.account_id,
                        &conversation.chat_id,
                        &ctx.config,
                    )
                    .await
                }
                None => "en".to_string(),
            };
            consent::on_first_message(engine, conversation, &language).await?;
            if let Some(ctx) = recorded
                .ctx
                .as_ref()
                .filter(|c| c.settings.operating_hours.is_open(at))
            {
                automated::send(engine, conversation, ctx, Trigger::Greeting, None, None).await?;
            }
        }
        if let Some(ctx) = &recorded.ctx {
            distribution::route_new(engine, conversation, ctx, text, line_message_id).await?;
        }
    }
    // Outside operating hours the customer hears so (once per local day and conversation) instead
    // of the greeting; the conversation still queues for the first agent back.
    if let Some(ctx) = recorded.ctx.as_ref().filter(|_| one_to_one) {
        let hours = &ctx.settings.operating_hours;
        let local = hours.local_time(at);
        if !hours.is_open_at(local) {
            // The hours' own calendar day, daylight saving included.
            let once = format!("day:{}", local.day);
            automated::send(
                engine,
                conversation,
                ctx,
                Trigger::OutOfHours,
                None,
                Some(&once),
            )
            .await?;
        }
    }
    if let (Some(ctx), 1, false) = (&recorded.ctx, conversation.bot_active, first) {
        if recorded.message_id.is_some() {
            bot::on_customer_text(
                engine,
                conversation,
                ctx,
                line_message_id,
                text.unwrap_or_default(),
            )
            .await?;
        }
    }
    let Some(message_id) = recorded.message_id.filter(|_| message.content.is_media()) else {
        return Ok(());
    };
    let (file_name, file_size) = match &message.content {
        Content::File {
            file_name,
            file_size,
        } => (Some(file_name.as_str()), *file_size),
        _ => (None, None),
    };
    if let Some(ctx) = &recorded.ctx {
        let rules = &ctx.config.attachments;
        let refusal = if !rules.customers_may_send() {
            Some("Customers can't send files on this channel.".to_string())
        } else {
            rules.refusal(file_name, file_size)
        };
        if let Some(reason) = refusal {
            // The file is not fetched; the agent sees that one was refused and why.
            messages::set_refused(
                &engine.db.pool,
                message_id,
                &format!("File refused: {reason}"),
            )
            .await?;
            let once = line_message_id.unwrap_or("file");
            automated::send(
                engine,
                conversation,
                ctx,
                Trigger::AttachmentRefused,
                None,
                Some(once),
            )
            .await?;
            engine.live.publish(conversation.id).await;
            return Ok(());
        }
    }
    let external_url = match message.content.content_provider() {
        Some(ContentProvider::External {
            original_content_url,
            ..
        }) => original_content_url.as_deref(),
        _ => None,
    };
    let attachment = attachments::NewAttachment {
        message_id,
        account_id,
        line_message_id: line_message_id.unwrap_or_default(),
        kind,
        external_url,
        file_name,
    };
    attachments::insert(&engine.db.pool, &attachment, now_ms()).await?;
    Ok(())
}

async fn system_message(
    engine: &Engine,
    account_id: i64,
    event: &Event,
    kind: &str,
    body: &str,
    at: i64,
) -> anyhow::Result<()> {
    let entry = Entry {
        direction: MessageDirection::System,
        kind,
        line_message_id: event
            .webhook_event_id
            .as_ref()
            .map(|id| format!("event:{id}")),
        body: Some(body.into()),
        payload: event.raw.to_string(),
        may_be_survey_comment: false,
    };
    record(engine, account_id, event, at, &entry)
        .await
        .map(|_| ())
}
