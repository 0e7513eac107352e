//! `cargo run -p xtask -- build [--release]`: builds linedesk the way cargo-leptos would, using
//! only crates.io (no tool downloads from GitHub, which this environment cannot reach):
//! 1. the `app` crate for wasm32 with `hydrate`,
//! 2. the wasm split at the app's lazy routes (wasm_split_cli_support, as cargo-leptos --split),
//! 3. wasm-bindgen (as a library, pinned to the same version as the app's crate) on the main part,
//! 4. wasm-opt for release builds (npm binaryen, when present) on every part,
//! 5. one file per lazy route with all its parts (bundle.rs), and for release builds brotli and
//!    gzip copies of what browsers fetch (precompress.rs),
//! 6. CSS and public/ into the site folder,
//! 7. the server binary.

mod bundle;
mod precompress;

use anyhow::{bail, Context, Result};
use std::path::{Path, PathBuf};
use std::process::Command;

/// The split loader's file name, exactly as Leptos's preload links name it (cargo-leptos
/// leaves room for a hash).
const SPLIT_LOADER: &str = "__wasm_split.______________________.js";

const OUTPUT_NAME: &str = "linedesk";

fn main() -> Result<()> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let release = args.iter().any(|a| a == "--release");
    match args.first().map(String::as_str) {
        Some("build") => build(release, true),
        Some("site") => build(release, false),
        _ => bail!("usage: cargo run -p xtask -- build|site [--release]"),
    }
}

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .unwrap()
        .to_path_buf()
}

fn target_dir() -> PathBuf {
    std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| root().join("target"))
}

fn site_root() -> PathBuf {
    std::env::var_os("SITE_ROOT")
        .map(PathBuf::from)
        .unwrap_or_else(|| root().join("target/site"))
}

/// Runs cargo and returns the files it produced (executables, and the wasm of cdylibs) as its
/// JSON messages name them, so we use this clone's artifacts and never a stale one another
/// clone left in the shared target directory.
fn cargo(args: &[&str]) -> Result<Vec<PathBuf>> {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    let mut command = Command::new(&cargo);
    // `cargo run -p xtask` gave this process xtask's own package variables. Passed on, they
    // reach build scripts that watch them (ring's watches CARGO_MANIFEST_DIR), so ring, rustls,
    // reqwest and everything above them were rebuilt whenever a plain `cargo build` or
    // `cargo test` ran between two xtask builds (two and a half minutes in release).
    for (name, _) in std::env::vars_os() {
        let name = name.to_string_lossy();
        if [
            "CARGO_PKG_",
            "CARGO_MANIFEST_",
            "CARGO_CRATE_",
            "CARGO_BIN_",
            "CARGO_PRIMARY_",
        ]
        .iter()
        .any(|prefix| name.starts_with(prefix))
        {
            command.env_remove(name.as_ref());
        }
    }
    let output = command
        .args(args)
        .arg("--message-format=json-render-diagnostics")
        .current_dir(root())
        .env("LEPTOS_OUTPUT_NAME", OUTPUT_NAME)
        .stderr(std::process::Stdio::inherit())
        .output()
        .with_context(|| format!("running {cargo}"))?;
    if !output.status.success() {
        bail!("cargo {} failed", args.join(" "));
    }
    let mut produced = Vec::new();
    for line in String::from_utf8_lossy(&output.stdout).lines() {
        let Ok(message) = serde_json::from_str::<serde_json::Value>(line) else {
            continue;
        };
        if message["reason"] != "compiler-artifact" {
            continue;
        }
        if let Some(executable) = message["executable"].as_str() {
            produced.push(PathBuf::from(executable));
        }
        for file in message["filenames"]
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(|f| f.as_str())
        {
            if file.ends_with(".wasm") {
                produced.push(PathBuf::from(file));
            }
        }
    }
    Ok(produced)
}

fn build(release: bool, with_server: bool) -> Result<()> {
    let started = std::time::Instant::now();
    // The server builds beside the browser app: in release their build directories differ
    // (target/release and target/wasm-release), so the two cargo runs do not wait for each
    // other, and each one's single-threaded stretches (the last crates, LTO, wasm-opt) leave
    // the other core to the other. In debug they share target/debug and cargo takes turns.
    let server = with_server.then(|| std::thread::spawn(move || build_server(release, started)));
    let site = build_site(release, started);
    // The server's build is waited for even when the site's failed, so no cargo is left running.
    let server = match server {
        Some(server) => server
            .join()
            .map_err(|_| anyhow::anyhow!("the server build panicked"))?,
        None => Ok(()),
    };
    site.and(server)
}

