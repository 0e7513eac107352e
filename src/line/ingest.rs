//! Group commit for LINE's callback. Each request hands its parsed events to one writer and
//! waits; the writer stores whatever requests have arrived meanwhile in one transaction, then
//! answers them all. Every 200 still means "stored durably", but a busy desk pays one commit
//! (and, on SQLite, one turn of the write lock) per batch instead of per request.
//!
//! On SQLite the writer is a thread with a connection of its own (`sqlite_writer`, through
//! db/sqlite/callback_writer.rs); on PostgreSQL it is a task using the pool.

mod sqlite_writer;

use crate::clock::now_ms;
use crate::db::sqlite::callback_first;
use crate::db::{accounts, webhook_events, Backend, Db};
use std::collections::HashMap;
use std::sync::Arc;
use tokio::sync::{mpsc, oneshot, Notify};

/// Events per transaction at most.
const MAX_BATCH_EVENTS: usize = 2000;
/// An account's "last webhook received" is shown to the second; writing it more often than
/// this would cost a statement per batch for nothing.
const TOUCH_ACCOUNT_EVERY_MS: i64 = 1000;

struct Delivery {
    account_id: i64,
    events: Vec<line_webhook::Event>,
    done: oneshot::Sender<Result<(), String>>,
    /// Counted as waiting until answered (db::sqlite::callback_first).
    _waiting: callback_first::Waiting,
}

/// The callback's side of the writer.
#[derive(Clone)]
pub struct Ingest {
    queue: mpsc::Sender<Delivery>,
    waiting: callback_first::CallbackQueue,
}

impl Ingest {
    /// Starts the writer; `wake` is told when new events were stored.
    pub fn start(db: Db, wake: Arc<Notify>) -> Ingest {
        let (queue, inbox) = mpsc::channel(4096);
        let waiting = db.callback_queue.clone();
        match db.backend {
            Backend::Sqlite => sqlite_writer::start(db, inbox, wake),
            Backend::Postgres => {
                tokio::spawn(write_batches(db, inbox, wake));
            }
        }
        Ingest { queue, waiting }
    }

    /// Stores one delivery's events (with the others of its batch); Ok once committed.
    pub async fn store(
        &self,
        account_id: i64,
        events: Vec<line_webhook::Event>,
    ) -> Result<(), String> {
        let (done, answer) = oneshot::channel();
        self.queue
            .send(Delivery {
                account_id,
                events,
                done,
                _waiting: self.waiting.waiting(),
            })
            .await
            .map_err(|_| "the event writer stopped".to_string())?;
        answer
            .await
            .map_err(|_| "the event writer stopped".to_string())?
    }
}

/// The first delivery and whatever queued up behind it (while the previous batch was written),
/// up to `MAX_BATCH_EVENTS`.
fn gather(first: Delivery, inbox: &mut mpsc::Receiver<Delivery>) -> Vec<Delivery> {
    let mut size = first.events.len();
    let mut batch = vec![first];
    while size < MAX_BATCH_EVENTS {
        match inbox.try_recv() {
            Ok(delivery) => {
                size += delivery.events.len();
                batch.push(delivery);
            }
            Err(_) => break,
        }
    }
    batch
}

/// Answers every request of a batch, and wakes the event worker if anything new was stored.
fn answer(batch: Vec<Delivery>, result: Result<usize, String>, wake: &Notify) {
    if matches!(result, Ok(new) if new > 0) {
        wake.notify_one();
    }
    for delivery in batch {
        let _ = delivery.done.send(result.clone().map(|_| ()));
    }
}

/// An account's "last webhook received" is written with a batch (so it can never hold the
/// writer up on its own), at most once a second per account.
#[derive(Default)]
struct Touches {
    /// When each account's last_webhook_at was last written (committed).
    written: HashMap<i64, i64>,
}

impl Touches {
    /// The batch's accounts whose last_webhook_at is due, each once.
    fn due(&self, batch: &[Delivery], now: i64) -> Vec<i64> {
        let mut due: Vec<i64> = batch
            .iter()
            .map(|d| d.account_id)
            .filter(|id| {
                self.written
                    .get(id)
                    .is_none_or(|at| now - at >= TOUCH_ACCOUNT_EVERY_MS || *at > now)
            })
            .collect();
        due.sort_unstable();
        due.dedup();
        due
    }

    fn committed(&mut self, accounts: &[i64], now: i64) {
        for &account_id in accounts {
            self.written.insert(account_id, now);
        }
    }
}

async fn write_batches(db: Db, mut inbox: mpsc::Receiver<Delivery>, wake: Arc<Notify>) {
    let mut touches = Touches::default();
    while let Some(first) = inbox.recv().await {
        let batch = gather(first, &mut inbox);
        let now = now_ms();
        let due = touches.due(&batch, now);
        let result = write(&db, &batch, &due, now)
            .await
            .map_err(|err| err.to_string());
        if result.is_ok() {
            touches.committed(&due, now);
        }
        answer(batch, result, &wake);
    }
}

/// One transaction for the batch (PostgreSQL); returns how many events were new.
async fn write(db: &Db, batch: &[Delivery], touch: &[i64], now: i64) -> sqlx::Result<usize> {
    let rows: Vec<(i64, webhook_events::NewEvent)> = batch
        .iter()
        .flat_map(|delivery| {
            delivery
                .events
                .iter()
                .map(|event| (delivery.account_id, webhook_events::NewEvent::from(event)))
        })
        .collect();
    let mut tx = db.begin_write().await?;
    for &account_id in touch {
        accounts::touch_webhook(&mut *tx, account_id, now).await?;
    }
    let new = webhook_events::insert_many(&mut tx, &rows, now).await?;
    tx.commit().await?;
    Ok(new)
}
