//! Claiming work from a job table (webhook events, outbox calls, media downloads): rows that are
//! ready and not leased get a lease, so another worker (or process) skips them meanwhile.

use crate::db::Backend;

/// The claim statement for `table`. Binds: $1 = lease end, $2 = now, $3 = how many.
/// `ready` is the table's own "this row wants work" condition.
pub fn claim_sql(backend: Backend, table: &str, ready: &str, returning: &str) -> String {
    // SQLite has one writer at a time; PostgreSQL needs SKIP LOCKED so claimers do not collide.
    let lock = if backend == Backend::Postgres {
        "FOR UPDATE SKIP LOCKED"
    } else {
        ""
    };
    format!(
        "UPDATE {table} SET claimed_until = $1
         WHERE id IN (SELECT id FROM {table}
                      WHERE {ready} AND (claimed_until IS NULL OR claimed_until < $2)
                      ORDER BY id LIMIT $3 {lock})
         RETURNING {returning}"
    )
}
