//! Statements on the direct SQLite connection (`Db::write_direct`), written with the same
//! portable SQL and `$N` placeholders as the sqlx queries. SQLite numbers `$N` parameters by
//! their first appearance, not by N, so each is bound here by its name.

use rusqlite::types::ToSql;
use rusqlite::{CachedStatement, Row, Statement, Transaction};

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
