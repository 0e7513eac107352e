//! The domain services behind the portal's server functions and the CLI.

pub mod accounts;
pub mod audit;
pub mod contacts;
pub mod conversations;
pub mod insights;
pub mod privacy;
pub mod routing;
pub mod system;
pub mod users;
pub mod visibility;
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

/// Appends the audit entry to the transaction and commits both: a change is never stored
/// without its audit entry, nor audited without being stored.
pub async fn commit_audited(
    db: &crate::db::Db,
    mut tx: crate::db::WriteTx,
    entry: NewAuditEntry,
    now: i64,
) -> Result<(), domain::AppError> {
    use crate::error::OrInternal;
    crate::db::audit::append(&mut tx, db.backend, &entry, now)
        .await
        .or_internal()?;
    tx.commit().await.or_internal()
}

/// What changed between two JSON documents, for audit entries: `{"before": …, "after": …}`
/// holding only the fields (at any depth) whose values differ.
pub fn changes(before: &serde_json::Value, after: &serde_json::Value) -> serde_json::Value {
    fn walk(
        before: &serde_json::Value,
        after: &serde_json::Value,
    ) -> Option<(serde_json::Value, serde_json::Value)> {
        use serde_json::{Map, Value};
        if before == after {
            return None;
        }
        match (before, after) {
            (Value::Object(b), Value::Object(a)) => {
                let (mut old, mut new) = (Map::new(), Map::new());
                let keys: std::collections::BTreeSet<&String> = b.keys().chain(a.keys()).collect();
                for key in keys {
                    let (bv, av) = (
                        b.get(key).unwrap_or(&Value::Null),
                        a.get(key).unwrap_or(&Value::Null),
                    );
                    if let Some((o, n)) = walk(bv, av) {
                        old.insert(key.clone(), o);
                        new.insert(key.clone(), n);
                    }
                }
                Some((Value::Object(old), Value::Object(new)))
            }
            _ => Some((before.clone(), after.clone())),
        }
    }
    let (before, after) = walk(before, after).unwrap_or_default();
    serde_json::json!({ "before": before, "after": after })
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    #[test]
    fn changes_keep_only_what_differs() {
        let before =
            json!({ "language": "en", "survey": { "enabled": false, "mode": "link" }, "same": 1 });
        let after =
            json!({ "language": "ja", "survey": { "enabled": true, "mode": "link" }, "same": 1 });
        assert_eq!(
            super::changes(&before, &after),
            json!({
                "before": { "language": "en", "survey": { "enabled": false } },
                "after": { "language": "ja", "survey": { "enabled": true } },
            })
        );
    }
}
