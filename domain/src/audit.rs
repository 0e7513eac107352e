//! The audit log's filters as people type them (page, CSV export), turned into a query.

use crate::time::parse_date;
use crate::Problem;
use crate::{AppError, FieldErrors};
use serde::{Deserialize, Serialize};

mod service;
pub use service::AuditService;

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuditFilters {
    pub action: Option<String>,
    pub actor: Option<String>,
    pub entity: Option<String>,
    /// "YYYY-MM-DD", first day included (UTC).
    pub from: Option<String>,
    /// "YYYY-MM-DD", last day included (UTC).
    pub to: Option<String>,
}

fn clean(value: &Option<String>) -> Option<String> {
    value
        .as_deref()
        .map(str::trim)
        .filter(|v| !v.is_empty())
        .map(str::to_owned)
}

impl AuditFilters {
    pub fn query(&self, before_id: Option<i64>, limit: u32) -> Result<AuditQuery, AppError> {
        let mut errors = FieldErrors::new();
        let mut date = |field: &str, value: &Option<String>| {
            clean(value).and_then(|v| {
                let parsed = parse_date(&v);
                if parsed.is_none() {
                    errors.add(field, Problem::EnterDate);
                }
                parsed
            })
        };
        let from = date("from", &self.from);
        // "to" names the last day shown, so the range ends at the next midnight.
        let until = date("to", &self.to).map(|day| day + 86_400_000);
        errors.into_result()?;
        Ok(AuditQuery {
            action: clean(&self.action),
            actor: clean(&self.actor).map(|a| a.to_lowercase()),
            entity: clean(&self.entity),
            from,
            until,
            before_id,
            limit,
        })
    }

    /// The filters as a query string (for paging and the CSV link).
    pub fn query_string(&self) -> String {
        let pairs = [
            ("action", &self.action),
            ("actor", &self.actor),
            ("entity", &self.entity),
            ("from", &self.from),
            ("to", &self.to),
        ];
        pairs
            .iter()
            .filter_map(|(k, v)| clean(v).map(|v| format!("{k}={}", percent_encode(&v))))
            .collect::<Vec<_>>()
            .join("&")
    }
}

/// Percent-encodes a query value (RFC 3986 unreserved characters stay).
pub fn percent_encode(value: &str) -> String {
    value
        .bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' => {
                (b as char).to_string()
            }
            _ => format!("%{b:02X}"),
        })
        .collect()
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
    pub entity: Option<String>,
    /// Entries at or after this instant (Unix ms).
    pub from: Option<i64>,
    /// Entries before this instant (Unix ms).
    pub until: Option<i64>,
    /// Entries with an id below this one (for paging backwards through time).
    pub before_id: Option<i64>,
    pub limit: u32,
}

/// The outcome of walking the audit chain.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ChainStatus {
    pub entries: u64,
    /// The first entry whose hash or link does not hold (edited, or a neighbour deleted).
    pub first_altered: Option<i64>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_become_a_half_open_range_and_bad_dates_are_field_errors() {
        let filters = AuditFilters {
            from: Some("2026-11-23".into()),
            to: Some("2026-11-23".into()),
            actor: Some(" Admin@Example.com ".into()),
            ..Default::default()
        };
        let q = filters.query(None, 50).unwrap();
        assert_eq!(q.until.unwrap() - q.from.unwrap(), 86_400_000);
        assert_eq!(q.actor.as_deref(), Some("admin@example.com"));
        let bad = AuditFilters {
            from: Some("23/11/2026".into()),
            ..Default::default()
        };
        assert!(bad.query(None, 50).unwrap_err().field("from").is_some());
        assert_eq!(
            AuditFilters {
                action: Some("a b".into()),
                entity: Some("workstream".into()),
                ..Default::default()
            }
            .query_string(),
            "action=a%20b&entity=workstream"
        );
    }
}
