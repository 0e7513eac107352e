//! The services the server implements and the portal's server functions call. Server functions
//! find them in the Leptos context (`Services`), never in globals, so tests can hand in their own.

use crate::account::{
    AccountDeletion, AccountPrivacy, AccountView, Credentials, RawEvent, Region, WebhookStatus,
    WebhookTest,
};
use crate::agent::{AgentView, Presence};
use crate::bot::{BotConfig, BotView};
use crate::contact::{ContactInput, ContactListItem, ContactView, CustomerPanel, ErasedContact};
use crate::conversation::{
    ConversationDetail, ConversationSummary, FileUpload, HistoryPage, HistoryQuery,
};
use crate::queue::{QueueDetail, RouteTest, TransferTarget};
use crate::routing::{Facts, Routing};
use crate::user::{
    ClientInfo, CurrentUser, NewUser, OrganisationDefaults, ReaderPreferences, UserView,
};
use crate::workstream::{
    AvailableAccount, ChannelConfig, NewWorkstream, QueueView, WorkstreamSettings, WorkstreamView,
};
use crate::{AppError, Role};
use async_trait::async_trait;
use serde::{Deserialize, Serialize};
use std::sync::Arc;

/// A successful sign-in: who, and the session generation the session must carry. Resetting a
/// password or disabling a user bumps the generation, which ends every older session at once.
#[derive(Clone, Debug)]
pub struct SignedIn {
    pub user: CurrentUser,
    pub session_epoch: i64,
}

#[async_trait]
pub trait UserService: Send + Sync {
    /// Checks the password (off the async runtime), throttling repeated failures.
    async fn sign_in(
        &self,
        email: &str,
        password: &str,
        client: &ClientInfo,
    ) -> Result<SignedIn, AppError>;
    async fn record_sign_out(&self, actor: &CurrentUser, client: &ClientInfo);
    /// True while no user exists and the one-time setup link is still the way in.
    async fn setup_needed(&self) -> Result<bool, AppError>;
    /// Creates the first administrator with the one-time setup token.
    async fn complete_setup(
        &self,
        token: &str,
        user: NewUser,
        client: &ClientInfo,
    ) -> Result<SignedIn, AppError>;
    async fn list(&self) -> Result<Vec<UserView>, AppError>;
    async fn create(
        &self,
        actor: &CurrentUser,
        user: NewUser,
        client: &ClientInfo,
    ) -> Result<UserView, AppError>;
    async fn change_role(
        &self,
        actor: &CurrentUser,
        user_id: i64,
        role: Role,
        client: &ClientInfo,
    ) -> Result<(), AppError>;
    async fn set_disabled(
        &self,
        actor: &CurrentUser,
        user_id: i64,
        disabled: bool,
        client: &ClientInfo,
    ) -> Result<(), AppError>;
    async fn reset_password(
        &self,
        actor: &CurrentUser,
        user_id: i64,
        password: &str,
        client: &ClientInfo,
    ) -> Result<(), AppError>;
    /// The person's own display language (a portal language tag; None: not chosen).
    async fn set_language(
        &self,
        actor: &CurrentUser,
        language: Option<&str>,
    ) -> Result<(), AppError>;
    /// The person's own preferences (language and IANA time zone; None: not chosen).
    async fn preferences(&self, actor: &CurrentUser) -> Result<ReaderPreferences, AppError>;
    async fn set_preferences(
        &self,
        actor: &CurrentUser,
        preferences: ReaderPreferences,
    ) -> Result<(), AppError>;
    async fn organisation_defaults(&self) -> Result<OrganisationDefaults, AppError>;
    /// The language and time zone of everyone who chose none (administrators; audited).
    async fn set_organisation_defaults(
        &self,
        actor: &CurrentUser,
        defaults: OrganisationDefaults,
        client: &ClientInfo,
    ) -> Result<(), AppError>;
}

/// One row of the audit log as people read it. `detail` never holds a secret.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuditEntry {
    pub id: i64,
    /// Unix milliseconds.
    pub at: i64,
    pub actor: Option<String>,
    pub action: String,
    pub entity: String,
    pub entity_id: Option<String>,
    pub client_address: Option<String>,
    pub detail: String,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuditQuery {
    pub action: Option<String>,
    pub actor: Option<String>,
    pub entity: Option<String>,
    /// Entries at or after this instant (Unix ms).
    pub from: Option<i64>,
    /// Entries before this instant (Unix ms).
    pub until: Option<i64>,
    /// Entries with an id below this one (for paging backwards through time).
    pub before_id: Option<i64>,
    pub limit: u32,
}

