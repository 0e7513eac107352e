//! Conversations as agents see them, and their replies (stored, then sent by the outbox worker).
//! Who may read which conversation is decided in `visibility`.

use crate::db::history::{self, Bound};
use crate::db::messages::Position;
use crate::db::summaries::{self, SummaryRow};
use crate::db::{attachments, conversations, messages, offers, profiles, queues, quotes, surveys};
use crate::engine::automated::{self, Ending};
use crate::engine::distribution::{self, Take};
use crate::engine::read_receipts::{self, Moment};
use crate::engine::wakers::Wakers;
use crate::engine::{media, sender, Engine};
use crate::error::OrInternal;
use crate::services::visibility::{
    require_actor, require_readable, require_staff, Act, AGENT_READS,
};
use crate::services::{audit_entry, commit_audited};
use async_trait::async_trait;
use domain::conversation::ConversationService;
use domain::conversation::{
    AttachmentView, ChatKind, ConversationDetail, ConversationState, ConversationSummary,
    FileUpload, HistoryPage, HistoryQuery, MessageDirection, MessageView, OfferNotice, Quoted,
    SurveyView, HISTORY_PAGE_SIZE,
};
use domain::file_type::{self, MediaKind};
use domain::user::{ClientInfo, CurrentUser};
use domain::workstream::WorkstreamSettings;
use domain::Problem;
use domain::{AppError, FieldErrors, Role};
use std::collections::HashMap;
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// What agents see instead of the messages of a customer who has not consented.
const CONSENT_PENDING: &str =
    "Waiting for the customer's consent: their messages are hidden until they agree.";

/// The longest reply accepted at once; it goes out as several LINE messages.
pub const REPLY_MAX: usize = 20_000;

/// LINE's animation lasts this long; asking again sooner only adds calls.
pub const TYPING_SECONDS: u32 = 20;

/// Messages a conversation page shows at first and adds with each "previous messages": a
/// conversation of thousands of messages opens as fast as a short one.
pub const PAGE: i64 = 50;

/// Which of a conversation's messages a read returns.
#[derive(Clone, Copy)]
enum Window {
    /// The newest this many.
    Newest(i64),
    /// Every message from this one on.
    From(Position),
}
const TYPING_EVERY: Duration = Duration::from_secs(15);

pub struct Conversations {
    pub engine: Engine,
    pub wakers: Wakers,
    /// When LINE was last asked to show the loading animation, per conversation.
    pub typing: Mutex<HashMap<i64, Instant>>,
}

impl Conversations {
    pub fn new(engine: Engine, wakers: Wakers) -> Self {
        Self {
            engine,
            wakers,
            typing: Mutex::new(HashMap::new()),
        }
    }
}

// What the desk makes of a summary row (db::summaries reads it).
impl SummaryRow {
    /// The summary as `viewer` sees it (their offer, whether they may pick it).
    fn summary_for(
        &self,
        viewer: &CurrentUser,
        offer_expires_at: Option<i64>,
        my_queues: &[i64],
    ) -> ConversationSummary {
        let mut summary = self.summary();
        summary.mine = self.assigned_user_id == Some(viewer.id);
        summary.offer_expires_at = offer_expires_at;
        if offer_expires_at.is_some() {
            let show = self
                .notifications
                .as_deref()
                .and_then(|s| serde_json::from_str::<WorkstreamSettings>(s).ok())
                .unwrap_or_default()
                .notifications;
            summary.notice = Some(OfferNotice::new(&summary, &show));
        }
        summary.can_pick = self.state == ConversationState::Waiting
            && self.assigned_user_id.is_none()
            && self.mode.as_deref() == Some("pick")
            && (viewer.role != Role::Agent
                || self.queue_id.is_some_and(|q| my_queues.contains(&q)));
        summary
    }

