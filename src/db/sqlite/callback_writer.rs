//! The callback's group commit on SQLite: a rusqlite connection of its own, used by the thread
//! that gathers the deliveries (`line::ingest`).
//!
//! Why not sqlx here: sqlx runs each SQLite connection on a thread of its own and every call is
//! a hand-off to it and back (two thread switches, dear on these machines), and it reaches the
//! rows of a batch through one JSON parameter that SQLite parses again. Here the rows are bound
//! by position to one prepared statement. It does not queue for the process's write turn
//! (`Db::write_turn`) as the pool's writers do: see `retry_soon`.

use crate::db::{accounts, webhook_events};
use rusqlite::{params, Connection, TransactionBehavior};

pub struct CallbackWriter(Connection);

impl CallbackWriter {
    pub fn open(file: &std::path::Path) -> rusqlite::Result<CallbackWriter> {
        let conn = super::connection::open(file)?;
        conn.busy_handler(Some(retry_soon))?;
        Ok(CallbackWriter(conn))
    }

    /// One transaction for a batch: each account in `touch` has its last webhook time set to
    /// `now`, and every event (with its account) is stored unless its account has its id
    /// already; returns how many were new. Dropped uncommitted (a statement failed), rusqlite's
    /// transaction rolls back, so the connection is ready for the next batch.
    pub fn write<'e>(
        &mut self,
        events: impl IntoIterator<Item = (i64, &'e line_webhook::Event)>,
        touch: &[i64],
        now: i64,
    ) -> rusqlite::Result<usize> {
        let tx = self
            .0
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        let mut new = 0;
        {
            let mut touch_account = tx.prepare_cached(accounts::TOUCH_WEBHOOK_SQL)?;
            for account_id in touch {
                touch_account.execute(params![now, account_id])?;
            }
            let mut insert = tx.prepare_cached(webhook_events::INSERT_ONE_SQL)?;
            for (account_id, event) in events {
                new += insert.execute(params![
                    account_id,
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
        tx.commit()?;
        Ok(new)
    }
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
