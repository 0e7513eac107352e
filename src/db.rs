//! The database: one pool over SQLite or PostgreSQL through sqlx's `Any` driver, so every
//! repository is written once with portable SQL (`$N` placeholders, BIGINT timestamps).

pub mod accounts;
pub mod agents;
pub mod attachments;
pub mod audit;
pub mod backup;
pub mod backups;
pub mod bots;
pub mod consents;
pub mod contacts;
pub mod conversations;
pub mod demo_traffic;
pub mod generation;
pub mod history;
pub mod insight_rollups;
pub mod insights;
pub mod jobs;
pub mod line_channels;
pub mod login_attempts;
pub mod messages;
pub mod migrations;
pub mod notify;
pub mod offers;
pub mod outbox;
pub mod profiles;
pub mod queues;
pub mod quotes;
pub mod read_marks;
pub mod retention;
pub mod scale_seed;
pub mod sessions;
pub mod settings;
pub mod setup_tokens;
pub mod sqlite;
pub mod subject_export;
pub mod summaries;
pub mod surveys;
pub mod system;
pub mod text_search;
pub mod transcript_grants;
pub mod users;
pub mod webhook_events;
pub mod workstreams;

use anyhow::Context;
use sqlite::callback_first;
use sqlx::any::AnyPoolOptions;
use sqlx::pool::PoolConnection;
use sqlx::{AnyConnection, AnyPool};
use std::ops::{Deref, DerefMut};
use std::sync::Arc;
use std::time::Duration;
use tokio::sync::{Mutex, OwnedMutexGuard};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

/// `text` for a LIKE pattern with `%`, `_` and `\` taken literally; every LIKE built from
/// typed text says `ESCAPE '\'` (the same on SQLite and PostgreSQL).
pub fn escape_like(text: &str) -> String {
    text.replace('\\', "\\\\")
        .replace('%', "\\%")
        .replace('_', "\\_")
}

/// The LIKE pattern "contains `typed`" (trimmed, lower-cased, wildcards taken literally).
pub fn contains_pattern(typed: &str) -> String {
    format!("%{}%", escape_like(&typed.trim().to_lowercase()))
}

#[derive(Clone, Debug)]
pub struct Db {
    pub pool: AnyPool,
    /// Where `begin_write` and `write` write: on SQLite one connection of its own (see
    /// `open`); on PostgreSQL the pool.
    writer: AnyPool,
    pub backend: Backend,
    /// SQLite's writers take turns here (see `write_turn`); unused on PostgreSQL.
    write_turns: Arc<Mutex<()>>,
    /// Told whenever a writer takes its turn (SQLite): the checkpointer follows the writes.
    writes: Arc<tokio::sync::Notify>,
    /// The SQLite database's file (None on PostgreSQL and for an in-memory database), for a
    /// writer that keeps a connection of its own (the callback's, `line::ingest`).
    sqlite_file: Option<std::path::PathBuf>,
    /// SQLite with a file: a connection that `write_direct` writes through on the calling
    /// thread, without sqlx's hand-offs (db/sqlite.rs).
    direct: Option<sqlite::direct::Connection>,
    /// The callback's deliveries waiting to be stored: direct writes give way to them.
    pub callback_queue: callback_first::CallbackQueue,
}

/// A write transaction; on SQLite it holds the process's write turn until commit or drop.
/// Derefs to the connection, like sqlx's `Transaction`. (Dropped uncommitted, sqlx rolls back
/// when the connection returns to the pool, just after the turn passes on; the next writer may
/// then wait briefly in SQLite's busy handler, as every writer did before the turns.)
pub struct WriteTx {
    tx: sqlx::Transaction<'static, sqlx::Any>,
    _turn: Option<OwnedMutexGuard<()>>,
}

impl WriteTx {
    pub async fn commit(self) -> sqlx::Result<()> {
        self.tx.commit().await
    }
}

impl Deref for WriteTx {
    type Target = AnyConnection;
    fn deref(&self) -> &AnyConnection {
        &self.tx
    }
}

impl DerefMut for WriteTx {
    fn deref_mut(&mut self) -> &mut AnyConnection {
        &mut self.tx
    }
}

/// A connection for single-statement writes (claims, status updates) that takes its turn like
/// a `WriteTx` on SQLite.
pub struct WriteConn {
    conn: PoolConnection<sqlx::Any>,
    _turn: Option<OwnedMutexGuard<()>>,
}

impl Deref for WriteConn {
    type Target = AnyConnection;
    fn deref(&self) -> &AnyConnection {
        &self.conn
    }
}

impl DerefMut for WriteConn {
    fn deref_mut(&mut self) -> &mut AnyConnection {
        &mut self.conn
    }
}

