//! One file per lazy route: the route's split module and every chunk it needs, back to back.
//!
//! The splitter cuts the app into a part per route plus chunks for code several routes share
//! (about 300 chunks, most a few hundred bytes). Fetched one by one, each file is compressed on
//! its own: a page's 139 parts were 148 KB brotli separately and 98 KB as one file (their
//! headers and import names repeat). So each route gets `bundle_<route>.wasm`, the loader
//! fetches that one file, and every part in it is still instantiated once however many routes'
//! bundles carry it. The split manifest (Leptos's preload links) then names the bundle.
//!
//! File layout: a little-endian u32 count, that many u32 lengths, then the parts' bytes in the
//! order the loader's `BUNDLES` table lists them.

use anyhow::{bail, Context, Result};
use std::collections::BTreeMap;
use std::path::Path;

/// The manifest file the splitter writes and Leptos reads: route -> the files it needs.
pub const MANIFEST: &str = "__wasm_split_manifest.json";

/// Writes a bundle per route, points the manifest at the bundles and teaches the loader script
/// (`loader`, in `pkg`) to take a route's parts from its bundle.
pub fn bundle_routes(pkg: &Path, loader: &str) -> Result<usize> {
    let manifest_path = pkg.join(MANIFEST);
    let manifest: BTreeMap<String, Vec<String>> =
        serde_json::from_slice(&std::fs::read(&manifest_path)?)
            .context("reading the split manifest")?;
    let mut bundles = BTreeMap::new();
    for (route, parts) in &manifest {
        let name = bundle_name(route);
        let mut bytes = Vec::new();
        bytes.extend_from_slice(&u32::try_from(parts.len())?.to_le_bytes());
        let contents = parts
            .iter()
            .map(|part| std::fs::read(pkg.join(format!("{part}.wasm"))))
            .collect::<std::io::Result<Vec<_>>>()
            .with_context(|| format!("reading the parts of {route}"))?;
        for content in &contents {
            bytes.extend_from_slice(&u32::try_from(content.len())?.to_le_bytes());
        }
        for content in &contents {
            bytes.extend_from_slice(content);
        }
        std::fs::write(pkg.join(format!("{name}.wasm")), bytes)?;
        bundles.insert(name, parts.clone());
    }

    let loader_path = pkg.join(loader);
    let script = std::fs::read_to_string(&loader_path)?;
    std::fs::write(&loader_path, rewrite_loader(&script, &bundles)?)?;

    let by_route: BTreeMap<&String, Vec<String>> = manifest
        .keys()
        .map(|route| (route, vec![bundle_name(route)]))
        .collect();
    std::fs::write(&manifest_path, serde_json::to_string_pretty(&by_route)?)?;
    Ok(bundles.len())
}

/// A route's bundle, as the manifest and the loader name it (the file adds `.wasm`).
fn bundle_name(route: &str) -> String {
    format!("bundle_{route}")
}

/// What the loader gains: a `fetch` of its own that answers a part's request from a bundle
/// being fetched, and route loaders that start their bundle before their parts are asked for.
const BUNDLE_SUPPORT: &str = r#"
// linedesk (xtask build): a route's parts come in one file, bundle_<route>.wasm (see
// xtask/src/bundle.rs). Parts asked for while their route's bundle is on its way are taken
// from it; anything else is fetched on its own, as the splitter wrote it.
const partsInFlight = new Map();
function startBundle(bundle) {
    const parts = BUNDLES[bundle];
    const url = new URL(`./${bundle}.wasm`, import.meta.url);
    const contents = globalThis.fetch(url).then(async (response) => {
        if (!response.ok) throw new Error(`${url}: HTTP ${response.status}`);
        const bytes = await response.arrayBuffer();
        const view = new DataView(bytes);
        if (view.getUint32(0, true) !== parts.length) throw new Error(`${url}: not this build's bundle`);
        let offset = 4 * (parts.length + 1);
        return parts.map((_, i) => {
            const length = view.getUint32(4 * (i + 1), true);
            const part = bytes.slice(offset, offset + length);
            offset += length;
            return part;
        });
    });
    contents.catch(() => {});
    const mine = parts.map((part, i) => {
        const bytes = contents.then((all) => all[i]);
        partsInFlight.set(part, bytes);
        return [part, bytes];
    });
    // Parts another route already brought are never asked for: let go of them.
    return () => mine.forEach(([part, bytes]) => {
        if (partsInFlight.get(part) === bytes) partsInFlight.delete(part);
    });
}
function withBundle(bundle, load) {
    let current;
    return () => {
        if (current === undefined) {
            const forget = startBundle(bundle);
            current = load();
            current.then(forget, () => {
                forget();
                current = undefined;
            });
        }
        return current;
    };
}
function fetch(url) {
    const part = url.pathname.split("/").pop().replace(/\.wasm$/, "");
    const fromBundle = partsInFlight.get(part);
    if (fromBundle === undefined) return globalThis.fetch(url);
    // Taken once: a part whose instantiation failed is fetched afresh when tried again.
    partsInFlight.delete(part);
    return fromBundle.then((bytes) => new Response(bytes, { headers: { "Content-Type": "application/wasm" } }));
}
"#;

/// The splitter's loader with bundle support: the table of bundles and their parts, the
/// functions above after its first line (the import of the main module), and each route
/// loader wrapped in `withBundle`. Fails rather than ship a loader it did not fully rewrite.
fn rewrite_loader(script: &str, bundles: &BTreeMap<String, Vec<String>>) -> Result<String> {
    let (import, rest) = script
        .split_once('\n')
        .context("the loader script is empty")?;
    if !import.starts_with("import ") {
        bail!("the loader script no longer starts with its import: {import}");
    }
    let mut out = String::with_capacity(script.len() + 64 * 1024);
    out.push_str(import);
    out.push('\n');
    out.push_str(&format!(
        "const BUNDLES = {};\n",
        serde_json::to_string(bundles)?
    ));
    out.push_str(BUNDLE_SUPPORT);

    const EXPORT: &str = "export const __wasm_split_load_";
    const WRAPPED: &str = " = wrapAsyncCb(makeLoad(";
    let mut wrapped = 0;
    let mut in_route_loader = false;
    for line in rest.lines() {
        if let Some(tail) = line.strip_prefix(EXPORT) {
            let (route, after) = tail
                .split_once(WRAPPED)
                .with_context(|| format!("unexpected route loader: {line}"))?;
            let bundle = bundle_name(route);
            if !bundles.contains_key(&bundle) {
                bail!("the loader has a route the manifest does not: {route}");
            }
            out.push_str(&format!(
                "{EXPORT}{route} = wrapAsyncCb(withBundle({}, makeLoad({after}",
                serde_json::to_string(&bundle)?
            ));
            in_route_loader = true;
        } else {
            out.push_str(line);
        }
        // A route loader's last line closes makeLoad and wrapAsyncCb; withBundle adds one.
        if in_route_loader && line.ends_with("]));") {
            out.pop();
            out.push_str(");");
            in_route_loader = false;
            wrapped += 1;
        }
        out.push('\n');
    }
    if wrapped != bundles.len() || in_route_loader {
        bail!(
            "the loader's route loaders ({wrapped}) do not match the manifest's routes ({})",
            bundles.len()
        );
    }
    Ok(out)
}
