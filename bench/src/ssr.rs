//! Server-side rendering: time to the whole HTML of the main pages for a signed-in agent and
//! administrator; and the size of the browser bundle (hydrate wasm) raw, gzip and brotli.

use crate::receiver::{Kind, Programs, Receiver};
use crate::stats::percentile_ms;
use serde::Serialize;
use std::io::Write;
use std::path::Path;

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
            let (samples, bytes) = crate::session::time_gets(
                &client,
                &format!("{base}{path}"),
                &cookie,
                20,
                requests,
                |_| Ok(()),
            )
            .await
            .map_err(|e| e.context(role))?;
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

/// Raw, gzip and brotli bytes of one or more files.
#[derive(Clone, Copy, Debug, Default, Serialize)]
pub struct Sizes {
    pub raw: usize,
    pub gzip: usize,
    pub brotli: usize,
}

impl std::ops::Add for Sizes {
    type Output = Sizes;
    fn add(self, other: Sizes) -> Sizes {
        Sizes {
            raw: self.raw + other.raw,
            gzip: self.gzip + other.gzip,
            brotli: self.brotli + other.brotli,
        }
    }
}

/// The browser bundle, split at the lazy routes: the main module every page loads, the page
/// that loads the most on top of it, and everything together.
#[derive(Clone, Debug, Serialize)]
pub struct WasmSize {
    pub file: String,
    pub main: Sizes,
    /// The lazily loaded page whose parts weigh most, and main + those parts.
    pub largest_page: Option<(String, Sizes)>,
    /// Every lazily loaded page (its route's name): main + what the page fetches for itself.
    pub pages: std::collections::BTreeMap<String, Sizes>,
    /// The files the pages fetch (xtask writes one bundle per route).
    pub parts: usize,
    /// Main and every page's files (code shared by several pages counted in each).
    pub all: Sizes,
}

fn sizes(file: &Path) -> anyhow::Result<Sizes> {
    let raw = std::fs::read(file)?;
    let mut gzip = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
    gzip.write_all(&raw)?;
    let gzip = gzip.finish()?.len();
    let mut brotli = Vec::new();
    {
        let mut writer = brotli::CompressorWriter::new(&mut brotli, 4096, 11, 22);
        writer.write_all(&raw)?;
    }
    Ok(Sizes {
        raw: raw.len(),
        gzip,
        brotli: brotli.len(),
    })
}

pub fn wasm_size(site: &Path) -> anyhow::Result<WasmSize> {
    let pkg = site.join("pkg");
    let file = pkg.join("linedesk.wasm");
    let main = sizes(&file)?;
    // The split manifest: lazy route -> the files (stems) it fetches (since xtask bundles a
    // route's parts, one file per route).
    let manifest: std::collections::BTreeMap<String, Vec<String>> =
        match std::fs::read(pkg.join("__wasm_split_manifest.json")) {
            Ok(bytes) => serde_json::from_slice(&bytes)?,
            Err(_) => Default::default(),
        };
    let mut part_sizes = std::collections::BTreeMap::new();
    for stem in manifest.values().flatten() {
        if !part_sizes.contains_key(stem) {
            part_sizes.insert(stem.clone(), sizes(&pkg.join(format!("{stem}.wasm")))?);
        }
    }
    let pages: std::collections::BTreeMap<String, Sizes> = manifest
        .iter()
        .map(|(route, stems)| {
            let total = stems.iter().fold(main, |sum, stem| sum + part_sizes[stem]);
            // "__workstream_route_view_<hash>" -> "workstream"
            let page = route.trim_start_matches('_');
            let page = page
                .split_once("_route_view")
                .map_or(page, |(name, _)| name);
            (page.to_string(), total)
        })
        .collect();
    let largest_page = pages
        .iter()
        .max_by_key(|(_, total)| total.brotli)
        .map(|(page, total)| (page.clone(), *total));
    let all = part_sizes.values().fold(main, |sum, part| sum + *part);
    Ok(WasmSize {
        file: file.display().to_string(),
        main,
        largest_page,
        pages,
        parts: part_sizes.len(),
        all,
    })
}
