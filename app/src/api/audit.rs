#[cfg(feature = "ssr")]
use crate::ssr::{require, respond, services};
#[cfg(feature = "ssr")]
use domain::audit::AuditFilters;
use domain::audit::{AuditEntry, ChainStatus};
use domain::AppError;
#[cfg(feature = "ssr")]
use domain::Role;
use leptos::prelude::*;

/// A page of the audit log (50 entries), newest first, for admins and auditors.
#[server(endpoint = "list_audit_entries")]
pub async fn list_audit_entries(
    action: Option<String>,
    actor: Option<String>,
    entity: Option<String>,
    from: Option<String>,
    to: Option<String>,
    before_id: Option<i64>,
) -> Result<Vec<AuditEntry>, AppError> {
    respond(
        async {
            require(&[Role::Admin, Role::Auditor])?;
            let filters = AuditFilters {
                action,
                actor,
                entity,
                from,
                to,
            };
            services()?.audit.list(filters.query(before_id, 50)?).await
        }
        .await,
    )
}

/// Walks the hash chain (read-only, so auditors may run it).
#[server(endpoint = "verify_audit_chain")]
pub async fn verify_audit_chain() -> Result<ChainStatus, AppError> {
    respond(
        async {
            require(&[Role::Admin, Role::Auditor])?;
            services()?.audit.verify().await
        }
        .await,
    )
}
