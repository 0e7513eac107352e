//! What backups and restores ask of the database: a consistent copy of a live SQLite file, and
//! how many rows each of the desk's tables holds.

use super::{Backend, Db};
use sqlx::Row;
use std::path::Path;

/// Writes a consistent copy of the SQLite database to `to` (which must not exist) while the desk
/// keeps working: VACUUM INTO reads one snapshot, and in WAL mode writers carry on meanwhile.
pub async fn copy_sqlite(db: &Db, to: &Path) -> sqlx::Result<()> {
    let target = to.to_string_lossy().replace('\'', "''");
    sqlx::query(&format!("VACUUM INTO '{target}'"))
        .execute(&db.pool)
        .await?;
    Ok(())
}

/// The desk's own tables (not the migration ledger, not the text index's internals), by name.
pub async fn tables(db: &Db) -> sqlx::Result<Vec<String>> {
    let sql = match db.backend {
        Backend::Sqlite => {
            "SELECT name FROM sqlite_master WHERE type = 'table'
                 AND name NOT LIKE 'sqlite_%' AND name NOT LIKE '_sqlx_%'
                 AND sql NOT LIKE 'CREATE VIRTUAL TABLE%'
                 AND name NOT LIKE 'message_search_%' AND name NOT LIKE 'contact_search_%'
                 ORDER BY name"
        }
        Backend::Postgres => {
            "SELECT tablename FROM pg_tables WHERE schemaname = current_schema()
                 AND tablename NOT LIKE '_sqlx_%' ORDER BY tablename"
        }
    };
    sqlx::query(sql)
        .fetch_all(&db.pool)
        .await?
        .iter()
        .map(|row| row.try_get::<String, _>(0))
        .collect()
}

/// Each of the desk's tables with its row count.
pub async fn row_counts(db: &Db) -> sqlx::Result<Vec<(String, i64)>> {
    let mut counts = Vec::new();
    for table in tables(db).await? {
        // (Names come from the catalogue above, not from anyone's input.)
        let count: i64 = sqlx::query_scalar(&format!("SELECT COUNT(*) FROM \"{table}\""))
            .fetch_one(&db.pool)
            .await?;
        counts.push((table, count));
    }
    Ok(counts)
}

/// Whether the database holds anything a person made: users, accounts, conversations, contacts
/// or audit entries. A restore refuses to replace such a database unless forced.
pub async fn holds_data(db: &Db) -> sqlx::Result<bool> {
    sqlx::query_scalar::<_, i64>(
        "SELECT (SELECT COUNT(*) FROM users) + (SELECT COUNT(*) FROM line_accounts)
              + (SELECT COUNT(*) FROM conversations) + (SELECT COUNT(*) FROM contacts)
              + (SELECT COUNT(*) FROM audit_log)",
    )
    .fetch_one(&db.pool)
    .await
    .map(|n| n > 0)
}
