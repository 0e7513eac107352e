//! Background workers of the single binary: apply stored webhook events and send the outbox.
//! They wake when the callback stored something and poll once a second besides (other processes
//! sharing a PostgreSQL database store events too).

use crate::db::{outbox, Backend, Db};
use crate::engine::wakers::Wakers;
use crate::engine::{automated, distribution, events, media, sender, Engine};
use std::time::Duration;

/// Inactivity is measured in minutes; checking twice a minute is precise enough.
const AUTO_CLOSE_EVERY: Duration = Duration::from_secs(30);

/// Retention limits are in days; a run every ten minutes keeps purges prompt and cheap.
const RETENTION_EVERY: Duration = Duration::from_secs(600);

/// A SQLite database belongs to one process, so claims left by a crashed run can be released at
/// once instead of waiting for their lease to run out. (PostgreSQL is shared: leases expire.)
pub async fn release_claims_after_restart(db: &Db) -> anyhow::Result<()> {
    if db.backend == Backend::Sqlite {
        crate::db::webhook_events::release_untried_claims(&db.pool).await?;
        crate::db::outbox::release_pending_claims(&db.pool).await?;
    }
    Ok(())
}

/// Starts the workers; fails only when the event worker's thread or runtime cannot be made.
pub fn spawn(engine: Engine, wakers: Wakers) -> anyhow::Result<()> {
    spawn_event_worker(engine.clone(), wakers.clone())?;
    let outbox_wake = wakers.outbox.clone();
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
    Ok(())
}

/// The event worker's nice value on SQLite (Linux: 0 is the default, 19 the lowest priority).
/// Acknowledging LINE comes before applying what it sent: when both want the two cores, the
/// callback's threads get about nine parts in ten (the kernel's weights for 0 and 10 are
/// 1024 and 110), and the worker drains the stored events as the load allows. With CPU to
/// spare it changes nothing.
const EVENT_WORKER_NICE: i32 = 10;

/// On SQLite the event worker runs on a thread of its own, at a lower CPU priority, with a
/// runtime, a sqlx writing connection and LINE connections of its own: all its work runs on
/// that thread or on threads started from it, at its priority. Its writes for each event and
/// each round's claim run on the thread itself (`Db::write_direct`, which also lets the
/// callback's waiting deliveries go first); its other writes (greetings, routing, profiles)
/// on its sqlx connection's thread, started from it. PostgreSQL: a task like the other
/// workers; there, applying events is mostly the database server's work, and several
/// processes share it.
fn spawn_event_worker(engine: Engine, wakers: Wakers) -> anyhow::Result<()> {
    if engine.db.backend == Backend::Postgres {
        tokio::spawn(apply_events(engine, wakers));
        return Ok(());
    }
    if engine.db.sqlite_file().is_none() {
        // Its direct writes need a file, as does the callback's writer: such a database
        // stores no webhook events to apply.
        tracing::error!(
            "an in-memory SQLite database cannot take LINE's webhooks: no event worker"
        );
        return Ok(());
    }
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()?;
    std::thread::Builder::new()
        .name("linedesk-events".into())
        .spawn(move || {
            lower_priority(EVENT_WORKER_NICE);
            runtime.block_on(async move {
                let engine = match engine.db.with_own_writer().await {
                    Ok(db) => Engine {
                        db,
                        line: engine.line.with_own_connections(),
                        ..engine
                    },
                    Err(err) => {
                        // Still applies events, through the process's writing connection.
                        tracing::error!(%err, "event worker: no writing connection of its own");
                        engine
                    }
                };
                apply_events(engine, wakers).await
            })
        })?;
    Ok(())
}

/// Lowers the calling thread's CPU priority; the threads it starts inherit it (Linux keeps a
/// nice value per thread).
fn lower_priority(nice: i32) {
    #[cfg(target_os = "linux")]
    {
        // SAFETY: two system calls about the calling thread itself; no memory is passed.
        let failed = unsafe {
            let thread = libc::gettid();
            libc::setpriority(libc::PRIO_PROCESS, thread as libc::id_t, nice) != 0
        };
        if failed {
            let err = std::io::Error::last_os_error();
            tracing::warn!(%err, "event worker: lowering its CPU priority");
        }
    }
    #[cfg(not(target_os = "linux"))]
    let _ = nice;
}

/// Applies stored webhook events as they come, round after round.
async fn apply_events(engine: Engine, wakers: Wakers) {
    let (applied_outbox, applied_distribution) =
        (wakers.outbox.clone(), wakers.distribution.clone());
    loop {
        let queued = outbox::queued_so_far();
        let routed = distribution::routed_so_far();
        match events::process_due(&engine, 100).await {
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
        let _ = tokio::time::timeout(Duration::from_secs(1), wakers.events.notified()).await;
    }
}

#[cfg(all(test, target_os = "linux"))]
mod tests {
    use super::*;

    /// The nice value of each of this process's threads whose name starts with `prefix`.
    fn nice_values(prefix: &str) -> Vec<i64> {
        let mut values = Vec::new();
        for task in std::fs::read_dir("/proc/self/task").unwrap().flatten() {
            let name = std::fs::read_to_string(task.path().join("comm")).unwrap_or_default();
            let stat = std::fs::read_to_string(task.path().join("stat")).unwrap_or_default();
            // The fields after the name, which is in parentheses and may hold spaces.
            let fields: Vec<&str> = stat
                .rsplit_once(") ")
                .map_or(vec![], |(_, rest)| rest.split(' ').collect());
            // stat(5): field 19 is the nice value; the rest starts at field 3.
            if name.starts_with(prefix) {
                values.extend(fields.get(16).and_then(|v| v.parse::<i64>().ok()));
            }
        }
        values
    }

    /// The event worker's statements run on the thread sqlx starts for its writing connection:
    /// unless that thread inherits the worker's lower priority, the heaviest part of applying
    /// events keeps competing with the callback at full priority.
    #[test]
    fn a_writer_opened_by_a_lowered_thread_runs_at_its_priority() {
        let path = std::env::temp_dir().join(format!("linedesk-nice-{}.db", std::process::id()));
        let url = format!("sqlite://{}", path.display());
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .unwrap();
        let db = runtime.block_on(Db::open(&url)).unwrap();
        // Read while the worker's runtime (which owns the connection's pool) still runs.
        let values = std::thread::spawn(move || {
            lower_priority(EVENT_WORKER_NICE);
            let runtime = tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build()
                .unwrap();
            runtime.block_on(async {
                let own = db.with_own_writer().await.unwrap();
                let mut conn = own.write().await.unwrap();
                // Any statement on the writer: this one counts users.
                crate::db::users::count(&mut *conn).await.unwrap();
                nice_values("sqlx-sqlite-wor")
            })
        })
        .join()
        .unwrap();
        // Other tests of this process open connections at normal priority meanwhile.
        assert!(
            values.contains(&i64::from(EVENT_WORKER_NICE)),
            "no SQLite connection thread at nice {EVENT_WORKER_NICE}: {values:?}"
        );
        for suffix in ["", "-wal", "-shm"] {
            let _ = std::fs::remove_file(format!("{}{suffix}", path.display()));
        }
    }
}
