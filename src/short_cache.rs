//! A small in-process cache for data read on hot paths (the callback's account lookups, the
//! event worker's channel contexts): an entry is trusted for one second, and every entry is
//! dropped at once when this process changes the data behind them (`Generation::forget`, called
//! by the writes). Other processes sharing a PostgreSQL database see a change within a second.
//!
//! A value read while a change was being written is not kept: the reader notes the generation
//! before reading and passes it to `remember`, and `forget()` moves the generation on. (A read
//! that starts after `forget()` but before the writer commits can still keep the old value, for
//! at most a second.)

use std::borrow::Borrow;
use std::collections::HashMap;
use std::hash::Hash;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::{Duration, Instant};

const FRESH_FOR: Duration = Duration::from_secs(1);

/// Moves on whenever the cached data changes; one per kind of data, in a `static`.
pub struct Generation(AtomicU64);

impl Generation {
    pub const fn new() -> Self {
        Generation(AtomicU64::new(0))
    }

    /// Drops every entry of the caches that follow this generation.
    pub fn forget(&self) {
        self.0.fetch_add(1, Ordering::SeqCst);
    }

    /// The generation a read starts in; pass it to `ShortCache::remember`.
    pub fn current(&self) -> u64 {
        self.0.load(Ordering::SeqCst)
    }
}

impl Default for Generation {
    fn default() -> Self {
        Self::new()
    }
}

struct Entries<K, V> {
    generation: u64,
    map: HashMap<K, (Instant, V)>,
}

pub struct ShortCache<K, V> {
    generation: &'static Generation,
    /// Entries at most; past it the cache starts over (it only saves reads).
    max: usize,
    entries: Arc<Mutex<Entries<K, V>>>,
}

impl<K: Eq + Hash, V: Clone> ShortCache<K, V> {
    pub fn new(generation: &'static Generation, max: usize) -> Self {
        ShortCache {
            generation,
            max,
            entries: Arc::new(Mutex::new(Entries {
                generation: generation.current(),
                map: HashMap::new(),
            })),
        }
    }

    /// The entries, emptied first if the data changed since they were kept.
    fn fresh(&self) -> MutexGuard<'_, Entries<K, V>> {
        let mut entries = self.entries.lock().unwrap_or_else(|e| e.into_inner());
        let now = self.generation.current();
        if entries.generation != now {
            entries.generation = now;
            entries.map.clear();
        }
        entries
    }

    /// The value kept for `key` when it is fresh.
    pub fn get<Q>(&self, key: &Q) -> Option<V>
    where
        K: Borrow<Q>,
        Q: Eq + Hash + ?Sized,
    {
        let entries = self.fresh();
        let (at, value) = entries.map.get(key)?;
        (at.elapsed() < FRESH_FOR).then(|| value.clone())
    }

    /// Keeps a value read in generation `read_in`, unless the data changed since.
    pub fn remember(&self, key: K, read_in: u64, value: V) {
        let mut entries = self.fresh();
        if entries.generation != read_in {
            return;
        }
        if entries.map.len() >= self.max {
            entries.map.clear();
        }
        entries.map.insert(key, (Instant::now(), value));
    }
}

impl<K, V> Clone for ShortCache<K, V> {
    fn clone(&self) -> Self {
        ShortCache {
            generation: self.generation,
            max: self.max,
            entries: self.entries.clone(),
        }
    }
}

impl<K, V> std::fmt::Debug for ShortCache<K, V> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ShortCache").finish_non_exhaustive()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    static DATA: Generation = Generation::new();

    #[test]
    fn forget_drops_entries_and_a_read_that_overlaps_a_change_is_not_kept() {
        let cache: ShortCache<String, i64> = ShortCache::new(&DATA, 2);
        cache.remember("a".into(), DATA.current(), 1);
        assert_eq!(cache.get("a"), Some(1));
        let read_in = DATA.current();
        DATA.forget();
        assert_eq!(cache.get("a"), None);
        cache.remember("b".into(), read_in, 2);
        assert_eq!(cache.get("b"), None, "read before the change");
        let now = DATA.current();
        for (key, value) in [("c", 3), ("d", 4), ("e", 5)] {
            cache.remember(key.into(), now, value);
        }
        assert_eq!(cache.get("e"), Some(5));
        assert_eq!(
            cache.get("c"),
            None,
            "past the bound the cache started over"
        );
    }
}