    /// Whether an agent works on it: theirs, offered to them, waiting in their queues, or not
    /// routed by any workstream. Supervisors and administrators see everything.
    fn visible_to(&self, viewer: &CurrentUser, offered: bool, my_queues: &[i64]) -> bool {
        viewer.role != Role::Agent
            || offered
            || self.assigned_user_id == Some(viewer.id)
            || self.queue_id.is_none()
            || (self.assigned_user_id.is_none()
                && self.bot_active == 0
                && self.queue_id.is_some_and(|q| my_queues.contains(&q)))
    }

    fn summary(&self) -> ConversationSummary {
        ConversationSummary {
            id: self.id,
            account_name: self.account_name.clone(),
            customer_name: self.customer_name.clone(),
            picture_url: self.picture_url.clone(),
            chat_kind: self.chat_kind,
            state: self.state,
            // Nothing of a customer who has not consented reaches agents, not even a preview.
            last_message: if self.consent_pending != 0 {
                Some(CONSENT_PENDING.into())
            } else {
                self.last_message.clone()
            },
            first_message: if self.consent_pending != 0 {
                None
            } else {
                self.first_message.clone()
            },
            contact_name: self.contact_name.clone(),
            last_message_at: self.last_message_at,
            opened_at: self.opened_at,
            account_deleted: self.account_deleted != 0,
            workstream: self.workstream.clone(),
            queue: self.queue.clone(),
            assigned_to: self.assigned_to.clone(),
            mine: false,
            bot: self.bot_active != 0,
            offer_expires_at: None,
            can_pick: false,
            unread: self.unread,
            mentioned: self.mentioned != 0,
            last_customer_message: if self.consent_pending != 0 {
                None
            } else {
                self.last_customer_message.clone()
            },
            waiting_since: self.waiting_since,
            read_at: crate::clock::now_ms(),
            notice: None,
        }
    }

    fn replies_disabled(&self) -> Option<Problem> {
        if self.erased != 0 {
            Some(Problem::CustomerErased)
        } else if self.account_deleted != 0 {
            Some(Problem::AccountDeletedHistory)
        } else if self.blocked != 0 {
            Some(Problem::CustomerBlocked)
        } else if self.consent_pending != 0 {
            Some(Problem::ConsentPending)
        } else if self.state.is_closed() {
            Some(Problem::ConversationEnded)
        } else {
            None
        }
    }
}

/// Where a message's quote points.
enum QuoteRef {
    /// Our message (a quoting reply's note).
    Ours(i64),
    /// LINE's message id (a customer's `quotedMessageId`).
    Line(String),
}

fn quote_ref(m: &messages::MessageRow) -> Option<QuoteRef> {
    // Most messages quote nothing: skip parsing them.
    if !(m.payload.contains("\"quotes\":") || m.payload.contains("\"quotedMessageId\":")) {
        return None;
    }
    let payload: serde_json::Value = serde_json::from_str(&m.payload).ok()?;
    match m.direction {
        MessageDirection::Out => payload["quotes"].as_i64().map(QuoteRef::Ours),
        MessageDirection::In => payload["quotedMessageId"]
            .as_str()
            .map(|line_id| QuoteRef::Line(line_id.to_string())),
        MessageDirection::System => None,
    }
}

/// How customers see an agent's name: the display name, else the email's local part.
fn agent_name(actor: &CurrentUser) -> &str {
    if actor.display_name.trim().is_empty() {
        actor.email.split('@').next().unwrap_or_default()
    } else {
        actor.display_name.trim()
    }
}

impl Conversations {
    /// Stores an agent's reply for sending; with a send id, once.
    async fn store_reply(
        &self,
        actor: &CurrentUser,
        id: i64,
        text: &str,
        send_id: Option<&str>,
        quote: Option<i64>,
    ) -> Result<(), AppError> {
        require_staff(actor)?;
        let text = text.trim();
        if text.is_empty() {
            return Err(FieldErrors::single("text", Problem::WriteReply));
        }
        if text.chars().count() > REPLY_MAX {
            return Err(FieldErrors::single(
                "text",
                Problem::AtMostChars { max: REPLY_MAX },
            ));
        }
        require_actor(&self.engine.db, actor, id, Act::Answer).await?;
        let row = self.row(id).await?;
        if let Some(reason) = row.replies_disabled() {
            return Err(AppError::Conflict(reason));
        }
        let quote = match quote {
            Some(message) => Some(self.quote_of(id, message).await?),
            None => None,
        };
        self.take(actor, &row).await?;
        // The send id is the message's once-key: a second request with it stores nothing.
        let outgoing = sender::Outgoing {
            author_user_id: Some(actor.id),
            text,
            automated: None,
            once_key: send_id.map(|id| format!("send:{id}")),
            quick_reply: None,
            quote,
        };
        sender::enqueue(&self.engine, id, &outgoing)
            .await
            .or_internal()?;
        self.answered(id).await
    }

