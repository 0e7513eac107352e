//! wrk with the shared loadgen script (../shared/bench/loadgen/webhook.lua): pre-signed bodies,
//! each sent once, optional fixed rate; its "RESULT {json}" line is the measurement.

use serde::Deserialize;
use std::path::Path;
use std::process::Command;

#[derive(Clone, Debug, Default, Deserialize, serde::Serialize)]
pub struct WrkResult {
    pub requests: u64,
    pub ok: u64,
    pub non2xx: u64,
    pub sent: u64,
    pub wraps: u64,
    pub socket_errors: u64,
    pub duration_s: f64,
    pub rps: f64,
    pub p50_ms: f64,
    pub p90_ms: f64,
    pub p99_ms: f64,
    pub p999_ms: f64,
    pub max_ms: f64,
}

/// Runs wrk against `url` for `seconds` with `connections`; `rate` 0 = as fast as possible.
pub fn run(
    script: &Path,
    bodies: &Path,
    url: &str,
    seconds: u32,
    connections: u32,
    rate: u32,
) -> anyhow::Result<WrkResult> {
    let out = Command::new("wrk")
        .args([
            "-t1",
            &format!("-c{connections}"),
            &format!("-d{seconds}s"),
            "--timeout",
            "10s",
            "--latency",
            "-s",
        ])
        .arg(script)
        .arg(url)
        .arg("--")
        .arg(bodies)
        .args(["1", &rate.to_string()])
        .output()?;
    let stdout = String::from_utf8_lossy(&out.stdout);
    let line = stdout
        .lines()
        .find_map(|l| l.strip_prefix("RESULT "))
        .ok_or_else(|| {
            anyhow::anyhow!(
                "wrk printed no RESULT: {stdout} {}",
                String::from_utf8_lossy(&out.stderr)
            )
        })?;
    Ok(serde_json::from_str(line)?)
}
