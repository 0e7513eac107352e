//! SQLite has one write lock, and acknowledging LINE comes before applying what it sent: the
//! event worker's direct writes (`Db::write_direct`) wait, a few milliseconds at most, until no
//! delivery of the callback is waiting to be stored. Without this the worker, once its writes
//! were cheap, took the lock thousands of times a second under load and the callback stored
//! ~12 % fewer requests a second (16 connections).

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::Duration;
use tokio::sync::Notify;

/// How long a direct write waits for the callback at most: under a load that never lets up the
/// worker still writes (a few hundred times a second).
pub const AT_MOST: Duration = Duration::from_millis(5);

/// The callback's deliveries waiting to be stored, shared by every clone.
#[derive(Clone, Debug, Default)]
pub struct CallbackQueue(Arc<Inner>);

#[derive(Debug, Default)]
struct Inner {
    waiting: AtomicUsize,
    emptied: Notify,
}

/// One delivery waiting to be stored, counted for as long as it lives (answered or dropped).
#[derive(Debug)]
pub struct Waiting(CallbackQueue);

impl CallbackQueue {
    /// Counts a delivery until the returned value is dropped.
    pub fn waiting(&self) -> Waiting {
        self.0.waiting.fetch_add(1, Ordering::SeqCst);
        Waiting(self.clone())
    }

    /// A delivery of the callback waits to be stored (a direct write that is under way may
    /// stop early and commit what it has: `chat_append::append_many`).
    pub fn has_waiting(&self) -> bool {
        self.0.waiting.load(Ordering::SeqCst) > 0
    }

    /// Returns when no delivery is waiting, or after `at_most`. Woken as the queue empties, it
    /// looks again: a delivery may have come in meanwhile, and then it waits for that one too.
    pub async fn emptied(&self, at_most: Duration) {
        let deadline = tokio::time::Instant::now() + at_most;
        loop {
            let emptied = self.0.emptied.notified();
            tokio::pin!(emptied);
            // Registered before the count is read, so an emptying in between is not missed.
            emptied.as_mut().enable();
            if self.0.waiting.load(Ordering::SeqCst) == 0 {
                return;
            }
            if tokio::time::timeout_at(deadline, emptied).await.is_err() {
                return;
            }
        }
    }
}

impl Drop for Waiting {
    fn drop(&mut self) {
        if self.0 .0.waiting.fetch_sub(1, Ordering::SeqCst) == 1 {
            self.0 .0.emptied.notify_waiters();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn a_writer_waits_until_the_callback_has_stored_what_waits() {
        let queue = CallbackQueue::default();
        let first = queue.waiting();
        let second = queue.waiting();
        let waiter = {
            let queue = queue.clone();
            tokio::spawn(async move {
                queue.emptied(Duration::from_secs(10)).await;
                std::time::Instant::now()
            })
        };
        tokio::time::sleep(Duration::from_millis(50)).await;
        drop(first);
        tokio::time::sleep(Duration::from_millis(50)).await;
        assert!(!waiter.is_finished(), "one delivery still waits");
        let emptied_at = std::time::Instant::now();
        drop(second);
        assert!(waiter.await.unwrap() >= emptied_at);
    }

    #[tokio::test]
    async fn a_delivery_that_comes_in_as_the_queue_empties_is_waited_for_too() {
        let queue = CallbackQueue::default();
        let first = queue.waiting();
        let waiter = {
            let queue = queue.clone();
            tokio::spawn(async move { queue.emptied(Duration::from_secs(10)).await })
        };
        tokio::time::sleep(Duration::from_millis(20)).await;
        // The queue empties and fills again before the waiter (same thread) runs.
        drop(first);
        let next = queue.waiting();
        tokio::time::sleep(Duration::from_millis(50)).await;
        assert!(!waiter.is_finished(), "a delivery still waits");
        drop(next);
        tokio::time::timeout(Duration::from_secs(5), waiter)
            .await
            .expect("the waiter returns once the queue is empty")
            .unwrap();
    }

    #[tokio::test]
    async fn a_writer_waits_no_longer_than_it_said() {
        let queue = CallbackQueue::default();
        let _stuck = queue.waiting();
        let started = std::time::Instant::now();
        queue.emptied(Duration::from_millis(20)).await;
        assert!(started.elapsed() >= Duration::from_millis(20));
        assert!(started.elapsed() < Duration::from_secs(5));
        // With nothing waiting it does not wait at all.
        let idle = CallbackQueue::default();
        let started = std::time::Instant::now();
        idle.emptied(Duration::from_secs(5)).await;
        assert!(started.elapsed() < Duration::from_secs(1));
    }
}
