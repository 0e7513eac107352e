//! What the callback needs to know per request (which account a callback key belongs to, its
//! channel secret, whether the region allows callbacks), kept for one second (see short_cache)
//! so a busy callback does not read and decrypt them for every request. The writes in this
//! process that change them (db::accounts, db::settings) move `db::generation::ACCOUNTS` on,
//! which drops everything cached.

use crate::db::generation::ACCOUNTS;
use crate::short_cache::ShortCache;
use std::sync::Arc;

/// Unknown keys are remembered too (a flood of bad URLs costs no queries), within bounds.
const MAX_KEYS: usize = 10_000;

/// The generation a read starts in; pass it to `remember_target` / `remember_government`.
pub fn generation() -> u64 {
    ACCOUNTS.current()
}

/// The account behind a callback key, ready for the signature check.
#[derive(Clone)]
pub struct Target {
    pub account_id: i64,
    /// None when the secret cannot be opened (every signature is then wrong).
    pub secret: Option<Arc<Vec<u8>>>,
}

// The secret must never reach a log.
impl std::fmt::Debug for Target {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Target")
            .field("account_id", &self.account_id)
            .field("secret", &"[redacted]")
            .finish()
    }
}

#[derive(Clone, Debug)]
pub struct CallbackCache {
    /// Per callback key: its account, or None for "no such key".
    keys: ShortCache<String, Option<Target>>,
    /// Whether the region is the government cloud (which refuses callbacks).
    government: ShortCache<(), bool>,
}

impl Default for CallbackCache {
    fn default() -> Self {
        CallbackCache {
            keys: ShortCache::new(&ACCOUNTS, MAX_KEYS),
            government: ShortCache::new(&ACCOUNTS, 1),
        }
    }
}

impl CallbackCache {
    /// Some(cached answer) when known and fresh; the answer itself may be "no such key".
    pub fn target(&self, key: &str) -> Option<Option<Target>> {
        self.keys.get(key)
    }

    pub fn remember_target(&self, key: &str, read_in: u64, target: Option<Target>) {
        self.keys.remember(key.to_string(), read_in, target);
    }

    pub fn government(&self) -> Option<bool> {
        self.government.get(&())
    }

    pub fn remember_government(&self, read_in: u64, government: bool) {
        self.government.remember((), read_in, government);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn forget_drops_what_was_cached() {
        let cache = CallbackCache::default();
        cache.remember_target(
            "k",
            generation(),
            Some(Target {
                account_id: 7,
                secret: None,
            }),
        );
        cache.remember_government(generation(), false);
        assert_eq!(cache.target("k").unwrap().unwrap().account_id, 7);
        assert_eq!(cache.government(), Some(false));
        ACCOUNTS.forget();
        assert!(cache.target("k").is_none());
        assert!(cache.government().is_none());
        assert!(format!(
            "{:?}",
            Target {
                account_id: 1,
                secret: Some(Arc::new(b"s".to_vec()))
            }
        )
        .contains("[redacted]"));
    }
}
