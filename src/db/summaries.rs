//! The desk's view of conversations: each with its customer, account, workstream, queue,
//! agent, previews and unread count, as the conversation list and the open conversation show it.

use domain::conversation::{ChatKind, ConversationState};
use sqlx::{Any, Executor, FromRow};

#[derive(FromRow)]
pub struct SummaryRow {
    pub id: i64,
    pub account_id: i64,
    /// The workstream's settings document (for the offer notification's fields).
    pub notifications: Option<String>,
    pub workstream: Option<String>,
    pub account_name: String,
    pub customer_name: String,
    pub picture_url: Option<String>,
    #[sqlx(try_from = "String")]
    pub chat_kind: ChatKind,
    #[sqlx(try_from = "String")]
    pub state: ConversationState,
    pub last_message: Option<String>,
    pub first_message: Option<String>,
    pub contact_name: Option<String>,
    pub last_message_at: i64,
    pub opened_at: i64,
    pub queue_id: Option<i64>,
    pub queue: Option<String>,
    pub mode: Option<String>,
    pub assigned_user_id: Option<i64>,
    pub assigned_to: Option<String>,
    pub bot_active: i16,
    pub account_deleted: i16,
    pub blocked: i16,
    pub language: Option<String>,
    /// Customer messages since an agent last wrote.
    pub unread: i64,
    /// Of those, in a group or room: how many mention the account's bot.
    pub mentioned: i64,
    pub last_customer_message: Option<String>,
    pub waiting_since: Option<i64>,
    /// The account requires consent and this customer has not granted it.
    pub consent_pending: i16,
    /// The customer was erased as a data subject.
    pub erased: i16,
}

const SUMMARY_SQL: &str = "SELECT c.id, c.account_id, w.settings AS notifications, w.name AS workstream, a.name AS account_name,
        CASE WHEN c.chat_kind = 'user' THEN COALESCE(p.display_name, 'LINE user') ELSE 'Group chat' END AS customer_name,
        p.picture_url, c.chat_kind, c.state,
        (SELECT m.body FROM messages m WHERE m.conversation_id = c.id AND m.unsent = 0 AND m.body IS NOT NULL
         ORDER BY m.sent_at DESC, m.id DESC LIMIT 1) AS last_message,
        (SELECT m.body FROM messages m WHERE m.conversation_id = c.id AND m.direction = 'in' AND m.unsent = 0
         ORDER BY m.sent_at, m.id LIMIT 1) AS first_message, ct.name AS contact_name,
        c.last_message_at, c.opened_at, c.queue_id, q.name AS queue, w.mode, c.assigned_user_id,
        CASE WHEN u.display_name = '' THEN u.email ELSE u.display_name END AS assigned_to, c.bot_active,
        CASE WHEN a.deleted_at IS NULL THEN 0 ELSE 1 END AS account_deleted,
        COALESCE(p.blocked, 0) AS blocked, p.language,
        (SELECT COUNT(*) FROM messages m WHERE m.conversation_id = c.id AND m.direction = 'in'
           AND m.sent_at > COALESCE((SELECT MAX(o.sent_at) FROM messages o
                                     WHERE o.conversation_id = c.id AND o.author_user_id IS NOT NULL), 0)) AS unread,
        CASE WHEN c.chat_kind = 'user' THEN 0 ELSE
          (SELECT COUNT(*) FROM messages m WHERE m.conversation_id = c.id AND m.direction = 'in'
             AND m.payload LIKE '%\"isSelf\":true%'
             AND m.sent_at > COALESCE((SELECT MAX(o.sent_at) FROM messages o
                                       WHERE o.conversation_id = c.id AND o.author_user_id IS NOT NULL), 0))
        END AS mentioned,
        (SELECT m.body FROM messages m WHERE m.conversation_id = c.id AND m.direction = 'in' AND m.unsent = 0
           AND m.body IS NOT NULL ORDER BY m.sent_at DESC, m.id DESC LIMIT 1) AS last_customer_message,
        (SELECT MIN(m.sent_at) FROM messages m WHERE m.conversation_id = c.id AND m.direction = 'in'
           AND m.sent_at > COALESCE((SELECT MAX(o.sent_at) FROM messages o
                                     WHERE o.conversation_id = c.id AND o.author_user_id IS NOT NULL), 0)) AS waiting_since,
        CASE WHEN a.consent_required = 1 AND c.chat_kind = 'user'
              AND COALESCE((SELECT x.decision FROM consents x WHERE x.account_id = c.account_id AND x.line_user_id = c.chat_id
                            ORDER BY x.id DESC LIMIT 1), '') <> 'granted'
             THEN 1 ELSE 0 END AS consent_pending,
        CASE WHEN p.erased_at IS NULL THEN 0 ELSE 1 END AS erased
    FROM conversations c
    JOIN line_accounts a ON a.id = c.account_id
    LEFT JOIN social_profiles p ON p.id = c.profile_id
    LEFT JOIN contacts ct ON ct.id = COALESCE(c.contact_id, p.contact_id)
    LEFT JOIN workstreams w ON w.id = c.workstream_id
    LEFT JOIN queues q ON q.id = c.queue_id
    LEFT JOIN users u ON u.id = c.assigned_user_id";

/// The conversation's summary row, if it exists.
pub async fn find<'c>(
    db: impl Executor<'c, Database = Any>,
    id: i64,
) -> sqlx::Result<Option<SummaryRow>> {
    sqlx::query_as::<_, SummaryRow>(&format!("{SUMMARY_SQL} WHERE c.id = $1"))
        .bind(id)
        .fetch_optional(db)
        .await
}

/// The 500 most recent conversations that are not closed, newest first.
pub async fn open<'c>(db: impl Executor<'c, Database = Any>) -> sqlx::Result<Vec<SummaryRow>> {
    sqlx::query_as::<_, SummaryRow>(&format!(
        "{SUMMARY_SQL} WHERE c.state <> 'closed' ORDER BY c.last_message_at DESC, c.id DESC LIMIT 500"
    ))
    .fetch_all(db)
    .await
}
