//! The event worker's claims on SQLite: the last round's "processed" marks and the next round's
//! claim in one transaction on the direct connection, the one the round's chat writes use.
//! Rounds are small (often one event) whenever the worker keeps up, and a write from another
//! connection would empty that connection's page cache.

use crate::db::webhook_events::{self, ClaimedEvent};
use crate::db::{Backend, Db};
use std::sync::LazyLock;

/// `webhook_events::mark_and_claim` on the direct connection.
pub async fn mark_and_claim(
    db: &Db,
    done: &[i64],
    now: i64,
    lease_until: i64,
    limit: i64,
) -> anyhow::Result<Vec<ClaimedEvent>> {
    static MARK: LazyLock<String> =
        LazyLock::new(|| webhook_events::mark_sql(Backend::Sqlite, "$2", "$4"));
    static CLAIM: LazyLock<String> = LazyLock::new(|| webhook_events::claim_sql(Backend::Sqlite));
    let done = serde_json::to_string(done)?;
    db.write_direct(|tx| {
        let values: [&dyn rusqlite::ToSql; 4] = [&lease_until, &now, &limit, &done];
        super::direct::bound(tx, &MARK, &values)?.raw_execute()?;
        super::direct::all_rows(tx, &CLAIM, &values, ClaimedEvent::from_direct)
    })
    .await
}
