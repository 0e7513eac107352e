//! Each account's channel context (workstream, fallback queue, channel configuration, routing
//! rules) for the event worker, kept for one second: every event needs it, and it changes only
//! when an administrator edits a workstream, a queue or a LINE channel. The writes that change
//! it (db::workstreams, db::queues, db::line_channels) call `forget()`; other processes sharing
//! a PostgreSQL database see a change within a second.
//!
//! A context read while a change was being written is not kept: the read notes the generation
//! it started in, and `forget()` moves the generation on. (A read that starts after `forget()`
//! but before the writer commits can still keep the old context, for at most a second.)

use crate::engine::automated::ChannelContext;
use std::collections::HashMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

const FRESH_FOR: Duration = Duration::from_secs(1);

static GENERATION: AtomicU64 = AtomicU64::new(0);

/// Drops every cached context: a workstream, queue or LINE channel changed.
pub fn forget() {
    GENERATION.fetch_add(1, Ordering::SeqCst);
}

/// The generation a read starts in; pass it to `remember`.
pub fn generation() -> u64 {
    GENERATION.load(Ordering::SeqCst)
}

#[derive(Default)]
struct Inner {
    generation: u64,
    accounts: HashMap<i64, (Instant, Option<ChannelContext>)>,
}

#[derive(Clone, Default)]
pub struct RoutingCache(Arc<Mutex<Inner>>);

impl RoutingCache {
    fn fresh(&self) -> std::sync::MutexGuard<'_, Inner> {
        let mut inner = self.0.lock().unwrap_or_else(|e| e.into_inner());
        let now = generation();
        if inner.generation != now {
            inner.generation = now;
            inner.accounts.clear();
        }
        inner
    }

    /// Some(context) when known and fresh; the context itself may be "no live channel".
    pub fn get(&self, account_id: i64) -> Option<Option<ChannelContext>> {
        let inner = self.fresh();
        let (at, context) = inner.accounts.get(&account_id)?;
        (at.elapsed() < FRESH_FOR).then(|| context.clone())
    }

    /// Keeps a context read from the database in generation `read_in`, unless something
    /// changed since.
    pub fn remember(&self, account_id: i64, read_in: u64, context: Option<ChannelContext>) {
        let mut inner = self.fresh();
        if inner.generation == read_in {
            inner.accounts.insert(account_id, (Instant::now(), context));
        }
    }
}

impl std::fmt::Debug for RoutingCache {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("RoutingCache").finish_non_exhaustive()
    }
}
