//! `make bench`: measures linedesk on this machine and writes bench/results/latest.json and
//! BENCHMARKS.md. A benchmark, not a test: it reports where we stand against the targets.
//!
//! Settings (environment; `make bench` sets the paths):
//!   LINEDESK_BIN, SITE_ROOT, BENCH_SCRIPT (shared loadgen's webhook.lua), BENCH_NODE and
//!   BENCH_REFERENCE (the baseline receiver), BENCH_POSTGRES (default the test database),
//!   BENCH_SECONDS (per measured run, default 5), BENCH_OUT (default bench/results/latest.json),
//!   BENCH_MARKDOWN (default BENCHMARKS.md), BENCH_WORK (scratch, default /tmp/linedesk-bench).
//! `linedesk-bench http-only PORT` is the HTTP-only receiver (see http_only.rs), started by the bench.

mod bodies;
mod data_scale;
mod http_only;
mod ingest;
mod outbound;
mod receiver;
mod report;
mod reports;
mod screen;
mod session;
mod ssr;
mod stats;
mod wrk;

use receiver::{Kind, Programs};
use std::path::PathBuf;

pub struct Settings {
    pub script: PathBuf,
    pub work: PathBuf,
    pub seconds: u32,
    pub site: PathBuf,
    pub out: PathBuf,
    pub markdown: PathBuf,
}

fn env_path(name: &str, default: &str) -> PathBuf {
    PathBuf::from(std::env::var(name).unwrap_or_else(|_| default.to_string()))
}

#[tokio::main(flavor = "multi_thread", worker_threads = 2)]
async fn main() -> anyhow::Result<()> {
    let args: Vec<String> = std::env::args().collect();
    if args.get(1).map(String::as_str) == Some(http_only::ARGUMENT) {
        let port = args.get(2).and_then(|p| p.parse().ok()).unwrap_or(0);
        return http_only::serve(port).await;
    }
    let started = std::time::Instant::now();
    let settings = Settings {
        script: env_path("BENCH_SCRIPT", "../shared/bench/loadgen/webhook.lua"),
        work: env_path("BENCH_WORK", "/tmp/linedesk-bench"),
        seconds: std::env::var("BENCH_SECONDS")
            .ok()
            .and_then(|s| s.parse().ok())
            .unwrap_or(5),
        site: env_path("SITE_ROOT", "target/site"),
        out: env_path("BENCH_OUT", "bench/results/latest.json"),
        markdown: env_path("BENCH_MARKDOWN", "BENCHMARKS.md"),
    };
    std::fs::create_dir_all(&settings.work)?;
    eprintln!(
        "== linedesk bench ({} s per ingest run); progress:",
        settings.seconds
    );
    // The fake LINE platform answers profiles and sends, in this process.
    let line = fake_line::FakeLine::start("127.0.0.1:0").await?;
    let programs = Programs {
        linedesk: env_path("LINEDESK_BIN", "target/bin/linedesk"),
        node: env_path("BENCH_NODE", "node"),
        reference_dir: env_path("BENCH_REFERENCE", "../shared/bench/reference-receiver"),
        postgres: std::env::var("BENCH_POSTGRES")
            .unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432/test".into()),
        work: settings.work.clone(),
        line_api: line.base_url(),
    };
    let mut results = report::Results::new(&settings);
    // BENCH_ONLY=ingest,rate,screen,ssr,outbound,reports,scale picks sections (default: all), and
    // BENCH_RECEIVERS=baseline,sqlite,postgres the receivers, for quicker runs while profiling.
    let only = std::env::var("BENCH_ONLY").unwrap_or_default();
    let section = |name: &str| only.is_empty() || only.split(',').any(|s| s == name);
    let chosen = std::env::var("BENCH_RECEIVERS").unwrap_or_default();
    let receivers: Vec<Kind> = [
        ("baseline", Kind::Baseline),
        ("sqlite", Kind::LinedeskSqlite),
        ("postgres", Kind::LinedeskPostgres),
        ("callback-only", Kind::LinedeskSqliteCallbackOnly),
        ("http-only", Kind::HttpOnly),
    ]
    .into_iter()
    .filter(|(name, _)| chosen.is_empty() || chosen.split(',').any(|c| c == *name))
    .map(|(_, kind)| kind)
    .collect();

    let mut run = 0;
    for events in [1usize, 5].into_iter().filter(|_| section("ingest")) {
        for connections in [16u32, 64] {
            for &kind in &receivers {
                run += 1;
                let load = ingest::Load {
                    kind,
                    events,
                    connections,
                    rate: 0,
                    seconds: settings.seconds,
                };
                let measured = ingest::run(&settings, &programs, load, &format!("i{run}")).await?;
                eprintln!("{}", report::ingest_line(&measured));
                results.ingest.push(measured);
            }
        }
    }

    // Every receiver, the callback-only and HTTP-only ones too: they show how much of the
    // latency at this rate is the machine and load generator, and how much applying events.
    for &kind in receivers.iter().filter(|_| section("rate")) {
        run += 1;
        // The closed-loop runs leave gigabytes of writes behind; a latency run started while
        // the disk still flushes them measures that flush (p99 6.2 ms against 3.4-3.9 ms
        // settled, same build). Every receiver starts on a settled disk.
        let _ = std::process::Command::new("sync").status();
        tokio::time::sleep(std::time::Duration::from_secs(2)).await;
        let load = ingest::Load {
            kind,
            events: 1,
            connections: 16,
            rate: 2000,
            seconds: settings.seconds.max(8),
        };
        let measured = ingest::run(&settings, &programs, load, &format!("r{run}")).await?;
        eprintln!("{}", report::ingest_line(&measured));
        results.fixed_rate.push(measured);
    }

    if section("screen") {
        let samples = screen::measure(&programs, 300).await?;
        results.set_screen(&samples);
    }
    if section("ssr") {
        results.ssr = ssr::measure(&programs, 200).await?;
        results.wasm = Some(ssr::wasm_size(&settings.site)?);
    }
    if section("outbound") {
        results.outbound = Some(outbound::measure(&programs, 3000).await?);
    }
    if section("reports") {
        let conversations = std::env::var("BENCH_REPORT_CONVERSATIONS")
            .ok()
            .and_then(|n| n.parse().ok())
            .unwrap_or(1_000_000);
        results.reports = reports::measure(&programs, conversations, 30).await?;
    }

    if section("scale") {
        let (seeds, timings) = data_scale::measure(&programs, 20).await?;
        results.scale_seeds = seeds;
        results.scale = timings;
    }

    results.seconds = started.elapsed().as_secs();
    let table = report::markdown(&results);
    println!("{table}");
    if !only.is_empty() || !chosen.is_empty() {
        eprintln!("== partial run (BENCH_ONLY/BENCH_RECEIVERS): BENCHMARKS.md left as it was");
        return Ok(());
    }
    if let Some(dir) = settings.out.parent() {
        std::fs::create_dir_all(dir)?;
    }
    std::fs::write(&settings.out, serde_json::to_string_pretty(&results)?)?;
    std::fs::write(&settings.markdown, report::document(&results, &table))?;
    eprintln!(
        "== bench done in {} s: {} and {}",
        results.seconds,
        settings.out.display(),
        settings.markdown.display()
    );
    Ok(())
}
