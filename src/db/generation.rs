//! Change counters for the data that caches above db/ keep (see short_cache): the writes here
//! move a counter on, and the caches (engine::routing_cache, engine::token_cache,
//! line::callback_cache) compare it before trusting an entry. db/ thus needs to know no cache.

use crate::short_cache::Generation;

/// Workstreams, queues and LINE channels: each account's channel context.
pub static ROUTING: Generation = Generation::new();

/// Accounts (keys, secrets, tokens, state) and the region.
pub static ACCOUNTS: Generation = Generation::new();

/// Organisation-wide settings (the region, the default language and time zone).
pub static SETTINGS: Generation = Generation::new();
