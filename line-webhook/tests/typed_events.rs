//! Every event of LINE's own webhook bodies (the SDKs' fixtures) reads into its typed kind: no
//! event or message of a kind LINE documents falls back to Unknown.

use line_webhook::event::{Content, Event, Kind};
use serde_json::Value;
use std::path::{Path, PathBuf};

/// The kinds LINE documents (webhook.yml, and messageEdited from the Java SDK).
const KNOWN_EVENTS: &[&str] = &[
    "message",
    "messageEdited",
    "unsend",
    "follow",
    "unfollow",
    "join",
    "leave",
    "memberJoined",
    "memberLeft",
    "postback",
    "videoPlayComplete",
    "beacon",
    "accountLink",
    "membership",
    "module",
    "activated",
    "deactivated",
    "botSuspended",
    "botResumed",
    "delivery",
    "things",
];
const KNOWN_MESSAGES: &[&str] = &[
    "text", "image", "video", "audio", "file", "location", "sticker",
];

fn fixture_events() -> Vec<(PathBuf, Value)> {
    let mut dirs = vec![Path::new(env!("CARGO_MANIFEST_DIR")).join("../fixtures/line-fixtures")];
    let mut events = Vec::new();
    while let Some(path) = dirs.pop() {
        if path.is_dir() {
            dirs.extend(std::fs::read_dir(&path).unwrap().map(|e| e.unwrap().path()));
            continue;
        }
        if path.extension().is_none_or(|e| e != "json") {
            continue;
        }
        let Ok(body) = serde_json::from_slice::<Value>(&std::fs::read(&path).unwrap()) else {
            continue;
        };
        if let Some(list) = body.get("events").and_then(Value::as_array) {
            events.extend(list.iter().map(|event| (path.clone(), event.clone())));
        }
    }
    events
}

#[test]
fn every_fixture_event_of_a_known_kind_reads_typed() {
    let (mut typed, mut unknown) = (0, 0);
    for (path, raw) in fixture_events() {
        let event = Event::read(&raw.to_string());
        let type_name = raw["type"].as_str().unwrap_or_default();
        let at = format!("{}: {raw}", path.display());
        assert_eq!(event.raw, raw, "{at}");
        if !KNOWN_EVENTS.contains(&type_name) {
            assert!(
                matches!(event.kind, Kind::Unknown(ref kept) if *kept == raw),
                "{at}"
            );
            unknown += 1;
            continue;
        }
        assert!(!matches!(event.kind, Kind::Unknown(_)), "{at}");
        assert_eq!(event.type_name(), Some(type_name));
        // The fields every event has, as LINE sent them.
        assert_eq!(event.timestamp, raw["timestamp"].as_i64(), "{at}");
        assert_eq!(
            event.reply_token.as_deref(),
            raw["replyToken"].as_str(),
            "{at}"
        );
        assert_eq!(
            event.webhook_event_id.as_deref(),
            raw["webhookEventId"].as_str(),
            "{at}"
        );
        assert_eq!(event.user_id(), raw["source"]["userId"].as_str(), "{at}");
        // A source of a kind LINE does not document (the Java SDK's unknown.json) reads as none.
        let source_kind = raw["source"]["type"].as_str().unwrap_or_default();
        assert_eq!(
            event.source.is_some(),
            ["user", "group", "room"].contains(&source_kind),
            "{at}"
        );
        assert_eq!(event.mode.is_some(), raw.get("mode").is_some(), "{at}");
        assert_eq!(
            event.delivery_context.map(|c| c.is_redelivery),
            raw["deliveryContext"]["isRedelivery"].as_bool(),
            "{at}"
        );
        if let Kind::Message { message } | Kind::MessageEdited { message } = &event.kind {
            assert_eq!(message.raw, raw["message"], "{at}");
            assert_eq!(message.id.as_deref(), raw["message"]["id"].as_str(), "{at}");
            let kind = raw["message"]["type"].as_str();
            assert_eq!(message.content.kind(), kind, "{at}");
            if KNOWN_MESSAGES.contains(&kind.unwrap_or_default()) {
                assert!(!matches!(message.content, Content::Unknown(_)), "{at}");
            } else {
                assert_eq!(message.content, Content::Unknown(kind.map(str::to_owned)));
            }
        }
        typed += 1;
    }
    assert!(typed > 60, "{typed} typed events");
    assert!(unknown > 0, "the fixtures' made-up kinds stay Unknown");
}

#[test]
fn odd_events_stay_unknown_with_their_json() {
    for text in [
        "not json",
        "[1]",
        r#"{"type":"postback","postback":{}}"#,
        r#"{"type":"greatNewFeature","source":{"type":"user","userId":"U1"}}"#,
    ] {
        let event = Event::read(text);
        assert!(matches!(event.kind, Kind::Unknown(_)), "{text}");
    }
    // The common fields read one by one: one of the wrong type does not hide the others.
    let event = Event::read(
        r#"{"type":"unfollow","timestamp":"5","mode":"standby","replyToken":"r","source":{"type":"user","userId":"U1"}}"#,
    );
    assert_eq!(event.kind, Kind::Unfollow);
    assert_eq!(event.timestamp, None);
    assert_eq!(event.reply_token_for_us(), None);
    assert_eq!(
        event.chat().map(|(kind, id)| (kind.as_str(), id)),
        Some(("user", "U1"))
    );
}

#[test]
fn a_message_of_a_new_kind_keeps_its_type() {
    let event = Event::read(
        r#"{"type":"message","message":{"id":"1","type":"hologram","depth":3},"source":{"type":"group","groupId":"C1"}}"#,
    );
    let Kind::Message { message } = event.kind else {
        panic!("a message event");
    };
    assert_eq!(message.content, Content::Unknown(Some("hologram".into())));
    assert_eq!(message.raw["depth"], 3);
    assert_eq!(event.source.unwrap().user_id(), None);
}
