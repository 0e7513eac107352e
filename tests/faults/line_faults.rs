//! The fake LINE platform fails while replies are sent: server errors, rate limits, dropped
//! connections and a timeout. Every reply is delivered exactly once and none is lost.

use crate::desk::{self, Desk};
use fake_line::Fault;
use std::collections::HashMap;
use std::time::{Duration, Instant};

const REPLIES: usize = 24;

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn replies_are_delivered_once_through_line_failures() {
    let line = fake_line::FakeLine::start("127.0.0.1:0").await.unwrap();
    let dir = desk::temp_dir("line-faults");
    let key = dir.join("master.key");
    let mut desk = Desk::new(&dir, None, &key, &line.base_url());
    let callback = desk.create_account();
    desk.create_user("agent@example.com", "agent");
    desk.start();
    let client = reqwest::Client::new();
    for u in 0..3 {
        let event = desk::text_event(&format!("U{:032x}", 0xfa17 + u), u, "hello");
        assert!(desk::post_signed(&client, &callback, vec![event]).await);
    }
    let db = linedesk::db::Db::open(&desk.database()).await.unwrap();
    desk::wait_processed(&db, Duration::from_secs(20)).await;
    let conversations: Vec<i64> = sqlx::query_scalar("SELECT id FROM conversations")
        .fetch_all(&db.pool)
        .await
        .unwrap();

    // One fault after another on the push endpoint, each for one call.
    let fault = |status: Option<u16>, drop: bool, delay_ms: u64| Fault {
        method: Some("POST".into()),
        path_prefix: "/v2/bot/message/push".into(),
        status,
        body: None,
        delay_ms,
        drop,
        times: 1,
    };
    for round in 0..4 {
        line.state.add_fault(fault(Some(500), false, 0));
        line.state.add_fault(fault(None, true, 0));
        line.state.add_fault(fault(Some(429), false, 0));
        line.state.add_fault(fault(Some(503), false, 0));
        if round == 0 {
            // Longer than linedesk's 10-second LINE timeout.
            line.state.add_fault(fault(None, false, 10_200));
        }
    }

    let engine = crate::engine_for(&db, &key, &line.base_url());
    let agent: i64 = sqlx::query_scalar("SELECT id FROM users WHERE email = 'agent@example.com'")
        .fetch_one(&db.pool)
        .await
        .unwrap();
    for r in 0..REPLIES {
        let conversation = conversations[r % conversations.len()];
        linedesk::engine::sender::enqueue_text(&engine, conversation, agent, &format!("reply {r}"))
            .await
            .unwrap();
    }
    let started = Instant::now();
    desk::wait_outbox_sent(&db, Duration::from_secs(90)).await;
    assert!(line.state.lock().faults.is_empty(), "every fault was met");

    // Per reply: the calls LINE saw, the ones it accepted, and the retry keys used.
    let mut seen: HashMap<usize, (usize, usize, Vec<String>)> = HashMap::new();
    for request in line.state.requests() {
        if !request.path.starts_with("/v2/bot/message/push") {
            continue;
        }
        let payload: serde_json::Value = serde_json::from_str(&request.body).unwrap();
        let text = payload["messages"][0]["text"].as_str().unwrap_or_default();
        let Some(r) = text
            .strip_prefix("reply ")
            .and_then(|r| r.parse::<usize>().ok())
        else {
            continue;
        };
        let entry = seen.entry(r).or_default();
        entry.0 += 1;
        if request.status == 200 {
            entry.1 += 1;
        }
        entry.2.push(request.retry_key.clone().unwrap_or_default());
    }
    let mut retried = 0;
    for r in 0..REPLIES {
        let (calls, accepted, keys) = seen.get(&r).cloned().unwrap_or_default();
        assert_eq!(
            accepted, 1,
            "reply {r} accepted {accepted} times in {calls} calls"
        );
        assert!(
            keys.iter().all(|k| !k.is_empty() && *k == keys[0]),
            "reply {r} kept one retry key: {keys:?}"
        );
        if calls > 1 {
            retried += 1;
        }
    }
    let delivery: Vec<String> =
        sqlx::query_scalar("SELECT delivery FROM messages WHERE direction = 'out'")
            .fetch_all(&db.pool)
            .await
            .unwrap();
    assert!(delivery.iter().all(|d| d == "sent"), "{delivery:?}");
    println!(
        "LINE faults: {REPLIES} replies delivered once each ({retried} needed retries) in {} ms",
        started.elapsed().as_millis()
    );
    assert!(retried >= 4, "the faults were met by retries: {retried}");
    db.pool.close().await;
    desk.kill();
    let _ = std::fs::remove_dir_all(&dir);
}
