//! Conversations and messages as agents see them.

use serde::{Deserialize, Serialize};

mod service;
pub use service::ConversationService;

crate::text_enum! {
    /// Where a conversation is in its life.
    pub enum ConversationState {
        /// Opened by a customer's message, not routed yet.
        Open = "open",
        /// An agent (or the bot) is handling it.
        Active = "active",
        /// Queued for an agent.
        Waiting = "waiting",
        /// The agent is finishing up after the chat.
        Wrapup = "wrapup",
        Closed = "closed",
    }
}

impl ConversationState {
    pub fn is_closed(self) -> bool {
        self == ConversationState::Closed
    }
}

crate::text_enum! {
    /// The kind of LINE chat a conversation is with.
    pub enum ChatKind {
        /// One customer.
        User = "user",
        Group = "group",
        /// A multi-person chat without a group.
        Room = "room",
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ConversationSummary {
    pub id: i64,
    pub account_name: String,
    /// The LINE display name, or the group/room for group chats.
    pub customer_name: String,
    pub picture_url: Option<String>,
    pub chat_kind: ChatKind,
    pub state: ConversationState,
    pub last_message: Option<String>,
    /// The customer's first message (for the incoming notification).
    pub first_message: Option<String>,
    /// The linked contact's name.
    pub contact_name: Option<String>,
    /// Unix milliseconds.
    pub last_message_at: i64,
    pub opened_at: i64,
    /// The messaging account was deleted: the conversation is history only.
    pub account_deleted: bool,
    pub workstream: Option<String>,
    pub queue: Option<String>,
    /// The agent handling it.
    pub assigned_to: Option<String>,
    /// Assigned to the user who asked.
    pub mine: bool,
    /// The bot is answering (no agent yet).
    pub bot: bool,
    /// Offered to the user who asked, until then (Unix ms).
    pub offer_expires_at: Option<i64>,
    /// Waiting in a pick workstream's queue the user works in.
    pub can_pick: bool,
    /// Customer messages since an agent last answered.
    pub unread: i64,
    /// A group or room chat mentioned the account (@ its bot) since an agent last answered.
    #[serde(default)]
    pub mentioned: bool,
    /// The customer's latest message (the inbox's preview: what they asked, not the bot's
    /// last line).
    #[serde(default)]
    pub last_customer_message: Option<String>,
    /// When the oldest customer message no agent has answered yet arrived (Unix ms).
    #[serde(default)]
    pub waiting_since: Option<i64>,
    /// When the server read this (Unix ms): waiting times are counted from it, so the page
    /// reads the same on the server and in the browser.
    #[serde(default)]
    pub read_at: i64,
    /// For an offer to the viewer: what the incoming notification shows, as the workstream's
    /// agent-notification settings allow.
    pub notice: Option<OfferNotice>,
}

/// The incoming-conversation notification's details; a hidden detail is None.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct OfferNotice {
    pub customer_name: Option<String>,
    pub picture_url: Option<String>,
    pub contact_name: Option<String>,
    pub first_message: Option<String>,
    pub queue: Option<String>,
    pub waiting_since: Option<i64>,
}

impl OfferNotice {
    pub fn new(summary: &ConversationSummary, show: &crate::workstream::Notifications) -> Self {
        let keep = |on: bool, value: &Option<String>| value.clone().filter(|_| on);
        OfferNotice {
            customer_name: Some(summary.customer_name.clone()).filter(|_| show.show_customer_name),
            picture_url: keep(show.show_picture, &summary.picture_url),
            contact_name: keep(show.show_contact, &summary.contact_name),
            first_message: keep(show.show_first_message, &summary.first_message),
            queue: keep(show.show_queue, &summary.queue),
            waiting_since: Some(summary.opened_at).filter(|_| show.show_waiting_time),
        }
    }
}

crate::text_enum! {
    /// Who a message comes from: the customer, the desk (agents, the bot, automated messages), or
    /// a note the desk writes into the conversation.
    pub enum MessageDirection {
        In = "in",
        Out = "out",
        System = "system",
    }
}

crate::text_enum! {
    /// How far an outbound message got to LINE.
    pub enum DeliveryState {
        /// Waiting in the outbox (or being retried).
        Queued = "queued",
        /// LINE took every call of it.
        Sent = "sent",
        /// LINE refused a call of it for good (`MessageView::failure` says why).
        Failed = "failed",
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct MessageView {
    pub id: i64,
    pub direction: MessageDirection,
    pub kind: String,
    pub body: Option<String>,
    pub sent_at: i64,
    pub unsent: bool,
    pub edited: bool,
    /// Outbound only.
    pub delivery: Option<DeliveryState>,
    /// Outbound: LINE's reason for a failed delivery. Inbound: why a file was refused.
    pub failure: Option<String>,
    pub attachment: Option<AttachmentView>,
    /// Sent by linedesk itself (automated message or survey), not by an agent.
    pub automated: bool,
    /// Sent by the workstream's bot.
    pub bot: bool,
    /// The agent who wrote an outbound message.
    pub author: Option<String>,
    /// Sticker image, place on a map, or text with LINE emojis (inbound only).
    pub rich: Option<crate::message::Rich>,
    /// In a group or room: the name of the member who wrote it.
    #[serde(default)]
    pub sender: Option<String>,
    /// A customer message an agent may quote in a reply (LINE gave it a quote token).
    pub quotable: bool,
    /// The message this one quotes, shown above it.
    pub quoted: Option<Quoted>,
}

/// What a message quotes.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Quoted {
    /// A message the desk has (this conversation or an earlier one with the same customer).
    Message {
        id: i64,
        direction: MessageDirection,
        /// The agent who wrote it (outbound).
        author: Option<String>,
        kind: String,
        /// None when there is no text to show (taken back, purged, or not text).
        body: Option<String>,
    },
    /// A message from before the desk was connected, or one it no longer has.
    Missing,
}

crate::text_enum! {
    /// Where a message's media is.
    pub enum AttachmentState {
        /// Being downloaded from LINE.
        Pending = "pending",
        /// Downloaded: linedesk serves the bytes.
        Stored = "stored",
        /// The download failed for good (`AttachmentView::error` says why).
        Failed = "failed",
        /// At the sender's own URL; never downloaded.
        External = "external",
    }
}

impl AttachmentState {
    /// The media can be shown or downloaded.
    pub fn is_ready(self) -> bool {
        matches!(self, AttachmentState::Stored | AttachmentState::External)
    }
}

/// A message's media: where to get it, or why it is not there (yet).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AttachmentView {
    pub id: i64,
    pub state: AttachmentState,
    pub url: String,
    pub content_type: Option<String>,
    pub file_name: Option<String>,
    pub size: Option<i64>,
    pub error: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ConversationDetail {
    pub summary: ConversationSummary,
    /// Set when replies are impossible (customer unfollowed, account deleted): the reason,
    /// as a code the page words in the reader's language.
    pub replies_disabled: Option<crate::Problem>,
    pub language: Option<String>,
    pub messages: Vec<MessageView>,
    /// Set when older messages are not in `messages`: the id of the message the window starts
    /// at when one more page is shown (the "previous messages" link).
    pub earlier: Option<i64>,
    /// The post-conversation survey, once it was sent.
    pub survey: Option<SurveyView>,
    /// Whether the workstream's LINE channel lets agents send files.
    pub agents_can_attach: bool,
    /// Supervisors and administrators may move it to an agent or a queue.
    pub can_transfer: bool,
    /// The workstream's canned responses for the composer.
    pub quick_replies: Vec<crate::workstream::QuickReply>,
    /// Shown to an auditor under a transcript grant: nothing to answer, end or move.
    pub read_only: bool,
    /// The channel's file rules, for checking a file in the browser before it is uploaded.
    pub file_rules: Option<crate::workstream::Attachments>,
    /// Random, new with every read: the composer sends its replies as `{send_seed}-{n}`, so a
    /// page (with or without JavaScript) never gives two different replies one send id.
    pub send_seed: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SurveyView {
    pub sent_at: i64,
    pub rating: Option<i32>,
    pub comment: Option<String>,
}

/// Whether `send_id` is the kind of id a composer makes: 8 to 64 letters, digits, `-` or `_`.
pub fn is_send_id(send_id: &str) -> bool {
    (8..=64).contains(&send_id.len())
        && send_id
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
}

/// A file an agent attaches to a reply, already written to a staging file by whoever received
/// it (the upload route streams it to disk; it is never held in memory whole). The service
/// moves it into the attachment store or removes it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FileUpload {
    /// The name the agent's browser gave it.
    pub name: String,
    pub staged: std::path::PathBuf,
    pub size: u64,
}

/// Conversation history filters, as typed on the History page (all optional).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct HistoryQuery {
    /// LINE display name contains.
    pub customer: String,
    /// Linked contact's name, email or phone contains.
    pub contact: String,
    /// Agent's name or email contains.
    pub agent: String,
    /// Some message of the conversation contains.
    pub text: String,
    /// A `ConversationState` as text (as typed in the address), or empty for any.
    pub state: String,
    /// Opened on or after this day (YYYY-MM-DD, UTC).
    pub from: String,
    /// Opened on or before this day (YYYY-MM-DD, UTC).
    pub to: String,
    /// 1-based.
    pub page: u32,
}

pub const HISTORY_PAGE_SIZE: u32 = 25;

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct HistoryItem {
    pub id: i64,
    pub customer_name: String,
    pub contact_name: Option<String>,
    pub account_name: String,
    pub state: ConversationState,
    pub agent: Option<String>,
    pub opened_at: i64,
    pub closed_at: Option<i64>,
    pub messages: i64,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct HistoryPage {
    pub items: Vec<HistoryItem>,
    pub total: i64,
    pub page: u32,
    pub pages: u32,
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::workstream::Notifications;

    /// The text each closed set is stored and sent as, both ways.
    #[test]
    fn states_round_trip_through_text_and_json() {
        fn round_trip<T>(all: &[T])
        where
            T: Copy + std::fmt::Debug + PartialEq + std::fmt::Display + Serialize,
            T: std::str::FromStr<Err = String> + for<'a> Deserialize<'a>,
        {
            for &value in all {
                assert_eq!(value.to_string().parse(), Ok(value));
                let json = serde_json::to_string(&value).unwrap();
                assert_eq!(json, format!("\"{value}\""));
                assert_eq!(serde_json::from_str::<T>(&json).unwrap(), value);
            }
        }
        round_trip(ConversationState::ALL);
        round_trip(ChatKind::ALL);
        round_trip(AttachmentState::ALL);
        round_trip(DeliveryState::ALL);
        assert_eq!(ConversationState::Wrapup.as_str(), "wrapup");
        assert!("Closed".parse::<ConversationState>().is_err());
        assert!("".parse::<ConversationState>().is_err());
        assert!("queued".parse::<AttachmentState>().is_err());
    }

    #[test]
    fn the_offer_notice_shows_only_what_the_workstream_allows() {
        let summary = ConversationSummary {
            id: 1,
            account_name: "OA".into(),
            customer_name: "Aiko".into(),
            picture_url: Some("https://example.com/p.png".into()),
            chat_kind: ChatKind::User,
            state: ConversationState::Waiting,
            last_message: None,
            first_message: Some("hello".into()),
            contact_name: Some("Aiko Tanaka".into()),
            last_message_at: 2,
            opened_at: 1,
            account_deleted: false,
            workstream: None,
            queue: Some("Japan".into()),
            assigned_to: None,
            mine: false,
            bot: false,
            offer_expires_at: Some(3),
            can_pick: false,
            unread: 1,
            mentioned: false,
            last_customer_message: None,
            waiting_since: None,
            read_at: 0,
            notice: None,
        };
        let all = OfferNotice::new(&summary, &Notifications::default());
        assert_eq!(all.first_message.as_deref(), Some("hello"));
        assert_eq!(all.waiting_since, Some(1));
        let terse = OfferNotice::new(
            &summary,
            &Notifications {
                show_customer_name: false,
                show_first_message: false,
                show_contact: false,
                ..Notifications::default()
            },
        );
        assert_eq!(terse.customer_name, None);
        assert_eq!(terse.first_message, None);
        assert_eq!(terse.contact_name, None);
        assert_eq!(terse.queue.as_deref(), Some("Japan"));
    }
}
