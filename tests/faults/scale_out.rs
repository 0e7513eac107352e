//! Scale-out: two linedesk processes on one PostgreSQL database. Webhooks go to one; a browser
//! connected to the other hears about every conversation live; every event and every outbound
//! message is handled once across both, and each customer's messages keep their order.

use crate::desk::{self, Desk};
use crate::live_client::LiveClient;
use std::collections::{HashMap, HashSet};
use std::time::{Duration, Instant};

const USERS: usize = 6;
const PER_USER: usize = 30;
const REPLIES: usize = 40;

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn two_processes_share_one_postgres_database() {
    let Some(url) = desk::postgres_url().await else {
        return;
    };
    let line = fake_line::FakeLine::start("127.0.0.1:0").await.unwrap();
    let dir = desk::temp_dir("scale-out");
    let key = dir.join("master.key");
    let mut a = Desk::new(&dir.join("a"), Some(url.clone()), &key, &line.base_url());
    let mut b = Desk::new(&dir.join("b"), Some(url.clone()), &key, &line.base_url());
    let callback = a.create_account();
    a.create_user("admin@example.com", "admin");
    a.start();
    b.start();

    // An administrator's browser is connected to process B.
    let mut live = LiveClient::connect(&b, "admin@example.com").await;

    // Each customer writes in order; the deliveries all go to process A.
    let client = reqwest::Client::new();
    let mut senders = Vec::new();
    for u in 0..USERS {
        let (client, callback) = (client.clone(), callback.clone());
        senders.push(tokio::spawn(async move {
            let user = format!("U{:032x}", 0x5ca1e + u);
            for i in 0..PER_USER {
                let n = u * PER_USER + i;
                let event = desk::text_event(&user, n, &format!("user {u} message {i}"));
                assert!(desk::post_signed(&client, &callback, vec![event]).await);
            }
        }));
    }
    for sender in senders {
        sender.await.unwrap();
    }
    let db = linedesk::db::Db::open(&url).await.unwrap();
    desk::wait_processed(&db, Duration::from_secs(60)).await;

    // Process B's browser heard about every conversation, live.
    let conversations: Vec<i64> = sqlx::query_scalar("SELECT id FROM conversations")
        .fetch_all(&db.pool)
        .await
        .unwrap();
    assert_eq!(conversations.len(), USERS, "one conversation per customer");
    let expected: HashSet<i64> = conversations.iter().copied().collect();
    live.wait_for(&expected, Duration::from_secs(10)).await;

    // Every event became exactly one message, in each customer's order.
    for conversation in &conversations {
        let texts: Vec<String> = sqlx::query_scalar(
            "SELECT body FROM messages WHERE conversation_id = $1 AND direction = 'in' ORDER BY id",
        )
        .bind(conversation)
        .fetch_all(&db.pool)
        .await
        .unwrap();
        assert_eq!(
            texts.len(),
            PER_USER,
            "conversation {conversation}: {texts:?}"
        );
        let user = texts[0].split(' ').nth(1).unwrap().to_string();
        let expected: Vec<String> = (0..PER_USER)
            .map(|i| format!("user {user} message {i}"))
            .collect();
        assert_eq!(texts, expected, "messages out of order or doubled");
    }

    // Replies queued through the database are sent once, by whichever process claims them.
    let engine = crate::engine_for(&db, &key, &line.base_url());
    let admin: i64 = sqlx::query_scalar("SELECT id FROM users WHERE email = 'admin@example.com'")
        .fetch_one(&db.pool)
        .await
        .unwrap();
    let started = Instant::now();
    for r in 0..REPLIES {
        let conversation = conversations[r % conversations.len()];
        linedesk::engine::sender::enqueue_text(&engine, conversation, admin, &format!("reply {r}"))
            .await
            .unwrap();
    }
    desk::wait_outbox_sent(&db, Duration::from_secs(90)).await;
    let mut calls: HashMap<usize, usize> = HashMap::new();
    for request in line.state.requests() {
        if request.path.starts_with("/v2/bot/message/") && request.status == 200 {
            for r in 0..REPLIES {
                if request.body.contains(&format!("\"reply {r}\"")) {
                    *calls.entry(r).or_default() += 1;
                }
            }
        }
    }
    for r in 0..REPLIES {
        assert_eq!(
            calls.get(&r),
            Some(&1),
            "reply {r} was sent {:?} times",
            calls.get(&r)
        );
    }
    println!(
        "scale-out: {} events through A, {} conversations seen live on B, {REPLIES} replies sent once in {} ms",
        USERS * PER_USER,
        expected.len(),
        started.elapsed().as_millis()
    );
    db.pool.close().await;
    a.kill();
    b.kill();
    let _ = std::fs::remove_dir_all(&dir);
}