/// The browser app: wasm, split, bindgen, wasm-opt (release), CSS and public files.
fn build_site(release: bool, started: std::time::Instant) -> Result<()> {
    let mut wasm_args = vec![
        "build",
        "-p",
        "app",
        "--lib",
        "--target",
        "wasm32-unknown-unknown",
        "--no-default-features",
        "--features",
        "hydrate",
    ];
    if release {
        wasm_args.extend(["--profile", "wasm-release"]);
    }
    cargo(&wasm_args)?;
    let profile_dir = if release { "wasm-release" } else { "debug" };
    let wasm = target_dir()
        .join("wasm32-unknown-unknown")
        .join(profile_dir)
        .join("app.wasm");

    let site = site_root();
    let pkg = site.join("pkg");
    // Parts of an earlier build (their names change with the code) must not linger.
    if pkg.exists() {
        std::fs::remove_dir_all(&pkg)?;
    }
    std::fs::create_dir_all(&pkg)?;
    let parts = split_wasm(&wasm, &pkg)?;
    let mut bindgen = wasm_bindgen_cli_support::Bindgen::new();
    bindgen
        .input_path(&parts.main)
        .out_name(OUTPUT_NAME)
        .web(true)?
        .omit_default_module_path(false)
        .debug(!release)
        // The split loader reaches the main module's exports by their linker names.
        .keep_lld_exports(true)
        .demangle(false)
        .keep_debug(false);
    bindgen.generate(&pkg).context("running wasm-bindgen")?;
    // Leptos (built with LEPTOS_OUTPUT_NAME) loads /pkg/linedesk.wasm, as cargo-leptos names it.
    std::fs::rename(
        pkg.join(format!("{OUTPUT_NAME}_bg.wasm")),
        pkg.join(format!("{OUTPUT_NAME}.wasm")),
    )?;
    let js_path = pkg.join(format!("{OUTPUT_NAME}.js"));
    let js = std::fs::read_to_string(&js_path)?.replace(
        &format!("{OUTPUT_NAME}_bg.wasm"),
        &format!("{OUTPUT_NAME}.wasm"),
    );
    std::fs::write(&js_path, js)?;
    if release {
        let mut modules = parts.lazy.clone();
        modules.push(pkg.join(format!("{OUTPUT_NAME}.wasm")));
        optimise_all(modules)?;
    }
    let bundles = bundle::bundle_routes(&pkg, SPLIT_LOADER)?;
    eprintln!(
        "xtask: wasm split into the main module and {} lazily loaded parts, in {bundles} route bundles",
        parts.lazy.len()
    );

    std::fs::copy(
        root().join("style/main.css"),
        pkg.join(format!("{OUTPUT_NAME}.css")),
    )?;
    copy_dir(&root().join("public"), &site)?;
    if release {
        let compressed = precompress::precompress_site(&pkg)?;
        eprintln!("xtask: brotli and gzip copies of {compressed} files");
    }
    eprintln!(
        "xtask: site ready in {} ({:.0?})",
        site.display(),
        started.elapsed()
    );
    Ok(())
}

fn build_server(release: bool, started: std::time::Instant) -> Result<()> {
    let mut server_args = vec!["build", "-p", "linedesk", "-p", "fake-line"];
    if release {
        server_args.push("--release");
    }
    let bin_dir = root().join("target/bin");
    std::fs::create_dir_all(&bin_dir)?;
    for executable in cargo(&server_args)? {
        let name = executable.file_name().context("executable name")?;
        // Copy via a temporary name so a running binary is never overwritten in place.
        let tmp = bin_dir.join(format!(".{}.new", name.to_string_lossy()));
        std::fs::copy(&executable, &tmp)?;
        std::fs::rename(&tmp, bin_dir.join(name))?;
    }
    eprintln!(
        "xtask: server built after {:.0?}; binaries in {}",
        started.elapsed(),
        bin_dir.display()
    );
    Ok(())
}

/// The app's wasm after splitting: the main module (still to go through wasm-bindgen) and the
/// parts loaded on demand (already in the site's pkg folder).
struct SplitParts {
    main: PathBuf,
    lazy: Vec<PathBuf>,
}

/// Splits the module at its `#[lazy]` functions (the app's lazy routes). Writes the parts, the
/// loader script and the manifest Leptos reads to preload a page's parts into `pkg`. The wasm
/// must be linked with `--emit-relocs` (.cargo/config.toml).
fn split_wasm(wasm: &Path, pkg: &Path) -> Result<SplitParts> {
    let input = std::fs::read(wasm).with_context(|| format!("reading {}", wasm.display()))?;
    let main = wasm.with_file_name("app_split.wasm");
    let main_module = format!("./{OUTPUT_NAME}.js");
    let mut options = wasm_split_cli_support::Options::new(&input);
    options.output_dir = pkg;
    options.main_out_path = &main;
    options.main_module = &main_module;
    let link_name = format!("./{SPLIT_LOADER}");
    options.link_name = &link_name;
    let split = wasm_split_cli_support::transform(options)
        .map_err(|err| anyhow::anyhow!("splitting the wasm: {err}"))?;
    std::fs::write(
        pkg.join(bundle::MANIFEST),
        serde_json::to_string_pretty(&split.prefetch_map)?,
    )?;
    Ok(SplitParts {
        main,
        lazy: split.split_modules,
    })
}

/// wasm-opt on every module, two at a time, largest first: npm's binaryen runs in Node, each
/// module is one single-threaded process (about a second's start-up apiece), and there are
/// ~150 of them.
fn optimise_all(modules: Vec<PathBuf>) -> Result<()> {
    prune_wasm_opt_cache();
    largest_first_two_at_a_time(modules, "wasm-opt", optimise_wasm)
}

