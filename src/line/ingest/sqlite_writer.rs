//! The callback's writer on SQLite: a thread of its own that gathers each batch and writes it
//! through a connection of its own (db/sqlite/callback_writer.rs, which says why not sqlx), so
//! the only hand-offs left are the requests' (queue in, answer out).

use super::{answer, gather, Delivery, Touches};
use crate::clock::now_ms;
use crate::db::sqlite::callback_writer::CallbackWriter;
use crate::db::Db;
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
            let mut writer = match CallbackWriter::open(&file) {
                Ok(writer) => writer,
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
                let events = batch.iter().flat_map(|delivery| {
                    delivery
                        .events
                        .iter()
                        .map(|event| (delivery.account_id, event))
                });
                let result = writer
                    .write(events, &due, now)
                    .map_err(|err| err.to_string());
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
