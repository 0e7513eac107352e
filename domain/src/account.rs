//! LINE messaging accounts: what the portal shows and the rules for what admins type.

use crate::{FieldErrors, Problem};
use serde::{Deserialize, Serialize};

mod service;
pub use service::AccountService;

pub const NAME_MAX: usize = 100;
pub const TOKEN_MAX: usize = 1000;
/// The version of the data-sharing notice an admin acknowledges; stored with the acknowledgement.
pub const PRIVACY_NOTICE_VERSION: &str = "2026-11";

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum AccountStatus {
    /// The New account wizard is not finished yet.
    Draft,
    /// LINE accepted the channel access token.
    Verified,
    /// Saved while LINE could not be asked; "Verify now" checks again.
    Unverified,
    /// LINE rejected the token at the last check.
    Inactive,
}

impl AccountStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            AccountStatus::Draft => "draft",
            AccountStatus::Verified => "verified",
            AccountStatus::Unverified => "unverified",
            AccountStatus::Inactive => "inactive",
        }
    }

    pub fn parse(s: &str) -> AccountStatus {
        match s {
            "verified" => AccountStatus::Verified,
            "unverified" => AccountStatus::Unverified,
            "inactive" => AccountStatus::Inactive,
            _ => AccountStatus::Draft,
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            AccountStatus::Draft => "Setup not finished",
            AccountStatus::Verified => "Verified",
            AccountStatus::Unverified => "Unverified",
            AccountStatus::Inactive => "Inactive",
        }
    }
}

/// The bot behind a channel, as LINE describes it (GET /v2/bot/info).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct BotProfile {
    pub user_id: String,
    pub display_name: String,
    pub basic_id: String,
    pub picture_url: Option<String>,
    /// None until LINE was asked since the desk learnt to read it.
    pub chat_mode: Option<ChatMode>,
    pub read_mode: Option<LineReadMode>,
}

crate::text_enum! {
    /// The account's Chat setting in LINE Official Account Manager.
    pub enum ChatMode {
        /// Chat is on: people can chat with the account (and messages can be marked read).
        Chat = "chat",
        /// Chat is off: the account only answers through its bot.
        Bot = "bot",
    }
}

crate::text_enum! {
    /// How LINE marks a customer's messages read for this account.
    pub enum LineReadMode {
        /// LINE marks every message read as it arrives (Chat is off).
        Auto = "auto",
        /// Messages stay unread until the bot marks them (POST /v2/bot/chat/markAsRead).
        Manual = "manual",
    }
}

crate::text_enum! {
    /// When linedesk marks a customer's messages read for them to see ("Read" in LINE).
    pub enum MarkRead {
        /// When the agent serving the conversation opens it (and when they reply).
        OnView = "on_view",
        /// Only when an agent replies.
        OnReply = "on_reply",
        /// Never: customers see no read mark from the desk.
        Never = "never",
    }
}

impl BotProfile {
    /// Whether LINE lets the desk mark messages read: only in manual mode, which LINE gives an
    /// account whose Chat is on. Unknown (never asked) counts as possible.
    pub fn can_mark_read(&self) -> bool {
        self.read_mode != Some(LineReadMode::Auto)
    }
}

/// An account as the portal shows it. Secrets appear only as their last four characters.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AccountView {
    pub id: i64,
    pub name: String,
    pub channel_id: String,
    pub status: AccountStatus,
    pub bot: Option<BotProfile>,
    pub mark_read: MarkRead,
    pub secret_hint: Option<String>,
    pub token_hint: Option<String>,
    pub callback_url: String,
    /// Why the last check with LINE failed (a code: read in the reader's language).
    pub verify_error: Option<crate::Problem>,
    pub verified_at: Option<i64>,
    pub last_webhook_at: Option<i64>,
    pub workstreams: Vec<String>,
    pub privacy_ack_by: Option<String>,
    pub privacy_ack_at: Option<i64>,
    pub privacy_notice_version: Option<String>,
    pub created_by: Option<String>,
    pub created_at: i64,
}

/// What auditors see of an account on the Privacy page.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AccountPrivacy {
    pub name: String,
    pub channel_id: String,
    pub status: AccountStatus,
    pub ack_by: Option<String>,
    pub ack_at: Option<i64>,
    pub notice_version: Option<String>,
}

/// Step 2 of the wizard: what the admin typed (secrets never come back, only their hints).
#[derive(Clone, Serialize, Deserialize, Default)]
pub struct Credentials {
    pub channel_id: String,
    pub channel_secret: String,
    pub access_token: String,
}

impl std::fmt::Debug for Credentials {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Credentials")
            .field("channel_id", &self.channel_id)
            .field("channel_secret", &"[redacted]")
            .field("access_token", &"[redacted]")
            .finish()
    }
}

/// What LINE said about our webhook: the URL it has, whether it is on, and whether it is ours.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct WebhookStatus {
    pub endpoint: String,
    pub active: bool,
    pub matches_ours: bool,
}