    /// The customer message `message` of conversation `id`, as a reply quotes it; refused
    /// (a field error on the reply) when it is not one LINE lets us quote.
    async fn quote_of(&self, id: i64, message: i64) -> Result<sender::Quote, AppError> {
        let payload = quotes::quotable_payload(&self.engine.db.pool, id, message)
            .await
            .or_internal()?;
        let token = payload
            .and_then(|p| serde_json::from_str::<serde_json::Value>(&p).ok())
            .and_then(|p| p["quoteToken"].as_str().map(str::to_owned))
            .filter(|token| !token.is_empty());
        match token {
            Some(token) => Ok(sender::Quote {
                message_id: message,
                token,
            }),
            None => Err(FieldErrors::single("text", Problem::QuoteUnavailable)),
        }
    }

    /// Whether `actor` may send a file here, and the channel's file rules.
    async fn file_rules(
        &self,
        actor: &CurrentUser,
        id: i64,
    ) -> Result<(SummaryRow, domain::workstream::Attachments), AppError> {
        require_actor(&self.engine.db, actor, id, Act::Answer).await?;
        let row = self.row(id).await?;
        if let Some(reason) = row.replies_disabled() {
            return Err(AppError::Conflict(reason));
        }
        let channel = automated::context_for_account(&self.engine, row.account_id)
            .await
            .or_internal()?;
        match channel {
            Some(c) if c.config.attachments.agents_may_send() => Ok((row, c.config.attachments)),
            _ => Err(AppError::Forbidden),
        }
    }

    async fn send_staged(
        &self,
        actor: &CurrentUser,
        id: i64,
        file: &FileUpload,
    ) -> Result<(), AppError> {
        let (row, rules) = self.file_rules(actor, id).await?;
        let name: String = file
            .name
            .rsplit(['/', '\\'])
            .next()
            .unwrap_or_default()
            .chars()
            .filter(|c| !c.is_control())
            .take(200)
            .collect();
        if name.trim().is_empty() || file.size == 0 {
            return Err(FieldErrors::single("file", Problem::ChooseFile));
        }
        let size = i64::try_from(file.size).unwrap_or(i64::MAX);
        if let Some(reason) = rules.refusal_problem(Some(&name), Some(size)) {
            return Err(FieldErrors::single("file", reason));
        }
        // Trust the bytes, not the browser's label: only real JPEG/PNG go to LINE as photos.
        let head = media::read_head(&file.staged).await.or_internal()?;
        let decided = file_type::decide(MediaKind::File, &head);
        let sha = media::store_staged(&self.engine, &file.staged)
            .await
            .or_internal()?;
        let outgoing = sender::OutgoingFile {
            author_user_id: actor.id,
            name: &name,
            content_type: decided.mime,
            size,
            sha256: &sha,
        };
        self.take(actor, &row).await?;
        sender::enqueue_file(&self.engine, id, &outgoing)
            .await
            .or_internal()?;
        self.answered(id).await
    }

    /// The first to answer an unassigned conversation takes it (the customer hears who it is
    /// when the channel says so); `require_actor` decided who may. Supervisors and
    /// administrators step into a colleague's conversation without taking it.
    async fn take(&self, actor: &CurrentUser, row: &SummaryRow) -> Result<(), AppError> {
        if row.assigned_user_id.is_some() {
            return Ok(());
        }
        let taken = distribution::assign(
            &self.engine,
            row.id,
            actor.id,
            agent_name(actor),
            Take::Unassigned,
        )
        .await
        .or_internal()?;
        if !taken && actor.role == Role::Agent {
            return Err(AppError::Conflict(Problem::TookFirst));
        }
        Ok(())
    }