/// The outcome of walking the audit chain.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ChainStatus {
    pub entries: u64,
    /// The first entry whose hash or link does not hold (edited, or a neighbour deleted).
    pub first_altered: Option<i64>,
}

#[async_trait]
pub trait AuditService: Send + Sync {
    async fn list(&self, query: AuditQuery) -> Result<Vec<AuditEntry>, AppError>;
    async fn verify(&self) -> Result<ChainStatus, AppError>;
    /// Every matching entry as CSV (UTF-8 with a byte order mark, so spreadsheets read it as
    /// UTF-8) under `columns`, the eight headers in the reader's language; the export itself is
    /// audited.
    async fn export_csv(
        &self,
        actor: &CurrentUser,
        query: AuditQuery,
        columns: &[String],
        client: &ClientInfo,
    ) -> Result<String, AppError>;
}

/// LINE messaging accounts: the New account wizard, credential checks against LINE, the
/// callback URL and webhook settings, deletion. Every change is audited with secrets redacted.
#[async_trait]
pub trait AccountService: Send + Sync {
    async fn list(&self) -> Result<Vec<AccountView>, AppError>;
    async fn get(&self, id: i64) -> Result<AccountView, AppError>;
    async fn region(&self) -> Result<Region, AppError>;
    async fn set_region(
        &self,
        actor: &CurrentUser,
        region: Region,
        client: &ClientInfo,
    ) -> Result<(), AppError>;

    /// Wizard step 1 (Channel details): creates or renames the draft; returns its id.
    async fn save_draft_name(
        &self,
        actor: &CurrentUser,
        draft_id: Option<i64>,
        name: &str,
        client: &ClientInfo,
    ) -> Result<i64, AppError>;
    /// Wizard step 2 (Account details): stores what was typed (secrets sealed), then asks LINE
    /// about the token unless `check` is false (Back keeps the typing without checking).
    async fn save_draft_credentials(
        &self,
        actor: &CurrentUser,
        draft_id: i64,
        credentials: Credentials,
        check: bool,
        save_unverified: bool,
        client: &ClientInfo,
    ) -> Result<AccountView, AppError>;
    /// Wizard Done: needs the data-sharing acknowledgement; the account goes live.
    async fn finish(
        &self,
        actor: &CurrentUser,
        draft_id: i64,
        acknowledged: bool,
        client: &ClientInfo,
    ) -> Result<AccountView, AppError>;
    /// One-shot creation (CLI): validate, ask LINE, store, audit.
    async fn create(
        &self,
        actor: &CurrentUser,
        name: &str,
        credentials: Credentials,
        client: &ClientInfo,
    ) -> Result<AccountView, AppError>;

    async fn rename(
        &self,
        actor: &CurrentUser,
        id: i64,
        name: &str,
        client: &ClientInfo,
    ) -> Result<(), AppError>;
    async fn replace_secret(
        &self,
        actor: &CurrentUser,
        id: i64,
        secret: &str,
        client: &ClientInfo,
    ) -> Result<(), AppError>;
    /// Replaces the token and checks the new one with LINE.
    async fn replace_token(
        &self,
        actor: &CurrentUser,
        id: i64,
        token: &str,
        client: &ClientInfo,
    ) -> Result<AccountView, AppError>;
    async fn verify(
        &self,
        actor: &CurrentUser,
        id: i64,
        client: &ClientInfo,
    ) -> Result<AccountView, AppError>;
    /// A new callback key; the old callback URL then answers 404.
    async fn regenerate_key(
        &self,
        actor: &CurrentUser,
        id: i64,
        client: &ClientInfo,
    ) -> Result<AccountView, AppError>;
    async fn webhook_status(&self, id: i64) -> Result<WebhookStatus, AppError>;
    async fn set_webhook(
        &self,
        actor: &CurrentUser,
        id: i64,
        client: &ClientInfo,
    ) -> Result<WebhookStatus, AppError>;
    async fn test_webhook(
        &self,
        actor: &CurrentUser,
        id: i64,
        client: &ClientInfo,
    ) -> Result<WebhookTest, AppError>;
    /// The newest stored webhook events of the account: "all", "other" (types the engine does
    /// not apply) or "failed" (applying them failed at least once).
    async fn raw_events(&self, id: i64, filter: &str) -> Result<Vec<RawEvent>, AppError>;
    /// Refused (with the list) while a workstream uses the account. Clears LINE's webhook URL
    /// (or says how), ends the account's open conversations, and says what it did.
    async fn delete(
        &self,
        actor: &CurrentUser,
        id: i64,
        client: &ClientInfo,
    ) -> Result<AccountDeletion, AppError>;
}

