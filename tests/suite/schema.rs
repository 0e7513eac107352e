//! The two stores hold the same schema: every table, column and index the SQLite migrations
//! make, the PostgreSQL ones make too (types are each dialect's own). Two migration folders
//! drift silently otherwise: a column added to one only fails the other store's queries.

use std::collections::BTreeSet;

/// (table, column, nullable) for every column, and every index name.
type Schema = (BTreeSet<(String, String, bool)>, BTreeSet<String>);

async fn sqlite_schema() -> Schema {
    let db = crate::support::sqlite().await;
    let tables: Vec<String> = sqlx::query_scalar(
        "SELECT name FROM sqlite_master WHERE type = 'table'
         AND name NOT LIKE 'sqlite_%' AND name <> '_sqlx_migrations'
         AND name NOT LIKE 'message\\_search%' ESCAPE '\\' AND name NOT LIKE 'contact\\_search%' ESCAPE '\\'",
    )
    .fetch_all(&db.pool)
    .await
    .unwrap();
    let mut columns = BTreeSet::new();
    for table in &tables {
        // (name, notnull, pk): a primary key counts as not null, as PostgreSQL has it.
        let rows: Vec<(String, i64, i64)> = sqlx::query_as(&format!(
            "SELECT name, \"notnull\", pk FROM pragma_table_info('{table}')"
        ))
        .fetch_all(&db.pool)
        .await
        .unwrap();
        for (name, not_null, pk) in rows {
            columns.insert((table.clone(), name, not_null == 0 && pk == 0));
        }
    }
    let indexes: Vec<String> = sqlx::query_scalar(
        "SELECT name FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL",
    )
    .fetch_all(&db.pool)
    .await
    .unwrap();
    // Text search is an FTS5 table (and its own tables) here, a GIN index on PostgreSQL:
    // migrations/*/0022_text_search.sql. Both go by the names message_search and contact_search.
    let mut indexes: BTreeSet<String> = indexes.into_iter().collect();
    let search: Vec<String> = sqlx::query_scalar(
        "SELECT name FROM sqlite_master WHERE name IN ('message_search', 'contact_search')",
    )
    .fetch_all(&db.pool)
    .await
    .unwrap();
    indexes.extend(search);
    (columns, indexes)
}

async fn postgres_schema() -> Option<Schema> {
    let db = crate::support::postgres().await?;
    let rows: Vec<(String, String, String)> = sqlx::query_as(
        "SELECT table_name::text, column_name::text, is_nullable::text
         FROM information_schema.columns
         WHERE table_schema = current_schema() AND table_name <> '_sqlx_migrations'",
    )
    .fetch_all(&db.pool)
    .await
    .unwrap();
    let columns = rows
        .into_iter()
        .map(|(table, column, nullable)| (table, column, nullable == "YES"))
        .collect();
    // Indexes made by CREATE INDEX (not those behind primary keys and UNIQUE constraints,
    // which SQLite names itself).
    let indexes: Vec<String> = sqlx::query_scalar(
        "SELECT i.indexname::text FROM pg_indexes i
         WHERE i.schemaname = current_schema() AND i.tablename <> '_sqlx_migrations'
         AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conname = i.indexname)",
    )
    .fetch_all(&db.pool)
    .await
    .unwrap();
    Some((columns, indexes.into_iter().collect()))
}

/// Indexes that differ on purpose, each (SQLite's, PostgreSQL's) with the migration saying why:
/// migrations/*/0012_event_order_in_flight.sql (one process claims on SQLite; several share
/// PostgreSQL, where a chat's next event waits for every unprocessed one).
const DIFFERENT_ON_PURPOSE: &[(&str, &str)] =
    &[("webhook_events_chat_claimed", "webhook_events_chat_pending")];

fn only<T: Ord + Clone>(a: &BTreeSet<T>, b: &BTreeSet<T>) -> Vec<T> {
    a.difference(b).cloned().collect()
}

#[tokio::test]
async fn sqlite_and_postgresql_migrations_make_the_same_schema() {
    let Some(postgres) = postgres_schema().await else {
        return;
    };
    let mut sqlite = sqlite_schema().await;
    for (sqlite_index, postgres_index) in DIFFERENT_ON_PURPOSE {
        assert!(
            sqlite.1.remove(*sqlite_index),
            "{sqlite_index} is gone: update the list"
        );
        sqlite.1.insert(postgres_index.to_string());
    }
    assert!(
        sqlite.0 == postgres.0,
        "columns only in SQLite: {:?}\ncolumns only in PostgreSQL: {:?}",
        only(&sqlite.0, &postgres.0),
        only(&postgres.0, &sqlite.0)
    );
    assert!(
        sqlite.1 == postgres.1,
        "indexes only in SQLite: {:?}\nindexes only in PostgreSQL: {:?}",
        only(&sqlite.1, &postgres.1),
        only(&postgres.1, &sqlite.1)
    );
}