    /// An agent answered: the conversation is active, the customer's messages are marked read,
    /// the sender wakes, browsers hear of it.
    async fn answered(&self, id: i64) -> Result<(), AppError> {
        conversations::mark_answered(&self.engine.db.pool, id)
            .await
            .or_internal()?;
        self.mark_read(id, Moment::Replied).await;
        self.wakers.outbox.notify_one();
        self.engine.live.publish(id).await;
        Ok(())
    }

    /// Queues LINE's read mark if the account wants it now. A failure to queue it is logged: it
    /// never stops an agent reading or replying.
    async fn mark_read(&self, id: i64, moment: Moment) {
        match read_receipts::mark(&self.engine, id, moment).await {
            Ok(true) => self.wakers.outbox.notify_one(),
            Ok(false) => {}
            Err(err) => tracing::warn!(conversation = id, %err, "queueing a read mark"),
        }
    }

    /// The conversation as `actor` sees it, with the messages `window` asks for (the caller
    /// checked that `actor` may read it).
    async fn read_for(
        &self,
        actor: &CurrentUser,
        id: i64,
        window: Window,
    ) -> Result<ConversationDetail, AppError> {
        let pool = &self.engine.db.pool;
        let row = self.row(id).await?;
        let mut detail = self.detail(&row, window).await?;
        let offer = offers::pending_for(pool, actor.id)
            .await
            .or_internal()?
            .into_iter()
            .find(|o| o.conversation_id == id)
            .map(|o| o.expires_at);
        let my_queues = queues::of_user(pool, actor.id).await.or_internal()?;
        detail.summary = row.summary_for(actor, offer, &my_queues);
        detail.can_transfer =
            matches!(actor.role, Role::Admin | Role::Supervisor) && !row.state.is_closed();
        if actor.role == Role::Agent && detail.replies_disabled.is_none() {
            // Say why before the agent writes, instead of refusing the reply.
            if let Err(AppError::Conflict(reason)) =
                require_actor(&self.engine.db, actor, id, Act::Answer).await
            {
                detail.replies_disabled = Some(reason);
            }
        }
        if actor.role == Role::Auditor {
            // A transcript grant reads; it never answers, ends or moves a conversation.
            detail.read_only = true;
            detail.agents_can_attach = false;
            detail.replies_disabled = Some(Problem::ReadOnlyAuditor);
        }
        Ok(detail)
    }

