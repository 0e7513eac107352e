//! `PrivacyService`: what the server implements for this area and the portal's server functions call
//! (they find it in `ports::Services`).

use super::{
    AccountPrivacySettings, ConsentRecord, DataSubject, EndUserPrivacy, PurgeCounts, RetentionView,
    TranscriptGrant,
};
use crate::contact::ErasedContact;
use crate::user::{ClientInfo, CurrentUser};
use crate::AppError;
use async_trait::async_trait;

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
