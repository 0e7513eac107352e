//! Insights > Reports at scale: a year of generated traffic (1 M conversations unless
//! BENCH_REPORT_CONVERSATIONS says otherwise; 12 agents, 3 queues) written by `linedesk
//! insights demo-traffic --bulk` through the database's rollup triggers, then the whole HTML
//! of a 90-day report for an administrator, on SQLite and on PostgreSQL.

use crate::receiver::{linedesk_cli, Kind, Programs, Receiver};
use crate::stats::percentile_ms;
use serde::Serialize;
use std::time::Instant;

#[derive(Clone, Debug, Serialize)]
pub struct ReportTiming {
    pub database: String,
    pub conversations: i64,
    /// Writing the year (conversations, their first messages, surveys, rollups).
    pub seed_seconds: f64,
    pub path: String,
    pub bytes: usize,
    pub p50_ms: f64,
    pub p99_ms: f64,
}

const DAY_MS: i64 = 86_400_000;

pub async fn measure(
    programs: &Programs,
    conversations: i64,
    requests: usize,
) -> anyhow::Result<Vec<ReportTiming>> {
    let per_day = (conversations / 365).max(1);
    let mut timings = Vec::new();
    // BENCH_RECEIVERS=sqlite or postgres picks one database (default: both).
    let chosen = std::env::var("BENCH_RECEIVERS").unwrap_or_default();
    for (kind, name) in [
        (Kind::LinedeskSqlite, "SQLite"),
        (Kind::LinedeskPostgres, "PostgreSQL"),
    ]
    .into_iter()
    .filter(|(kind, _)| {
        chosen.is_empty()
            || chosen.split(',').any(|c| {
                (c == "sqlite" && *kind == Kind::LinedeskSqlite)
                    || (c == "postgres" && *kind == Kind::LinedeskPostgres)
            })
    }) {
        let receiver = Receiver::start(kind, programs, &format!("reports_{}", kind as u8)).await?;
        let command = || receiver.cli(programs);
        crate::session::create_user(command(), "admin.reports@example.com", "admin")?;
        let seeded = Instant::now();
        linedesk_cli(
            command(),
            &[
                "insights",
                "demo-traffic",
                "--days",
                "365",
                "--per-day",
                &per_day.to_string(),
                "--agents",
                "12",
                "--queues",
                "3",
                "--bulk",
                "--yes-this-is-a-demo",
            ],
            "",
        )?;
        let seed_seconds = seeded.elapsed().as_secs_f64();
        eprintln!(
            "reports, {name}: {} conversations written in {seed_seconds:.0} s",
            per_day * 365
        );
        // The reader works in Tokyo: their midnight is not UTC's, so the period's ends come
        // from the raw rows.
        set_time_zone(
            &receiver.database,
            "admin.reports@example.com",
            "Asia/Tokyo",
        )
        .await?;
        let base = format!("http://127.0.0.1:{}", receiver.port);
        let cookie = crate::session::sign_in(&base, "admin.reports@example.com").await?;
        // The last 90 days of the generated year (it ends yesterday, UTC).
        let today = utc_today();
        let path = format!(
            "/insights/reports?period=custom&from={}&to={}",
            iso_date(today - 90 * DAY_MS),
            iso_date(today - DAY_MS)
        );
        let client = reqwest::Client::new();
        let (samples, bytes) = crate::session::time_gets(
            &client,
            &format!("{base}{path}"),
            &cookie,
            3,
            requests,
            |body| {
                anyhow::ensure!(
                    body.contains("<svg"),
                    "{name} {path}: the report has no chart"
                );
                Ok(())
            },
        )
        .await?;
        let (p50_ms, p99_ms) = (percentile_ms(&samples, 50.0), percentile_ms(&samples, 99.0));
        eprintln!("reports, {name}: {path} p50 {p50_ms:.1} ms, p99 {p99_ms:.1} ms, {bytes} bytes");
        timings.push(ReportTiming {
            database: name.into(),
            conversations: per_day * 365,
            seed_seconds,
            path: path.clone(),
            bytes,
            p50_ms,
            p99_ms,
        });
    }
    Ok(timings)
}

async fn set_time_zone(database: &str, email: &str, zone: &str) -> anyhow::Result<()> {
    sqlx::any::install_default_drivers();
    let pool = sqlx::any::AnyPoolOptions::new()
        .max_connections(1)
        .connect(database)
        .await?;
    sqlx::query("UPDATE users SET time_zone = $1 WHERE email = $2")
        .bind(zone)
        .bind(email)
        .execute(&pool)
        .await?;
    pool.close().await;
    Ok(())
}

/// Today's UTC midnight (Unix ms).
fn utc_today() -> i64 {
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_millis() as i64)
        .unwrap_or(0);
    now.div_euclid(DAY_MS) * DAY_MS
}

/// YYYY-MM-DD of a UTC midnight.
fn iso_date(ms: i64) -> String {
    domain::time::format_iso_date(ms.div_euclid(DAY_MS))
}
