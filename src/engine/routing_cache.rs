//! Each account's channel context (workstream, fallback queue, channel configuration, routing
//! rules) for the event worker, kept for one second (see short_cache): every event needs it, and
//! it changes only when an administrator edits a workstream, a queue or a LINE channel. The
//! writes that change it (db::workstreams, db::queues, db::line_channels) move
//! `db::generation::ROUTING` on, which drops every cached context.

use crate::db::generation::ROUTING;
use crate::engine::automated::ChannelContext;
use crate::short_cache::ShortCache;

/// Accounts at most (a desk has a handful; the bound only keeps memory in check).
const MAX_ACCOUNTS: usize = 10_000;

/// The generation a read starts in; pass it to `remember`.
pub fn generation() -> u64 {
    ROUTING.current()
}

/// Per account: its context, or None for "no live channel".
#[derive(Clone, Debug)]
pub struct RoutingCache(ShortCache<i64, Option<ChannelContext>>);

impl Default for RoutingCache {
    fn default() -> Self {
        RoutingCache(ShortCache::new(&ROUTING, MAX_ACCOUNTS))
    }
}

impl RoutingCache {
    /// Some(context) when known and fresh; the context itself may be "no live channel".
    pub fn get(&self, account_id: i64) -> Option<Option<ChannelContext>> {
        self.0.get(&account_id)
    }

    /// Keeps a context read from the database in generation `read_in`, unless something
    /// changed since.
    pub fn remember(&self, account_id: i64, read_in: u64, context: Option<ChannelContext>) {
        self.0.remember(account_id, read_in, context);
    }
}
