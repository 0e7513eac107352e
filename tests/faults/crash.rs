//! Crash safety: signed webhooks arrive while the server is killed with SIGKILL and restarted.
//! Every event that got a 200 must be stored and processed exactly once, on both databases.

use crate::desk::{self, Desk};
use std::collections::HashSet;
use std::sync::{Arc, Mutex};
use std::time::Duration;

async fn acknowledged_events_survive_sigkill(database_url: Option<String>) {
    let dir = desk::temp_dir("crash");
    // LINE is unreachable: profiles cannot be fetched, which must not block anything.
    let mut desk = Desk::new(
        &dir,
        database_url,
        &dir.join("master.key"),
        "http://127.0.0.1:9",
    );
    let callback = desk.create_account();
    desk.start();
    let desk = Arc::new(Mutex::new(desk));

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
                let user = format!("U{:032x}", n % 7);
                let mut event = desk::text_event(&user, n, &format!("message {n}"));
                // Sent long ago: the inactivity closer closes these conversations meanwhile, so
                // an event applied again after a crash meets a closed conversation.
                event["timestamp"] = serde_json::json!(1_795_000_000_000u64 + n as u64);
                if desk::post_signed(&client, &callback, vec![event]).await {
                    acknowledged.lock().unwrap().insert(n);
                }
                tokio::time::sleep(Duration::from_millis(2)).await;
            }
        }));
    }
    // Kill the server twice while the load runs, restarting it each time.
    for _ in 0..2 {
        tokio::time::sleep(Duration::from_millis(400)).await;
        let mut desk = desk.lock().unwrap();
        desk.kill();
        std::thread::sleep(Duration::from_millis(100));
        desk.start();
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

    let url = desk.lock().unwrap().database();
    let db = linedesk::db::Db::open(&url).await.unwrap();
    desk::wait_processed(&db, Duration::from_secs(60)).await;
    desk.lock().unwrap().kill();
    let (stored, messages) = desk::assert_applied_once(&db, &acknowledged).await;
    println!(
        "crash test ({}): {total} sent, {} acknowledged, {stored} stored, {messages} messages, each once",
        if url.starts_with("sqlite") { "SQLite" } else { "PostgreSQL" },
        acknowledged.len(),
    );
    db.pool.close().await;
    let _ = std::fs::remove_dir_all(&dir);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn sqlite_acknowledged_events_survive_sigkill_and_are_processed_once() {
    acknowledged_events_survive_sigkill(None).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn postgres_acknowledged_events_survive_sigkill_and_are_processed_once() {
    if let Some(url) = desk::postgres_url().await {
        acknowledged_events_survive_sigkill(Some(url)).await;
    }
}
