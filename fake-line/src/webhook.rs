use crate::signature::sign;

/// POSTs `body` to `url` signed with `channel_secret`, as LINE delivers webhooks.
/// Returns the HTTP status, or why the request failed.
pub async fn send_webhook(url: &str, channel_secret: &str, body: Vec<u8>) -> Result<u16, String> {
    let signature = sign(channel_secret, &body);
    let client = reqwest::Client::builder()
        .timeout(std::time::Duration::from_secs(10))
        .build()
        .map_err(|e| e.to_string())?;
    client
        .post(url)
        .header("content-type", "application/json; charset=utf-8")
        .header("x-line-signature", signature)
        .header("user-agent", "LineBotWebhook/2.0")
        .body(body)
        .send()
        .await
        .map(|r| r.status().as_u16())
        .map_err(|e| e.to_string())
}

/// A webhook body with one text message from `user_id`, in LINE's current shape.
pub fn text_message_body(destination: &str, user_id: &str, text: &str) -> serde_json::Value {
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_millis() as u64)
        .unwrap_or(0);
    let id: u64 = rand::random::<u64>() % 900_000_000_000_000 + 100_000_000_000_000;
    serde_json::json!({
        "destination": destination,
        "events": [{
            "type": "message",
            "mode": "active",
            "timestamp": now,
            "source": { "type": "user", "userId": user_id },
            "webhookEventId": format!("01FAKE{id:020}"),
            "deliveryContext": { "isRedelivery": false },
            "replyToken": format!("{:032x}", rand::random::<u128>()),
            "message": {
                "id": id.to_string(), "type": "text", "text": text,
                "quoteToken": format!("q{id}"), "markAsReadToken": format!("mr{id}")
            }
        }]
    })
}
