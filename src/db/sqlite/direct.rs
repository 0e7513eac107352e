//! The direct connection: a rusqlite connection to the SQLite file that `Db::write_direct`
//! writes through on the calling thread, and its statements, written with the same portable SQL
//! and `$N` placeholders as the sqlx queries. SQLite numbers `$N` parameters by their first
//! appearance, not by N, so each is bound here by its name.

use crate::db::Db;
use rusqlite::types::ToSql;
use rusqlite::{CachedStatement, Row, Statement, Transaction};
use std::sync::{Arc, Mutex, PoisonError};

/// The direct connection, shared by every clone of its `Db`.
#[derive(Clone, Debug)]
pub struct Connection(Arc<Mutex<rusqlite::Connection>>);

impl Connection {
    pub(crate) fn open(file: &std::path::Path) -> rusqlite::Result<Connection> {
        Ok(Connection(Arc::new(Mutex::new(super::connection::open(
            file,
        )?))))
    }
}

/// How a customer's message (and the event worker's claims) are written.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum WritePath {
    /// SQLite with a file: on the direct connection (`chat_append`, `event_claims`).
    Direct,
    /// PostgreSQL, or SQLite without a direct connection: statement by statement through sqlx.
    Sqlx,
}

impl Db {
    /// SQLite with a file: runs `write` in one write transaction (BEGIN IMMEDIATE), in the
    /// write turn and after the callback's waiting deliveries (callback_first.rs), on a
    /// connection of its own, on the calling thread: committed when `write`
    /// returns Ok, rolled back otherwise. Through sqlx every statement's rows and result are
    /// handed from its connection's thread to the caller one by one, each hand-off a thread
    /// wake-up, and for the event worker's chat write those wake-ups were most of its CPU
    /// (perf: ~45 %, against ~5 % executing SQL). It blocks the thread for the transaction
    /// (~0.1 ms): for the event worker, which has a thread of its own (workers.rs), and tests.
    pub async fn write_direct<T>(
        &self,
        write: impl FnOnce(&Transaction) -> rusqlite::Result<T>,
    ) -> anyhow::Result<T> {
        let direct = self.direct.as_ref().ok_or_else(|| {
            anyhow::anyhow!("direct writes need a SQLite database in a file (DATABASE_URL)")
        })?;
        self.callback_queue
            .emptied(super::callback_first::AT_MOST)
            .await;
        let _turn = self.write_turn().await?;
        // A panic while the lock was held leaves no transaction open: rusqlite's transaction
        // rolls back when dropped during the unwinding.
        let mut conn = direct.0.lock().unwrap_or_else(PoisonError::into_inner);
        let tx = conn.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
        let value = write(&tx)?;
        tx.commit()?;
        Ok(value)
    }

    /// Where the event worker writes: directly when this handle has the direct connection.
    pub fn write_path(&self) -> WritePath {
        match self.direct {
            Some(_) => WritePath::Direct,
            None => WritePath::Sqlx,
        }
    }

    /// This handle without the direct connection: everything it writes goes through sqlx, as
    /// on PostgreSQL (the suite compares the two paths on SQLite).
    pub fn without_direct_writes(&self) -> Db {
        Db {
            direct: None,
            ..self.clone()
        }
    }
}

/// The statement (prepared once per connection) with each `$N` it uses bound to `values[N-1]`.
pub fn bound<'t>(
    tx: &'t Transaction,
    sql: &str,
    values: &[&dyn ToSql],
) -> rusqlite::Result<CachedStatement<'t>> {
    let mut statement = tx.prepare_cached(sql)?;
    bind_numbered(&mut statement, values)?;
    Ok(statement)
}

fn bind_numbered(statement: &mut Statement, values: &[&dyn ToSql]) -> rusqlite::Result<()> {
    for index in 1..=statement.parameter_count() {
        let name = statement.parameter_name(index).unwrap_or_default();
        let value = name
            .strip_prefix('$')
            .and_then(|n| n.parse::<usize>().ok())
            .and_then(|n| values.get(n.wrapping_sub(1)))
            .ok_or_else(|| rusqlite::Error::InvalidParameterName(name.to_string()))?;
        statement.raw_bind_parameter(index, *value)?;
    }
    Ok(())
}

/// Runs the statement; true when it gave a row.
pub fn exists(tx: &Transaction, sql: &str, values: &[&dyn ToSql]) -> rusqlite::Result<bool> {
    Ok(first_row(tx, sql, values, |_| Ok(()))?.is_some())
}

/// Runs the statement to its end (an `INSERT … RETURNING` writes as it steps) and maps its
/// first row.
pub fn first_row<T>(
    tx: &Transaction,
    sql: &str,
    values: &[&dyn ToSql],
    map: impl FnOnce(&Row) -> rusqlite::Result<T>,
) -> rusqlite::Result<Option<T>> {
    let mut statement = bound(tx, sql, values)?;
    let mut rows = statement.raw_query();
    let first = rows.next()?.map(map).transpose()?;
    while rows.next()?.is_some() {}
    Ok(first)
}

/// Runs the statement and maps every row.
pub fn all_rows<T>(
    tx: &Transaction,
    sql: &str,
    values: &[&dyn ToSql],
    mut map: impl FnMut(&Row) -> rusqlite::Result<T>,
) -> rusqlite::Result<Vec<T>> {
    let mut statement = bound(tx, sql, values)?;
    let mut rows = statement.raw_query();
    let mut mapped = Vec::new();
    while let Some(row) = rows.next()? {
        mapped.push(map(row)?);
    }
    Ok(mapped)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbered_parameters_are_bound_by_their_number_not_their_order() {
        let mut conn = rusqlite::Connection::open_in_memory().unwrap();
        let tx = conn.transaction().unwrap();
        let values: [&dyn ToSql; 3] = [&1i64, &"two", &3i64];
        let row = first_row(&tx, "SELECT $3, $1, $3 + $1", &values, |row| {
            Ok((
                row.get::<_, i64>(0)?,
                row.get::<_, i64>(1)?,
                row.get::<_, i64>(2)?,
            ))
        })
        .unwrap();
        assert_eq!(row, Some((3, 1, 4)));
        let missing = first_row(&tx, "SELECT $4", &values, |_| Ok(()));
        assert!(matches!(
            missing,
            Err(rusqlite::Error::InvalidParameterName(name)) if name == "$4"
        ));
    }
}
