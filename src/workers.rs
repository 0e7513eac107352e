//! Background workers of the single binary: apply stored webhook events and send the outbox.
//! They wake when the callback stored something and poll once a second besides (other processes
//! sharing a PostgreSQL database store events too).

use crate::engine::{events, sender, Engine};
use std::sync::Arc;
use std::time::Duration;
use tokio::sync::Notify;

/// Wakes the workers early: `events` when the callback stored events, `outbox` when messages
/// were queued.
#[derive(Clone, Default)]
pub struct Wakers {
    pub events: Arc<Notify>,
    pub outbox: Arc<Notify>,
}

pub fn spawn(engine: Engine, wakers: Wakers) {
    let events_engine = engine.clone();
    let events_wake = wakers.events.clone();
    let outbox_wake = wakers.outbox.clone();
    tokio::spawn(async move {
        loop {
            match events::process_due(&events_engine, 100).await {
                Ok(100) => continue,
                Ok(_) => {}
                Err(err) => tracing::warn!(%err, "event worker"),
            }
            let _ = tokio::time::timeout(Duration::from_secs(1), events_wake.notified()).await;
        }
    });
    tokio::spawn(async move {
        loop {
            match sender::send_due(&engine).await {
                Ok(20) => continue,
                Ok(_) => {}
                Err(err) => tracing::warn!(%err, "outbox sender"),
            }
            let _ = tokio::time::timeout(Duration::from_millis(500), outbox_wake.notified()).await;
        }
    });
}