    /// The conversation with the messages `window` asks for, their files and authors.
    async fn detail(
        &self,
        row: &SummaryRow,
        window: Window,
    ) -> Result<ConversationDetail, AppError> {
        let id = row.id;
        let pool = &self.engine.db.pool;
        let rows = match window {
            Window::From(start) => messages::list_from(pool, id, start).await,
            Window::Newest(count) => messages::list_newest(pool, id, count).await,
        }
        .or_internal()?;
        let start = rows.first().map_or(Position::START, |m| Position {
            sent_at: m.sent_at,
            id: m.id,
        });
        let complete = matches!(window, Window::Newest(count) if (rows.len() as i64) < count);
        let earlier = match rows.first() {
            Some(_) if !complete => messages::page_start_before(pool, id, start, PAGE)
                .await
                .or_internal()?,
            _ => None,
        }
        .map(|p| p.id);
        let mut media: HashMap<i64, AttachmentView> = attachments::for_messages(pool, id, start)
            .await
            .or_internal()?
            .into_iter()
            .map(|a| {
                let view = AttachmentView {
                    id: a.id,
                    url: format!("/attachments/{}", a.id),
                    state: a.state,
                    content_type: a.content_type,
                    file_name: a.file_name,
                    size: a.size,
                    error: a.error,
                };
                (a.message_id, view)
            })
            .collect();
        let authors: HashMap<i64, String> = messages::authors(pool, id, start)
            .await
            .or_internal()?
            .into_iter()
            .collect();
        let mut quoted = self.quoted(id, &rows, row.consent_pending != 0).await?;
        // Who wrote what in a group or room.
        let senders: HashMap<String, String> = if row.chat_kind == ChatKind::User {
            HashMap::new()
        } else {
            let mut ids: Vec<String> = rows.iter().filter_map(|m| m.sender_id.clone()).collect();
            ids.sort();
            ids.dedup();
            profiles::names(pool, row.account_id, &ids)
                .await
                .or_internal()?
                .into_iter()
                .collect()
        };
        let messages = rows
            .into_iter()
            .map(|m| {
                let hidden = row.consent_pending != 0 && m.direction == MessageDirection::In;
                (m, hidden)
            })
            .map(|(m, hidden)| MessageView {
                attachment: media.remove(&m.id).filter(|_| !hidden),
                delivery: m.delivery_state(),
                automated: m.direction == MessageDirection::Out && m.author_user_id.is_none(),
                bot: m.direction == MessageDirection::Out
                    && m.payload.contains("\"automated\":\"bot\""),
                author: m.author_user_id.and_then(|a| authors.get(&a).cloned()),
                rich: (!hidden && m.unsent == 0 && m.direction == MessageDirection::In)
                    .then(|| serde_json::from_str(&m.payload).ok())
                    .flatten()
                    .and_then(|p: serde_json::Value| domain::message::rich_content(&m.kind, &p)),
                sender: (m.direction == MessageDirection::In)
                    .then(|| m.sender_id.as_ref().and_then(|s| senders.get(s).cloned()))
                    .flatten(),
                quotable: !hidden
                    && m.unsent == 0
                    && m.direction == MessageDirection::In
                    && m.payload.contains("\"quoteToken\":"),
                quoted: quoted.remove(&m.id).filter(|_| !hidden),
                id: m.id,
                direction: m.direction,
                kind: if hidden { "withheld".into() } else { m.kind },
                body: if hidden { None } else { m.body },
                sent_at: m.sent_at,
                unsent: m.unsent != 0,
                edited: m.edited_at.is_some(),
                failure: m.failure,
            })
            .collect();
        let survey = surveys::for_conversation(&self.engine.db.pool, id)
            .await
            .or_internal()?
            .map(|s| SurveyView {
                sent_at: s.sent_at,
                rating: s.rating,
                comment: s.comment,
            });
        let channel = automated::context_for_account(&self.engine, row.account_id)
            .await
            .or_internal()?;
        Ok(ConversationDetail {
            summary: row.summary(),
            replies_disabled: row.replies_disabled(),
            language: row.language.clone(),
            messages,
            earlier,
            survey,
            agents_can_attach: channel
                .as_ref()
                .is_some_and(|c| c.config.attachments.agents_may_send()),
            file_rules: channel.as_ref().map(|c| c.config.attachments.clone()),
            quick_replies: channel
                .map(|c| c.settings.quick_replies)
                .unwrap_or_default(),
            can_transfer: false,
            read_only: false,
            send_seed: format!("{:032x}", rand::random::<u128>()),
        })
    }