/// LINE's answer to "Test webhook".
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct WebhookTest {
    pub success: bool,
    pub status_code: u16,
    pub reason: String,
    pub detail: String,
}

/// What deleting an account did about LINE's webhook URL for its channel.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum WebhookCleanup {
    /// LINE had this desk's callback URL; linedesk emptied it.
    Cleared,
    /// LINE had no webhook URL for the channel.
    NotSet,
    /// LINE sends the channel's webhooks to another system: left as it was.
    Elsewhere,
    /// LINE could not be reached or refused: the admin must clear it (see `manual_webhook_steps`).
    Manual,
}

impl WebhookCleanup {
    pub fn as_str(self) -> &'static str {
        match self {
            WebhookCleanup::Cleared => "cleared",
            WebhookCleanup::NotSet => "none",
            WebhookCleanup::Elsewhere => "elsewhere",
            WebhookCleanup::Manual => "manual",
        }
    }
    pub fn parse(s: &str) -> Option<WebhookCleanup> {
        [
            WebhookCleanup::Cleared,
            WebhookCleanup::NotSet,
            WebhookCleanup::Elsewhere,
            WebhookCleanup::Manual,
        ]
        .into_iter()
        .find(|w| w.as_str() == s)
    }
}

/// How to stop LINE sending a channel's webhooks by hand, when linedesk could not.
pub fn manual_webhook_steps(channel_id: &str) -> String {
    format!(
        "Clear it yourself: in the LINE Developers console (https://developers.line.biz/console/) open the \
         channel with Channel ID {channel_id}, tab Messaging API, Webhook settings: turn Use webhook off (or \
         Edit the Webhook URL). Until then LINE keeps sending this channel's messages to a URL that answers 404, \
         and customers who write get no answer; to have LINE answer them instead, turn on Chat or \
         Auto-response in LINE Official Account Manager (https://manager.line.biz/), Settings, Response settings."
    )
}

/// What deleting a messaging account did, for the confirmation shown afterwards.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AccountDeletion {
    pub channel_id: String,
    pub webhook: WebhookCleanup,
    /// LINE's answer when the webhook could not be cleared.
    pub line_error: Option<String>,
    /// Open conversations ended by the deletion.
    pub conversations_ended: u32,
    /// Of those, customers LINE accepted the end message for.
    pub customers_told: u32,
}

impl AccountDeletion {
    /// The query string of the accounts list that shows this confirmation (no secrets in it).
    pub fn query(&self) -> String {
        let channel: String = self
            .channel_id
            .chars()
            .filter(char::is_ascii_alphanumeric)
            .collect();
        format!(
            "deleted=1&channel={channel}&webhook={}&ended={}&told={}",
            self.webhook.as_str(),
            self.conversations_ended,
            self.customers_told
        )
    }

    /// Read back from the accounts list's query (`get` looks a parameter up).
    pub fn from_query(get: impl Fn(&str) -> Option<String>) -> Option<AccountDeletion> {
        get("deleted")?;
        let number = |name: &str| get(name).and_then(|v| v.parse().ok()).unwrap_or(0);
        Some(AccountDeletion {
            channel_id: get("channel")
                .unwrap_or_default()
                .chars()
                .filter(char::is_ascii_alphanumeric)
                .take(40)
                .collect(),
            webhook: get("webhook")
                .and_then(|w| WebhookCleanup::parse(&w))
                .unwrap_or(WebhookCleanup::Manual),
            line_error: None,
            conversations_ended: number("ended"),
            customers_told: number("told"),
        })
    }

    /// The confirmation, one sentence per line.
    pub fn summary(&self) -> Vec<String> {
        let mut lines = vec!["The account was deleted: its secrets are wiped and its callback URL answers 404. Its past conversations stay in history.".to_string()];
        lines.push(match self.webhook {
            WebhookCleanup::Cleared => "The webhook URL on LINE was cleared, so LINE no longer sends this channel's messages to the desk.".to_string(),
            WebhookCleanup::NotSet => "LINE had no webhook URL for this channel: nothing to clear.".to_string(),
            WebhookCleanup::Elsewhere => "LINE sends this channel's webhooks to another URL, not this desk's: it was left as it is.".to_string(),
            WebhookCleanup::Manual => {
                let why = self
                    .line_error
                    .as_deref()
                    .map(|e| format!(" ({e})"))
                    .unwrap_or_default();
                format!(
                    "linedesk could not clear the webhook URL on LINE{why}. {}",
                    manual_webhook_steps(&self.channel_id)
                )
            }
        });
        lines.push(match (self.conversations_ended, self.customers_told) {
            (0, _) => "No conversations were open.".to_string(),
            (ended, told) if told == ended => format!("{ended} open conversation(s) ended; every customer got the end message."),
            (ended, told) => format!("{ended} open conversation(s) ended; {told} customer(s) got the end message, LINE did not take it for the other {}.", ended - told),
        });
        lines
    }
}

