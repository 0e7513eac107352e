//! Group commit for LINE's callback. Each request hands its parsed events to one writer task and
//! waits; the writer stores whatever requests have arrived meanwhile in one transaction, then
//! answers them all. Every 200 still means "stored durably", but a busy desk pays one commit
//! (and, on SQLite, one turn of the write lock) per batch instead of per request.

use crate::clock::now_ms;
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
}

/// The callback's side of the writer.
#[derive(Clone)]
pub struct Ingest {
    queue: mpsc::Sender<Delivery>,
}

impl Ingest {
    /// Starts the writer; `wake` is told when new events were stored.
    pub fn start(db: Db, wake: Arc<Notify>) -> Ingest {
        let (queue, inbox) = mpsc::channel(4096);
        tokio::spawn(write_batches(db, inbox, wake));
        Ingest { queue }
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
            })
            .await
            .map_err(|_| "the event writer stopped".to_string())?;
        answer
            .await
            .map_err(|_| "the event writer stopped".to_string())?
    }
}

async fn write_batches(db: Db, mut inbox: mpsc::Receiver<Delivery>, wake: Arc<Notify>) {
    // When this writer last stored each account's last_webhook_at (committed).
    let mut touched: HashMap<i64, i64> = HashMap::new();
    while let Some(first) = inbox.recv().await {
        let mut batch = vec![first];
        let mut size = batch[0].events.len();
        // Whatever queued up while the previous batch was written goes into this one.
        while size < MAX_BATCH_EVENTS {
            match inbox.try_recv() {
                Ok(delivery) => {
                    size += delivery.events.len();
                    batch.push(delivery);
                }
                Err(_) => break,
            }
        }
        let result = write(&db, &batch, &mut touched)
            .await
            .map_err(|err| err.to_string());
        if matches!(result, Ok(new) if new > 0) {
            wake.notify_one();
        }
        for delivery in batch {
            let _ = delivery.done.send(result.clone().map(|_| ()));
        }
    }
}

/// One transaction for the batch, with as few statements as possible (each is a round trip to
/// the database); returns how many events were new.
async fn write(
    db: &Db,
    batch: &[Delivery],
    touched: &mut HashMap<i64, i64>,
) -> sqlx::Result<usize> {
    let now = now_ms();
    // An account's "last webhook received" is written with the batch (so it can never hold the
    // writer up on its own), at most once a second per account.
    let mut stale: Vec<i64> = batch
        .iter()
        .map(|d| d.account_id)
        .filter(|id| {
            touched
                .get(id)
                .is_none_or(|at| now - at >= TOUCH_ACCOUNT_EVERY_MS || *at > now)
        })
        .collect();
    stale.sort_unstable();
    stale.dedup();
    let rows: Vec<(i64, webhook_events::NewEvent)> = batch
        .iter()
        .flat_map(|delivery| {
            delivery.events.iter().map(|event| {
                let row = webhook_events::NewEvent {
                    event_id: &event.event_id,
                    event_type: &event.event_type,
                    source_user_id: event.source_user_id.as_deref(),
                    chat_key: event.chat_key.as_deref(),
                    event_time: event.event_time,
                    redelivery: event.redelivery,
                    body: &event.body,
                };
                (delivery.account_id, row)
            })
        })
        .collect();
    let new = match db.backend {
        Backend::Sqlite => write_sqlite(db, &rows, &stale, now).await?,
        Backend::Postgres => {
            let mut tx = db.begin_write().await?;
            for &account_id in &stale {
                accounts::touch_webhook(&mut *tx, account_id, now).await?;
            }
            let new = webhook_events::insert_many(&mut tx, db.backend, &rows, now).await?;
            tx.commit().await?;
            new
        }
    };
    for account_id in stale {
        touched.insert(account_id, now);
    }
    Ok(new)
}

/// On SQLite the whole transaction is one call to the connection's thread (see
/// `Db::write_in_one_call`).
async fn write_sqlite(
    db: &Db,
    rows: &[(i64, webhook_events::NewEvent<'_>)],
    stale: &[i64],
    now: i64,
) -> sqlx::Result<usize> {
    static SQL: std::sync::LazyLock<String> = std::sync::LazyLock::new(|| {
        format!(
            "BEGIN IMMEDIATE;
             UPDATE line_accounts SET last_webhook_at = $2 WHERE id IN (SELECT value FROM json_each($3));
             {};
             COMMIT",
            webhook_events::insert_many_sql(Backend::Sqlite)
        )
    });
    let query = sqlx::query(SQL.as_str())
        .bind(webhook_events::encode_rows(rows)?)
        .bind(now)
        .bind(serde_json::to_string(stale).map_err(|err| sqlx::Error::Encode(Box::new(err)))?);
    let results = db.write_in_one_call(query).await?;
    // One result per statement, in order; the INSERT is the third.
    match results.get(2) {
        Some(inserted) => Ok(inserted.result.rows_affected() as usize),
        None => Err(sqlx::Error::Protocol(format!(
            "storing a batch: {} results for 4 statements",
            results.len()
        ))),
    }
}
