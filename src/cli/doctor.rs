//! `linedesk doctor`: the System page's checks from the server's own shell, each failing one
//! with what to do. Exit 0 when nothing fails (warnings allowed), 1 otherwise.

use crate::config::Config;
use crate::db::Db;
use domain::system::{AccountWebhook, Check, Finding, Health};
use std::process::ExitCode;

pub async fn run(config: Config) -> anyhow::Result<ExitCode> {
    let db = Db::open(&config.database_url).await?;
    let key = crate::crypto::MasterKey::load_or_create(&config.secret_key_file)?;
    let services = crate::server::services(
        &db,
        &key,
        &config,
        &Default::default(),
        &crate::live::Notifier::local(),
    );
    let checks = services.system.checks().await?;
    for check in &checks {
        let mark = match check.health {
            Health::Ok => "ok  ",
            Health::Warning => "WARN",
            Health::Failing => "FAIL",
        };
        let (what, advice) = describe(check);
        println!("[{mark}] {what}");
        if check.health != Health::Ok {
            if let Some(advice) = advice {
                println!("       -> {advice}");
            }
        }
    }
    let failing = checks
        .iter()
        .filter(|c| c.health == Health::Failing)
        .count();
    let warnings = checks
        .iter()
        .filter(|c| c.health == Health::Warning)
        .count();
    println!(
        "{failing} failing, {warnings} to look at, of {} checks.",
        checks.len()
    );
    db.close().await;
    Ok(if failing == 0 {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    })
}

fn when(ms: i64) -> String {
    domain::time::format_utc(ms)
}

/// What the check found and, when it is not fine, what to do (the operator's words, English).
fn describe(check: &Check) -> (String, Option<String>) {
    match &check.finding {
        Finding::PublicUrl {
            url,
            https,
            unreachable,
        } => (
            format!(
                "PUBLIC_URL {url}: {}{}",
                if *https { "https" } else { "not https" },
                unreachable
                    .as_ref()
                    .map(|why| format!(", unreachable from this server ({why})"))
                    .unwrap_or_else(|| ", answers".into())
            ),
            Some(if !https {
                "LINE delivers webhooks only to https: put a TLS proxy in front (README, Operations) and set PUBLIC_URL to its https address.".into()
            } else {
                "Check the proxy and DNS: this server must reach its own PUBLIC_URL (and LINE must too).".into()
            }),
        ),
        Finding::Database { reachable } => (
            format!("Database: {}", if *reachable { "answers" } else { "unreachable" }),
            Some("Check DATABASE_URL and that the database server runs.".into()),
        ),
        Finding::Clock { skew_ms, error } => match (skew_ms, error) {
            (Some(ms), _) => (
                format!("Clock: {:+.1} s from LINE's", *ms as f64 / 1000.0),
                Some("Synchronise the server's clock (systemd-timesyncd or chrony).".into()),
            ),
            (None, error) => (
                format!(
                    "Clock: could not ask LINE ({})",
                    error.as_ref().map(|p| p.to_string()).unwrap_or_default()
                ),
                Some("Check that this server reaches LINE_API_BASE.".into()),
            ),
        },
        Finding::Disk {
            path,
            free_bytes,
            total_bytes,
        } => (
            format!(
                "Disk at {path}: {:.1} GiB free of {:.1} GiB",
                *free_bytes as f64 / (1u64 << 30) as f64,
                *total_bytes as f64 / (1u64 << 30) as f64
            ),
            Some("Free space (old backups, logs) or grow the disk: SQLite and stored files need room to write.".into()),
        ),
        Finding::Jobs {
            events_waiting,
            events_set_aside,
            sends_waiting,
            sends_failed,
            files_waiting,
            files_failed,
        } => (
            format!("Work: {events_waiting} events waiting, {events_set_aside} set aside this week; {sends_waiting} sends waiting, {sends_failed} failed; {files_waiting} files waiting, {files_failed} failed"),
            Some("Set-aside events are in each account's raw event log, failed sends and files in their conversations: read the errors there.".into()),
        ),
        Finding::Backup {
            last_at,
            file,
            postgres,
        } => match (last_at, postgres) {
            (_, true) => ("Backups: PostgreSQL (made with pg_dump; not seen here)".into(), None),
            (Some(at), _) => (
                format!("Last backup: {} ({})", when(*at), file.clone().unwrap_or_default()),
                Some("Back up daily: `linedesk backup --to FILE` (README, Backups).".into()),
            ),
            (None, _) => (
                "Backups: none taken yet".into(),
                Some("Back up daily: `linedesk backup --to FILE` (README, Backups).".into()),
            ),
        },
        Finding::Account {
            name,
            webhook,
            last_delivery_at,
            ..
        } => {
            let last = last_delivery_at
                .map(|at| format!("last delivery {}", when(at)))
                .unwrap_or_else(|| "no delivery yet".into());
            match webhook {
                AccountWebhook::Ours { active: true } => {
                    (format!("Account \"{name}\": LINE delivers here; {last}"), None)
                }
                AccountWebhook::Ours { active: false } => (
                    format!("Account \"{name}\": webhook URL is ours but \"Use webhook\" is off; {last}"),
                    Some("Turn \"Use webhook\" on in the LINE Developers console (Messaging API tab).".into()),
                ),
                AccountWebhook::Elsewhere { endpoint, .. } if endpoint.is_empty() => (
                    format!("Account \"{name}\": LINE has no webhook URL for it; {last}"),
                    Some("Press \"Set webhook URL on LINE\" on the account's page, or paste our callback URL into the LINE Developers console.".into()),
                ),
                AccountWebhook::Elsewhere { endpoint, ours } => (
                    format!("Account \"{name}\": LINE delivers to {endpoint}, not to {ours}"),
                    Some("Press \"Set webhook URL on LINE\" on the account's page, or paste our callback URL into the LINE Developers console.".into()),
                ),
                AccountWebhook::Unknown(problem) => (
                    format!("Account \"{name}\": LINE could not be asked: {problem}"),
                    Some("Replace the channel access token on the account's page if LINE refuses it; otherwise check that this server reaches LINE.".into()),
                ),
            }
        }
    }
}
