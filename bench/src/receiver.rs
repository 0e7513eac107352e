//! The receivers under test: the official-SDK baseline (Node, SQLite) and linedesk on SQLite or
//! PostgreSQL. Each run gets a fresh database; a receiver is stopped with SIGKILL, as in a crash,
//! before its rows are counted.

use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

pub const SECRET: &str = fake_line::DEMO_CHANNEL_SECRET;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    Baseline,
    LinedeskSqlite,
    LinedeskPostgres,
    /// WORKERS=off: the callback alone, to show what applying events costs beside it.
    LinedeskSqliteCallbackOnly,
    /// axum answering 200 without checking or storing anything: the HTTP ceiling here.
    HttpOnly,
}

impl Kind {
    pub fn label(self) -> &'static str {
        match self {
            Kind::Baseline => "LINE SDK + SQLite (baseline)",
            Kind::LinedeskSqlite => "linedesk, SQLite",
            Kind::LinedeskPostgres => "linedesk, PostgreSQL",
            Kind::LinedeskSqliteCallbackOnly => "linedesk, SQLite, WORKERS=off",
            Kind::HttpOnly => "HTTP only (axum, no check, no storage)",
        }
    }

    /// Whether the receiver stores events (and so has rows to count).
    pub fn stores(self) -> bool {
        self != Kind::HttpOnly
    }
}

/// Where the programs are.
#[derive(Clone, Debug)]
pub struct Programs {
    pub linedesk: PathBuf,
    pub node: PathBuf,
    pub reference_dir: PathBuf,
    pub postgres: String,
    pub work: PathBuf,
    /// The fake LINE platform's base URL (profiles, sends).
    pub line_api: String,
}

pub struct Receiver {
    pub kind: Kind,
    pub port: u16,
    pub callback: String,
    /// Where rows are counted: a SQLite file or a PostgreSQL URL.
    pub database: String,
    pub data_dir: PathBuf,
    child: Option<Child>,
}

impl Receiver {
    /// The linedesk CLI on this receiver's data (and its PostgreSQL database, if it has one).
    pub fn cli(&self, programs: &Programs) -> Command {
        let database = (self.kind == Kind::LinedeskPostgres).then_some(self.database.as_str());
        linedesk_command(programs, &self.data_dir, database, self.port)
    }
}

pub fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

fn wait_listening(port: u16) -> anyhow::Result<()> {
    let deadline = Instant::now() + Duration::from_secs(30);
    while std::net::TcpStream::connect(("127.0.0.1", port)).is_err() {
        anyhow::ensure!(
            Instant::now() < deadline,
            "receiver did not start on {port}"
        );
        std::thread::sleep(Duration::from_millis(20));
    }
    Ok(())
}

/// A fresh PostgreSQL schema; the URL selects it.
pub async fn fresh_schema(base: &str, name: &str) -> anyhow::Result<String> {
    sqlx::any::install_default_drivers();
    let admin = sqlx::any::AnyPoolOptions::new()
        .max_connections(1)
        .connect(base)
        .await?;
    sqlx::query(&format!("DROP SCHEMA IF EXISTS {name} CASCADE"))
        .execute(&admin)
        .await?;
    sqlx::query(&format!("CREATE SCHEMA {name}"))
        .execute(&admin)
        .await?;
    admin.close().await;
    let separator = if base.contains('?') { '&' } else { '?' };
    Ok(format!("{base}{separator}options[search_path]={name}"))
}

pub fn linedesk_command(
    programs: &Programs,
    data_dir: &Path,
    database: Option<&str>,
    port: u16,
) -> Command {
    let mut command = Command::new(&programs.linedesk);
    command
        .env("DATA_DIR", data_dir)
        .env("LISTEN_ADDR", format!("127.0.0.1:{port}"))
        .env("LINE_API_BASE", &programs.line_api)
        .env("LINE_DATA_API_BASE", &programs.line_api)
        .env("SITE_ROOT", data_dir.join("site"))
        // Production-like logging: warnings and errors only.
        .env("RUST_LOG", "warn")
        .stdout(Stdio::null())
        .stderr(Stdio::null());
    match database {
        Some(url) => command.env("DATABASE_URL", url),
        None => command.env_remove("DATABASE_URL"),
    };
    command
}

/// Runs a linedesk CLI command with `stdin`; returns its output.
pub fn linedesk_cli(mut command: Command, args: &[&str], stdin: &str) -> anyhow::Result<String> {
    use std::io::Write;
    let mut child = command
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()?;
    child.stdin.take().unwrap().write_all(stdin.as_bytes())?;
    let out = child.wait_with_output()?;
    anyhow::ensure!(out.status.success(), "linedesk {args:?} failed");
    Ok(String::from_utf8_lossy(&out.stdout).to_string())
}

