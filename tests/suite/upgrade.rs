//! Upgrades keep data. A desk made and used by round 1's last linedesk (commit 4ae720b,
//! fixtures/upgrade/round1/, made by fixtures/upgrade/make.sh) is loaded as it was, today's
//! migrations run on it, and every row is still there and readable through today's services:
//! no row lost, the audit chain intact, the Tokyo operating hours now a time zone, old messages
//! found by the text search that came later. And a migration that may lose data waits for a
//! fresh backup (db/migrations.rs).

use crate::accounts::admin;
use crate::db_tests;
use domain::audit::ChainStatus;
use domain::conversation::HistoryQuery;
use linedesk::db::migrations::{self, DataLoss};
use linedesk::db::{backups, Db};
use sqlx::migrate::Migrator;

mod a_round_1_desk_keeps_every_row_after_todays_migrations {
    #[tokio::test]
    async fn sqlite() {
        super::upgrade(crate::support::empty_sqlite_url(), "sqlite.sql").await;
    }
    #[tokio::test]
    async fn postgres() {
        if let Some(url) = crate::support::empty_postgres_url().await {
            super::upgrade(url, "postgres.sql").await;
        }
    }
}

db_tests!(a_migration_that_may_lose_data_waits_for_a_fresh_backup,);

const FIXTURES: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/fixtures/upgrade/round1");

/// The tables the fixture creates, by name.
fn tables_of(dump: &str) -> Vec<String> {
    dump.lines()
        .filter_map(|l| l.strip_prefix("CREATE TABLE "))
        .map(|rest| {
            rest.trim_start_matches("IF NOT EXISTS ")
                .split([' ', '('])
                .next()
                .unwrap()
                .trim_matches('"')
                .to_string()
        })
        .filter(|t| !t.starts_with("_sqlx") && !t.starts_with("sqlite_"))
        .collect()
}

async fn counts(pool: &sqlx::AnyPool, tables: &[String]) -> Vec<(String, i64)> {
    let mut counts = Vec::new();
    for table in tables {
        let n: i64 = sqlx::query_scalar(&format!("SELECT COUNT(*) FROM {table}"))
            .fetch_one(pool)
            .await
            .unwrap();
        counts.push((table.clone(), n));
    }
    counts
}

async fn upgrade(url: String, fixture: &str) {
    let dump = std::fs::read_to_string(format!("{FIXTURES}/{fixture}")).unwrap();
    let tables = tables_of(&dump);
    assert_eq!(tables.len(), 24, "round 1 had 24 tables: {tables:?}");

    // The old desk, exactly as its linedesk left it.
    sqlx::any::install_default_drivers();
    let pool = sqlx::any::AnyPoolOptions::new()
        .max_connections(1)
        .connect(&url)
        .await
        .unwrap();
    sqlx::raw_sql(&dump).execute(&pool).await.unwrap();
    let before = counts(&pool, &tables).await;
    for (table, n) in &before {
        assert!(*n > 0, "the fixture fills every table; {table} is empty");
    }
    pool.close().await;

    // Today's linedesk opens it: its migrations run (the old ones must be unchanged, or sqlx
    // refuses), and no row is lost.
    let db = Db::open(&url).await.unwrap();
    assert_eq!(counts(&db.pool, &tables).await, before);

    // Read through today's services.
    let desk = crate::callback::desk(db.clone()).await;
    let services = &desk.state.services;
    assert_eq!(
        services.audit.verify().await.unwrap(),
        ChainStatus {
            entries: before_of(&before, "audit_log") as u64,
            first_altered: None
        }
    );
    let users = services.users.list().await.unwrap();
    assert_eq!(users.len(), 4);
    let accounts = services.accounts.list().await.unwrap();
    assert_eq!(accounts[0].name, "Support JP");
    let workstream = services.workstreams.get(1).await.unwrap();
    assert_eq!(workstream.name, "LINE Japan");
    // Stored by round 1 as +09:00; migration 0016 made it a zone with the same offset.
    assert_eq!(workstream.settings.operating_hours.time_zone, "Etc/GMT-9");
    assert!(workstream.channel.is_some());
    assert_eq!(services.routing.queues().await.unwrap().len(), 2);
    assert!(services
        .routing
        .agents()
        .await
        .unwrap()
        .iter()
        .any(|a| a.skills.contains(&"japanese".to_string())));
    assert!(!services
        .routing
        .bot(1)
        .await
        .unwrap()
        .config
        .faqs
        .is_empty());
    let mut messages = 0;
    for id in 1..=3 {
        let detail = services
            .conversations
            .get_for(&admin(), id, None)
            .await
            .unwrap();
        messages += detail.messages.len();
        if id == 3 {
            assert_eq!(detail.survey.unwrap().rating, Some(5));
        }
        if id == 1 {
            assert!(detail.messages.iter().any(|m| m.attachment.is_some()));
        }
    }
    assert_eq!(messages as i64, before_of(&before, "messages"));
    let contact = services.contacts.get(&admin(), 1).await.unwrap();
    assert_eq!(contact.name, "山田 太郎");
    assert_eq!(services.privacy.consents().await.unwrap().len(), 1);
    assert_eq!(services.privacy.transcript_grants().await.unwrap().len(), 1);
    // Messages written before the text index existed are found by it.
    let found = services
        .conversations
        .history(
            &admin(),
            HistoryQuery {
                text: "配送".into(),
                ..Default::default()
            },
        )
        .await
        .unwrap();
    assert_eq!(found.items.len(), 3);
    let thai = services
        .conversations
        .history(
            &admin(),
            HistoryQuery {
                text: "ขอบคุณ".into(),
                ..Default::default()
            },
        )
        .await
        .unwrap();
    assert_eq!(thai.items.len(), 3);
    db.close().await;
}

