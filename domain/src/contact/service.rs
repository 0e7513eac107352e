//! `ContactService`: what the server implements for this area and the portal's server functions call
//! (they find it in `ports::Services`).

use super::{ContactInput, ContactListItem, ContactView, CustomerPanel};
use crate::user::{ClientInfo, CurrentUser};
use crate::AppError;
use async_trait::async_trait;

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
