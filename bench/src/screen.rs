//! Event to agent screen: from the webhook's 200 to the "conversation changed" message on a
//! connected browser's live stream (GET /live), one webhook at a time.

use crate::receiver::{Kind, Programs, Receiver};
use std::time::{Duration, Instant};

pub async fn measure(programs: &Programs, samples: usize) -> anyhow::Result<Vec<Duration>> {
    let receiver = Receiver::start(Kind::LinedeskSqlite, programs, "screen").await?;
    let base = format!("http://127.0.0.1:{}", receiver.port);
    crate::session::create_user(
        crate::receiver::linedesk_command(programs, &receiver.data_dir, None, receiver.port),
        "agent.screen@example.com",
        "admin",
    )?;
    let cookie = crate::session::sign_in(&base, "agent.screen@example.com").await?;
    let client = reqwest::Client::new();
    let mut live = client
        .get(format!("{base}/live"))
        .header("cookie", cookie)
        .send()
        .await?;
    anyhow::ensure!(live.status() == 200, "live stream: {}", live.status());
    let (tx, mut rx) = tokio::sync::mpsc::unbounded_channel::<Instant>();
    let reader = tokio::spawn(async move {
        let mut buffer = String::new();
        while let Ok(Some(chunk)) = live.chunk().await {
            buffer.push_str(&String::from_utf8_lossy(&chunk));
            while let Some(end) = buffer.find("\n\n") {
                let event: String = buffer.drain(..end + 2).collect();
                if event.contains("event: conversation") || event.contains("event:conversation") {
                    let _ = tx.send(Instant::now());
                }
            }
        }
    });
    let mut results = Vec::with_capacity(samples);
    for n in 0..samples + 10 {
        let event = serde_json::json!([{
            "type": "message", "mode": "active", "timestamp": linedesk::clock::now_ms(),
            "source": { "type": "user", "userId": "U00000000000000000000000000screen" },
            "webhookEventId": format!("screen-{n}"), "deliveryContext": { "isRedelivery": false },
            "message": { "id": format!("{}", 900_000 + n), "type": "text", "text": format!("ping {n}") }
        }]);
        while rx.try_recv().is_ok() {}
        let status = crate::receiver::post_signed(&client, &receiver.callback, event).await?;
        anyhow::ensure!(status == 200, "webhook: {status}");
        let acknowledged = Instant::now();
        let seen = tokio::time::timeout(Duration::from_secs(5), rx.recv())
            .await
            .map_err(|_| anyhow::anyhow!("no live message within 5 s"))?
            .ok_or_else(|| anyhow::anyhow!("live stream closed"))?;
        // The first ones open the conversation and fetch the profile: warm-up, not measured.
        if n >= 10 {
            results.push(seen.saturating_duration_since(acknowledged));
        }
        // Let the conversation's other changes (e.g. distribution) pass before the next one.
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    reader.abort();
    Ok(results)
}
