//! A linedesk process for fault tests: started, killed with SIGKILL and restarted at will, on
//! SQLite (its own data folder) or on a PostgreSQL schema that several processes can share.

use std::collections::HashSet;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

pub const SECRET: &str = fake_line::DEMO_CHANNEL_SECRET;

pub fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

pub fn temp_dir(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!(
        "linedesk-faults-{name}-{}-{}",
        std::process::id(),
        linedesk::clock::now_ms()
    ));
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

pub struct Desk {
    pub dir: PathBuf,
    pub port: u16,
    /// None: SQLite in `dir`.
    pub database_url: Option<String>,
    /// Shared by processes that share a database (they must open each other's secrets).
    pub key_file: PathBuf,
    pub line_api: String,
    child: Option<Child>,
}

impl Desk {
    pub fn new(dir: &Path, database_url: Option<String>, key_file: &Path, line_api: &str) -> Desk {
        std::fs::create_dir_all(dir).unwrap();
        Desk {
            dir: dir.to_path_buf(),
            port: free_port(),
            database_url,
            key_file: key_file.to_path_buf(),
            line_api: line_api.to_string(),
            child: None,
        }
    }

    fn command(&self) -> Command {
        let mut command = Command::new(env!("CARGO_BIN_EXE_linedesk"));
        command
            .env("DATA_DIR", &self.dir)
            .env("SECRET_KEY_FILE", &self.key_file)
            .env("LISTEN_ADDR", format!("127.0.0.1:{}", self.port))
            .env("LINE_API_BASE", &self.line_api)
            .env("LINE_DATA_API_BASE", &self.line_api)
            .env("SITE_ROOT", self.dir.join("no-site"))
            .env("RUST_LOG", "error")
            .stdout(Stdio::null())
            .stderr(Stdio::null());
        match &self.database_url {
            Some(url) => command.env("DATABASE_URL", url),
            None => command.env_remove("DATABASE_URL"),
        };
        command
    }

    /// The database as the test reads it (never through a fault proxy).
    pub fn database(&self) -> String {
        self.database_url
            .clone()
            .unwrap_or_else(|| format!("sqlite://{}", self.dir.join("linedesk.db").display()))
    }

    pub fn url(&self, path: &str) -> String {
        format!("http://127.0.0.1:{}{path}", self.port)
    }

    /// True while the process runs (it did not crash).
    pub fn is_running(&mut self) -> bool {
        self.child
            .as_mut()
            .is_some_and(|child| child.try_wait().unwrap().is_none())
    }

