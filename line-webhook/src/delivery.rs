//! One webhook delivery parsed into the events to store. Each event keeps its own JSON text, an
//! id to de-duplicate redeliveries by (LINE's webhookEventId, or for older deliveries without one
//! a stable id derived from the event), and the chat whose events must be applied in order.

use serde_json::Value;
use sha2::{Digest, Sha256};

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Event {
    pub event_id: String,
    pub event_type: String,
    pub source_user_id: Option<String>,
    /// "user:U…", "group:C…" or "room:R…".
    pub chat_key: Option<String>,
    pub event_time: Option<i64>,
    pub redelivery: bool,
    /// The event's JSON, as stored.
    pub body: String,
}

/// A signed body that is not a webhook delivery (answered 400).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Malformed {
    NotJson,
    NoEvents,
}

/// Parses a delivery's events (after its signature was checked).
pub fn parse(body: &[u8]) -> Result<Vec<Event>, Malformed> {
    let payload: Value = serde_json::from_slice(body).map_err(|_| Malformed::NotJson)?;
    let events = payload
        .get("events")
        .and_then(Value::as_array)
        .ok_or(Malformed::NoEvents)?;
    Ok(events.iter().map(event).collect())
}

fn event(event: &Value) -> Event {
    let body = event.to_string();
    let event_id = match event["webhookEventId"].as_str() {
        Some(id) => id.to_string(),
        None => format!("derived:{}", hex::encode(Sha256::digest(body.as_bytes()))),
    };
    Event {
        event_id,
        event_type: event["type"].as_str().unwrap_or("unknown").to_string(),
        source_user_id: event["source"]["userId"].as_str().map(str::to_owned),
        chat_key: chat_key(event),
        event_time: event["timestamp"].as_i64(),
        redelivery: event["deliveryContext"]["isRedelivery"]
            .as_bool()
            .unwrap_or(false),
        body,
    }
}

/// The chat an event belongs to: ("user" | "group" | "room", its id).
pub fn chat(event: &Value) -> Option<(&'static str, String)> {
    let source = &event["source"];
    let (kind, field) = match source["type"].as_str()? {
        "user" => ("user", "userId"),
        "group" => ("group", "groupId"),
        "room" => ("room", "roomId"),
        _ => return None,
    };
    Some((kind, source[field].as_str()?.to_string()))
}

/// The chat as one key, "user:U…", "group:C…" or "room:R…".
pub fn chat_key(event: &Value) -> Option<String> {
    chat(event).map(|(kind, id)| format!("{kind}:{id}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn events_keep_their_ids_and_chats() {
        let body = br#"{"destination":"U1","events":[
            {"type":"message","webhookEventId":"01H","timestamp":5,"source":{"type":"group","groupId":"C9","userId":"U2"},"deliveryContext":{"isRedelivery":true}},
            {"type":"follow","source":{"type":"user","userId":"U3"}}]}"#;
        let events = parse(body).unwrap();
        assert_eq!(events[0].event_id, "01H");
        assert_eq!(events[0].chat_key.as_deref(), Some("group:C9"));
        assert_eq!(events[0].source_user_id.as_deref(), Some("U2"));
        assert!(events[0].redelivery);
        assert_eq!(events[0].event_time, Some(5));
        assert!(events[1].event_id.starts_with("derived:"));
        assert_eq!(events[1].chat_key.as_deref(), Some("user:U3"));
        // The derived id is stable: a redelivery of the same old-shape event gets the same id.
        assert_eq!(parse(body).unwrap()[1].event_id, events[1].event_id);
    }

    #[test]
    fn bodies_that_are_not_deliveries_are_malformed() {
        assert_eq!(parse(b"not json"), Err(Malformed::NotJson));
        assert_eq!(parse(b"{\"destination\":\"U1\"}"), Err(Malformed::NoEvents));
        assert_eq!(parse(b"{\"events\":{}}"), Err(Malformed::NoEvents));
        assert_eq!(parse(b"{\"events\":[]}"), Ok(vec![]));
        // Events of unexpected shapes are still stored (the raw event log shows them).
        assert_eq!(
            parse(b"{\"events\":[1,\"x\"]}").unwrap()[0].event_type,
            "unknown"
        );
    }
}
