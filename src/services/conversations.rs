//! Conversations as agents see them, and their replies (stored, then sent by the outbox worker).
//! Routing and queues will narrow who sees what; until then every agent sees every open one.

use crate::db::{attachments, conversations, messages, offers, queues, surveys};
use crate::engine::automated::{self, Ending};
use crate::engine::distribution::{self, Take};
use crate::engine::{media, sender, Engine};
use crate::error::OrInternal;
use crate::workers::Wakers;
use async_trait::async_trait;
use domain::conversation::{
    AttachmentView, ConversationDetail, ConversationSummary, FileUpload, MessageView, SurveyView,
};
use domain::ports::ConversationService;
use domain::user::CurrentUser;
use domain::{AppError, FieldErrors, Role};
use sqlx::FromRow;
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

/// JPEG and PNG by their first bytes.
fn sniff_image(bytes: &[u8]) -> Option<&'static str> {
    if bytes.starts_with(&[0xFF, 0xD8, 0xFF]) {
        Some("image/jpeg")
    } else if bytes.starts_with(b"\x89PNG\r\n\x1a\n") {
        Some("image/png")
    } else {
        None
    }
}

#[derive(FromRow)]
struct SummaryRow {
    id: i64,
    account_id: i64,
    workstream: Option<String>,
    account_name: String,
    customer_name: String,
    picture_url: Option<String>,
    chat_kind: String,
    state: String,
    last_message: Option<String>,
    last_message_at: i64,
    opened_at: i64,
    queue_id: Option<i64>,
    queue: Option<String>,
    mode: Option<String>,
    assigned_user_id: Option<i64>,
    assigned_to: Option<String>,
    bot_active: i16,
    account_deleted: i16,
    blocked: i16,
    language: Option<String>,
    /// The account requires consent and this customer has not granted it.
    consent_pending: i16,
}

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
        summary.can_pick = self.state == "waiting"
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
            chat_kind: self.chat_kind.clone(),
            state: self.state.clone(),
            // Nothing of a customer who has not consented reaches agents, not even a preview.
            last_message: if self.consent_pending != 0 {
                Some(CONSENT_PENDING.into())
            } else {
                self.last_message.clone()
            },
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
        }
    }

    fn replies_disabled(&self) -> Option<String> {
        if self.account_deleted != 0 {
            Some("The messaging account was deleted; this conversation is history.".into())
        } else if self.blocked != 0 {
            Some("The customer blocked this LINE account (unfollowed), so LINE would not deliver a reply.".into())
        } else if self.consent_pending != 0 {
            Some(CONSENT_PENDING.into())
        } else if self.state == "closed" {
            Some("This conversation has ended.".into())
        } else {
            None
        }
    }
}

const SUMMARY_SQL: &str = "SELECT c.id, c.account_id, w.name AS workstream, a.name AS account_name,
        CASE WHEN c.chat_kind = 'user' THEN COALESCE(p.display_name, 'LINE user') ELSE 'Group chat' END AS customer_name,
        p.picture_url, c.chat_kind, c.state,
        (SELECT m.body FROM messages m WHERE m.conversation_id = c.id AND m.unsent = 0 AND m.body IS NOT NULL
         ORDER BY m.sent_at DESC, m.id DESC LIMIT 1) AS last_message,
        c.last_message_at, c.opened_at, c.queue_id, q.name AS queue, w.mode, c.assigned_user_id,
        CASE WHEN u.display_name = '' THEN u.email ELSE u.display_name END AS assigned_to, c.bot_active,
        CASE WHEN a.deleted_at IS NULL THEN 0 ELSE 1 END AS account_deleted,
        COALESCE(p.blocked, 0) AS blocked, p.language,
        CASE WHEN a.consent_required = 1 AND c.chat_kind = 'user'
              AND COALESCE((SELECT x.decision FROM consents x WHERE x.account_id = c.account_id AND x.line_user_id = c.chat_id
                            ORDER BY x.id DESC LIMIT 1), '') <> 'granted'
             THEN 1 ELSE 0 END AS consent_pending
    FROM conversations c
    JOIN line_accounts a ON a.id = c.account_id
    LEFT JOIN social_profiles p ON p.id = c.profile_id
    LEFT JOIN workstreams w ON w.id = c.workstream_id
    LEFT JOIN queues q ON q.id = c.queue_id
    LEFT JOIN users u ON u.id = c.assigned_user_id";