fn before_of(counts: &[(String, i64)], table: &str) -> i64 {
    counts.iter().find(|(t, _)| t == table).unwrap().1
}

/// Today's migrations plus two more: one that adds a table, one that drops it and says so.
async fn with_a_risky_migration(db: &Db) -> Migrator {
    let backend = match db.backend {
        linedesk::db::Backend::Sqlite => "sqlite",
        linedesk::db::Backend::Postgres => "postgres",
    };
    let dir = std::env::temp_dir().join(format!(
        "linedesk-migrations-{}-{:08x}",
        std::process::id(),
        rand::random::<u32>()
    ));
    std::fs::create_dir_all(&dir).unwrap();
    let ours = format!("{}/migrations/{backend}", env!("CARGO_MANIFEST_DIR"));
    for entry in std::fs::read_dir(ours).unwrap() {
        let entry = entry.unwrap();
        std::fs::copy(entry.path(), dir.join(entry.file_name())).unwrap();
    }
    std::fs::write(
        dir.join("0998_notes.sql"),
        "CREATE TABLE notes (body TEXT NOT NULL);\n",
    )
    .unwrap();
    std::fs::write(
        dir.join("0999_drop_notes.sql"),
        format!(
            "-- The notes move elsewhere.\n{} every note agents wrote\nDROP TABLE notes;\n",
            migrations::MAY_LOSE_DATA
        ),
    )
    .unwrap();
    Migrator::new(dir.as_path()).await.unwrap()
}

async fn a_migration_that_may_lose_data_waits_for_a_fresh_backup(db: Db) {
    let migrator = with_a_risky_migration(&db).await;
    let risky = migrations::risky_pending(&migrator, &db).await.unwrap();
    assert_eq!(risky.len(), 1);
    assert_eq!(risky[0].version, 999);
    assert_eq!(risky[0].what, "every note agents wrote");

    // No backup: refused, saying what and how to go on.
    let refused = format!(
        "{:#}",
        migrations::guard(&migrator, &db, DataLoss::Refuse)
            .await
            .unwrap_err()
    );
    assert!(
        refused.contains("0999 drop notes: every note agents wrote"),
        "{refused}"
    );
    assert!(refused.contains("--accept-data-loss"), "{refused}");
    // A backup from two days ago is not fresh.
    let now = linedesk::clock::now_ms();
    backups::record(&db.pool, now - 2 * 24 * 3600 * 1000, "/backups/old", 1)
        .await
        .unwrap();
    assert!(migrations::guard(&migrator, &db, DataLoss::Refuse)
        .await
        .is_err());
    // The operator's acceptance, or a backup from the last hour, lets it run.
    assert!(migrations::guard(&migrator, &db, DataLoss::Accept)
        .await
        .is_ok());
    backups::record(&db.pool, now - 3600 * 1000, "/backups/fresh", 1)
        .await
        .unwrap();
    migrations::guard(&migrator, &db, DataLoss::Refuse)
        .await
        .unwrap();
    migrator.run(&db.pool).await.unwrap();
    assert!(migrations::applied(&db).await.unwrap().contains(&999));
    assert!(migrations::risky_pending(&migrator, &db)
        .await
        .unwrap()
        .is_empty());
}
