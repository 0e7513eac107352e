//! The callback's writer on SQLite: a connection of its own, on a thread of its own.
//!
//! Why not sqlx here: sqlx runs each SQLite connection on a thread of its own and every call is
//! a hand-off to it and back (two thread switches, dear on these machines), and it reaches the
//! rows of a batch through one JSON parameter that SQLite parses again. Here the thread that
//! gathers a batch writes it: the rows are bound by position to one prepared statement, and the
//! only hand-offs left are the requests' (queue in, answer out). It does not queue for the
//! process's write turn (`Db::write_turn`) as the pool's writers do: see `retry_soon`.

use super::{answer, gather, Delivery, Touches};
use crate::clock::now_ms;
use crate::db::{accounts, open_sqlite_connection, webhook_events, Db};
use rusqlite::{params, Connection, TransactionBehavior};
use std::sync::Arc;
use tokio::sync::{mpsc, Notify};

/// Starts the writer's thread. If its connection cannot be opened (or the database is in
/// memory, with no file to open a second connection to) the thread ends, and every delivery is
/// answered "the event writer stopped" (503: LINE delivers again).
pub(super) fn start(db: Db, mut inbox: mpsc::Receiver<Delivery>, wake: Arc<Notify>) {
    let file = db.sqlite_file().map(ToOwned::to_owned);
    let spawned = std::thread::Builder::new()
        .name("linedesk-ingest".into())
        .spawn(move || {
            let Some(file) = file else {
                tracing::error!("callback writer: an in-memory SQLite database has no file to open");
                return;
            };
            let mut conn = match open(&file) {
                Ok(conn) => conn,
                Err(err) => {
                    tracing::error!(%err, file = %file.display(), "callback writer: opening the database");
                    return;
                }
            };
            let mut touches = Touches::default();
            while let Some(first) = inbox.blocking_recv() {
                let batch = gather(first, &mut inbox);
                let now = now_ms();
                let due = touches.due(&batch, now);
                db.note_write();
                let result = write(&mut conn, &batch, &due, now).map_err(|err| err.to_string());
                if result.is_ok() {
                    touches.committed(&due, now);
                }
                answer(batch, result, &wake);
            }
        });
    if let Err(err) = spawned {
        tracing::error!(%err, "callback writer: starting its thread");
    }
}

fn open(file: &std::path::Path) -> rusqlite::Result<Connection> {
    let conn = open_sqlite_connection(file)?;
    conn.busy_handler(Some(retry_soon))?;
    Ok(conn)
}

/// The callback's writer does not queue for the write turn: it asks SQLite for the write lock
/// and, while another writer holds it, tries again every few tens of microseconds (SQLite's own
/// handler sleeps 1, 2, 5 … 100 ms). So it writes the moment the other writer commits, and the
/// pool's writers, whose handler is SQLite's, wait for a gap between the callback's batches:
/// acknowledging LINE comes before applying what it sent. Gives up after 250,000 tries, at
/// least 5 s (busy_timeout's limit; the sleeps run longer than asked, by the timer's slack).
fn retry_soon(attempts: i32) -> bool {
    std::thread::sleep(std::time::Duration::from_micros(20));
    attempts < 250_000
}

/// One transaction for the batch; returns how many events were new. Dropped uncommitted (a
/// statement failed), rusqlite's transaction rolls back, so the connection is ready for the
/// next batch.
fn write(
    conn: &mut Connection,
    batch: &[Delivery],
    touch: &[i64],
    now: i64,
) -> rusqlite::Result<usize> {
    let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
    let mut new = 0;
    {
        let mut touch_account = tx.prepare_cached(accounts::TOUCH_WEBHOOK_SQL)?;
        for account_id in touch {
            touch_account.execute(params![now, account_id])?;
        }
        let mut insert = tx.prepare_cached(webhook_events::INSERT_ONE_SQL)?;
        for delivery in batch {
            for event in &delivery.events {
                new += insert.execute(params![
                    delivery.account_id,
                    event.event_id,
                    event.event_type,
                    event.source_user_id,
                    event.chat_key,
                    event.event_time,
                    i16::from(event.redelivery),
                    event.body,
                    now,
                ])?;
            }
        }
    }
    tx.commit()?;
    Ok(new)
}