/// How customers see an agent's name: the display name, else the email's local part.
fn agent_name(actor: &CurrentUser) -> &str {
    if actor.display_name.trim().is_empty() {
        actor.email.split('@').next().unwrap_or_default()
    } else {
        actor.display_name.trim()
    }
}

impl Conversations {
    /// The first to answer an unassigned conversation takes it (the customer hears who it is
    /// when the channel says so). An agent can't answer a colleague's conversation, nor one
    /// the bot is still answering; supervisors and administrators can step in anywhere.
    async fn take(&self, actor: &CurrentUser, row: &SummaryRow) -> Result<(), AppError> {
        if row.assigned_user_id == Some(actor.id) {
            return Ok(());
        }
        if actor.role == Role::Agent {
            if let Some(name) = row
                .assigned_to
                .as_deref()
                .filter(|_| row.assigned_user_id.is_some())
            {
                return Err(AppError::Conflict(format!(
                    "{name} is handling this conversation."
                )));
            }
            if row.bot_active != 0 {
                return Err(AppError::Conflict(
                    "The bot is answering this conversation; it hands off when the customer asks for an agent.".into(),
                ));
            }
        }
        distribution::assign(
            &self.engine,
            row.id,
            actor.id,
            agent_name(actor),
            Take::Unassigned,
        )
        .await
        .or_internal()?;
        Ok(())
    }

    /// An agent answered: the conversation is active, the sender wakes, browsers hear of it.
    async fn answered(&self, id: i64) -> Result<(), AppError> {
        sqlx::query(
            "UPDATE conversations SET state = 'active' WHERE id = $1 AND state IN ('open', 'waiting')",
        )
            .bind(id)
            .execute(&self.engine.db.pool)
            .await
            .or_internal()?;
        self.wakers.outbox.notify_one();
        self.engine.live.publish(id).await;
        Ok(())
    }

    async fn row(&self, id: i64) -> Result<SummaryRow, AppError> {
        sqlx::query_as::<_, SummaryRow>(&format!("{SUMMARY_SQL} WHERE c.id = $1"))
            .bind(id)
            .fetch_optional(&self.engine.db.pool)
            .await
            .or_internal()?
            .ok_or_else(|| AppError::NotFound("That conversation".into()))
    }
}

