//! A private PostgreSQL cluster (initdb in a temporary folder, its own port) that a test may stop
//! and start at will — restarting the shared server would break the tests running beside it.
//! Uses the server binaries of the machine's PostgreSQL packages; as root, runs them as the
//! `postgres` user (PostgreSQL refuses to run as root).

use std::path::{Path, PathBuf};
use std::process::Command;

pub struct Cluster {
    bin: PathBuf,
    dir: PathBuf,
    port: u16,
    as_postgres: bool,
}

/// The newest `/usr/lib/postgresql/<version>/bin` holding initdb, or `PG_BIN_DIR`.
fn server_binaries() -> Option<PathBuf> {
    if let Ok(dir) = std::env::var("PG_BIN_DIR") {
        return Some(PathBuf::from(dir));
    }
    let mut found: Vec<(u32, PathBuf)> = std::fs::read_dir("/usr/lib/postgresql")
        .ok()?
        .flatten()
        .filter_map(|entry| {
            let version = entry.file_name().to_str()?.parse::<u32>().ok()?;
            let bin = entry.path().join("bin");
            bin.join("initdb").exists().then_some((version, bin))
        })
        .collect();
    found.sort();
    found.pop().map(|(_, bin)| bin)
}

fn is_root() -> bool {
    Command::new("id")
        .arg("-u")
        .output()
        .is_ok_and(|out| String::from_utf8_lossy(&out.stdout).trim() == "0")
}

impl Cluster {
    /// A new cluster, started; None (the test is skipped, loudly) where the machine has no
    /// PostgreSQL server binaries, unless REQUIRE_POSTGRES=1.
    pub fn start(name: &str) -> Option<Cluster> {
        if std::env::var("LINEDESK_SKIP_POSTGRES").as_deref() == Ok("1") {
            eprintln!("SKIPPED: PostgreSQL restart test (LINEDESK_SKIP_POSTGRES=1)");
            return None;
        }
        let Some(bin) = server_binaries() else {
            if std::env::var("REQUIRE_POSTGRES").as_deref() == Ok("1") {
                panic!("REQUIRE_POSTGRES=1 but no PostgreSQL server binaries (initdb) were found");
            }
            eprintln!("SKIPPED: PostgreSQL restart test, no initdb under /usr/lib/postgresql");
            return None;
        };
        let dir = crate::desk::temp_dir(&format!("pg-{name}"));
        let cluster = Cluster {
            bin,
            dir,
            port: crate::desk::free_port(),
            as_postgres: is_root(),
        };
        if cluster.as_postgres {
            let status = Command::new("chown")
                .args(["-R", "postgres:postgres"])
                .arg(&cluster.dir)
                .status()
                .unwrap();
            assert!(status.success(), "chown of {}", cluster.dir.display());
        }
        cluster.run(
            "initdb",
            &[
                "-A",
                "trust",
                "-U",
                "postgres",
                "-E",
                "UTF8",
                "--no-sync",
                "-D",
            ],
            &[&cluster.data()],
        );
        cluster.start_again();
        Some(cluster)
    }

    pub fn url(&self) -> String {
        format!("postgres://postgres@127.0.0.1:{}/postgres", self.port)
    }

    fn data(&self) -> PathBuf {
        self.dir.join("data")
    }

    /// Runs one of the server's programs; panics on failure.
    fn run(&self, program: &str, args: &[&str], paths: &[&Path]) {
        if let Err(err) = self.try_run(program, args, paths) {
            panic!("{err}");
        }
    }

    /// Runs one of the server's programs (as `postgres` when we are root).
    fn try_run(&self, program: &str, args: &[&str], paths: &[&Path]) -> Result<(), String> {
        let program = self.bin.join(program);
        let mut command = if self.as_postgres {
            let mut command = Command::new("runuser");
            command.args(["-u", "postgres", "--"]).arg(&program);
            command
        } else {
            Command::new(&program)
        };
        command.args(args).args(paths);
        let output = command
            .output()
            .map_err(|err| format!("{}: {err}", program.display()))?;
        if output.status.success() {
            return Ok(());
        }
        Err(format!(
            "{} failed: {}{}",
            program.display(),
            String::from_utf8_lossy(&output.stdout),
            String::from_utf8_lossy(&output.stderr)
        ))
    }

    /// Starts the server (again) on its port and waits until it accepts connections.
    pub fn start_again(&self) {
        let options = format!(
            "-p {} -k {} -c listen_addresses=127.0.0.1 -c max_connections=50",
            self.port,
            self.dir.display()
        );
        let log = self.dir.join("server.log");
        self.run(
            "pg_ctl",
            &["-w", "-t", "30", "-o", &options, "-l"],
            &[&log, Path::new("-D"), &self.data(), Path::new("start")],
        );
    }

    /// Every server process killed at once, as in a crash: no shutdown checkpoint, so the next
    /// start replays the WAL.
    pub fn stop_immediately(&self) {
        self.run(
            "pg_ctl",
            &["-w", "-m", "immediate", "-D"],
            &[&self.data(), Path::new("stop")],
        );
    }
}

impl Drop for Cluster {
    fn drop(&mut self) {
        // Already stopped (a failed test) is fine; the folder goes either way. No panic here:
        // this may run while a failed test unwinds.
        let _ = self.try_run(
            "pg_ctl",
            &["-w", "-m", "fast", "-D"],
            &[&self.data(), Path::new("stop")],
        );
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}