/// Organisation region: LINE is not available in a government-cloud region.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Region {
    Commercial,
    Government,
}

impl Region {
    pub fn as_str(self) -> &'static str {
        match self {
            Region::Commercial => "commercial",
            Region::Government => "government",
        }
    }
    pub fn parse(s: &str) -> Region {
        if s == "government" {
            Region::Government
        } else {
            Region::Commercial
        }
    }
}

pub const GOVERNMENT_REGION_REASON: &str =
    "LINE is unavailable because this organisation's region is set to government cloud.";

pub fn check_name(name: &str, errors: &mut FieldErrors) {
    let name = name.trim();
    if name.is_empty() {
        errors.add("name", Problem::EnterAccountName);
    } else if name.chars().count() > NAME_MAX {
        errors.add("name", Problem::AtMostChars { max: NAME_MAX });
    }
}

pub fn check_credentials(
    credentials: &Credentials,
    secret_required: bool,
    token_required: bool,
    errors: &mut FieldErrors,
) {
    let id = credentials.channel_id.trim();
    if id.is_empty() {
        errors.add("channel_id", Problem::EnterChannelId);
    } else if !id.bytes().all(|b| b.is_ascii_digit()) {
        errors.add("channel_id", Problem::ChannelIdDigits);
    } else if id.len() > 20 {
        errors.add("channel_id", Problem::ChannelIdLength);
    }
    let secret = credentials.channel_secret.trim();
    if secret.is_empty() {
        if secret_required {
            errors.add("channel_secret", Problem::EnterChannelSecret);
        }
    } else if secret.len() != 32 || !secret.bytes().all(|b| b.is_ascii_hexdigit()) {
        errors.add("channel_secret", Problem::ChannelSecretFormat);
    }
    let token = credentials.access_token.trim();
    if token.is_empty() {
        if token_required {
            errors.add("access_token", Problem::EnterAccessToken);
        }
    } else if token.chars().count() > TOKEN_MAX {
        errors.add("access_token", Problem::AccessTokenMax { max: TOKEN_MAX });
    } else if token.chars().any(char::is_whitespace) {
        errors.add("access_token", Problem::AccessTokenSpaces);
    }
}

/// "••••abcd": the only form in which a secret is ever shown.
pub fn mask(last4: &str) -> String {
    format!("••••{last4}")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn creds(id: &str, secret: &str, token: &str) -> FieldErrors {
        let mut errors = FieldErrors::new();
        check_credentials(
            &Credentials {
                channel_id: id.into(),
                channel_secret: secret.into(),
                access_token: token.into(),
            },
            true,
            true,
            &mut errors,
        );
        errors
    }

    #[test]
    fn credentials_rules() {
        assert!(creds("1234567890", "0123456789abcdef0123456789ABCDEF", "tok").is_empty());
        assert!(creds("12ab", "0123456789abcdef0123456789abcdef", "tok")
            .get("channel_id")
            .is_some());
        assert!(creds("123", "0123456789abcdef", "tok")
            .get("channel_secret")
            .is_some());
        assert!(creds("123", "0123456789abcdef0123456789abcdeg", "tok")
            .get("channel_secret")
            .is_some());
        assert!(creds("123", "0123456789abcdef0123456789abcdef", "")
            .get("access_token")
            .is_some());
        assert!(
            creds("123", "0123456789abcdef0123456789abcdef", &"t".repeat(1001))
                .get("access_token")
                .is_some()
        );
        let empty = creds("", "", "");
        assert_eq!(empty.0.len(), 3);
    }

    #[test]
    fn names() {
        let mut errors = FieldErrors::new();
        check_name("  ", &mut errors);
        assert!(errors.get("name").is_some());
        let mut errors = FieldErrors::new();
        check_name(&"n".repeat(101), &mut errors);
        assert!(errors.get("name").unwrap().to_string().contains("100"));
    }

    #[test]
    fn credentials_debug_redacts() {
        let c = Credentials {
            channel_id: "1".into(),
            channel_secret: "s3cr3t".into(),
            access_token: "t0k3n".into(),
        };
        let shown = format!("{c:?}");
        assert!(!shown.contains("s3cr3t") && !shown.contains("t0k3n"));
    }
}

/// LINE event types the engine applies; everything else is kept in the raw event log only.
pub const APPLIED_EVENT_TYPES: &[&str] = &[
    "message",
    "follow",
    "unfollow",
    "unsend",
    "messageEdited",
    "postback",
    "join",
    "leave",
    "memberJoined",
    "memberLeft",
];

/// One stored webhook event as LINE sent it, for administrators.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RawEvent {
    pub id: i64,
    pub event_type: String,
    pub source_user_id: Option<String>,
    pub redelivery: bool,
    pub received_at: i64,
    pub processed_at: Option<i64>,
    pub attempts: i32,
    pub last_error: Option<String>,
    /// The event's JSON as received.
    pub body: String,
}