/// Conversations with LINE customers: what agents read and answer.
#[async_trait]
pub trait ConversationService: Send + Sync {
    /// Open conversations (not closed) the user works on, most recent first: everything for
    /// supervisors and administrators; for agents their own, their offers, their queues' waiting
    /// work and conversations no workstream routes.
    async fn list_open(&self, actor: &CurrentUser) -> Result<Vec<ConversationSummary>, AppError>;
    /// The conversation as `actor` sees it (offers, pick and transfer depend on who asks).
    async fn get_for(&self, actor: &CurrentUser, id: i64) -> Result<ConversationDetail, AppError>;
    async fn get(&self, id: i64) -> Result<ConversationDetail, AppError>;
    /// Stores the reply (sent by the outbox worker); refused with the reason when replies are
    /// impossible.
    async fn reply(&self, actor: &CurrentUser, id: i64, text: &str) -> Result<(), AppError>;
    /// `reply` carrying the id the person's browser (or form) gave this send: the same id again
    /// (a double Enter, a resubmitted form, a retried request) stores and sends nothing more.
    async fn reply_once(
        &self,
        actor: &CurrentUser,
        id: i64,
        text: &str,
        send_id: &str,
    ) -> Result<(), AppError>;
    async fn end(&self, actor: &CurrentUser, id: i64) -> Result<(), AppError>;
    /// The largest file `actor` may send in this conversation, in bytes; refused (with the
    /// reason) when they may not send one at all. Asked before an upload's body is read.
    async fn file_limit(&self, actor: &CurrentUser, id: i64) -> Result<u64, AppError>;
    /// Stores and sends a file, when the workstream's LINE channel lets agents send files and
    /// the file passes its size and type rules. The staged file is consumed either way.
    async fn send_file(
        &self,
        actor: &CurrentUser,
        id: i64,
        file: FileUpload,
    ) -> Result<(), AppError>;
    /// The agent is typing: LINE shows its loading animation to the customer (1:1 chats,
    /// throttled). Returns whether LINE was asked.
    async fn typing(&self, actor: &CurrentUser, id: i64) -> Result<bool, AppError>;
    /// Past and present conversations the user may read, filtered and paged.
    async fn history(
        &self,
        actor: &CurrentUser,
        query: HistoryQuery,
    ) -> Result<HistoryPage, AppError>;
    /// The conversation for a transcript export (both sides, attachment links); the export is
    /// audited without its content.
    async fn export_transcript(
        &self,
        actor: &CurrentUser,
        id: i64,
        format: &str,
        client: &ClientInfo,
    ) -> Result<ConversationDetail, AppError>;
}

/// Contacts and the customer summary beside a conversation. Staff read and edit contacts;
/// agents only through conversations they may read; merging is for supervisors and admins.
#[async_trait]
pub trait ContactService: Send + Sync {
    /// Contacts whose name, email or phone contains `search` (all when empty), newest first.
    async fn list(
        &self,
        actor: &CurrentUser,
        search: &str,
    ) -> Result<Vec<ContactListItem>, AppError>;
    async fn get(&self, actor: &CurrentUser, id: i64) -> Result<ContactView, AppError>;
    async fn create(
        &self,
        actor: &CurrentUser,
        input: ContactInput,
        client: &ClientInfo,
    ) -> Result<i64, AppError>;
    async fn update(
        &self,
        actor: &CurrentUser,
        id: i64,
        input: ContactInput,
        client: &ClientInfo,
    ) -> Result<(), AppError>;
    /// `other`'s LINE profiles and conversations move to `keep`; `keep`'s empty fields take
    /// `other`'s values; `other` is deleted.
    async fn merge(
        &self,
        actor: &CurrentUser,
        keep: i64,
        other: i64,
        client: &ClientInfo,
    ) -> Result<(), AppError>;
    async fn customer(
        &self,
        actor: &CurrentUser,
        conversation_id: i64,
    ) -> Result<CustomerPanel, AppError>;
    /// Links the conversation's LINE profile (and so its past and later conversations) to the
    /// contact.
    async fn link(
        &self,
        actor: &CurrentUser,
        conversation_id: i64,
        contact_id: i64,
        client: &ClientInfo,
    ) -> Result<(), AppError>;
    async fn unlink(
        &self,
        actor: &CurrentUser,
        conversation_id: i64,
        client: &ClientInfo,
    ) -> Result<(), AppError>;
    /// Supervisors and administrators: the contact goes; its LINE profiles are unlinked and its
    /// conversations stay (unlinked). Audited by id.
    async fn delete(
        &self,
        actor: &CurrentUser,
        id: i64,
        client: &ClientInfo,
    ) -> Result<(), AppError>;
}

