//! The audit log as people read it: filtered lists, the chain check, CSV exports (audited).

use crate::clock::now_ms;
use crate::db::{audit, Db};
use crate::error::OrInternal;
use crate::services::audit_entry;
use async_trait::async_trait;
use domain::audit::{AuditEntry, AuditQuery, AuditService, ChainStatus};
use domain::time::format_utc;
use domain::user::{ClientInfo, CurrentUser};
use domain::AppError;
use serde_json::json;

pub struct AuditLog {
    pub db: Db,
}

/// One CSV field: quoted when needed, and never read as a formula by a spreadsheet.
fn csv_field(value: &str) -> String {
    let value = if value.starts_with(['=', '+', '-', '@']) {
        format!("'{value}")
    } else {
        value.to_string()
    };
    if value.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", value.replace('"', "\"\""))
    } else {
        value
    }
}

/// The byte order mark Excel needs to read a CSV as UTF-8 (Japanese Excel reads Shift_JIS
/// otherwise).
pub const UTF8_BOM: &str = "\u{FEFF}";

/// The audit log's CSV columns, in the order `to_csv` writes them, as English exports name them.
pub const COLUMNS: [&str; 8] = [
    "id",
    "time_utc",
    "actor",
    "action",
    "entity",
    "entity_id",
    "client_address",
    "detail",
];

/// The entries as CSV: a byte order mark, then `columns` (the headers in the reader's
/// language, else `COLUMNS`), then a line per entry; times in UTC.
pub fn to_csv(entries: &[AuditEntry], columns: &[String]) -> String {
    let mut out = String::from(UTF8_BOM);
    let headers: Vec<String> = if columns.len() == COLUMNS.len() {
        columns.iter().map(|c| csv_field(c)).collect()
    } else {
        COLUMNS.iter().map(|c| c.to_string()).collect()
    };
    out.push_str(&headers.join(","));
    out.push_str("\r\n");
    for e in entries {
        let fields = [
            e.id.to_string(),
            format_utc(e.at),
            e.actor.clone().unwrap_or_default(),
            e.action.clone(),
            e.entity.clone(),
            e.entity_id.clone().unwrap_or_default(),
            e.client_address.clone().unwrap_or_default(),
            e.detail.clone(),
        ];
        let line: Vec<String> = fields.iter().map(|f| csv_field(f)).collect();
        out.push_str(&line.join(","));
        out.push_str("\r\n");
    }
    out
}

#[async_trait]
impl AuditService for AuditLog {
    async fn list(&self, query: AuditQuery) -> Result<Vec<AuditEntry>, AppError> {
        audit::list(&self.db.pool, &query).await.or_internal()
    }

    async fn verify(&self) -> Result<ChainStatus, AppError> {
        let outcome = audit::verify(&self.db.pool).await.or_internal()?;
        let entries = audit::count(&self.db.pool).await.or_internal()?;
        Ok(ChainStatus {
            entries: entries as u64,
            first_altered: outcome.err(),
        })
    }

    async fn export_csv(
        &self,
        actor: &CurrentUser,
        query: AuditQuery,
        columns: &[String],
        client: &ClientInfo,
    ) -> Result<String, AppError> {
        let query = AuditQuery {
            limit: 0,
            before_id: None,
            ..query
        };
        let entries = audit::list(&self.db.pool, &query).await.or_internal()?;
        let csv = to_csv(&entries, columns);
        let detail = json!({
            "filters": { "action": query.action, "actor": query.actor, "entity": query.entity,
                         "from": query.from, "until": query.until },
            "entries": entries.len(),
        });
        let entry = audit_entry(
            Some(actor),
            client,
            "audit.export",
            "audit_log",
            None,
            detail,
        );
        let mut conn = self.db.begin_write().await.or_internal()?;
        audit::append(&mut conn, self.db.backend, &entry, now_ms())
            .await
            .or_internal()?;
        conn.commit().await.or_internal()?;
        Ok(csv)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csv_quotes_and_defuses_formulas() {
        assert_eq!(csv_field("plain"), "plain");
        assert_eq!(csv_field("a,b"), "\"a,b\"");
        assert_eq!(csv_field("say \"hi\""), "\"say \"\"hi\"\"\"");
        assert_eq!(csv_field("=HYPERLINK(1)"), "'=HYPERLINK(1)");
    }
}
