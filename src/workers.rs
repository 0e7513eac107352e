//! Background workers of the single binary: apply stored webhook events and send the outbox.
//! They wake when the callback stored something and poll once a second besides (other processes
//! sharing a PostgreSQL database store events too).

use crate::db::{outbox, Backend, Db};
use crate::engine::{automated, distribution, events, media, sender, Engine};
use std::sync::Arc;
use std::time::Duration;
use tokio::sync::Notify;

/// Inactivity is measured in minutes; checking twice a minute is precise enough.
const AUTO_CLOSE_EVERY: Duration = Duration::from_secs(30);

/// Retention limits are in days; a run every ten minutes keeps purges prompt and cheap.
const RETENTION_EVERY: Duration = Duration::from_secs(600);

/// Wakes the workers early: `events` when the callback stored events, `outbox` when messages
/// were queued.
#[derive(Clone, Default)]
pub struct Wakers {
    pub events: Arc<Notify>,
    pub outbox: Arc<Notify>,
    /// Work distribution: an agent became available, declined, or a conversation was queued.
    pub distribution: Arc<Notify>,
}

/// A SQLite database belongs to one process, so claims left by a crashed run can be released at
/// once instead of waiting for their lease to run out. (PostgreSQL is shared: leases expire.)
pub async fn release_claims_after_restart(db: &Db) -> anyhow::Result<()> {
    if db.backend == Backend::Sqlite {
        sqlx::query("UPDATE webhook_events SET claimed_until = NULL WHERE processed_at IS NULL AND claimed_until IS NOT NULL AND attempts = 0")
            .execute(&db.pool)
            .await?;
        sqlx::query("UPDATE outbox SET claimed_until = NULL WHERE state = 'pending'")
            .execute(&db.pool)
            .await?;
    }
    Ok(())
}

pub fn spawn(engine: Engine, wakers: Wakers) {
    let events_engine = engine.clone();
    let events_wake = wakers.events.clone();
    let outbox_wake = wakers.outbox.clone();
    let (applied_outbox, applied_distribution) =
        (wakers.outbox.clone(), wakers.distribution.clone());
    tokio::spawn(async move {
        loop {
            let queued = outbox::queued_so_far();
            let routed = distribution::routed_so_far();
            match events::process_due(&events_engine, 100).await {
                Ok(0) => {}
                Ok(applied) => {
                    // Applied events may queue replies (greetings, bot answers) and route new
                    // conversations: wake those workers instead of waiting for their tick — but
                    // only then, as each wake-up is a round of queries.
                    if outbox::queued_so_far() != queued {
                        applied_outbox.notify_one();
                    }
                    if distribution::routed_so_far() != routed {
                        applied_distribution.notify_one();
                    }
                    if applied == 100 {
                        continue;
                    }
                }
                Err(err) => tracing::warn!(%err, "event worker"),
            }
            let _ = tokio::time::timeout(Duration::from_secs(1), events_wake.notified()).await;
        }
    });
    let media_engine = engine.clone();
    tokio::spawn(async move {
        loop {
            match media::download_due(&media_engine).await {
                Ok(10) => continue,
                Ok(_) => {}
                Err(err) => tracing::warn!(%err, "media downloads"),
            }
            tokio::time::sleep(Duration::from_millis(500)).await;
        }
    });
    let closer_engine = engine.clone();
    let closer_wake = wakers.outbox.clone();
    tokio::spawn(async move {
        loop {
            match automated::close_inactive(&closer_engine).await {
                Ok(0) => {}
                Ok(closed) => {
                    tracing::info!(closed, "closed inactive conversations");
                    closer_wake.notify_one();
                }
                Err(err) => tracing::warn!(%err, "closing inactive conversations"),
            }
            tokio::time::sleep(AUTO_CLOSE_EVERY).await;
        }
    });
    let distribution_engine = engine.clone();
    let distribution_wake = wakers.distribution.clone();
    let distribution_outbox = wakers.outbox.clone();
    tokio::spawn(async move {
        loop {
            let queued = outbox::queued_so_far();
            match distribution::distribute(&distribution_engine).await {
                // Offers and assignments may queue messages (an automatic first answer).
                Ok(_) if outbox::queued_so_far() != queued => distribution_outbox.notify_one(),
                Ok(_) => {}
                Err(err) => tracing::warn!(%err, "work distribution"),
            }
            // Offers time out in seconds and new conversations arrive through other processes
            // too: a round every second, sooner when woken.
            let _ =
                tokio::time::timeout(Duration::from_secs(1), distribution_wake.notified()).await;
        }
    });
    let retention_engine = engine.clone();
    tokio::spawn(async move {
        loop {
            let system = domain::user::ClientInfo { address: None };
            match crate::services::privacy::run_audited(&retention_engine, None, &system).await {
                Ok(purged) if purged.messages > 0 => {
                    tracing::info!(messages = purged.messages, "retention purged old content")
                }
                Ok(_) => {}
                Err(err) => tracing::warn!(%err, "retention run"),
            }
            tokio::time::sleep(RETENTION_EVERY).await;
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