/// Workstreams, their fallback queues and their LINE channel (the Set up LINE wizard). Every
/// change is audited with what it was before and after.
#[async_trait]
pub trait WorkstreamService: Send + Sync {
    async fn list(&self) -> Result<Vec<WorkstreamView>, AppError>;
    async fn get(&self, id: i64) -> Result<WorkstreamView, AppError>;
    async fn list_queues(&self) -> Result<Vec<QueueView>, AppError>;
    async fn create(
        &self,
        actor: &CurrentUser,
        new: NewWorkstream,
        client: &ClientInfo,
    ) -> Result<i64, AppError>;
    /// Name and fallback queue. `mode` is accepted only when unchanged: the distribution mode
    /// is fixed once a workstream exists.
    async fn update_details(
        &self,
        actor: &CurrentUser,
        id: i64,
        name: &str,
        mode: Option<&str>,
        fallback_queue_id: i64,
        client: &ClientInfo,
    ) -> Result<(), AppError>;
    async fn update_settings(
        &self,
        actor: &CurrentUser,
        id: i64,
        settings: WorkstreamSettings,
        client: &ClientInfo,
    ) -> Result<(), AppError>;
    /// A copy named "Copy of …" with the same settings and no LINE channel.
    async fn copy(
        &self,
        actor: &CurrentUser,
        id: i64,
        client: &ClientInfo,
    ) -> Result<i64, AppError>;
    /// Removes the workstream and its LINE channel; conversations and their history stay.
    async fn delete(
        &self,
        actor: &CurrentUser,
        id: i64,
        client: &ClientInfo,
    ) -> Result<(), AppError>;

    /// LINE accounts the wizard offers, with the workstream already using each.
    async fn available_accounts(&self) -> Result<Vec<AvailableAccount>, AppError>;
    /// Set up LINE, first page: picks the account (creating the channel as a draft).
    async fn set_channel_account(
        &self,
        actor: &CurrentUser,
        workstream_id: i64,
        account_id: i64,
        client: &ClientInfo,
    ) -> Result<(), AppError>;
    /// Any later page: stores the whole configuration (validated).
    async fn update_channel(
        &self,
        actor: &CurrentUser,
        workstream_id: i64,
        config: ChannelConfig,
        client: &ClientInfo,
    ) -> Result<(), AppError>;
    /// Finish: the channel goes live (its account starts feeding this workstream).
    async fn finish_channel(
        &self,
        actor: &CurrentUser,
        workstream_id: i64,
        client: &ClientInfo,
    ) -> Result<(), AppError>;
    async fn delete_channel(
        &self,
        actor: &CurrentUser,
        workstream_id: i64,
        client: &ClientInfo,
    ) -> Result<(), AppError>;
}

/// Queues, routing rules, agents' presence and capacity, offers, picking, transfers and bots.
/// Every configuration change and every transfer is audited.
#[async_trait]
pub trait RoutingService: Send + Sync {
    async fn queues(&self) -> Result<Vec<QueueDetail>, AppError>;
    async fn create_queue(
        &self,
        actor: &CurrentUser,
        name: &str,
        priority: i32,
        client: &ClientInfo,
    ) -> Result<i64, AppError>;
    async fn update_queue(
        &self,
        actor: &CurrentUser,
        id: i64,
        name: &str,
        priority: i32,
        client: &ClientInfo,
    ) -> Result<(), AppError>;
    async fn set_queue_members(
        &self,
        actor: &CurrentUser,
        id: i64,
        user_ids: Vec<i64>,
        client: &ClientInfo,
    ) -> Result<(), AppError>;
    /// Refused (naming them) while a workstream or a routing rule sends work to the queue, or
    /// conversations wait in it.
    async fn delete_queue(
        &self,
        actor: &CurrentUser,
        id: i64,
        client: &ClientInfo,
    ) -> Result<(), AppError>;