    /// What each of these messages quotes, by message id: a quoting reply names our message
    /// in its note, a customer's quote names LINE's id, looked up in this chat.
    async fn quoted(
        &self,
        id: i64,
        rows: &[messages::MessageRow],
        consent_pending: bool,
    ) -> Result<HashMap<i64, Quoted>, AppError> {
        let pool = &self.engine.db.pool;
        let refs: Vec<(i64, QuoteRef)> = rows
            .iter()
            .filter_map(|m| quote_ref(m).map(|r| (m.id, r)))
            .collect();
        if refs.is_empty() {
            return Ok(HashMap::new());
        }
        let line_ids: Vec<String> = refs
            .iter()
            .filter_map(|(_, r)| match r {
                QuoteRef::Line(line_id) => Some(line_id.clone()),
                QuoteRef::Ours(_) => None,
            })
            .collect();
        let found: HashMap<String, i64> = quotes::by_line_ids(pool, id, &line_ids)
            .await
            .or_internal()?
            .into_iter()
            .collect();
        let targets: Vec<(i64, Option<i64>)> = refs
            .into_iter()
            .map(|(message, r)| match r {
                QuoteRef::Ours(target) => (message, Some(target)),
                QuoteRef::Line(line_id) => (message, found.get(&line_id).copied()),
            })
            .collect();
        let ids: Vec<i64> = targets.iter().filter_map(|(_, t)| *t).collect();
        let shown: HashMap<i64, quotes::QuotedRow> = quotes::quoted(pool, &ids)
            .await
            .or_internal()?
            .into_iter()
            .map(|q| (q.id, q))
            .collect();
        Ok(targets
            .into_iter()
            .map(|(message, target)| {
                let quoted = match target.and_then(|t| shown.get(&t)) {
                    Some(q) => Quoted::Message {
                        id: q.id,
                        direction: q.direction,
                        author: q.author.clone(),
                        kind: q.kind.clone(),
                        // Nothing of a customer who has not consented, nor what they took back.
                        body: q.body.clone().filter(|_| {
                            q.unsent == 0
                                && !(consent_pending && q.direction == MessageDirection::In)
                        }),
                    },
                    None => Quoted::Missing,
                };
                (message, quoted)
            })
            .collect())
    }

    async fn row(&self, id: i64) -> Result<SummaryRow, AppError> {
        summaries::find(&self.engine.db.pool, id)
            .await
            .or_internal()?
            .ok_or(AppError::NotFound(Problem::ConversationNotFound))
    }
}

#[async_trait]
impl ConversationService for Conversations {
    async fn list_open(&self, actor: &CurrentUser) -> Result<Vec<ConversationSummary>, AppError> {
        let pool = &self.engine.db.pool;
        let rows = summaries::open(pool).await.or_internal()?;
        let offers: HashMap<i64, i64> = offers::pending_for(pool, actor.id)
            .await
            .or_internal()?
            .into_iter()
            .map(|o| (o.conversation_id, o.expires_at))
            .collect();
        let my_queues = queues::of_user(pool, actor.id).await.or_internal()?;
        Ok(rows
            .iter()
            .filter(|r| r.visible_to(actor, offers.contains_key(&r.id), &my_queues))
            .map(|r| r.summary_for(actor, offers.get(&r.id).copied(), &my_queues))
            .collect())
    }

    async fn get_for(
        &self,
        actor: &CurrentUser,
        id: i64,
        from: Option<i64>,
    ) -> Result<ConversationDetail, AppError> {
        require_readable(&self.engine.db, actor, id).await?;
        // A `from` that is not one of this conversation's messages shows the newest page.
        let from = match from {
            Some(message) => messages::position(&self.engine.db.pool, id, message)
                .await
                .or_internal()?,
            None => None,
        };
        let window = match from {
            Some(start) => Window::From(start),
            None => Window::Newest(PAGE),
        };
        let detail = self.read_for(actor, id, window).await?;
        // The agent serving the customer now sees their messages (live updates re-read too).
        if detail.summary.mine && detail.replies_disabled.is_none() {
            self.mark_read(id, Moment::Viewed).await;
        }
        Ok(detail)
    }

    async fn get(&self, id: i64) -> Result<ConversationDetail, AppError> {
        let row = self.row(id).await?;
        self.detail(&row, Window::From(Position::START)).await
    }

    async fn reply(&self, actor: &CurrentUser, id: i64, text: &str) -> Result<(), AppError> {
        self.store_reply(actor, id, text, None, None).await
    }

    async fn reply_once(
        &self,
        actor: &CurrentUser,
        id: i64,
        text: &str,
        send_id: &str,
        quote: Option<i64>,
    ) -> Result<(), AppError> {
        if !domain::conversation::is_send_id(send_id) {
            return Err(AppError::Request(
                "This reply has no valid send id: reload the page and send it again.".into(),
            ));
        }
        self.store_reply(actor, id, text, Some(send_id), quote)
            .await
    }

