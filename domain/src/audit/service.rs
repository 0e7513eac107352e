//! `AuditService`: what the server implements for this area and the portal's server functions call
//! (they find it in `ports::Services`).

use super::{AuditEntry, AuditQuery, ChainStatus};
use crate::user::{ClientInfo, CurrentUser};
use crate::AppError;
use async_trait::async_trait;

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
