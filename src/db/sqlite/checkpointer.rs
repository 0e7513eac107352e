//! SQLite's WAL checkpoints, run beside the writers instead of inside a commit.
//!
//! SQLite copies the WAL back into the database (a checkpoint) inside whichever commit crosses
//! its threshold, which stalls that writer (the callback's p99). Here a task checkpoints 10 ms
//! after writing starts and then every 10 ms while it goes on; the raised threshold
//! (connection.rs) is only a backstop. Small and often: a checkpoint first syncs the WAL, and a writer appending a
//! frame to a page of the WAL that is being written out waits for that I/O (frames are a page
//! plus a 24-byte header, so they share pages). The more the WAL has grown since the last sync,
//! the longer that wait: p99 at 2,000 events/s was 25.7 ms checkpointing every second, 15.4 ms
//! every 300 ms, 5.6 ms every 100 ms, 2.7-2.9 ms every 10 ms. With nothing new in the WAL a
//! checkpoint does no I/O; an idle desk runs one a second.
//!
//! Under sustained writing a checkpoint beside the writers never copies every frame (frames are
//! appended while it copies), so the WAL does not start again until the backstop's checkpoint
//! inside a commit. Finishing the copy while holding the write turn once the WAL passed a
//! thousand frames was tried: no change in throughput (paired runs, bench/ANALYSIS.md).

use crate::db::Db;
use std::time::Duration;

pub fn spawn(db: Db) {
    tokio::spawn(async move {
        loop {
            db.writes_since_last_wait(Duration::from_secs(1)).await;
            tokio::time::sleep(Duration::from_millis(10)).await;
            if let Err(err) = sqlx::query("PRAGMA wal_checkpoint(PASSIVE)")
                .execute(&db.pool)
                .await
            {
                tracing::warn!(%err, "SQLite checkpoint");
            }
        }
    });
}
