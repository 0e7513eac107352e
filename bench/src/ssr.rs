//! Server-side rendering: time to the whole HTML of the main pages for a signed-in agent and
//! administrator; and the size of the browser bundle (hydrate wasm) raw, gzip and brotli.

use crate::receiver::{Kind, Programs, Receiver};
use crate::stats::percentile_ms;
use serde::Serialize;
use std::io::Write;
use std::path::Path;
use std::time::{Duration, Instant};

#[derive(Clone, Debug, Serialize)]
pub struct PageTiming {
    pub role: String,
    pub path: String,
    pub bytes: usize,
    pub p50_ms: f64,
    pub p99_ms: f64,
}

const AGENT_PAGES: &[&str] = &["/", "/conversations", "/history", "/contacts"];
const ADMIN_PAGES: &[&str] = &[
    "/channels/accounts",
    "/workstreams",
    "/users",
    "/audit",
    "/privacy",
];

pub async fn measure(programs: &Programs, requests: usize) -> anyhow::Result<Vec<PageTiming>> {
    let receiver = Receiver::start(Kind::LinedeskSqlite, programs, "ssr").await?;
    let base = format!("http://127.0.0.1:{}", receiver.port);
    let command =
        || crate::receiver::linedesk_command(programs, &receiver.data_dir, None, receiver.port);
    crate::session::create_user(command(), "agent.ssr@example.com", "agent")?;
    crate::session::create_user(command(), "admin.ssr@example.com", "admin")?;
    let client = reqwest::Client::new();
    let mut timings = Vec::new();
    for (role, email, pages) in [
        ("agent", "agent.ssr@example.com", AGENT_PAGES),
        ("admin", "admin.ssr@example.com", ADMIN_PAGES),
    ] {
        let cookie = crate::session::sign_in(&base, email).await?;
        for path in pages {
            let mut samples: Vec<Duration> = Vec::with_capacity(requests);
            let mut bytes = 0;
            for i in 0..requests + 20 {
                let started = Instant::now();
                let response = client
                    .get(format!("{base}{path}"))
                    .header("cookie", &cookie)
                    .send()
                    .await?;
                let status = response.status();
                let body = response.bytes().await?;
                anyhow::ensure!(status == 200, "{role} {path}: {status}");
                if i >= 20 {
                    samples.push(started.elapsed());
                }
                bytes = body.len();
            }
            timings.push(PageTiming {
                role: role.into(),
                path: path.to_string(),
                bytes,
                p50_ms: percentile_ms(&samples, 50.0),
                p99_ms: percentile_ms(&samples, 99.0),
            });
        }
    }
    Ok(timings)
}

#[derive(Clone, Debug, Serialize)]
pub struct WasmSize {
    pub file: String,
    pub raw: usize,
    pub gzip: usize,
    pub brotli: usize,
}

pub fn wasm_size(site: &Path) -> anyhow::Result<WasmSize> {
    let file = site.join("pkg/linedesk.wasm");
    let raw = std::fs::read(&file)?;
    let mut gzip = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
    gzip.write_all(&raw)?;
    let gzip = gzip.finish()?.len();
    let mut brotli = Vec::new();
    {
        let mut writer = brotli::CompressorWriter::new(&mut brotli, 4096, 11, 22);
        writer.write_all(&raw)?;
    }
    Ok(WasmSize {
        file: file.display().to_string(),
        raw: raw.len(),
        gzip,
        brotli: brotli.len(),
    })
}
