//! PostgreSQL goes away during webhook load and comes back. linedesk answers 503 meanwhile (so LINE
//! redelivers), /readyz says so, and after the database returns everything acknowledged is stored
//! and applied once. Two outages: a real restart (a private PostgreSQL cluster stopped the way a
//! crash stops it, then started again, with crash recovery), and the network to the shared server
//! cut (a TCP proxy that drops every connection and refuses new ones).

use crate::desk::{self, Desk};
use crate::pg_cluster::Cluster;
use std::collections::HashSet;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::watch;

struct Proxy {
    port: u16,
    up: watch::Sender<bool>,
}

impl Proxy {
    async fn start(target: String) -> Proxy {
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let port = listener.local_addr().unwrap().port();
        let (up, _) = watch::channel(true);
        let state = up.clone();
        tokio::spawn(async move {
            while let Ok((mut inbound, _)) = listener.accept().await {
                let mut status = state.subscribe();
                if !*status.borrow() {
                    continue; // refused: dropped at once
                }
                let target = target.clone();
                tokio::spawn(async move {
                    let Ok(mut outbound) = TcpStream::connect(&target).await else {
                        return;
                    };
                    tokio::select! {
                        _ = tokio::io::copy_bidirectional(&mut inbound, &mut outbound) => {}
                        _ = status.wait_for(|up| !*up) => {} // the outage cuts live connections
                    }
                });
            }
        });
        Proxy { port, up }
    }

    fn set_up(&self, up: bool) {
        self.up.send_replace(up);
    }
}

async fn readyz(client: &reqwest::Client, desk_url: &str) -> u16 {
    match client.get(desk_url).send().await {
        Ok(response) => response.status().as_u16(),
        Err(_) => 0,
    }
}

/// Polls /readyz until it answers `status`; returns how long that took.
async fn wait_readyz(
    client: &reqwest::Client,
    url: &str,
    status: u16,
    within: Duration,
) -> Duration {
    let started = Instant::now();
    while readyz(client, url).await != status {
        assert!(
            started.elapsed() < within,
            "/readyz did not answer {status} within {within:?}"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    started.elapsed()
}

/// The proxy in front of the shared server is cut and restored.
#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn linedesk_recovers_when_the_network_to_postgres_comes_back() {
    let Some(url) = desk::postgres_url().await else {
        return;
    };
    let mut parsed: url::Url = url.parse().unwrap();
    let target = format!(
        "{}:{}",
        parsed.host_str().unwrap(),
        parsed.port().unwrap_or(5432)
    );
    let proxy = Proxy::start(target).await;
    parsed.set_host(Some("127.0.0.1")).unwrap();
    parsed.set_port(Some(proxy.port)).unwrap();
    let outage = Outage {
        name: "network to PostgreSQL cut",
        down: Box::new(|| proxy.set_up(false)),
        up: Box::new(|| proxy.set_up(true)),
    };
    survive(parsed.to_string(), url, outage).await;
}

/// A private PostgreSQL cluster is stopped with `pg_ctl -m immediate` (every server process
/// killed at once, as in a crash: no checkpoint, crash recovery at the next start) and started
/// again on the same port.
#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn linedesk_recovers_when_postgres_restarts() {
    let Some(cluster) = Cluster::start("restart") else {
        return;
    };
    let url = cluster.url();
    let outage = Outage {
        name: "PostgreSQL restarted (immediate stop, crash recovery)",
        down: Box::new(|| cluster.stop_immediately()),
        up: Box::new(|| cluster.start_again()),
    };
    survive(url.clone(), url, outage).await;
}

struct Outage<'a> {
    name: &'static str,
    down: Box<dyn Fn() + Send + Sync + 'a>,
    up: Box<dyn Fn() + Send + Sync + 'a>,
}

/// Webhook load on a desk using `desk_url`; the outage starts and ends during it; then every
/// acknowledged webhook must be stored and applied once (checked through `check_url`).
async fn survive(desk_url: String, check_url: String, outage: Outage<'_>) {
    let dir = desk::temp_dir("pg-outage");
    let mut desk = Desk::new(
        &dir,
        Some(desk_url),
        &dir.join("master.key"),
        "http://127.0.0.1:9",
    );
    let callback = desk.create_account();
    desk.start();

    let client = reqwest::Client::builder()
        .timeout(Duration::from_secs(8))
        .build()
        .unwrap();
    let acknowledged = Arc::new(Mutex::new(HashSet::new()));
    let refused = Arc::new(Mutex::new(0usize));
    let stop = Arc::new(AtomicBool::new(false));
    let mut senders = Vec::new();
    for worker in 0..4 {
        let (client, callback, acknowledged, refused, stop) = (
            client.clone(),
            callback.clone(),
            acknowledged.clone(),
            refused.clone(),
            stop.clone(),
        );
        senders.push(tokio::spawn(async move {
            let mut n = worker;
            while !stop.load(Ordering::Relaxed) {
                let user = format!("U{:032x}", n % 5);
                let event = desk::text_event(&user, n, &format!("message {n}"));
                if desk::post_signed(&client, &callback, vec![event]).await {
                    acknowledged.lock().unwrap().insert(n);
                } else {
                    *refused.lock().unwrap() += 1;
                }
                n += 4;
                tokio::time::sleep(Duration::from_millis(5)).await;
            }
        }));
    }
    let ready_url = desk.url("/readyz");
    tokio::time::sleep(Duration::from_millis(800)).await;
    assert_eq!(readyz(&client, &ready_url).await, 200);
    let before = acknowledged.lock().unwrap().len();

    // The database goes away: /readyz reports it within seconds.
    (outage.down)();
    let noticed = wait_readyz(&client, &ready_url, 503, Duration::from_secs(10)).await;
    // A request waits up to 5 s for a database connection (the pool's acquire timeout) before
    // it is answered 503, so a shorter outage is absorbed: the waiting requests are stored when
    // the database is back. (At 2 s here, a quickly restarted server left nothing refused.)
    tokio::time::sleep(Duration::from_secs(7)).await;
    let during = acknowledged.lock().unwrap().len();

    // It comes back: linedesk recovers by itself.
    (outage.up)();
    let recovered = wait_readyz(&client, &ready_url, 200, Duration::from_secs(15)).await;
    tokio::time::sleep(Duration::from_secs(1)).await;
    stop.store(true, Ordering::Relaxed);
    for sender in senders {
        sender.await.unwrap();
    }
    assert!(
        desk.is_running(),
        "linedesk kept running through the outage"
    );
    let acknowledged: HashSet<usize> = acknowledged.lock().unwrap().clone();
    let refused = *refused.lock().unwrap();
    assert!(
        refused > 0,
        "requests during the outage were not acknowledged"
    );
    assert!(
        acknowledged.len() > during,
        "webhooks were acknowledged again after the outage"
    );

    let db = linedesk::db::Db::open(&check_url).await.unwrap();
    desk::wait_processed(&db, Duration::from_secs(60)).await;
    desk::assert_applied_once(&db, &acknowledged).await;
    println!(
        "{}: {before} acknowledged before, {} in total, {refused} refused (503) meanwhile; \
         /readyz 503 after {} ms, 200 again {} ms after the database returned",
        outage.name,
        acknowledged.len(),
        noticed.as_millis(),
        recovered.as_millis()
    );
    db.pool.close().await;
    desk.kill();
    let _ = std::fs::remove_dir_all(&dir);
}
