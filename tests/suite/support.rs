use linedesk::db::Db;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

static COUNTER: AtomicU64 = AtomicU64::new(0);

fn unique(prefix: &str) -> String {
    format!(
        "{prefix}_{}_{}_{}",
        std::process::id(),
        linedesk::clock::now_ms(),
        COUNTER.fetch_add(1, Ordering::Relaxed)
    )
}

fn init_logs() {
    let _ = tracing_subscriber::fmt()
        .with_test_writer()
        .with_env_filter("warn")
        .try_init();
}

/// A fresh SQLite database in a temporary folder.
pub async fn sqlite() -> Db {
    init_logs();
    let dir = std::env::temp_dir().join(unique("linedesk_test"));
    std::fs::create_dir_all(&dir).unwrap();
    Db::open(&format!("sqlite://{}", dir.join("test.db").display()))
        .await
        .unwrap()
}

/// The URL of a new, empty SQLite file (nothing migrated): for loading an older desk.
pub fn empty_sqlite_url() -> String {
    init_logs();
    let dir = std::env::temp_dir().join(unique("linedesk_test"));
    std::fs::create_dir_all(&dir).unwrap();
    format!("sqlite://{}?mode=rwc", dir.join("test.db").display())
}

/// The URL of a new, empty PostgreSQL schema (nothing migrated), or None as `postgres` says.
pub async fn empty_postgres_url() -> Option<String> {
    postgres_schema().await
}

/// A fresh PostgreSQL schema at TEST_DATABASE_URL, or None (loudly) when PostgreSQL is not
/// reachable. With REQUIRE_POSTGRES=1 an unreachable server fails the test instead.
pub async fn postgres() -> Option<Db> {
    let url = postgres_schema().await?;
    Some(Db::open(&url).await.unwrap())
}

/// A new empty schema's URL at TEST_DATABASE_URL (see `postgres`).
async fn postgres_schema() -> Option<String> {
    init_logs();
    if std::env::var("LINEDESK_SKIP_POSTGRES").as_deref() == Ok("1") {
        eprintln!("SKIPPED: PostgreSQL tests (LINEDESK_SKIP_POSTGRES=1)");
        return None;
    }
    let base = std::env::var("TEST_DATABASE_URL")
        .unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432/test".into());
    let required = std::env::var("REQUIRE_POSTGRES").as_deref() == Ok("1");
    sqlx::any::install_default_drivers();
    let admin = match tokio::time::timeout(
        Duration::from_secs(5),
        sqlx::any::AnyPoolOptions::new()
            .max_connections(1)
            .connect(&base),
    )
    .await
    {
        Ok(Ok(pool)) => pool,
        other => {
            let reason = match other {
                Ok(Err(err)) => err.to_string(),
                _ => "timed out".into(),
            };
            if required {
                panic!("PostgreSQL at {base} is required (REQUIRE_POSTGRES=1) but unreachable: {reason}");
            }
            eprintln!("SKIPPED: PostgreSQL tests, no server at {base}: {reason}");
            return None;
        }
    };
    let schema = unique("ld_t");
    sqlx::query(&format!("CREATE SCHEMA {schema}"))
        .execute(&admin)
        .await
        .unwrap();
    admin.close().await;
    let separator = if base.contains('?') { '&' } else { '?' };
    Some(format!("{base}{separator}options[search_path]={schema}"))
}

/// Generates `<name>::sqlite` and `<name>::postgres` tests from one `async fn <name>(Db)`.
#[macro_export]
macro_rules! db_tests {
    ($($name:ident),* $(,)?) => {
        $(
            mod $name {
                #[tokio::test]
                async fn sqlite() {
                    super::$name($crate::support::sqlite().await).await;
                }
                #[tokio::test]
                async fn postgres() {
                    if let Some(db) = $crate::support::postgres().await {
                        super::$name(db).await;
                    }
                }
            }
        )*
    };
}