    pub fn start(&mut self) {
        assert!(self.child.is_none(), "already running");
        self.child = Some(self.command().arg("serve").spawn().unwrap());
        let deadline = Instant::now() + Duration::from_secs(30);
        while std::net::TcpStream::connect(("127.0.0.1", self.port)).is_err() {
            assert!(Instant::now() < deadline, "linedesk did not start");
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    /// SIGKILL: no shutdown code runs, as in a crash.
    pub fn kill(&mut self) {
        if let Some(mut child) = self.child.take() {
            child.kill().unwrap();
            child.wait().unwrap();
        }
    }

    fn cli(&self, args: &[&str], stdin: &str) -> String {
        let mut child = self
            .command()
            .args(args)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .spawn()
            .unwrap();
        child
            .stdin
            .take()
            .unwrap()
            .write_all(stdin.as_bytes())
            .unwrap();
        let out = child.wait_with_output().unwrap();
        assert!(out.status.success(), "linedesk {args:?}: {out:?}");
        String::from_utf8_lossy(&out.stdout).to_string()
    }

    /// A LINE account with the fake platform's demo channel; returns its callback URL.
    pub fn create_account(&self) -> String {
        let out = self.cli(
            &[
                "account",
                "create",
                "--name",
                "Faults",
                "--channel-id",
                fake_line::DEMO_CHANNEL_ID,
                "--secret-stdin",
                "--token-stdin",
            ],
            &format!("{SECRET}\n{}\n", fake_line::DEMO_ACCESS_TOKEN),
        );
        let path = out
            .lines()
            .find_map(|l| l.strip_prefix("callback URL: "))
            .expect("the CLI prints the callback URL")
            .to_string();
        // The callback URL names PUBLIC_URL; the test posts to this process directly.
        let path = path[path.find("/line/").unwrap()..].to_string();
        self.url(&path)
    }

    pub fn create_user(&self, email: &str, role: &str) {
        self.cli(
            &[
                "user",
                "create",
                "--email",
                email,
                "--role",
                role,
                "--password-stdin",
            ],
            "a long password\n",
        );
    }
}

impl Drop for Desk {
    fn drop(&mut self) {
        self.kill();
    }
}

/// One webhook event with a text message from `user`, sent now; `n` makes its ids unique.
/// No reply token: outbound messages in these tests go by push, with their retry keys.
pub fn text_event(user: &str, n: usize, text: &str) -> serde_json::Value {
    serde_json::json!({
        "type": "message", "mode": "active", "timestamp": linedesk::clock::now_ms(),
        "source": { "type": "user", "userId": user },
        "webhookEventId": format!("fault-{n:07}"), "deliveryContext": { "isRedelivery": false },
        "message": { "id": format!("m{n:07}"), "type": "text", "text": text }
    })
}

/// Posts one signed delivery; true when linedesk acknowledged it with 200.
pub async fn post_signed(
    client: &reqwest::Client,
    callback: &str,
    events: Vec<serde_json::Value>,
) -> bool {
    let body = serde_json::json!({ "destination": "Ubot", "events": events }).to_string();
    let signature = fake_line::sign(SECRET, body.as_bytes());
    matches!(
        client
            .post(callback)
            .header("x-line-signature", signature)
            .header("content-type", "application/json")
            .body(body)
            .send()
            .await,
        Ok(ref r) if r.status() == 200
    )
}

/// A fresh PostgreSQL schema at TEST_DATABASE_URL, or None when PostgreSQL tests are skipped
/// (with REQUIRE_POSTGRES=1 an unreachable server fails instead).
pub async fn postgres_url() -> Option<String> {
    if std::env::var("LINEDESK_SKIP_POSTGRES").as_deref() == Ok("1") {
        eprintln!("SKIPPED: PostgreSQL fault test (LINEDESK_SKIP_POSTGRES=1)");
        return None;
    }
    let base = std::env::var("TEST_DATABASE_URL")
        .unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432/test".into());
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
        _ if std::env::var("REQUIRE_POSTGRES").as_deref() == Ok("1") => {
            panic!("PostgreSQL at {base} is required (REQUIRE_POSTGRES=1) but unreachable")
        }
        _ => {
            eprintln!("SKIPPED: PostgreSQL fault test, no server at {base}");
            return None;
        }
    };
    let schema = format!(
        "ld_f_{}_{}",
        std::process::id(),
        linedesk::clock::now_ms() % 1_000_000_000
    );
    sqlx::query(&format!("CREATE SCHEMA {schema}"))
        .execute(&admin)
        .await
        .unwrap();
    admin.close().await;
    let separator = if base.contains('?') { '&' } else { '?' };
    Some(format!("{base}{separator}options[search_path]={schema}"))
}

/// Waits until every stored event has been applied.
pub async fn wait_processed(db: &linedesk::db::Db, within: Duration) {
    let deadline = Instant::now() + within;
    loop {
        let pending: i64 =
            sqlx::query_scalar("SELECT COUNT(*) FROM webhook_events WHERE processed_at IS NULL")
                .fetch_one(&db.pool)
                .await
                .unwrap();
        if pending == 0 {
            return;
        }
        assert!(
            Instant::now() < deadline,
            "{pending} events still unprocessed"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

/// Waits until the outbox holds nothing unsent.
pub async fn wait_outbox_sent(db: &linedesk::db::Db, within: Duration) {
    let deadline = Instant::now() + within;
    loop {
        let pending: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM outbox WHERE state <> 'sent'")
            .fetch_one(&db.pool)
            .await
            .unwrap();
        if pending == 0 {
            return;
        }
        assert!(Instant::now() < deadline, "{pending} replies not sent");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

/// Every acknowledged event (numbers given to `text_event`) is stored and became exactly one
/// message; returns (events stored, messages).
pub async fn assert_applied_once(
    db: &linedesk::db::Db,
    acknowledged: &HashSet<usize>,
) -> (usize, usize) {
    let stored: Vec<String> = sqlx::query_scalar("SELECT event_id FROM webhook_events")
        .fetch_all(&db.pool)
        .await
        .unwrap();
    let stored: HashSet<String> = stored.into_iter().collect();
    let messages: Vec<String> =
        sqlx::query_scalar("SELECT line_message_id FROM messages WHERE direction = 'in'")
            .fetch_all(&db.pool)
            .await
            .unwrap();
    let distinct: HashSet<&String> = messages.iter().collect();
    for n in acknowledged {
        assert!(
            stored.contains(&format!("fault-{n:07}")),
            "acknowledged event {n} was lost"
        );
        assert!(
            distinct.contains(&format!("m{n:07}")),
            "acknowledged event {n} was not applied"
        );
    }
    assert_eq!(messages.len(), distinct.len(), "no event was applied twice");
    assert_eq!(
        messages.len(),
        stored.len(),
        "every stored event became exactly one message"
    );
    (stored.len(), messages.len())
}