    async fn typing(&self, actor: &CurrentUser, id: i64) -> Result<bool, AppError> {
        require_actor(&self.engine.db, actor, id, Act::Answer).await?;
        let row = self.row(id).await?;
        if row.chat_kind != ChatKind::User || row.replies_disabled().is_some() {
            return Ok(false);
        }
        {
            let mut last = self.typing.lock().unwrap_or_else(|p| p.into_inner());
            let now = Instant::now();
            if last
                .get(&id)
                .is_some_and(|at| now.duration_since(*at) < TYPING_EVERY)
            {
                return Ok(false);
            }
            last.retain(|_, at| now.duration_since(*at) < TYPING_EVERY);
            last.insert(id, now);
        }
        let conversation = conversations::get(&self.engine.db.pool, id)
            .await
            .or_internal()?;
        let Some(conversation) = conversation else {
            return Ok(false);
        };
        let token = self
            .engine
            .token(conversation.account_id)
            .await
            .or_internal()?;
        // A missed animation is cosmetic: log LINE's refusal, never bother the agent with it.
        if let Err(err) = self
            .engine
            .line
            .show_loading(&token, &conversation.chat_id, TYPING_SECONDS)
            .await
        {
            tracing::info!(error = %err.describe(), "loading animation");
            return Ok(false);
        }
        Ok(true)
    }

    async fn file_limit(&self, actor: &CurrentUser, id: i64) -> Result<u64, AppError> {
        let (_, rules) = self.file_rules(actor, id).await?;
        Ok(u64::from(rules.max_size_mb) * 1024 * 1024)
    }

    async fn send_file(
        &self,
        actor: &CurrentUser,
        id: i64,
        file: FileUpload,
    ) -> Result<(), AppError> {
        let result = self.send_staged(actor, id, &file).await;
        // Moved into the store, or refused: the staging copy goes either way.
        let _ = tokio::fs::remove_file(&file.staged).await;
        result
    }

    async fn end(&self, actor: &CurrentUser, id: i64) -> Result<(), AppError> {
        require_actor(&self.engine.db, actor, id, Act::Manage).await?;
        self.row(id).await?;
        let conversation = conversations::get(&self.engine.db.pool, id)
            .await
            .or_internal()?
            .ok_or(AppError::NotFound(Problem::ConversationNotFound))?;
        // The customer hears that the agent ended it (and gets the survey) when the channel says so.
        automated::close(
            &self.engine,
            &conversation,
            Ending::Agent(agent_name(actor)),
        )
        .await
        .or_internal()?;
        self.wakers.outbox.notify_one();
        Ok(())
    }

    async fn history(
        &self,
        actor: &CurrentUser,
        query: HistoryQuery,
    ) -> Result<HistoryPage, AppError> {
        if actor.role == Role::Auditor {
            crate::services::visibility::require_transcript_grant(&self.engine.db, actor).await?;
        }
        let filter = HistoryFilter::new(&self.engine.db, actor, &query).await?;
        let pool = &self.engine.db.pool;
        let total = history::count(pool, &filter.conditions, &filter.binds)
            .await
            .or_internal()?;
        let pages = (total.max(1) as u32).div_ceil(HISTORY_PAGE_SIZE);
        let page = query.page.clamp(1, pages);
        let items = history::page(pool, &filter.conditions, &filter.binds, page)
            .await
            .or_internal()?;
        Ok(HistoryPage {
            items,
            total,
            page,
            pages,
        })
    }

