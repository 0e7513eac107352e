//! The services the server implements and the portal's server functions call. Server functions
//! find them in the Leptos context (`Services`), never in globals, so tests can hand in their own.

use crate::user::{ClientInfo, CurrentUser, NewUser, UserView};
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
    /// Entries with an id below this one (for paging backwards through time).
    pub before_id: Option<i64>,
    pub limit: u32,
}

#[async_trait]
pub trait AuditService: Send + Sync {
    async fn list(&self, query: AuditQuery) -> Result<Vec<AuditEntry>, AppError>;
}

/// Everything the portal's server functions may call, handed to them through the context.
#[derive(Clone)]
pub struct Services {
    pub users: Arc<dyn UserService>,
    pub audit: Arc<dyn AuditService>,
}