    async fn routing(&self, workstream_id: i64) -> Result<Routing, AppError>;
    /// Stores the whole routing document (validated against the limits and existing queues).
    async fn save_routing(
        &self,
        actor: &CurrentUser,
        workstream_id: i64,
        routing: Routing,
        client: &ClientInfo,
    ) -> Result<(), AppError>;
    /// Which rule a sample conversation would match (the "test this rule" panel).
    async fn test_routing(&self, workstream_id: i64, facts: Facts) -> Result<RouteTest, AppError>;

    async fn agents(&self) -> Result<Vec<AgentView>, AppError>;
    async fn set_agent(
        &self,
        actor: &CurrentUser,
        user_id: i64,
        capacity: u32,
        skills: Vec<String>,
        client: &ClientInfo,
    ) -> Result<(), AppError>;
    async fn presence(&self, user_id: i64) -> Result<Presence, AppError>;
    /// Going offline (or away) withdraws the offers waiting for the agent.
    async fn set_presence(&self, actor: &CurrentUser, presence: Presence) -> Result<(), AppError>;

    async fn accept_offer(&self, actor: &CurrentUser, conversation_id: i64)
        -> Result<(), AppError>;
    async fn decline_offer(
        &self,
        actor: &CurrentUser,
        conversation_id: i64,
    ) -> Result<(), AppError>;
    /// Pick workstreams: exactly one of several agents picking at once gets the conversation.
    async fn pick(&self, actor: &CurrentUser, conversation_id: i64) -> Result<(), AppError>;
    /// Supervisors and administrators: to an agent (assigned at once) or to another queue.
    async fn transfer(
        &self,
        actor: &CurrentUser,
        conversation_id: i64,
        target: TransferTarget,
        client: &ClientInfo,
    ) -> Result<(), AppError>;

    async fn bot(&self, workstream_id: i64) -> Result<BotView, AppError>;
    /// `secret` None keeps the stored shared secret.
    async fn save_bot(
        &self,
        actor: &CurrentUser,
        workstream_id: i64,
        config: BotConfig,
        secret: Option<String>,
        client: &ClientInfo,
    ) -> Result<(), AppError>;
}

/// What a retention run or an erasure removed (or, for a preview, would remove).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct PurgeCounts {
    pub conversations: i64,
    pub messages: i64,
    pub attachments: i64,
}

/// Every finished account's privacy settings, from one read of the accounts, for the
/// Privacy page's three account sections.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct AccountPrivacySettings {
    pub accounts: Vec<AccountPrivacy>,
    pub retention: Vec<RetentionView>,
    pub end_user: Vec<EndUserPrivacy>,
}

/// A messaging account's retention limit and what the next run would purge.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RetentionView {
    pub account_id: i64,
    pub account_name: String,
    /// None: content is kept until someone deletes it.
    pub days: Option<u32>,
    pub next_run: PurgeCounts,
}

/// A LINE user as the data-subject tools show them (no message content).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct DataSubject {
    pub profile_id: i64,
    pub account_name: String,
    pub display_name: Option<String>,
    pub line_user_id: String,
    pub conversations: i64,
    pub erased_at: Option<i64>,
}

/// An account's end-user notice and consent settings.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct EndUserPrivacy {
    pub account_id: i64,
    pub account_name: String,
    /// Send the recording notice when a conversation starts.
    pub recording_notice: bool,
    /// Hide the customer's messages from agents until they agree.
    pub consent_required: bool,
    /// The notice's text per language code, overriding that language's default; `*` (texts
    /// saved before per-language notices) applies to every language without its own.
    pub notice_texts: std::collections::BTreeMap<String, String>,
}

impl EndUserPrivacy {
    /// Reads the stored column: a JSON object of texts, or one plain text for every language.
    pub fn parse_texts(column: Option<&str>) -> std::collections::BTreeMap<String, String> {
        let Some(column) = column.map(str::trim).filter(|c| !c.is_empty()) else {
            return Default::default();
        };
        serde_json::from_str(column).unwrap_or_else(|_| {
            [("*".to_string(), column.to_string())]
                .into_iter()
                .collect()
        })
    }

