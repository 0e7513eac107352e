//! The schema's migrations: a migration that may lose data runs only after a fresh backup, or
//! when the operator accepts the loss (`linedesk migrate --accept-data-loss`).
//!
//! Such a migration says so in a line of its own:
//! `-- linedesk: may lose data: <what, in words an operator understands>`.

use super::{backups, Backend, Db};
use anyhow::bail;
use sqlx::migrate::Migrator;

pub const MAY_LOSE_DATA: &str = "-- linedesk: may lose data:";
/// How old a backup may be and still count as fresh.
pub const FRESH_MS: i64 = 24 * 3600 * 1000;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DataLoss {
    /// Refuse a pending migration that may lose data unless a fresh backup was taken.
    Refuse,
    /// The operator accepted it.
    Accept,
}

/// A pending migration that says it may lose data.
#[derive(Clone, Debug)]
pub struct Risky {
    pub version: i64,
    pub description: String,
    pub what: String,
}

/// The versions already applied (none for a new database).
pub async fn applied(db: &Db) -> sqlx::Result<Vec<i64>> {
    let exists = match db.backend {
        Backend::Sqlite => sqlx::query_scalar::<_, i64>(
            "SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name = '_sqlx_migrations'",
        ),
        Backend::Postgres => sqlx::query_scalar::<_, i64>(
            "SELECT COUNT(*) FROM pg_tables WHERE schemaname = current_schema() AND tablename = '_sqlx_migrations'",
        ),
    }
    .fetch_one(&db.pool)
    .await?;
    if exists == 0 {
        return Ok(Vec::new());
    }
    sqlx::query_scalar("SELECT version FROM _sqlx_migrations WHERE success ORDER BY version")
        .fetch_all(&db.pool)
        .await
}

/// The pending migrations of `migrator` that may lose data. A new database has none: it has
/// nothing to lose.
pub async fn risky_pending(migrator: &Migrator, db: &Db) -> sqlx::Result<Vec<Risky>> {
    Ok(risky_among(migrator, &applied(db).await?))
}

/// `risky_pending`, given the versions already applied.
fn risky_among(migrator: &Migrator, applied: &[i64]) -> Vec<Risky> {
    if applied.is_empty() {
        return Vec::new();
    }
    migrator
        .iter()
        .filter(|m| m.migration_type.is_up_migration() && !applied.contains(&m.version))
        .filter_map(|m| {
            m.sql
                .lines()
                .find_map(|line| line.trim().strip_prefix(MAY_LOSE_DATA))
                .map(|what| Risky {
                    version: m.version,
                    description: m.description.to_string(),
                    what: what.trim().to_string(),
                })
        })
        .collect()
}

/// Refuses, saying what and how to go on, when a pending migration may lose data and neither a
/// backup from the last day nor the operator's acceptance covers it.
pub async fn guard(migrator: &Migrator, db: &Db, data_loss: DataLoss) -> anyhow::Result<()> {
    if data_loss == DataLoss::Accept {
        return Ok(());
    }
    let applied = applied(db).await?;
    let risky = risky_among(migrator, &applied);
    if risky.is_empty() {
        return Ok(());
    }
    // (The backups table came with migration 24.)
    let has_backups = applied.iter().any(|v| *v >= 24);
    let last = if has_backups {
        backups::last(&db.pool).await?
    } else {
        None
    };
    if last.is_some_and(|b| b.taken_at > crate::clock::now_ms() - FRESH_MS) {
        return Ok(());
    }
    let list = risky
        .iter()
        .map(|r| format!("  {:04} {}: {}", r.version, r.description, r.what))
        .collect::<Vec<_>>()
        .join("\n");
    let how = match db.backend {
        Backend::Sqlite => "Back up first with `linedesk backup --to FILE` (a backup from the last 24 hours lets them run)",
        Backend::Postgres => "Back up first with pg_dump (`linedesk backup --to FILE` prints the command)",
    };
    bail!(
        "this upgrade has migrations that may lose data:\n{list}\n{how}, or accept the loss with \
         `linedesk migrate --accept-data-loss`. Nothing was changed."
    )
}