/// Runs `work` on every file, on two threads (the machine's two cores), the largest files
/// first so the last one to finish is a small one.
fn largest_first_two_at_a_time(
    mut files: Vec<PathBuf>,
    what: &str,
    work: fn(&Path) -> Result<()>,
) -> Result<()> {
    files.sort_by_key(|f| std::cmp::Reverse(std::fs::metadata(f).map_or(0, |m| m.len())));
    let queue = std::sync::Mutex::new(files.into_iter());
    std::thread::scope(|scope| {
        let workers: Vec<_> = (0..2)
            .map(|_| {
                scope.spawn(|| -> Result<()> {
                    loop {
                        let next = queue.lock().expect("queue").next();
                        match next {
                            Some(file) => work(&file)?,
                            None => return Ok(()),
                        }
                    }
                })
            })
            .collect();
        workers
            .into_iter()
            .try_for_each(|w| w.join().map_err(|_| anyhow::anyhow!("{what} panicked"))?)
    })
}

/// Results older than a week go (each build of a changed app adds ~150 files, ~3 MB).
fn prune_wasm_opt_cache() {
    let week = std::time::Duration::from_secs(7 * 24 * 3600);
    let Ok(entries) = std::fs::read_dir(target_dir().join("wasm-opt-cache")) else {
        return;
    };
    for entry in entries.flatten() {
        let old = entry
            .metadata()
            .and_then(|m| m.modified())
            .is_ok_and(|modified| modified.elapsed().is_ok_and(|age| age > week));
        if old {
            let _ = std::fs::remove_file(entry.path());
        }
    }
}

/// Debian's wasm-opt (binaryen 108) produces modules that fail to hydrate; use npm binaryen
/// (WASM_OPT, or tools/node_modules/.bin/wasm-opt) and skip with a note when it is absent.
fn optimise_wasm(wasm: &Path) -> Result<()> {
    let tool = std::env::var_os("WASM_OPT")
        .map(PathBuf::from)
        .unwrap_or_else(|| root().join("tools/node_modules/.bin/wasm-opt"));
    if !tool.exists() {
        eprintln!(
            "xtask: {} not found; release wasm is not size-optimised (run `make tools`)",
            tool.display()
        );
        return Ok(());
    }
    // -O1, not -Oz: what browsers download is the brotli stream, and -Oz's smaller module
    // compresses worse. Session 12, the workstream page with its parts on one input: -Oz 419,
    // -O2 418, -Os 416, -O3 415, no wasm-opt 410, -O1 402 KB brotli (main module 268 -> 254 KB
    // brotli, 0.95 -> 1.08 MB raw).
    const FLAGS: [&str; 7] = [
        "-O1",
        "--enable-bulk-memory",
        "--enable-nontrapping-float-to-int",
        "--enable-sign-ext",
        "--enable-mutable-globals",
        "--enable-reference-types",
        "--enable-multivalue",
    ];
    let input = std::fs::read(wasm)?;
    let before = input.len();
    // wasm-opt is most of a release site build (two minutes on two cores) and gives the same
    // output for the same input: results are kept by the input's hash, so a build whose app
    // did not change (another clone, `make bench` after `make build`) reuses them.
    let key = {
        use std::hash::{Hash, Hasher};
        let mut hasher = std::hash::DefaultHasher::new();
        (&input, FLAGS, tool.as_os_str()).hash(&mut hasher);
        format!("{:016x}-{before}", hasher.finish())
    };
    let cache = target_dir().join("wasm-opt-cache");
    let cached = cache.join(format!("{key}.wasm"));
    if cached.exists() {
        std::fs::copy(&cached, wasm)?;
        return Ok(());
    }
    let out = wasm.with_extension("opt.wasm");
    let run = Command::new(&tool)
        .args(FLAGS)
        .arg(wasm)
        .arg("-o")
        .arg(&out)
        .output()
        .context("running wasm-opt")?;
    // wasm-opt warns about every split part's name section; show its output only on failure.
    if !run.status.success() {
        bail!(
            "wasm-opt failed on {}: {}",
            wasm.display(),
            String::from_utf8_lossy(&run.stderr)
        );
    }
    std::fs::create_dir_all(&cache)?;
    let staged = cache.join(format!(".{key}.{}", std::process::id()));
    std::fs::copy(&out, &staged)?;
    std::fs::rename(&staged, &cached)?;
    std::fs::rename(&out, wasm)?;
    let after = std::fs::metadata(wasm)?.len();
    if before > 100_000 {
        eprintln!("xtask: wasm-opt {before} -> {after} bytes");
    }
    Ok(())
}

fn copy_dir(from: &Path, to: &Path) -> Result<()> {
    if !from.exists() {
        return Ok(());
    }
    std::fs::create_dir_all(to)?;
    for entry in std::fs::read_dir(from)? {
        let entry = entry?;
        let target = to.join(entry.file_name());
        if entry.file_type()?.is_dir() {
            copy_dir(&entry.path(), &target)?;
        } else {
            std::fs::copy(entry.path(), target)?;
        }
    }
    Ok(())
}
