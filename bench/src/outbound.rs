//! Outbound: replies queued in the outbox, sent by linedesk's sender to the fake LINE platform.
//! The replies are queued while linedesk is stopped, then it starts and drains them; the rate is
//! messages over the time between the first and the last LINE accepted.

use crate::receiver::{linedesk_command, Kind, Programs, Receiver};
use serde::Serialize;
use std::time::{Duration, Instant};

#[derive(Clone, Debug, Serialize)]
pub struct Outbound {
    pub messages: usize,
    pub seconds: f64,
    pub messages_per_s: f64,
}

pub async fn measure(programs: &Programs, messages: usize) -> anyhow::Result<Outbound> {
    let mut receiver = Receiver::start(Kind::LinedeskSqlite, programs, "outbound").await?;
    let client = reqwest::Client::new();
    let customers = 50;
    for c in 0..customers {
        // No reply token: every reply goes by push with its retry key, the general case.
        let event = serde_json::json!([{
            "type": "message", "mode": "active", "timestamp": linedesk::clock::now_ms(),
            "source": { "type": "user", "userId": format!("U{:032x}", 0xb0b0 + c) },
            "webhookEventId": format!("out-{c}"), "deliveryContext": { "isRedelivery": false },
            "message": { "id": format!("{}", 700_000 + c), "type": "text", "text": "hello" }
        }]);
        crate::receiver::post_signed(&client, &receiver.callback, event).await?;
    }
    let db = linedesk::db::Db::open(&receiver.database).await?;
    let deadline = Instant::now() + Duration::from_secs(30);
    let conversations: Vec<i64> = loop {
        let ids: Vec<i64> = sqlx::query_scalar("SELECT id FROM conversations")
            .fetch_all(&db.pool)
            .await?;
        if ids.len() == customers {
            break ids;
        }
        anyhow::ensure!(Instant::now() < deadline, "conversations were not opened");
        tokio::time::sleep(Duration::from_millis(100)).await;
    };
    receiver.kill();

    let base: url::Url = programs.line_api.parse()?;
    let engine = linedesk::engine::Engine {
        db: db.clone(),
        key: linedesk::crypto::MasterKey::load_or_create(&receiver.data_dir.join("master.key"))?,
        line: linedesk::line::client::LineClient::new(base.clone(), base),
        live: linedesk::live::Notifier::local(),
        public_base: "http://127.0.0.1".into(),
        routing: Default::default(),
        tokens: Default::default(),
        outbound: linedesk::net::outbound::Outbound::new(Default::default()),
        media_dir: receiver.data_dir.join("attachments"),
    };
    crate::session::create_user(
        linedesk_command(programs, &receiver.data_dir, None, receiver.port),
        "agent.out@example.com",
        "agent",
    )?;
    let agent: i64 =
        sqlx::query_scalar("SELECT id FROM users WHERE email = 'agent.out@example.com'")
            .fetch_one(&db.pool)
            .await?;
    for m in 0..messages {
        let conversation = conversations[m % conversations.len()];
        linedesk::engine::sender::enqueue_text(&engine, conversation, agent, &format!("reply {m}"))
            .await?;
    }

    let mut child = linedesk_command(programs, &receiver.data_dir, None, receiver.port)
        .arg("serve")
        .spawn()?;
    let deadline = Instant::now() + Duration::from_secs(120);
    loop {
        let pending: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM outbox WHERE state <> 'sent'")
            .fetch_one(&db.pool)
            .await?;
        if pending == 0 {
            break;
        }
        anyhow::ensure!(Instant::now() < deadline, "{pending} replies not sent");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    let _ = child.kill();
    let _ = child.wait();
    let (first, last): (i64, i64) = sqlx::query_as("SELECT MIN(sent_at), MAX(sent_at) FROM outbox")
        .fetch_one(&db.pool)
        .await?;
    db.pool.close().await;
    let seconds = ((last - first).max(1)) as f64 / 1000.0;
    Ok(Outbound {
        messages,
        seconds,
        messages_per_s: messages as f64 / seconds,
    })
}
