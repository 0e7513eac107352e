use crate::db::{audit, Db};
use crate::error::OrInternal;
use async_trait::async_trait;
use domain::ports::{AuditEntry, AuditQuery, AuditService};
use domain::AppError;

pub struct AuditLog {
    pub db: Db,
}

#[async_trait]
impl AuditService for AuditLog {
    async fn list(&self, query: AuditQuery) -> Result<Vec<AuditEntry>, AppError> {
        audit::list(&self.db.pool, &query).await.or_internal()
    }
}