/// How long a writer waits for its turn before giving up, as SQLite's own busy timeout would.
const WRITE_TURN_TIMEOUT: Duration = Duration::from_secs(5);

static SQLITE_MIGRATIONS: sqlx::migrate::Migrator = sqlx::migrate!("./migrations/sqlite");
static POSTGRES_MIGRATIONS: sqlx::migrate::Migrator = sqlx::migrate!("./migrations/postgres");

impl Db {
    /// Connects (creating the SQLite file and its folder when needed) and migrates (refusing
    /// migrations that may lose data without a fresh backup: db/migrations.rs).
    pub async fn open(url: &str) -> anyhow::Result<Db> {
        Self::open_with(url, migrations::DataLoss::Refuse).await
    }

    /// `open`, saying whether the operator accepted migrations that may lose data.
    pub async fn open_with(url: &str, data_loss: migrations::DataLoss) -> anyhow::Result<Db> {
        sqlx::any::install_default_drivers();
        let backend = if url.starts_with("sqlite:") {
            Backend::Sqlite
        } else {
            Backend::Postgres
        };
        let sqlite_file = match backend {
            Backend::Sqlite => sqlite::connection::sqlite_file(url),
            Backend::Postgres => None,
        };
        let (pool, writer) = match backend {
            Backend::Sqlite => {
                let url = sqlite::connection::url_with_create(url)?;
                let pool = sqlite::connection::pool_options()
                    .max_connections(8)
                    .connect(&url)
                    .await
                    .context("opening the SQLite database (DATABASE_URL)")?;
                // Writes take turns anyway, so they share one connection, kept for the life of
                // the process. In WAL mode a connection drops its whole page cache whenever
                // another connection has written since its last transaction: with writes
                // spread over the pool every write started by copying its pages back in
                // (pread, ~6 % of the CPU at 2,000 events/s); the one writer's cache stays warm.
                let writer = sqlite::connection::writer_options()
                    .connect(&url)
                    .await
                    .context("opening the SQLite database for writing (DATABASE_URL)")?;
                (pool, writer)
            }
            Backend::Postgres => {
                let pool = AnyPoolOptions::new()
                    .max_connections(16)
                    .acquire_timeout(Duration::from_secs(5))
                    // The desk's statements read a few rows by key; PostgreSQL's JIT compiles
                    // any whose estimate passes jit_above_cost, and compiling took 265 ms of a
                    // 505 ms agents' load query at a million conversations.
                    .after_connect(|conn, _| {
                        Box::pin(async move {
                            sqlx::Executor::execute(conn, "SET jit = off").await?;
                            Ok(())
                        })
                    })
                    .connect(url)
                    .await
                    .context("connecting to PostgreSQL (DATABASE_URL)")?;
                (pool.clone(), pool)
            }
        };
        let mut db = Db {
            pool,
            writer,
            backend,
            write_turns: Arc::new(Mutex::new(())),
            writes: Arc::new(tokio::sync::Notify::new()),
            sqlite_file,
            direct: None,
            callback_queue: Default::default(),
        };
        db.migrate_with(data_loss).await?;
        if let Some(file) = &db.sqlite_file {
            db.direct = Some(
                sqlite::direct::Connection::open(file)
                    .context("opening the SQLite database for direct writes (DATABASE_URL)")?,
            );
        }
        Ok(db)
    }

    pub async fn migrate(&self) -> anyhow::Result<()> {
        self.migrate_with(migrations::DataLoss::Refuse).await
    }

