//! `UserService`: what the server implements for this area and the portal's server functions call
//! (they find it in `ports::Services`).

use super::{
    ClientInfo, CurrentUser, NewUser, OrganisationDefaults, ReaderPreferences, SignedIn, UserView,
};
use crate::{AppError, Role};
use async_trait::async_trait;

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
