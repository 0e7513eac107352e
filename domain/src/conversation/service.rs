//! `ConversationService`: what the server implements for this area and the portal's server functions call
//! (they find it in `ports::Services`).

use super::{ConversationDetail, ConversationSummary, FileUpload, HistoryPage, HistoryQuery};
use crate::user::{ClientInfo, CurrentUser};
use crate::AppError;
use async_trait::async_trait;

/// Conversations with LINE customers: what agents read and answer.
#[async_trait]
pub trait ConversationService: Send + Sync {
    /// Open conversations (not closed) the user works on, most recent first: everything for
    /// supervisors and administrators; for agents their own, their offers, their queues' waiting
    /// work and conversations no workstream routes.
    async fn list_open(&self, actor: &CurrentUser) -> Result<Vec<ConversationSummary>, AppError>;
    /// The conversation as `actor` sees it (offers, pick and transfer depend on who asks): its
    /// newest page of messages, or every message from message `from` on (the "previous
    /// messages" link's window).
    async fn get_for(
        &self,
        actor: &CurrentUser,
        id: i64,
        from: Option<i64>,
    ) -> Result<ConversationDetail, AppError>;
    /// The conversation with every message (transcripts, exports).
    async fn get(&self, id: i64) -> Result<ConversationDetail, AppError>;
    /// Stores the reply (sent by the outbox worker); refused with the reason when replies are
    /// impossible.
    async fn reply(&self, actor: &CurrentUser, id: i64, text: &str) -> Result<(), AppError>;
    /// `reply` carrying the id the person's browser (or form) gave this send: the same id again
    /// (a double Enter, a resubmitted form, a retried request) stores and sends nothing more.
    /// A reply stored once per `send_id`; with `quote`, it quotes that customer message.
    async fn reply_once(
        &self,
        actor: &CurrentUser,
        id: i64,
        text: &str,
        send_id: &str,
        quote: Option<i64>,
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