    /// This backend's migrations, as built into the binary.
    pub fn migrator(&self) -> &'static sqlx::migrate::Migrator {
        match self.backend {
            Backend::Sqlite => &SQLITE_MIGRATIONS,
            Backend::Postgres => &POSTGRES_MIGRATIONS,
        }
    }

    pub async fn migrate_with(&self, data_loss: migrations::DataLoss) -> anyhow::Result<()> {
        let migrator = self.migrator();
        migrations::guard(migrator, self, data_loss).await?;
        migrator
            .run(&self.pool)
            .await
            .context("migrating the database")?;
        Ok(())
    }

    /// A transaction that intends to write. SQLite takes the write lock at BEGIN (IMMEDIATE), so
    /// a transaction never fails half-way when it upgrades from reading to writing.
    pub async fn begin_write(&self) -> sqlx::Result<WriteTx> {
        let turn = self.write_turn().await?;
        let tx = match self.backend {
            Backend::Sqlite => self.writer.begin_with("BEGIN IMMEDIATE").await?,
            Backend::Postgres => self.writer.begin().await?,
        };
        Ok(WriteTx { tx, _turn: turn })
    }

    /// This handle with a SQLite writing connection of its own, opened now, for one worker:
    /// sqlx runs a SQLite connection on a thread it starts when connecting, and a thread starts
    /// at its creator's CPU priority, so opened from the event worker's thread the connection
    /// runs at the worker's lower priority (see workers.rs). It still writes in turn with every
    /// other writer. On PostgreSQL, or in memory (no file to open twice), the same handle.
    pub async fn with_own_writer(&self) -> anyhow::Result<Db> {
        let Some(file) = &self.sqlite_file else {
            return Ok(self.clone());
        };
        let writer = sqlite::connection::writer_options()
            .connect(&format!("sqlite://{}", file.display()))
            .await
            .context("opening the SQLite database for a worker's writes")?;
        Ok(Db {
            writer,
            ..self.clone()
        })
    }

    /// A connection for a single writing statement outside a transaction.
    pub async fn write(&self) -> sqlx::Result<WriteConn> {
        let turn = self.write_turn().await?;
        let conn = self.writer.acquire().await?;
        Ok(WriteConn { conn, _turn: turn })
    }

    /// SQLite allows one writer at a time. Left to SQLite, a writer that finds the lock taken
    /// sleeps in its busy handler (1, 2, 5, 10 … 100 ms steps) and the callback's commits
    /// waited up to 200 ms behind the event worker; queued here, the next writer starts the
    /// moment the previous one commits, in arrival order. Held until the guard is dropped. The
    /// callback's writer (`line::ingest`, a connection of its own) does not queue here: it
    /// retries SQLite's lock every few tens of microseconds, so it goes first.
    pub async fn write_turn(&self) -> sqlx::Result<Option<OwnedMutexGuard<()>>> {
        if self.backend == Backend::Postgres {
            return Ok(None);
        }
        self.writes.notify_one();
        tokio::time::timeout(WRITE_TURN_TIMEOUT, self.write_turns.clone().lock_owned())
            .await
            .map(Some)
            .map_err(|_| sqlx::Error::PoolTimedOut)
    }

    /// Closes every connection (a restore moves the file afterwards: SQLite has folded its
    /// write-ahead log back into it by then).
    pub async fn close(self) {
        self.pool.close().await;
        self.writer.close().await;
    }

    /// The SQLite database's file, when there is one (not on PostgreSQL, not in memory).
    pub fn sqlite_file(&self) -> Option<&std::path::Path> {
        self.sqlite_file.as_deref()
    }

    /// Tells the checkpointer that a writer outside the write turn (the callback's) writes.
    pub fn note_write(&self) {
        self.writes.notify_one();
    }

    /// Waits until a writer has taken its turn since the last call (SQLite), or `at_most`.
    pub async fn writes_since_last_wait(&self, at_most: Duration) {
        let _ = tokio::time::timeout(at_most, self.writes.notified()).await;
    }

    /// For /readyz: can we still run a query? Answers within two seconds, so a load balancer
    /// sees a lost database quickly instead of waiting out the pool's acquire timeout.
    pub async fn ping(&self) -> bool {
        let query = sqlx::query("SELECT 1").execute(&self.pool);
        matches!(
            tokio::time::timeout(Duration::from_secs(2), query).await,
            Ok(Ok(_))
        )
    }
}

/// "$first, $first+1, …": the parameters of an `IN (…)` list of `count` values.
pub(crate) fn placeholders(first: usize, count: usize) -> String {
    (first..first + count)
        .map(|n| format!("${n}"))
        .collect::<Vec<_>>()
        .join(", ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn sqlite_writers_wait_for_their_turn_instead_of_failing() {
        let path = std::env::temp_dir().join(format!("linedesk-turns-{}.db", std::process::id()));
        let db = Db::open(&format!("sqlite://{}", path.display()))
            .await
            .unwrap();
        let mut first = db.begin_write().await.unwrap();
        sqlx::query("UPDATE settings SET value = value WHERE key = 'none'")
            .execute(&mut *first)
            .await
            .unwrap();
        let waiting = {
            let db = db.clone();
            tokio::spawn(async move {
                let mut conn = db.write().await.unwrap();
                sqlx::query("SELECT 1").execute(&mut *conn).await.unwrap();
                std::time::Instant::now()
            })
        };
        tokio::time::sleep(Duration::from_millis(200)).await;
        assert!(
            !waiting.is_finished(),
            "a second writer ran while the first held its turn"
        );
        let committed = std::time::Instant::now();
        first.commit().await.unwrap();
        let started = waiting.await.unwrap();
        assert!(started >= committed);
        for suffix in ["", "-wal", "-shm"] {
            let _ = std::fs::remove_file(format!("{}{suffix}", path.display()));
        }
    }
}
