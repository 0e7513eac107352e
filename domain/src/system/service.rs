//! `SystemService`: what the server implements for the System page and `linedesk doctor`.

use super::Check;
use crate::AppError;
use async_trait::async_trait;

#[async_trait]
pub trait SystemService: Send + Sync {
    /// Runs every check (asking LINE for each account's webhook and its clock): a few seconds
    /// at most, each call to LINE with its own timeout.
    async fn checks(&self) -> Result<Vec<Check>, AppError>;
}
