//! Every SQLite connection's settings and how each is opened: the sqlx pools' (reading, and the
//! one writing connection) and rusqlite's (the direct writes' and the callback writer's).

use anyhow::Context;
use sqlx::any::AnyPoolOptions;
use sqlx::Executor;

/// Every SQLite connection's settings: the pools', the direct connection's and the callback
/// writer's (`callback_writer`).
const PRAGMAS: [&str; 5] = [
    // WAL lets readers run beside the one writer; NORMAL sync in WAL keeps committed data
    // across a process crash.
    "PRAGMA journal_mode = WAL",
    "PRAGMA synchronous = NORMAL",
    "PRAGMA foreign_keys = ON",
    "PRAGMA busy_timeout = 5000",
    // Checkpoints run in the background (checkpointer.rs); a commit does one itself only if
    // the WAL passes ~40 MB.
    "PRAGMA wal_autocheckpoint = 10000",
];

/// Every SQLite connection of sqlx's, reading or writing.
pub fn pool_options() -> AnyPoolOptions {
    AnyPoolOptions::new()
        // sqlx pings an idle connection before lending it out by default: on SQLite that is a
        // round trip to the connection's thread (two thread switches) for a file that cannot
        // have gone away, and it doubled the cost of every single-statement read and write made
        // through the pool.
        .test_before_acquire(false)
        .after_connect(|conn, _| {
            Box::pin(async move {
                for pragma in PRAGMAS {
                    conn.execute(pragma).await?;
                }
                Ok(())
            })
        })
}

/// A writing connection: one, kept for the life of the process (see `Db::open`).
pub fn writer_options() -> AnyPoolOptions {
    pool_options()
        .max_connections(1)
        .min_connections(1)
        .idle_timeout(None)
        .max_lifetime(None)
}

/// A rusqlite connection to the database's file with every connection's settings (the
/// pools' `after_connect`). The pool has created and migrated the file already.
pub(crate) fn open(file: &std::path::Path) -> rusqlite::Result<rusqlite::Connection> {
    use rusqlite::OpenFlags;
    let conn = rusqlite::Connection::open_with_flags(
        file,
        OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )?;
    for pragma in PRAGMAS {
        // Some answer with a row (journal_mode, busy_timeout, wal_autocheckpoint), some with none.
        conn.query_row(pragma, [], |_| Ok(()))
            .or_else(|err| match err {
                rusqlite::Error::QueryReturnedNoRows => Ok(()),
                err => Err(err),
            })?;
    }
    Ok(conn)
}

/// The file a `sqlite:` URL names, or None for an in-memory database.
pub fn sqlite_file(url: &str) -> Option<std::path::PathBuf> {
    let path = url
        .trim_start_matches("sqlite://")
        .trim_start_matches("sqlite:")
        .split('?')
        .next()
        .unwrap_or_default();
    (!path.is_empty() && path != ":memory:").then(|| std::path::PathBuf::from(path))
}

/// sqlx opens SQLite files read-write but does not create them unless `mode=rwc` is given.
pub fn url_with_create(url: &str) -> anyhow::Result<String> {
    if let Some(file) = sqlite_file(url) {
        if let Some(parent) = file.parent() {
            if !parent.as_os_str().is_empty() {
                std::fs::create_dir_all(parent)
                    .with_context(|| format!("creating the folder {}", parent.display()))?;
            }
        }
    }
    Ok(if url.contains("mode=") {
        url.to_string()
    } else if url.contains('?') {
        format!("{url}&mode=rwc")
    } else {
        format!("{url}?mode=rwc")
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sqlite_files_are_found_in_urls() {
        use std::path::PathBuf;
        assert_eq!(
            sqlite_file("sqlite://data/linedesk.db?mode=rwc"),
            Some(PathBuf::from("data/linedesk.db"))
        );
        assert_eq!(
            sqlite_file("sqlite:///var/x.db"),
            Some(PathBuf::from("/var/x.db"))
        );
        assert_eq!(sqlite_file("sqlite::memory:"), None);
    }

    #[test]
    fn sqlite_urls_gain_create_mode() {
        assert_eq!(
            url_with_create("sqlite::memory:").unwrap(),
            "sqlite::memory:?mode=rwc"
        );
        assert_eq!(
            url_with_create("sqlite://x.db?mode=ro").unwrap(),
            "sqlite://x.db?mode=ro"
        );
    }
}
