//! Dependencies point one way: http -> services -> engine -> db, with line/ beside engine, and
//! workers.rs and server.rs on top, wiring them together. This test reads src/ and fails on
//! every path that points the other way (`use crate::…`, a fully-qualified `crate::…`, a
//! `crate::{…}` group, or `super::` climbing out of the module), naming its file:line and rule.

use std::path::Path;

/// (module, modules it must not name, why)
const RULES: &[(&str, &[&str], &str)] = &[
    (
        "db",
        &["engine", "line", "services", "http", "workers", "server"],
        "db/ is the bottom layer: caches above it read db::generation instead of being called",
    ),
    (
        "engine",
        &["services", "http", "workers", "server"],
        "engine/ sits below services/ and http/",
    ),
    (
        "line",
        &["engine", "services", "http", "workers", "server"],
        "line/ sits beside engine/, which uses it, and below services/ and http/",
    ),
    (
        "services",
        &["http", "workers", "server"],
        "services/ sits below http/ and the workers",
    ),
    (
        "http",
        &["workers", "server"],
        "http/ is wired by server.rs and does not reach back to it or the workers",
    ),
];

/// The module path of a file under src/: `db/queues.rs` -> ["db", "queues"], `db.rs` -> ["db"].
fn module_path(relative: &str) -> Vec<String> {
    let without = relative.trim_end_matches(".rs");
    without
        .split('/')
        .filter(|part| !matches!(*part, "lib" | "main"))
        .map(str::to_string)
        .collect()
}

/// The line without its `//` comment (a `//` inside a string literal stays).
fn code_of(line: &str) -> &str {
    let mut in_string = false;
    let mut escaped = false;
    let bytes = line.as_bytes();
    for (i, &byte) in bytes.iter().enumerate() {
        match byte {
            _ if escaped => escaped = false,
            b'\\' if in_string => escaped = true,
            b'"' => in_string = !in_string,
            b'/' if !in_string && bytes.get(i + 1) == Some(&b'/') => return &line[..i],
            _ => {}
        }
    }
    line
}

fn is_ident(byte: u8) -> bool {
    byte.is_ascii_alphanumeric() || byte == b'_'
}

/// The identifier at the start of `text`.
fn ident(text: &str) -> &str {
    let end = text
        .bytes()
        .position(|b| !is_ident(b))
        .unwrap_or(text.len());
    &text[..end]
}

/// The top-level modules a line of code names: after `crate::` (one, or each of a
/// `crate::{…}` group on the same line), or after as many `super::` as climb to the crate.
fn top_modules_named(code: &str, module: &[String]) -> Vec<String> {
    let mut named = Vec::new();
    let bytes = code.as_bytes();
    let mut at = 0;
    while at < code.len() {
        let rest = &code[at..];
        let starts_word = at == 0 || !is_ident(bytes[at - 1]);
        if starts_word && rest.starts_with("crate::") {
            let after = &rest["crate::".len()..];
            if let Some(group) = after.strip_prefix('{') {
                let group = group.split('}').next().unwrap_or(group);
                named.extend(
                    group
                        .split(',')
                        .map(|item| ident(item.trim()).to_string())
                        .filter(|name| !name.is_empty()),
                );
            } else {
                named.push(ident(after).to_string());
            }
            at += "crate::".len();
        } else if starts_word && rest.starts_with("super::") {
            let mut climbed = 0;
            let mut after = rest;
            while let Some(next) = after.strip_prefix("super::") {
                climbed += 1;
                after = next;
            }
            // `super` from a file climbs from its module; `module` ends with the file's own.
            if let Some(parent) = module.len().checked_sub(climbed) {
                if parent == 0 {
                    named.push(ident(after).to_string());
                }
            }
            at += "super::".len() * climbed;
        } else {
            at += rest.chars().next().map_or(1, char::len_utf8);
        }
    }
    named
}

/// Every line of `text` (the file `relative` under src/) that breaks a rule.
fn offences(relative: &str, text: &str) -> Vec<String> {
    let module = module_path(relative);
    let Some(top) = module.first() else {
        return Vec::new();
    };
    let Some((_, forbidden, why)) = RULES.iter().find(|(name, _, _)| name == top) else {
        return Vec::new();
    };
    let mut found = Vec::new();
    let mut lines = text.lines().enumerate();
    while let Some((number, line)) = lines.next() {
        let mut code = code_of(line).to_string();
        // A `crate::{…}` group rustfmt spread over several lines is read as one.
        if let Some(group) = code.find("crate::{") {
            while !code[group..].contains('}') {
                let Some((_, next)) = lines.next() else { break };
                code.push_str(code_of(next).trim());
            }
        }
        for named in top_modules_named(&code, &module) {
            if forbidden.contains(&named.as_str()) {
                found.push(format!(
                    "src/{relative}:{}: {top}/ must not depend on {named}/ ({why}): {}",
                    number + 1,
                    line.trim()
                ));
            }
        }
    }
    found
}

fn rust_files(dir: &Path, into: &mut Vec<std::path::PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            rust_files(&path, into);
        } else if path.extension().is_some_and(|ext| ext == "rs") {
            into.push(path);
        }
    }
}

#[test]
fn dependencies_point_one_way() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    rust_files(&src, &mut files);
    files.sort();
    assert!(files.len() > 50, "src/ looks empty: {}", src.display());
    let mut found = Vec::new();
    for file in &files {
        let relative = file.strip_prefix(&src).unwrap().to_string_lossy();
        let relative = relative.replace('\\', "/");
        let text = std::fs::read_to_string(file).unwrap();
        found.extend(offences(&relative, &text));
    }
    assert!(
        found.is_empty(),
        "{} dependencies point the wrong way:\n{}",
        found.len(),
        found.join("\n")
    );
}

/// The checker itself: each way of naming a module is caught, comments and allowed ones are not.
#[test]
fn the_check_sees_every_form_of_path() {
    let text = "\
use crate::engine::routing_cache;
    crate::line::callback_cache::forget();
use crate::{clock, services::privacy};
    super::super::http::metrics::Metrics::default();
use crate::db::generation;
use super::queues;
// crate::engine::routing_cache::forget() in a comment
let s = \"// not a comment\"; // crate::http in a trailing comment
use crate::{
    db::queues,
    services::privacy,
};
";
    let found = offences("db/queues.rs", text);
    let lines: Vec<&str> = found
        .iter()
        .map(|f| f.split(": ").next().unwrap())
        .collect();
    assert_eq!(
        lines,
        [
            "src/db/queues.rs:1",
            "src/db/queues.rs:2",
            "src/db/queues.rs:3",
            "src/db/queues.rs:4",
            "src/db/queues.rs:9"
        ],
        "{found:#?}"
    );
    assert!(found[0].contains("db/ must not depend on engine/"));
    assert!(found[3].contains("db/ must not depend on http/"));
    assert_eq!(offences("db.rs", "use crate::services::x;").len(), 1);
    let engine = offences(
        "engine/automated.rs",
        "use crate::services::workstreams as w;",
    );
    assert_eq!(engine.len(), 1);
    assert!(engine[0].contains("engine/ must not depend on services/"));
    assert!(offences("services/x.rs", "use crate::engine::wakers::Wakers;").is_empty());
    assert!(offences("workers.rs", "crate::services::privacy::run_audited()").is_empty());
}
