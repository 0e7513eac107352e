//! Wakes the background workers (workers.rs) early. Here, below services, so that services
//! which queue work can wake them without depending on the workers themselves.

use std::sync::Arc;
use tokio::sync::Notify;

/// Wakes the workers early: `events` when the callback stored events, `outbox` when messages
/// were queued.
#[derive(Clone, Default)]
pub struct Wakers {
    pub events: Arc<Notify>,
    pub outbox: Arc<Notify>,
    /// Work distribution: an agent became available, declined, or a conversation was queued.
    pub distribution: Arc<Notify>,
}