impl Receiver {
    /// A fresh store and a started receiver.
    pub async fn start(kind: Kind, programs: &Programs, run: &str) -> anyhow::Result<Receiver> {
        let port = free_port();
        let data_dir = programs.work.join(format!("run-{run}"));
        let _ = std::fs::remove_dir_all(&data_dir);
        std::fs::create_dir_all(&data_dir)?;
        let (child, callback, database) = match kind {
            Kind::HttpOnly => {
                let child = Command::new(std::env::current_exe()?)
                    .args([crate::http_only::ARGUMENT, &port.to_string()])
                    .stdout(Stdio::null())
                    .stderr(Stdio::null())
                    .spawn()?;
                (
                    child,
                    format!("http://127.0.0.1:{port}/callback"),
                    String::new(),
                )
            }
            Kind::Baseline => {
                let db = data_dir.join("ref.db");
                let child = Command::new(&programs.node)
                    .arg("server.js")
                    .current_dir(&programs.reference_dir)
                    .env("PORT", port.to_string())
                    .env("DB", &db)
                    .env("CHANNEL_SECRET", SECRET)
                    .stdout(Stdio::null())
                    .stderr(Stdio::null())
                    .spawn()?;
                (
                    child,
                    format!("http://127.0.0.1:{port}/callback"),
                    db.display().to_string(),
                )
            }
            Kind::LinedeskSqlite | Kind::LinedeskPostgres | Kind::LinedeskSqliteCallbackOnly => {
                let url = match kind {
                    Kind::LinedeskPostgres => {
                        Some(fresh_schema(&programs.postgres, &format!("ld_bench_{run}")).await?)
                    }
                    _ => None,
                };
                let out = linedesk_cli(
                    linedesk_command(programs, &data_dir, url.as_deref(), port),
                    &[
                        "account",
                        "create",
                        "--name",
                        "Bench",
                        "--channel-id",
                        fake_line::DEMO_CHANNEL_ID,
                        "--secret-stdin",
                        "--token-stdin",
                    ],
                    &format!("{SECRET}\n{}\n", fake_line::DEMO_ACCESS_TOKEN),
                )?;
                let printed = out
                    .lines()
                    .find_map(|l| l.strip_prefix("callback URL: "))
                    .ok_or_else(|| anyhow::anyhow!("no callback URL printed"))?;
                let path = &printed[printed.find("/line/").unwrap_or(0)..];
                let mut command = linedesk_command(programs, &data_dir, url.as_deref(), port);
                if kind == Kind::LinedeskSqliteCallbackOnly {
                    command.env("WORKERS", "off");
                }
                let child = command.arg("serve").spawn()?;
                let database = url.unwrap_or_else(|| {
                    format!("sqlite://{}", data_dir.join("linedesk.db").display())
                });
                (child, format!("http://127.0.0.1:{port}{path}"), database)
            }
        };
        wait_listening(port)?;
        Ok(Receiver {
            kind,
            port,
            callback,
            database,
            data_dir,
            child: Some(child),
        })
    }

    pub fn pid(&self) -> u32 {
        self.child.as_ref().map(|c| c.id()).unwrap_or(0)
    }

    /// SIGKILL, as in a crash: what was acknowledged must be in the database afterwards.
    pub fn kill(&mut self) {
        if let Some(mut child) = self.child.take() {
            let _ = child.kill();
            let _ = child.wait();
        }
    }

    /// Rows in the receiver's webhook_events table.
    pub async fn rows(&self) -> anyhow::Result<i64> {
        if !self.kind.stores() {
            return Ok(0);
        }
        sqlx::any::install_default_drivers();
        let url = if self.kind == Kind::Baseline {
            format!("sqlite://{}", self.database)
        } else {
            self.database.clone()
        };
        let pool = sqlx::any::AnyPoolOptions::new()
            .max_connections(1)
            .connect(&url)
            .await?;
        let rows: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM webhook_events")
            .fetch_one(&pool)
            .await?;
        pool.close().await;
        Ok(rows)
    }
}

impl Drop for Receiver {
    fn drop(&mut self) {
        self.kill();
    }
}

/// Posts one signed delivery with `events`; returns the status.
pub async fn post_signed(
    client: &reqwest::Client,
    callback: &str,
    events: serde_json::Value,
) -> anyhow::Result<u16> {
    let body = serde_json::json!({ "destination": "Ubot", "events": events }).to_string();
    let signature = fake_line::sign(SECRET, body.as_bytes());
    let response = client
        .post(callback)
        .header("x-line-signature", signature)
        .header("content-type", "application/json")
        .body(body)
        .send()
        .await?;
    Ok(response.status().as_u16())
}
