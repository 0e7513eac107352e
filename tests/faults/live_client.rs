//! A signed-in browser's live stream (GET /live), read as Server-Sent Events.

use crate::desk::Desk;
use std::collections::HashSet;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

pub struct LiveClient {
    seen: Arc<Mutex<HashSet<i64>>>,
    reader: tokio::task::JoinHandle<()>,
}

/// Signs in on `desk` and returns the session cookie ("id=…").
pub async fn sign_in(desk: &Desk, email: &str) -> String {
    let client = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap();
    let response = client
        .post(desk.url("/api/sign_in"))
        .header("content-type", "application/x-www-form-urlencoded")
        .body(format!("email={email}&password=a+long+password"))
        .send()
        .await
        .unwrap();
    assert!(
        response.status().is_success() || response.status().is_redirection(),
        "sign in: {}",
        response.status()
    );
    let cookie = response
        .headers()
        .get("set-cookie")
        .expect("a session cookie")
        .to_str()
        .unwrap();
    cookie.split(';').next().unwrap().to_string()
}

impl LiveClient {
    pub async fn connect(desk: &Desk, email: &str) -> LiveClient {
        let cookie = sign_in(desk, email).await;
        let mut response = reqwest::Client::new()
            .get(desk.url("/live"))
            .header("cookie", cookie)
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), 200, "the live stream opens");
        let seen = Arc::new(Mutex::new(HashSet::new()));
        let sink = seen.clone();
        let reader = tokio::spawn(async move {
            let mut buffer = String::new();
            while let Ok(Some(chunk)) = response.chunk().await {
                buffer.push_str(&String::from_utf8_lossy(&chunk));
                while let Some(end) = buffer.find("\n\n") {
                    let event: String = buffer.drain(..end + 2).collect();
                    if let Some(id) = event
                        .lines()
                        .find_map(|l| l.strip_prefix("data:"))
                        .and_then(|d| d.trim().parse::<i64>().ok())
                    {
                        sink.lock().unwrap().insert(id);
                    }
                }
            }
        });
        LiveClient { seen, reader }
    }

    /// Waits until the stream has named every conversation in `expected`.
    pub async fn wait_for(&mut self, expected: &HashSet<i64>, within: Duration) {
        let deadline = Instant::now() + within;
        loop {
            let missing: Vec<i64> = expected
                .difference(&self.seen.lock().unwrap())
                .copied()
                .collect();
            if missing.is_empty() {
                return;
            }
            assert!(
                Instant::now() < deadline,
                "the live stream never named conversations {missing:?}"
            );
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }
}

impl Drop for LiveClient {
    fn drop(&mut self) {
        self.reader.abort();
    }
}