    /// The custom text for `language`, if any.
    pub fn notice_for<'a>(
        texts: &'a std::collections::BTreeMap<String, String>,
        language: &str,
    ) -> Option<&'a str> {
        texts
            .get(language)
            .or_else(|| texts.get("*"))
            .map(String::as_str)
    }
}

/// The form field of a language's notice text: `notice_text_zh_tw` for `zh-TW`.
pub fn notice_field(language: &str) -> String {
    format!("notice_text_{}", language.replace('-', "_").to_lowercase())
}

/// An auditor's access to conversation transcripts, as an administrator granted it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TranscriptGrant {
    pub user_id: i64,
    pub user_email: String,
    pub granted_by: String,
    pub granted_at: i64,
    pub expires_at: i64,
    pub revoked_at: Option<i64>,
    /// Not revoked and not expired now.
    pub active: bool,
}

/// The longest transcript grant, in days.
pub const TRANSCRIPT_GRANT_MAX_DAYS: u32 = 90;

/// One consent decision of a LINE user.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ConsentRecord {
    pub account_name: String,
    pub line_user_id: String,
    pub decision: String,
    pub notice_version: String,
    pub decided_at: i64,
}

/// Retention and data-subject requests. Every change and run is audited, never with content.
#[async_trait]
pub trait PrivacyService: Send + Sync {
    /// Acknowledgements, retention and end-user settings of every finished account at once.
    async fn account_settings(&self) -> Result<AccountPrivacySettings, AppError>;
    async fn retention(&self) -> Result<Vec<RetentionView>, AppError>;
    async fn set_retention(
        &self,
        actor: &CurrentUser,
        account_id: i64,
        days: Option<u32>,
        client: &ClientInfo,
    ) -> Result<(), AppError>;
    /// Purges now what the policy says (the scheduled job does the same, as the system).
    async fn run_retention(
        &self,
        actor: &CurrentUser,
        client: &ClientInfo,
    ) -> Result<PurgeCounts, AppError>;
    /// LINE users whose display name or user id contains `query`.
    async fn find_subjects(&self, query: &str) -> Result<Vec<DataSubject>, AppError>;
    /// Erases the LINE user's content and profile, ends their open conversations (without a
    /// message to them) and unlinks or erases their contact as `contact` says.
    async fn erase_subject(
        &self,
        actor: &CurrentUser,
        profile_id: i64,
        contact: ErasedContact,
        client: &ClientInfo,
    ) -> Result<PurgeCounts, AppError>;
    /// Everything stored about one LINE user: `(file name, zip bytes)` with a JSON document and
    /// the user's files. Audited without content.
    async fn export_subject(
        &self,
        actor: &CurrentUser,
        profile_id: i64,
        client: &ClientInfo,
    ) -> Result<(String, Vec<u8>), AppError>;
    async fn end_user_settings(&self) -> Result<Vec<EndUserPrivacy>, AppError>;
    async fn set_end_user_settings(
        &self,
        actor: &CurrentUser,
        settings: EndUserPrivacy,
        client: &ClientInfo,
    ) -> Result<(), AppError>;
    /// The latest consent decisions, newest first.
    async fn consents(&self) -> Result<Vec<ConsentRecord>, AppError>;
    /// Transcript grants to auditors, newest first (administrators and auditors read them).
    async fn transcript_grants(&self) -> Result<Vec<TranscriptGrant>, AppError>;
    /// Lets an auditor read conversations (read-only) for `days` days; audited.
    async fn grant_transcripts(
        &self,
        actor: &CurrentUser,
        user_id: i64,
        days: u32,
        client: &ClientInfo,
    ) -> Result<(), AppError>;
    /// Ends an auditor's active grants now; audited.
    async fn revoke_transcripts(
        &self,
        actor: &CurrentUser,
        user_id: i64,
        client: &ClientInfo,
    ) -> Result<(), AppError>;
}

/// Everything the portal's server functions may call, handed to them through the context.
#[derive(Clone)]
pub struct Services {
    pub users: Arc<dyn UserService>,
    pub audit: Arc<dyn AuditService>,
    pub accounts: Arc<dyn AccountService>,
    pub conversations: Arc<dyn ConversationService>,
    pub contacts: Arc<dyn ContactService>,
    pub workstreams: Arc<dyn WorkstreamService>,
    pub privacy: Arc<dyn PrivacyService>,
    pub routing: Arc<dyn RoutingService>,
    pub insights: Arc<dyn crate::insights::InsightsService>,
}
