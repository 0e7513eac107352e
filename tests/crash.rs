//! Crash safety: signed webhooks arrive while the server is killed with SIGKILL and restarted.
//! Every event that got a 200 must be stored and processed exactly once.

#![cfg(unix)]

use std::collections::HashSet;
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

const SECRET: &str = "8c3f0e7d5a1b49c2a6e4f1d0b7c9a2e5";

fn linedesk(dir: &std::path::Path, port: u16) -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_linedesk"));
    command
        .env("DATA_DIR", dir)
        .env("LISTEN_ADDR", format!("127.0.0.1:{port}"))
        // LINE is unreachable: profiles cannot be fetched, which must not block anything.
        .env("LINE_API_BASE", "http://127.0.0.1:9")
        .env("LINE_DATA_API_BASE", "http://127.0.0.1:9")
        .env("SITE_ROOT", dir.join("no-site"))
        .env("RUST_LOG", "error")
        .stdout(Stdio::null())
        .stderr(Stdio::null());
    command
}

fn start(dir: &std::path::Path, port: u16) -> Child {
    let child = linedesk(dir, port).arg("serve").spawn().unwrap();
    let deadline = Instant::now() + Duration::from_secs(20);
    while std::net::TcpStream::connect(("127.0.0.1", port)).is_err() {
        assert!(Instant::now() < deadline, "server did not start");
        std::thread::sleep(Duration::from_millis(20));
    }
    child
}

fn body(n: usize) -> String {
    serde_json::json!({ "destination": "Ubot", "events": [{
        "type": "message", "mode": "active", "timestamp": 1_795_000_000_000u64 + n as u64,
        "source": { "type": "user", "userId": format!("U{:032x}", n % 7) },
        "webhookEventId": format!("crash-{n:06}"), "deliveryContext": { "isRedelivery": false },
        "replyToken": format!("r{n}"),
        "message": { "id": format!("m{n:06}"), "type": "text", "text": format!("message {n}") }
    }]})
    .to_string()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn acknowledged_events_survive_sigkill_and_are_processed_once() {
    let dir = std::env::temp_dir().join(format!(
        "linedesk-crash-{}-{}",
        std::process::id(),
        linedesk::clock::now_ms()
    ));
    std::fs::create_dir_all(&dir).unwrap();
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();

    let mut create = linedesk(&dir, port)
        .args([
            "account",
            "create",
            "--name",
            "Crash",
            "--channel-id",
            "2000000001",
            "--secret-stdin",
            "--token-stdin",
        ])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    use std::io::Write;
    create
        .stdin
        .take()
        .unwrap()
        .write_all(format!("{SECRET}\ntoken-for-crash-test\n").as_bytes())
        .unwrap();
    let out = create.wait_with_output().unwrap();
    assert!(out.status.success(), "{out:?}");
    let text = String::from_utf8_lossy(&out.stdout).to_string();
    let callback = text
        .lines()
        .find_map(|l| l.strip_prefix("callback URL: "))
        .unwrap()
        .to_string();

    let server = Arc::new(Mutex::new(start(&dir, port)));
    let acknowledged = Arc::new(Mutex::new(HashSet::new()));
    let total = 800;
    let client = reqwest::Client::builder()
        .timeout(Duration::from_secs(3))
        .build()
        .unwrap();
    let mut senders = Vec::new();
    for worker in 0..8 {
        let (client, callback, acknowledged) =
            (client.clone(), callback.clone(), acknowledged.clone());
        senders.push(tokio::spawn(async move {
            for n in (worker..total).step_by(8) {
                let body = body(n);
                let signature = fake_line::sign(SECRET, body.as_bytes());
                let sent = client
                    .post(&callback)
                    .header("x-line-signature", signature)
                    .header("content-type", "application/json")
                    .body(body)
                    .send()
                    .await;
                if matches!(sent, Ok(ref r) if r.status() == 200) {
                    acknowledged.lock().unwrap().insert(n);
                }
                tokio::time::sleep(Duration::from_millis(2)).await;
            }
        }));
    }
    // Kill the server twice while the load runs, restarting it each time.
    for _ in 0..2 {
        tokio::time::sleep(Duration::from_millis(400)).await;
        let mut child = server.lock().unwrap();
        child.kill().unwrap(); // SIGKILL
        child.wait().unwrap();
        std::thread::sleep(Duration::from_millis(100));
        *child = start(&dir, port);
    }
    for sender in senders {
        sender.await.unwrap();
    }
    let acknowledged: HashSet<usize> = acknowledged.lock().unwrap().clone();
    assert!(
        acknowledged.len() > total / 4,
        "the load mostly got through: {}",
        acknowledged.len()
    );
    assert!(
        acknowledged.len() < total,
        "some requests hit the killed server"
    );

    // Wait for the worker to apply everything, then stop the server and count.
    let db = linedesk::db::Db::open(&format!("sqlite://{}", dir.join("linedesk.db").display()))
        .await
        .unwrap();
    let deadline = Instant::now() + Duration::from_secs(30);
    loop {
        let pending: i64 =
            sqlx::query_scalar("SELECT COUNT(*) FROM webhook_events WHERE processed_at IS NULL")
                .fetch_one(&db.pool)
                .await
                .unwrap();
        if pending == 0 {
            break;
        }
        assert!(
            Instant::now() < deadline,
            "{pending} events still unprocessed"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    server.lock().unwrap().kill().unwrap();
    let stored: Vec<String> = sqlx::query_scalar("SELECT event_id FROM webhook_events")
        .fetch_all(&db.pool)
        .await
        .unwrap();
    let stored: HashSet<String> = stored.into_iter().collect();
    let messages: Vec<String> =
        sqlx::query_scalar("SELECT line_message_id FROM messages WHERE direction = 'in'")
            .fetch_all(&db.pool)
            .await
            .unwrap();
    let distinct: HashSet<&String> = messages.iter().collect();
    println!(
        "crash test: {} sent, {} acknowledged, {} stored, {} messages ({} distinct)",
        total,
        acknowledged.len(),
        stored.len(),
        messages.len(),
        distinct.len()
    );
    for n in &acknowledged {
        assert!(
            stored.contains(&format!("crash-{n:06}")),
            "acknowledged event {n} was lost"
        );
        assert!(
            distinct.contains(&format!("m{n:06}")),
            "acknowledged event {n} was not processed"
        );
    }
    assert_eq!(
        messages.len(),
        distinct.len(),
        "no event was processed twice"
    );
    assert_eq!(
        messages.len(),
        stored.len(),
        "every stored event became exactly one message"
    );
    std::fs::remove_dir_all(&dir).unwrap();
}
