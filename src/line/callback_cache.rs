//! What the callback needs to know per request (which account a callback key belongs to, its
//! channel secret, whether the region allows callbacks), kept for one second so a busy callback
//! does not read and decrypt them for every request. Anything in this process that changes them
//! calls `forget()`; other processes sharing a PostgreSQL database see a change within a second.

use std::collections::HashMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

const FRESH_FOR: Duration = Duration::from_secs(1);
/// Unknown keys are remembered too (a flood of bad URLs costs no queries), within bounds.
const MAX_KEYS: usize = 10_000;

static GENERATION: AtomicU64 = AtomicU64::new(0);

/// Drops everything cached: an account's key, secret or state, or the region changed.
pub fn forget() {
    GENERATION.fetch_add(1, Ordering::SeqCst);
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

#[derive(Default)]
struct Inner {
    generation: u64,
    government: Option<(Instant, bool)>,
    keys: HashMap<String, (Instant, Option<Target>)>,
}

#[derive(Clone, Default)]
pub struct CallbackCache(Arc<Mutex<Inner>>);

impl CallbackCache {
    fn fresh(&self) -> std::sync::MutexGuard<'_, Inner> {
        let mut inner = self.0.lock().unwrap_or_else(|e| e.into_inner());
        let now = GENERATION.load(Ordering::SeqCst);
        if inner.generation != now {
            inner.generation = now;
            inner.government = None;
            inner.keys.clear();
        }
        inner
    }

    /// Some(cached answer) when known and fresh; the answer itself may be "no such key".
    pub fn target(&self, key: &str) -> Option<Option<Target>> {
        let inner = self.fresh();
        let (at, target) = inner.keys.get(key)?;
        (at.elapsed() < FRESH_FOR).then(|| target.clone())
    }

    pub fn remember_target(&self, key: &str, target: Option<Target>) {
        let mut inner = self.fresh();
        if inner.keys.len() >= MAX_KEYS {
            inner.keys.clear();
        }
        inner.keys.insert(key.to_string(), (Instant::now(), target));
    }

    pub fn government(&self) -> Option<bool> {
        let inner = self.fresh();
        let (at, government) = inner.government?;
        (at.elapsed() < FRESH_FOR).then_some(government)
    }

    pub fn remember_government(&self, government: bool) {
        self.fresh().government = Some((Instant::now(), government));
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
            Some(Target {
                account_id: 7,
                secret: None,
            }),
        );
        cache.remember_government(false);
        assert_eq!(cache.target("k").unwrap().unwrap().account_id, 7);
        assert_eq!(cache.government(), Some(false));
        forget();
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
