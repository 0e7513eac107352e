//! The domain services behind the portal's server functions and the CLI.

pub mod accounts;
pub mod audit;
pub mod conversations;
pub mod users;
pub mod workstreams;

use crate::db::audit::NewAuditEntry;
use domain::user::{ClientInfo, CurrentUser};

/// Starts an audit record for `action` on `entity` by `actor` (None: the system or a stranger).
pub fn audit_entry(
    actor: Option<&CurrentUser>,
    client: &ClientInfo,
    action: &str,
    entity: &str,
    entity_id: Option<String>,
    detail: serde_json::Value,
) -> NewAuditEntry {
    NewAuditEntry {
        actor_id: actor.map(|a| a.id),
        actor_email: actor.map(|a| a.email.clone()),
        action: action.to_string(),
        entity: entity.to_string(),
        entity_id,
        client_address: client.address.clone(),
        detail,
    }
}