    async fn export_transcript(
        &self,
        actor: &CurrentUser,
        id: i64,
        format: &str,
        client: &ClientInfo,
    ) -> Result<ConversationDetail, AppError> {
        require_readable(&self.engine.db, actor, id).await?;
        let detail = self
            .read_for(actor, id, Window::From(Position::START))
            .await?;
        // Who took which conversation out, never what it said.
        let entry = audit_entry(
            Some(actor),
            client,
            "conversation.transcript_export",
            "conversation",
            Some(id.to_string()),
            serde_json::json!({ "format": format, "messages": detail.messages.len() }),
        );
        let tx = self.engine.db.begin_write().await.or_internal()?;
        commit_audited(&self.engine.db, tx, entry, crate::clock::now_ms()).await?;
        Ok(detail)
    }
}

/// History filters that go through a trigram index.
enum TextSearch {
    Contact,
    Message,
}

/// The WHERE clause of a history search with its numbered parameters.
struct HistoryFilter {
    conditions: String,
    binds: Vec<Bound>,
}

impl HistoryFilter {
    async fn new(
        db: &crate::db::Db,
        actor: &CurrentUser,
        query: &HistoryQuery,
    ) -> Result<Self, AppError> {
        let mut filter = HistoryFilter {
            conditions: "1 = 1".into(),
            binds: Vec::new(),
        };
        if actor.role == Role::Agent {
            filter.binds.push(Bound::Int(actor.id));
            filter.conditions.push_str(&format!(" AND {AGENT_READS}"));
        }
        let mut errors = FieldErrors::new();
        let text_filters: [(&str, &str); 2] = [
            (&query.customer, "LOWER(COALESCE(p.display_name, '')) LIKE ${n} ESCAPE '\\'"),
            (
                &query.agent,
                "(LOWER(COALESCE(u.display_name, '')) LIKE ${n} ESCAPE '\\' OR LOWER(COALESCE(u.email, '')) LIKE ${n} ESCAPE '\\')",
            ),
        ];
        let too_long = |typed: &str| typed.chars().count() > 200;
        for (typed, sql) in text_filters {
            if typed.trim().is_empty() {
                continue;
            }
            if too_long(typed) {
                errors.add("text", Problem::SearchAtMost { max: 200 });
                continue;
            }
            filter
                .binds
                .push(Bound::Text(crate::services::contacts::like_pattern(typed)));
            let n = filter.binds.len().to_string();
            filter
                .conditions
                .push_str(&format!(" AND {}", sql.replace("{n}", &n)));
        }
        // The contact and the message text go through their trigram indexes
        // (db/text_search.rs).
        let indexed = [
            (&query.contact, TextSearch::Contact),
            (&query.text, TextSearch::Message),
        ];
        for (typed, what) in indexed {
            if too_long(typed) {
                errors.add("text", Problem::SearchAtMost { max: 200 });
                continue;
            }
            if typed.trim().is_empty() {
                continue;
            }
            let first = filter.binds.len() + 1;
            let (condition, binds) = match what {
                TextSearch::Contact => {
                    crate::db::contacts::search_condition(db, typed, first).await
                }
                TextSearch::Message => {
                    crate::db::text_search::conversation_condition(db, typed, first).await
                }
            }
            .or_internal()?;
            filter.binds.extend(binds);
            filter.conditions.push_str(&format!(" AND {condition}"));
        }
        let state = query.state.trim();
        if !state.is_empty() {
            if let Ok(state) = state.parse::<ConversationState>() {
                filter.binds.push(Bound::Text(state.as_str().to_string()));
                filter
                    .conditions
                    .push_str(&format!(" AND c.state = ${}", filter.binds.len()));
            } else {
                errors.add("state", Problem::ChooseState);
            }
        }
        for (typed, field, op, shift) in [
            (&query.from, "from", ">=", 0),
            (&query.to, "to", "<", 86_400_000),
        ] {
            if typed.trim().is_empty() {
                continue;
            }
            match domain::time::parse_date(typed) {
                Some(day) => {
                    filter.binds.push(Bound::Int(day + shift));
                    filter
                        .conditions
                        .push_str(&format!(" AND c.opened_at {op} ${}", filter.binds.len()));
                }
                None => errors.add(field, Problem::EnterDate),
            }
        }
        if !errors.is_empty() {
            return Err(AppError::Invalid(errors));
        }
        Ok(filter)
    }
}
