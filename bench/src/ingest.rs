//! Webhook ingest: closed-loop throughput per receiver, events per request and connection count,
//! and latency at a fixed rate. Every run checks that rows stored cover the events acknowledged.

use crate::receiver::{Kind, Programs, Receiver, SECRET};
use crate::wrk::{self, WrkResult};
use crate::Settings;
use serde::Serialize;

#[derive(Clone, Debug, Serialize)]
pub struct IngestRun {
    pub receiver: String,
    pub events_per_request: usize,
    pub connections: u32,
    pub rate: u32,
    pub wrk: WrkResult,
    pub events_per_s: f64,
    pub acknowledged_events: u64,
    pub rows_stored: i64,
    /// Every acknowledged event is stored (rows may exceed: requests in flight at wrk's stop).
    /// True for a receiver that stores nothing (see `stores`).
    pub durable: bool,
    /// False for the HTTP-only receiver, which has no rows to count.
    pub stores: bool,
    pub receiver_cpu_pct: f64,
}

fn cpu_ticks(pid: u32) -> u64 {
    std::fs::read_to_string(format!("/proc/{pid}/stat"))
        .ok()
        .and_then(|stat| {
            let after = &stat[stat.rfind(')')? + 2..];
            let fields: Vec<&str> = after.split(' ').collect();
            Some(fields.get(11)?.parse::<u64>().ok()? + fields.get(12)?.parse::<u64>().ok()?)
        })
        .unwrap_or(0)
}

/// What one run sends: to which receiver, how many events per request, over how many
/// connections, at what rate (0 = as fast as it goes), for how long.
pub struct Load {
    pub kind: Kind,
    pub events: usize,
    pub connections: u32,
    pub rate: u32,
    pub seconds: u32,
}

/// One measured run: fresh store, warm-up with other bodies, measured load, SIGKILL, count.
pub async fn run(
    settings: &Settings,
    programs: &Programs,
    load: Load,
    tag: &str,
) -> anyhow::Result<IngestRun> {
    let Load {
        kind,
        events,
        connections,
        rate,
        seconds,
    } = load;
    // Enough distinct bodies that no run sends one twice (a repeat is de-duplicated, and
    // "stored = acknowledged" fails): 1 event a request has reached 41,000 requests/s here,
    // 5 events 26,300 (session 14; a 5-event line is ~2.1 KB, so 5 s of these is ~430 MB).
    let per_second = if events == 1 { 80_000 } else { 40_000 };
    let warm = crate::bodies::file(&settings.work, "warm", SECRET, events, per_second)?;
    let count = if rate > 0 {
        2 * rate as usize * seconds as usize
    } else {
        per_second * seconds.max(1) as usize
    };
    let bodies = crate::bodies::file(&settings.work, "measure", SECRET, events, count)?;
    let mut receiver = Receiver::start(kind, programs, tag).await?;
    // A second of warm-up: connections open, statements prepared, caches filled.
    wrk::run(
        &settings.script,
        &warm,
        &receiver.callback,
        1,
        connections,
        rate,
    )?;
    let before = receiver.rows().await?;
    let pid = receiver.pid();
    let ticks0 = cpu_ticks(pid);
    let result = wrk::run(
        &settings.script,
        &bodies,
        &receiver.callback,
        seconds,
        connections,
        rate,
    )?;
    // Over wrk's own duration: before it sends, wrk reads its bodies file (seconds for the big
    // ones), while the receiver idles; dividing by the wall time diluted the figure (83 % printed
    // for a receiver measured at 137 % by its threads).
    let ticks = (cpu_ticks(pid) - ticks0) as f64 / 100.0;
    let cpu = ticks / result.duration_s.max(0.001) * 100.0;
    receiver.kill();
    let rows = receiver.rows().await? - before;
    let acknowledged = result.ok * events as u64;
    let _ = std::fs::remove_dir_all(&receiver.data_dir);
    Ok(IngestRun {
        receiver: kind.label().to_string(),
        events_per_request: events,
        connections,
        rate,
        events_per_s: result.ok as f64 * events as f64 / result.duration_s,
        acknowledged_events: acknowledged,
        rows_stored: rows,
        durable: !kind.stores() || (rows >= acknowledged as i64 && result.wraps == 0),
        stores: kind.stores(),
        receiver_cpu_pct: cpu,
        wrk: result,
    })
}
