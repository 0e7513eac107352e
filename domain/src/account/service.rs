//! `AccountService`: what the server implements for this area and the portal's server functions call
//! (they find it in `ports::Services`).

use super::{
    AccountDeletion, AccountView, Credentials, MarkRead, RawEvent, Region, WebhookStatus,
    WebhookTest,
};
use crate::user::{ClientInfo, CurrentUser};
use crate::AppError;
use async_trait::async_trait;

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
    /// When the desk marks customers' messages read (LINE's "Read" mark).
    async fn set_mark_read(
        &self,
        actor: &CurrentUser,
        id: i64,
        mark_read: MarkRead,
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
