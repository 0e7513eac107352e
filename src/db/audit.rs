//! The audit log: append-only, each entry chained to the previous one by a SHA-256 hash so that
//! an edited or deleted row is detectable (`linedesk audit verify`).

use crate::db::Backend;
use domain::audit::{AuditEntry, AuditQuery};
use sha2::{Digest, Sha256};
use sqlx::{AnyConnection, FromRow};

/// What happened, by whom. `detail` must already be redacted (no secrets, no message content).
#[derive(Clone, Debug, Default)]
pub struct NewAuditEntry {
    pub actor_id: Option<i64>,
    pub actor_email: Option<String>,
    pub action: String,
    pub entity: String,
    pub entity_id: Option<String>,
    pub client_address: Option<String>,
    pub detail: serde_json::Value,
}

#[derive(Debug, FromRow)]
struct AuditRow {
    id: i64,
    at: i64,
    actor_id: Option<i64>,
    actor_email: Option<String>,
    action: String,
    entity: String,
    entity_id: Option<String>,
    client_address: Option<String>,
    detail: String,
    prev_hash: String,
    hash: String,
}

impl AuditRow {
    fn entry(self) -> AuditEntry {
        AuditEntry {
            id: self.id,
            at: self.at,
            actor: self.actor_email,
            action: self.action,
            entity: self.entity,
            entity_id: self.entity_id,
            client_address: self.client_address,
            detail: self.detail,
        }
    }
}

pub const GENESIS: &str = "genesis";
const CHAIN_LOCK: i64 = 0x6c696e65_6465736b; // "linedesk"

#[allow(clippy::too_many_arguments)]
pub fn chain_hash(
    prev_hash: &str,
    at: i64,
    actor_id: Option<i64>,
    actor_email: Option<&str>,
    action: &str,
    entity: &str,
    entity_id: Option<&str>,
    client_address: Option<&str>,
    detail: &str,
) -> String {
    let mut hasher = Sha256::new();
    // Length-prefix every field so that moving text between fields changes the hash.
    let mut field = |bytes: &[u8]| {
        hasher.update((bytes.len() as u64).to_be_bytes());
        hasher.update(bytes);
    };
    field(prev_hash.as_bytes());
    field(&at.to_be_bytes());
    field(
        actor_id
            .map(|id| id.to_string())
            .unwrap_or_default()
            .as_bytes(),
    );
    field(actor_email.unwrap_or_default().as_bytes());
    field(action.as_bytes());
    field(entity.as_bytes());
    field(entity_id.unwrap_or_default().as_bytes());
    field(client_address.unwrap_or_default().as_bytes());
    field(detail.as_bytes());
    hex::encode(hasher.finalize())
}

/// Appends inside the caller's write transaction, so the change and its record commit together.
pub async fn append(
    conn: &mut AnyConnection,
    backend: Backend,
    entry: &NewAuditEntry,
    now: i64,
) -> sqlx::Result<i64> {
    if backend == Backend::Postgres {
        // Serialise appenders: each entry must see the one before it.
        sqlx::query("SELECT pg_advisory_xact_lock($1)")
            .bind(CHAIN_LOCK)
            .execute(&mut *conn)
            .await?;
    }
    let prev_hash =
        sqlx::query_scalar::<_, String>("SELECT hash FROM audit_log ORDER BY id DESC LIMIT 1")
            .fetch_optional(&mut *conn)
            .await?
            .unwrap_or_else(|| GENESIS.to_string());
    let detail = entry.detail.to_string();
    let hash = chain_hash(
        &prev_hash,
        now,
        entry.actor_id,
        entry.actor_email.as_deref(),
        &entry.action,
        &entry.entity,
        entry.entity_id.as_deref(),
        entry.client_address.as_deref(),
        &detail,
    );
    sqlx::query_scalar::<_, i64>(
        "INSERT INTO audit_log (at, actor_id, actor_email, action, entity, entity_id, client_address, detail, prev_hash, hash)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING id",
    )
    .bind(now)
    .bind(entry.actor_id)
    .bind(entry.actor_email.as_deref())
    .bind(&entry.action)
    .bind(&entry.entity)
    .bind(entry.entity_id.as_deref())
    .bind(entry.client_address.as_deref())
    .bind(&detail)
    .bind(&prev_hash)
    .bind(&hash)
    .fetch_one(&mut *conn)
    .await
}

/// Matching entries, newest first. `limit` 0 means every entry (exports).
pub async fn list(pool: &sqlx::AnyPool, query: &AuditQuery) -> sqlx::Result<Vec<AuditEntry>> {
    let limit = if query.limit == 0 {
        i64::MAX
    } else {
        i64::from(query.limit.clamp(1, 500))
    };
    let rows = sqlx::query_as::<_, AuditRow>(
        "SELECT id, at, actor_id, actor_email, action, entity, entity_id, client_address, detail, prev_hash, hash
         FROM audit_log
         WHERE ($1 IS NULL OR action = $1)
           AND ($2 IS NULL OR actor_email = $2)
           AND ($3 IS NULL OR id < $3)
           AND ($5 IS NULL OR entity = $5)
           AND ($6 IS NULL OR at >= $6)
           AND ($7 IS NULL OR at < $7)
         ORDER BY id DESC LIMIT $4",
    )
    .bind(query.action.as_deref())
    .bind(query.actor.as_deref())
    .bind(query.before_id)
    .bind(limit)
    .bind(query.entity.as_deref())
    .bind(query.from)
    .bind(query.until)
    .fetch_all(pool)
    .await?;
    Ok(rows.into_iter().map(AuditRow::entry).collect())
}

/// Walks the whole chain; `Err(id)` names the first entry whose hash or link does not hold.
pub async fn verify(pool: &sqlx::AnyPool) -> sqlx::Result<Result<u64, i64>> {
    let rows = sqlx::query_as::<_, AuditRow>(
        "SELECT id, at, actor_id, actor_email, action, entity, entity_id, client_address, detail, prev_hash, hash
         FROM audit_log ORDER BY id",
    )
    .fetch_all(pool)
    .await?;
    let mut expected_prev = GENESIS.to_string();
    for row in &rows {
        let recomputed = chain_hash(
            &row.prev_hash,
            row.at,
            row.actor_id,
            row.actor_email.as_deref(),
            &row.action,
            &row.entity,
            row.entity_id.as_deref(),
            row.client_address.as_deref(),
            &row.detail,
        );
        if row.prev_hash != expected_prev || recomputed != row.hash {
            return Ok(Err(row.id));
        }
        expected_prev = row.hash.clone();
    }
    Ok(Ok(rows.len() as u64))
}

/// How many entries the audit log holds.
pub async fn count(pool: &sqlx::AnyPool) -> sqlx::Result<i64> {
    sqlx::query_scalar("SELECT COUNT(*) FROM audit_log")
        .fetch_one(pool)
        .await
}
