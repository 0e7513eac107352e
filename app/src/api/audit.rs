#[cfg(feature = "ssr")]
use crate::ssr::{require, respond, services};
use domain::ports::AuditEntry;
#[cfg(feature = "ssr")]
use domain::ports::AuditQuery;
use domain::AppError;
#[cfg(feature = "ssr")]
use domain::Role;
use leptos::prelude::*;

#[server(endpoint = "list_audit_entries")]
pub async fn list_audit_entries(
    action: Option<String>,
    actor: Option<String>,
    before_id: Option<i64>,
) -> Result<Vec<AuditEntry>, AppError> {
    respond(
        async {
            require(&[Role::Admin, Role::Auditor])?;
            let clean =
                |v: Option<String>| v.map(|s| s.trim().to_string()).filter(|s| !s.is_empty());
            let query = AuditQuery {
                action: clean(action),
                actor: clean(actor),
                before_id,
                limit: 50,
            };
            services()?.audit.list(query).await
        }
        .await,
    )
}
