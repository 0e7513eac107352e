//! Brotli and gzip copies of the site's bundle, next to each file (`.br`, `.gz`), which the
//! server sends to browsers that accept them (tower-http's precompressed ServeDir). The main
//! module is 1 MB as is and about 250 KB in brotli: compressing once at build time, at the
//! highest level, beats compressing on every request.

use anyhow::Result;
use std::io::Write;
use std::path::{Path, PathBuf};

/// Compresses what a browser fetches in release builds: the main module and its script, the
/// route bundles, the split loader and the stylesheet (the parts inside the bundles are only a
/// fallback and stay as they are).
pub fn precompress_site(pkg: &Path) -> Result<usize> {
    let files: Vec<PathBuf> = std::fs::read_dir(pkg)?
        .filter_map(|entry| entry.ok().map(|e| e.path()))
        .filter(|path| {
            let name = path
                .file_name()
                .map_or(String::new(), |n| n.to_string_lossy().into_owned());
            name.starts_with("bundle_")
                || name.starts_with("__wasm_split.")
                || name.starts_with(&format!("{}.", crate::OUTPUT_NAME))
        })
        .filter(|path| !matches!(path.extension().and_then(|e| e.to_str()), Some("br" | "gz")))
        .collect();
    let count = files.len();
    // Brotli at level 11 runs at about a megabyte a second.
    crate::largest_first_two_at_a_time(files, "compression", compress)?;
    Ok(count)
}

fn compress(file: &Path) -> Result<()> {
    let bytes = std::fs::read(file)?;
    let with_suffix = |suffix: &str| {
        let mut name = file.as_os_str().to_owned();
        name.push(suffix);
        PathBuf::from(name)
    };
    let mut brotli = Vec::new();
    {
        let mut writer = brotli::CompressorWriter::new(&mut brotli, 4096, 11, 22);
        writer.write_all(&bytes)?;
    }
    std::fs::write(with_suffix(".br"), brotli)?;
    let mut gzip = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
    gzip.write_all(&bytes)?;
    std::fs::write(with_suffix(".gz"), gzip.finish()?)?;
    Ok(())
}
