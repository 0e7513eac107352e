//! Each account's channel access token, opened from its sealed form and kept for one second
//! (see short_cache): the event worker needs it for every new customer's profile, and reading
//! and decrypting the account each time was a query per new conversation. It follows the
//! accounts' generation (db::generation::ACCOUNTS), so every account write in this process
//! drops it at once.

use crate::db::generation::ACCOUNTS;
use crate::short_cache::ShortCache;
use std::sync::Arc;

/// Accounts at most (a desk has a handful; the bound only keeps memory in check).
const MAX_ACCOUNTS: usize = 10_000;

/// Debug shows no token: ShortCache prints none of its entries.
#[derive(Clone, Debug)]
pub struct TokenCache(ShortCache<i64, Arc<str>>);

impl Default for TokenCache {
    fn default() -> Self {
        TokenCache(ShortCache::new(&ACCOUNTS, MAX_ACCOUNTS))
    }
}

impl TokenCache {
    pub fn get(&self, account_id: i64) -> Option<Arc<str>> {
        self.0.get(&account_id)
    }

    /// Keeps a token read in generation `read_in` (see `Engine::token`), unless an
    /// account changed since.
    pub fn remember(&self, account_id: i64, read_in: u64, token: Arc<str>) {
        self.0.remember(account_id, read_in, token);
    }
}
