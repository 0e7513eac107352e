//! The `linedesk` process itself: configuration errors, the CLI, graceful shutdown.

use std::io::Write;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

fn linedesk() -> Command {
    Command::new(env!("CARGO_BIN_EXE_linedesk"))
}

fn temp_dir(name: &str) -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!(
        "linedesk-proc-{name}-{}-{}",
        std::process::id(),
        linedesk::clock::now_ms()
    ));
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

#[test]
fn a_wrong_setting_stops_start_up_with_one_line_naming_it() {
    let output = linedesk()
        .env("LISTEN_ADDR", "not-an-address")
        .arg("serve")
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(stderr.trim().lines().count(), 1, "{stderr}");
    assert!(stderr.contains("LISTEN_ADDR"), "{stderr}");
}

#[test]
fn users_are_created_and_listed_from_the_command_line() {
    let dir = temp_dir("cli");
    cli_user(&dir, "ops@example.com", "supervisor");
    let list = linedesk()
        .env("DATA_DIR", &dir)
        .args(["user", "list", "--json"])
        .output()
        .unwrap();
    let users: serde_json::Value = serde_json::from_slice(&list.stdout).unwrap();
    assert_eq!(users[0]["email"], "ops@example.com");
    assert_eq!(users[0]["role"], "supervisor");
    // A short password is refused with the reason, and nothing is stored.
    let mut child = linedesk()
        .env("DATA_DIR", &dir)
        .args([
            "user",
            "create",
            "--email",
            "x@example.com",
            "--password-stdin",
        ])
        .stdin(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child.stdin.take().unwrap().write_all(b"short\n").unwrap();
    let output = child.wait_with_output().unwrap();
    assert_eq!(output.status.code(), Some(2));
    assert!(
        String::from_utf8_lossy(&output.stderr).contains("password: Use at least 10 characters.")
    );
    std::fs::remove_dir_all(dir).unwrap();
}

#[cfg(unix)]
#[test]
fn sigterm_stops_the_server_cleanly_and_sessions_survive_a_restart() {
    let dir = temp_dir("serve");
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let start = || {
        linedesk()
            .env("DATA_DIR", &dir)
            .env("LISTEN_ADDR", format!("127.0.0.1:{port}"))
            .env("SITE_ROOT", dir.join("no-site"))
            .arg("serve")
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap()
    };
    let wait_ready = || {
        let deadline = Instant::now() + Duration::from_secs(20);
        while std::net::TcpStream::connect(("127.0.0.1", port)).is_err() {
            assert!(Instant::now() < deadline, "server did not start");
            std::thread::sleep(Duration::from_millis(100));
        }
    };
    let mut child = start();
    wait_ready();
    let status = Command::new("kill")
        .args(["-TERM", &child.id().to_string()])
        .status()
        .unwrap();
    assert!(status.success());
    let deadline = Instant::now() + Duration::from_secs(10);
    let exit = loop {
        if let Some(exit) = child.try_wait().unwrap() {
            break exit;
        }
        assert!(Instant::now() < deadline, "no exit after SIGTERM");
        std::thread::sleep(Duration::from_millis(50));
    };
    assert!(exit.success(), "exit status {exit:?}");
    // The key file was made private, and a second start reuses the same database.
    use std::os::unix::fs::PermissionsExt;
    assert_eq!(
        std::fs::metadata(dir.join("master.key"))
            .unwrap()
            .permissions()
            .mode()
            & 0o777,
        0o600
    );
    let mut again = start();
    wait_ready();
    again.kill().unwrap();
    let _ = again.wait();
    std::fs::remove_dir_all(dir).unwrap();
}

/// Creates a user through the CLI (which writes audit entries) in `dir`.
fn cli_user(dir: &std::path::Path, email: &str, role: &str) {
    let mut child = linedesk()
        .env("DATA_DIR", dir)
        .args([
            "user",
            "create",
            "--email",
            email,
            "--role",
            role,
            "--password-stdin",
        ])
        .stdin(Stdio::piped())
        .stdout(Stdio::null())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(b"a long password\n")
        .unwrap();
    assert!(child.wait().unwrap().success());
}

fn audit_verify(dir: &std::path::Path) -> (Option<i32>, String) {
    let output = linedesk()
        .env("DATA_DIR", dir)
        .args(["audit", "verify"])
        .output()
        .unwrap();
    (
        output.status.code(),
        String::from_utf8_lossy(&output.stdout).to_string(),
    )
}

#[test]
fn audit_verify_names_the_altered_entry_and_fails() {
    let dir = temp_dir("audit");
    cli_user(&dir, "one@example.com", "agent");
    cli_user(&dir, "two@example.com", "agent");
    cli_user(&dir, "three@example.com", "agent");
    let (code, out) = audit_verify(&dir);
    assert_eq!(code, Some(0), "{out}");
    assert!(out.contains("intact"), "{out}");

    // Someone with database access rewrites history: the second entry's detail.
    let runtime = tokio::runtime::Runtime::new().unwrap();
    let altered: i64 = runtime.block_on(async {
        sqlx::any::install_default_drivers();
        let url = format!("sqlite://{}", dir.join("linedesk.db").display());
        let pool = sqlx::AnyPool::connect(&url).await.unwrap();
        let ids: Vec<i64> = sqlx::query_scalar("SELECT id FROM audit_log ORDER BY id")
            .fetch_all(&pool)
            .await
            .unwrap();
        assert!(ids.len() >= 3, "{ids:?}");
        sqlx::query("UPDATE audit_log SET detail = '{\"email\":\"someone-else@example.com\"}' WHERE id = $1")
            .bind(ids[1])
            .execute(&pool)
            .await
            .unwrap();
        pool.close().await;
        ids[1]
    });
    let (code, out) = audit_verify(&dir);
    assert_eq!(code, Some(1), "{out}");
    assert!(out.contains(&format!("entry #{altered}")), "{out}");
}