#[async_trait]
impl ConversationService for Conversations {
    async fn list_open(&self, actor: &CurrentUser) -> Result<Vec<ConversationSummary>, AppError> {
        let pool = &self.engine.db.pool;
        let rows = sqlx::query_as::<_, SummaryRow>(&format!(
            "{SUMMARY_SQL} WHERE c.state <> 'closed' ORDER BY c.last_message_at DESC, c.id DESC LIMIT 500"
        ))
        .fetch_all(pool)
        .await
        .or_internal()?;
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

    async fn get_for(&self, actor: &CurrentUser, id: i64) -> Result<ConversationDetail, AppError> {
        let pool = &self.engine.db.pool;
        let mut detail = self.get(id).await?;
        let row = self.row(id).await?;
        let offer = offers::pending_for(pool, actor.id)
            .await
            .or_internal()?
            .into_iter()
            .find(|o| o.conversation_id == id)
            .map(|o| o.expires_at);
        let my_queues = queues::of_user(pool, actor.id).await.or_internal()?;
        detail.summary = row.summary_for(actor, offer, &my_queues);
        detail.can_transfer =
            matches!(actor.role, Role::Admin | Role::Supervisor) && row.state != "closed";
        Ok(detail)
    }

    async fn get(&self, id: i64) -> Result<ConversationDetail, AppError> {
        let row = self.row(id).await?;
        let mut media: HashMap<i64, AttachmentView> =
            attachments::for_messages(&self.engine.db.pool, id)
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
        let messages = messages::list(&self.engine.db.pool, id)
            .await
            .or_internal()?
            .into_iter()
            .map(|m| {
                let hidden = row.consent_pending != 0 && m.direction == "in";
                (m, hidden)
            })
            .map(|(m, hidden)| MessageView {
                attachment: media.remove(&m.id).filter(|_| !hidden),
                automated: m.direction == "out" && m.author_user_id.is_none(),
                bot: m.direction == "out" && m.payload.contains("\"automated\":\"bot\""),
                id: m.id,
                direction: m.direction,
                kind: if hidden { "withheld".into() } else { m.kind },
                body: if hidden { None } else { m.body },
                sent_at: m.sent_at,
                unsent: m.unsent != 0,
                edited: m.edited_at.is_some(),
                delivery: m.delivery,
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
            survey,
            agents_can_attach: channel.is_some_and(|c| c.config.attachments.agents_may_send()),
            can_transfer: false,
        })
    }

    async fn reply(&self, actor: &CurrentUser, id: i64, text: &str) -> Result<(), AppError> {
        let text = text.trim();
        if text.is_empty() {
            return Err(FieldErrors::single("text", "Write a reply first."));
        }
        if text.chars().count() > REPLY_MAX {
            return Err(FieldErrors::single(
                "text",
                format!("Use at most {REPLY_MAX} characters."),
            ));
        }
        let row = self.row(id).await?;
        if let Some(reason) = row.replies_disabled() {
            return Err(AppError::Conflict(reason));
        }
        self.take(actor, &row).await?;
        sender::enqueue_text(&self.engine, id, actor.id, text)
            .await
            .or_internal()?;
        self.answered(id).await
    }

    async fn typing(&self, _actor: &CurrentUser, id: i64) -> Result<bool, AppError> {
        let row = self.row(id).await?;
        if row.chat_kind != "user" || row.replies_disabled().is_some() {
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

    async fn send_file(
        &self,
        actor: &CurrentUser,
        id: i64,
        file: FileUpload,
    ) -> Result<(), AppError> {
        let row = self.row(id).await?;
        if let Some(reason) = row.replies_disabled() {
            return Err(AppError::Conflict(reason));
        }
        let channel = automated::context_for_account(&self.engine, row.account_id)
            .await
            .or_internal()?;
        let rules = match channel {
            Some(c) if c.config.attachments.agents_may_send() => c.config.attachments,
            _ => {
                return Err(AppError::Forbidden);
            }
        };
        let name: String = file
            .name
            .rsplit(['/', '\\'])
            .next()
            .unwrap_or_default()
            .chars()
            .filter(|c| !c.is_control())
            .take(200)
            .collect();
        if name.trim().is_empty() || file.bytes.is_empty() {
            return Err(FieldErrors::single("file", "Choose a file to send."));
        }
        if let Some(reason) = rules.refusal(Some(&name), Some(file.bytes.len() as i64)) {
            return Err(FieldErrors::single("file", reason));
        }
        // Trust the bytes, not the browser's label: only real JPEG/PNG go to LINE as photos.
        let content_type = sniff_image(&file.bytes).unwrap_or(match file.content_type.as_str() {
            t if (t.starts_with("video/") || t.starts_with("audio/") || t == "application/pdf")
                && t.len() < 100 =>
            {
                t
            }
            _ => "application/octet-stream",
        });
        let sha = media::store_bytes(&self.engine, &file.bytes)
            .await
            .or_internal()?;
        let outgoing = sender::OutgoingFile {
            author_user_id: actor.id,
            name: &name,
            content_type,
            size: file.bytes.len() as i64,
            sha256: &sha,
        };
        self.take(actor, &row).await?;
        sender::enqueue_file(&self.engine, id, &outgoing)
            .await
            .or_internal()?;
        self.answered(id).await
    }

    async fn end(&self, actor: &CurrentUser, id: i64) -> Result<(), AppError> {
        self.row(id).await?;
        let conversation = conversations::get(&self.engine.db.pool, id)
            .await
            .or_internal()?
            .ok_or_else(|| AppError::NotFound("That conversation".into()))?;
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
}
