//! Data scale: how the pages agents and auditors use most behave as a desk grows. The desk is
//! grown by `linedesk demo seed-scale` (db/scale_seed.rs) step by step, to 10 k and 100 k
//! messages (BENCH_SCALE=small, the default) and on to 1 M and 10 M (BENCH_SCALE=full), and at
//! each size every page below is fetched signed in as an administrator, on SQLite and on
//! PostgreSQL.

use crate::receiver::{linedesk_cli, Kind, Programs, Receiver};
use crate::stats::percentile_ms;
use serde::Serialize;
use std::time::Instant;

#[derive(Clone, Debug, Serialize)]
pub struct ScaleTiming {
    pub database: String,
    pub messages: usize,
    pub page: String,
    pub p50_ms: f64,
    pub p99_ms: f64,
}

#[derive(Clone, Debug, Serialize)]
pub struct ScaleSeed {
    pub database: String,
    pub messages: usize,
    /// Seconds to add this step's rows.
    pub seconds: f64,
    /// The linedesk server's resident memory after serving this size's pages, and its peak so
    /// far (MB; None where /proc cannot tell, or the receiver is not a process of ours).
    pub rss_mb: Option<f64>,
    pub peak_mb: Option<f64>,
}

/// (resident, peak resident) MB of process `pid`, from /proc/<pid>/status.
fn memory_mb(pid: u32) -> (Option<f64>, Option<f64>) {
    let Ok(status) = std::fs::read_to_string(format!("/proc/{pid}/status")) else {
        return (None, None);
    };
    let field = |name: &str| {
        status
            .lines()
            .find_map(|l| l.strip_prefix(name))
            .and_then(|rest| rest.split_whitespace().next()?.parse::<f64>().ok())
            .map(|kb| kb / 1024.0)
    };
    (field("VmRSS:"), field("VmHWM:"))
}

/// (what is measured, the page) — texts the generator writes (db/scale_seed.rs).
const PAGES: [(&str, &str); 9] = [
    ("inbox", "/conversations"),
    (
        "History: 配送 (Japanese, 2 characters)",
        "/history?text=%E9%85%8D%E9%80%81",
    ),
    (
        "History: จัดส่ง (Thai)",
        "/history?text=%E0%B8%88%E0%B8%B1%E0%B8%94%E0%B8%AA%E0%B9%88%E0%B8%87",
    ),
    ("History: refund (English)", "/history?text=refund"),
    (
        "History: customer 花子",
        "/history?customer=%E8%8A%B1%E5%AD%90",
    ),
    ("Contacts: 鈴木", "/contacts?q=%E9%88%B4%E6%9C%A8"),
    (
        "Audit log: one actor",
        "/audit?actor=agent007%40scale.example",
    ),
    ("Privacy: retention preview", "/privacy"),
    (
        "Privacy: find a data subject",
        "/privacy?subject=%E4%BD%90%E8%97%A4",
    ),
];

pub async fn measure(
    programs: &Programs,
    requests: usize,
) -> anyhow::Result<(Vec<ScaleSeed>, Vec<ScaleTiming>)> {
    let sizes: &[usize] = match std::env::var("BENCH_SCALE").as_deref() {
        Ok("full") => &[10_000, 100_000, 1_000_000, 10_000_000],
        _ => &[10_000, 100_000],
    };
    let chosen = std::env::var("BENCH_RECEIVERS").unwrap_or_default();
    let (mut seeds, mut timings) = (Vec::new(), Vec::new());
    for (kind, name, key) in [
        (Kind::LinedeskSqlite, "SQLite", "sqlite"),
        (Kind::LinedeskPostgres, "PostgreSQL", "postgres"),
    ] {
        if !chosen.is_empty() && !chosen.split(',').any(|c| c == key) {
            continue;
        }
        let receiver = Receiver::start(kind, programs, &format!("scale_{}", kind as u8)).await?;
        let command = || receiver.cli(programs);
        crate::session::create_user(command(), "admin.scale@example.com", "admin")?;
        let base = format!("http://127.0.0.1:{}", receiver.port);
        let client = reqwest::Client::new();
        let mut have = 0;
        for &size in sizes {
            let started = Instant::now();
            linedesk_cli(
                command(),
                &[
                    "demo",
                    "seed-scale",
                    "--messages",
                    &(size - have).to_string(),
                    "--yes-this-is-a-demo",
                ],
                "",
            )?;
            have = size;
            let seconds = started.elapsed().as_secs_f64();
            eprintln!("data scale, {name}: {size} messages ({seconds:.0} s to add)");
            let step = seeds.len();
            seeds.push(ScaleSeed {
                database: name.into(),
                messages: size,
                seconds,
                rss_mb: None,
                peak_mb: None,
            });
            let cookie = crate::session::sign_in(&base, "admin.scale@example.com").await?;
            let mut pages: Vec<(&str, String)> = PAGES
                .iter()
                .map(|(p, path)| (*p, path.to_string()))
                .collect();
            if let Some(id) = long_conversation(&receiver.database).await? {
                pages.push((
                    "a conversation of 5,000 messages",
                    format!("/conversations/{id}"),
                ));
            }
            for (page, path) in pages {
                let (samples, _) = crate::session::time_gets(
                    &client,
                    &format!("{base}{path}"),
                    &cookie,
                    2,
                    requests,
                    |_| Ok(()),
                )
                .await?;
                let (p50_ms, p99_ms) =
                    (percentile_ms(&samples, 50.0), percentile_ms(&samples, 99.0));
                eprintln!("  {page}: p50 {p50_ms:.1} ms, p99 {p99_ms:.1} ms");
                timings.push(ScaleTiming {
                    database: name.into(),
                    messages: size,
                    page: page.into(),
                    p50_ms,
                    p99_ms,
                });
            }
            let (rss_mb, peak_mb) = memory_mb(receiver.pid());
            eprintln!("  server memory: {rss_mb:?} MB resident, {peak_mb:?} MB peak");
            seeds[step].rss_mb = rss_mb;
            seeds[step].peak_mb = peak_mb;
        }
    }
    Ok((seeds, timings))
}

/// The generated conversation of 5,000 messages, once a step has made it.
async fn long_conversation(database: &str) -> anyhow::Result<Option<i64>> {
    sqlx::any::install_default_drivers();
    let pool = sqlx::any::AnyPoolOptions::new()
        .max_connections(1)
        .connect(database)
        .await?;
    let id = sqlx::query_scalar("SELECT id FROM conversations WHERE chat_id = $1")
        .bind(linedesk::db::scale_seed::LONG_CHAT)
        .fetch_optional(&pool)
        .await?;
    pool.close().await;
    Ok(id)
}

#[cfg(test)]
mod tests {
    #[test]
    fn memory_is_read_from_proc() {
        let (rss, peak) = super::memory_mb(std::process::id());
        let (rss, peak) = (rss.unwrap(), peak.unwrap());
        assert!(
            rss > 1.0 && peak >= rss,
            "{rss} MB resident, {peak} MB peak"
        );
        assert_eq!(super::memory_mb(0), (None, None));
    }
}
