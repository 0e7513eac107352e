//! deploy/: the systemd unit passes `systemd-analyze verify` (no unknown keys, no bad values),
//! and the environment file example sets only settings linedesk has.

use std::path::Path;
use std::process::Command;

fn repository(path: &str) -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join(path)
}

#[test]
fn the_systemd_unit_verifies() {
    let unit = std::fs::read_to_string(repository("deploy/linedesk.service")).unwrap();
    for hardening in [
        "NoNewPrivileges=yes",
        "ProtectSystem=strict",
        "ReadWritePaths=/var/lib/linedesk",
    ] {
        assert!(unit.contains(hardening), "the unit sets {hardening}");
    }
    if Command::new("systemd-analyze")
        .arg("--version")
        .output()
        .is_err()
    {
        eprintln!("SKIPPED: systemd-analyze verify (systemd-analyze is not installed)");
        return;
    }
    // verify also checks that ExecStart's program exists: point it at the one just built.
    let dir = std::env::temp_dir().join(format!("linedesk-unit-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let copy = dir.join("linedesk.service");
    std::fs::write(
        &copy,
        unit.replace("/usr/local/bin/linedesk", env!("CARGO_BIN_EXE_linedesk")),
    )
    .unwrap();
    let out = Command::new("systemd-analyze")
        .arg("verify")
        .arg(&copy)
        .output()
        .unwrap();
    let said = String::from_utf8_lossy(&out.stderr);
    // (Unknown keys are only warned about, with exit status 0: any output is a finding.)
    assert!(out.status.success() && said.trim().is_empty(), "{said}");
}

#[test]
fn the_environment_example_sets_only_known_settings() {
    let sample = std::fs::read_to_string(repository(".env.sample")).unwrap();
    let example = std::fs::read_to_string(repository("deploy/linedesk.env")).unwrap();
    let mut set = 0;
    for line in example.lines() {
        let line = line.trim().trim_start_matches("# ");
        let Some((key, _)) = line.split_once('=') else {
            continue;
        };
        if key.is_empty() || !key.chars().all(|c| c.is_ascii_uppercase() || c == '_') {
            continue;
        }
        assert!(
            sample.contains(&format!("{key}=")),
            "{key} is not a linedesk setting (.env.sample)"
        );
        set += 1;
    }
    assert!(set >= 8, "the example sets the settings a server needs");
}
