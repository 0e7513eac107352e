//! One webhook delivery parsed into the events to store. Each event keeps its own JSON text, an
//! id to de-duplicate redeliveries by (LINE's webhookEventId, or for older deliveries without one
//! a stable id derived from the event), and the chat whose events must be applied in order.

use serde::Deserialize;
use serde_json::value::RawValue;
use serde_json::Value;
use sha2::{Digest, Sha256};
use std::borrow::Cow;

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

impl Event {
    /// The event's fields, and its text as JSON: what two readings of one event must agree on
    /// (the text's form may differ: as LINE sent it, or printed from a tree). For the tests and
    /// the fuzz target that hold `parse` to `parse_general`. Panics if the text is not JSON,
    /// which neither reading produces.
    pub fn content(&self) -> (Event, Value) {
        let text = serde_json::from_str(&self.body).expect("an event's text is JSON");
        let fields = Event {
            body: String::new(),
            ..self.clone()
        };
        (fields, text)
    }
}

/// A signed body that is not a webhook delivery (answered 400).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Malformed {
    NotJson,
    NoEvents,
}

/// Parses a delivery's events (after its signature was checked).
///
/// The callback's hot path: each event's text is taken as LINE sent it (not parsed into a tree
/// and printed again) and only the fields stored beside it are read. A delivery or event of any
/// other shape (wrong types, duplicate keys, no webhookEventId) goes the general way, through
/// `serde_json::Value`, with the same results.
pub fn parse(body: &[u8]) -> Result<Vec<Event>, Malformed> {
    if skipping_could_pass_what_reading_refuses(body) {
        return parse_general(body);
    }
    let Some(delivery) = std::str::from_utf8(body)
        .ok()
        .and_then(object::<RawDelivery>)
    else {
        return parse_general(body);
    };
    delivery
        .events
        .iter()
        .map(|raw| raw_event(raw).ok_or(()))
        .collect::<Result<_, ()>>()
        .or_else(|()| parse_general(body))
}

/// Whether `body` holds something serde_json lets through when it skips a value (as the fast
/// path skips every field it does not store) but refuses when it reads one into a tree: a
/// `\uD800`-`\uDFFF` escape (reading checks it is half of a pair) or a number beyond f64's
/// range (reading gives "number out of range", skipping checks only the syntax), or arrays and
/// objects nested deeper than reading's recursion limit (128; skipping has none). Numbers are
/// told by their form, conservatively: any exponent, or a run of 300 digits. None of these
/// appears in LINE's deliveries, so the hot path keeps them; one pass, jumping through strings
/// with memchr, because strings are most of a delivery.
fn skipping_could_pass_what_reading_refuses(body: &[u8]) -> bool {
    const LONGEST_PLAIN_NUMBER: usize = 300;
    const DEEPEST_NESTING: usize = 100;
    let mut at = 0;
    let mut digits = 0;
    let mut depth = 0usize;
    while at < body.len() {
        let byte = body[at];
        if byte == b'"' {
            // Inside a string: only escapes matter, up to its closing quote.
            at += 1;
            loop {
                // Unterminated (an escape may have stepped past the end): both readings refuse it.
                let Some(next) = body
                    .get(at..)
                    .and_then(|rest| memchr::memchr2(b'"', b'\\', rest))
                else {
                    return false;
                };
                at += next;
                if body[at] == b'"' {
                    break;
                }
                if body.get(at + 1) == Some(&b'u')
                    && body.get(at + 2).map(|b| b | 0x20) == Some(b'd')
                {
                    return true;
                }
                at += 2;
            }
            digits = 0;
        } else if byte.is_ascii_digit() {
            digits += 1;
            if digits >= LONGEST_PLAIN_NUMBER {
                return true;
            }
        } else if (byte | 0x20) == b'e' && at > 0 && body[at - 1].is_ascii_digit() {
            return true;
        } else {
            digits = 0;
            match byte {
                b'[' | b'{' => {
                    depth += 1;
                    if depth > DEEPEST_NESTING {
                        return true;
                    }
                }
                b']' | b'}' => depth = depth.saturating_sub(1),
                _ => {}
            }
        }
        at += 1;
    }
    false
}

/// `text` read as `T` when it is a JSON object. (Derived structs also read arrays, field by
/// position, where `Value`'s lookups would find nothing.)
fn object<'a, T: Deserialize<'a>>(text: &'a str) -> Option<T> {
    if !text.trim_start().starts_with('{') {
        return None;
    }
    serde_json::from_str(text).ok()
}

#[derive(Deserialize)]
struct RawDelivery<'a> {
    #[serde(borrow)]
    events: Vec<&'a RawValue>,
}

/// The fields of an event stored beside its text; other fields are skipped unread.
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct Fields<'a> {
    #[serde(rename = "type", borrow)]
    kind: Cow<'a, str>,
    #[serde(borrow)]
    webhook_event_id: Cow<'a, str>,
    timestamp: Option<i64>,
    #[serde(borrow)]
    source: Option<&'a RawValue>,
    #[serde(borrow)]
    delivery_context: Option<&'a RawValue>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct Source<'a> {
    #[serde(rename = "type", borrow)]
    kind: Cow<'a, str>,
    #[serde(borrow)]
    user_id: Option<Cow<'a, str>>,
    #[serde(borrow)]
    group_id: Option<Cow<'a, str>>,
    #[serde(borrow)]
    room_id: Option<Cow<'a, str>>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct DeliveryContext {
    is_redelivery: bool,
}

/// One event of the usual shape, or None for the general way.
fn raw_event(raw: &RawValue) -> Option<Event> {
    let text = raw.get();
    let fields: Fields = object(text)?;
    let source: Option<Source> = match fields.source {
        Some(raw) => Some(object(raw.get())?),
        None => None,
    };
    let redelivery = match fields.delivery_context {
        Some(raw) => object::<DeliveryContext>(raw.get())?.is_redelivery,
        None => false,
    };
    let chat_key = source.as_ref().and_then(|source| {
        let id = match source.kind.as_ref() {
            "user" => &source.user_id,
            "group" => &source.group_id,
            "room" => &source.room_id,
            _ => &None,
        };
        id.as_ref().map(|id| format!("{}:{id}", source.kind))
    });
    Some(Event {
        event_id: fields.webhook_event_id.into_owned(),
        event_type: fields.kind.into_owned(),
        source_user_id: source
            .and_then(|source| source.user_id)
            .map(Cow::into_owned),
        chat_key,
        event_time: fields.timestamp,
        redelivery,
        body: text.to_string(),
    })
}

/// `parse` for every shape, through a JSON tree (each event's text printed from it). Public so
/// that the fuzz target can hold `parse` to it.
pub fn parse_general(body: &[u8]) -> Result<Vec<Event>, Malformed> {
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

    /// The usual shape is read without a tree: the same results as the general way, and each
    /// event's text exactly as LINE sent it.
    #[test]
    fn the_fast_path_agrees_with_the_general_one_on_lines_own_bodies() {
        let dir =
            std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../fixtures/line-fixtures");
        let mut files = vec![dir];
        let (mut compared, mut fast) = (0, 0);
        while let Some(path) = files.pop() {
            if path.is_dir() {
                files.extend(std::fs::read_dir(&path).unwrap().map(|e| e.unwrap().path()));
                continue;
            }
            if path.extension().is_none_or(|e| e != "json") {
                continue;
            }
            let body = std::fs::read(&path).unwrap();
            let (Ok(parsed), Ok(general)) = (parse(&body), parse_general(&body)) else {
                assert_eq!(parse(&body), parse_general(&body), "{}", path.display());
                continue;
            };
            assert_eq!(parsed.len(), general.len(), "{}", path.display());
            for (event, expected) in parsed.iter().zip(&general) {
                assert_eq!(event.content(), expected.content(), "{}", path.display());
                fast += usize::from(event.body != expected.body);
                compared += 1;
            }
        }
        assert!(compared > 50, "{compared} events compared");
        assert!(fast > 0, "some events took the fast path");
    }

    /// What sends a body the general way: only what skipping would wrongly pass. LINE's usual
    /// fields (hex ids with "e" after a digit inside strings, true/false, decimals) stay fast.
    #[test]
    fn only_what_skipping_would_pass_leaves_the_fast_path() {
        let usual = r#"{"destination":"U0","events":[{"replyToken":"fbf94e269485410da6b7e3a5e33283e8","type":"message","mode":"active","timestamp":1462629479859,"source":{"type":"user","userId":"U206d25c2ea6bd87c17655609a1c37cb8"},"webhookEventId":"01FZ74A0TDDPYRVKNK77XKC3ZR","deliveryContext":{"isRedelivery":false},"message":{"id":"325708","type":"location","title":"1e9 \"café\" \\u0064","latitude":35.65910807942215,"longitude":-139.70372892916203,"flag":true}}]}"#;
        assert!(!skipping_could_pass_what_reading_refuses(usual.as_bytes()));
        let long = format!(r#"{{"events":[{{"n":1{}}}]}}"#, "0".repeat(400));
        for odd in [
            r#"{"events":[{"latitude":35.65E10807942215}]}"#,
            r#"{"events":[{"n":1e-400}]}"#,
            r#"{"events":[{"x":"\uDc00"}]}"#,
            long.as_str(),
        ] {
            assert!(
                skipping_could_pass_what_reading_refuses(odd.as_bytes()),
                "{odd}"
            );
        }
        for unterminated in [r#"{"events":["\"#, r#"{"events":["ab"#, r#"{"events":[1E"#] {
            assert_eq!(parse(unterminated.as_bytes()), Err(Malformed::NotJson));
        }
        let deep = format!(
            r#"{{"events":[{{"type":"message","webhookEventId":"a","x":{}1{}}}]}}"#,
            "[".repeat(200),
            "]".repeat(200)
        );
        assert_eq!(parse(deep.as_bytes()), parse_general(deep.as_bytes()));
        // Refused by both readings alike: a number beyond f64 written out in digits.
        assert_eq!(parse(long.as_bytes()), Err(Malformed::NotJson));
    }

    #[test]
    fn an_events_text_is_kept_as_sent() {
        let event = r#"{"webhookEventId":"01J","type":"message","source":{"userId":"U1","type":"user"},"message":{"text":"caf\u00e9 \"x\""},"timestamp":7}"#;
        let body = format!(r#"{{"destination":"U0","events":[{event}]}}"#);
        let parsed = parse(body.as_bytes()).unwrap();
        assert_eq!(parsed[0].body, event);
        assert_eq!(parsed[0].chat_key.as_deref(), Some("user:U1"));
        assert_eq!(parsed[0].event_time, Some(7));
        assert!(!parsed[0].redelivery);
    }

    /// Arrays where objects belong, wrong types, duplicate keys, lone surrogate escapes: the
    /// general way's answers.
    #[test]
    fn odd_shapes_read_as_the_general_way_reads_them() {
        for body in [
            r#"[[{"type":"message","webhookEventId":"a"}]]"#,
            r#"{"events":[["message","a"]]}"#,
            r#"{"events":[{"type":"message","webhookEventId":"a","source":["user","U1"]}]}"#,
            r#"{"events":[{"type":"message","webhookEventId":"a","timestamp":1.5}]}"#,
            r#"{"events":[{"type":"message","webhookEventId":"a","type":"follow"}]}"#,
            r#"{"events":[{"type":"message","webhookEventId":"a","deliveryContext":{}}]}"#,
            r#"{"events":[{"type":"message","webhookEventId":"a","source":{"type":"user","userId":5}}]}"#,
            r#"{"events":null}"#,
            r#"{"events":[{"type":"message","webhookEventId":"a","x":"\ud800"}]}"#,
            r#"{"events":[{"type":"message","webhookEventId":"a","x":1,"x":2}]}"#,
            // Found by the fuzzer: numbers beyond f64, which only reading refuses (and, found
            // while fixing that, nesting beyond reading's recursion limit: the test below).
            r#"{"events":[{"type":"message","webhookEventId":"a","latitude":35.65E10807942215}]}"#,
            r#"{"events":[{"type":"message","webhookEventId":"a","latitude":1e-400}]}"#,
            // Found by the fuzzer: the general way prints a float and reads it back; without
            // serde_json's float_roundtrip the read was off in the last digit.
            r#"{"events":[{"type":"message","webhookEventId":"a","t":14626294790000000000432166602771046.1859}]}"#,
            r#"{"events":[{"type":"message","webhookEventId":"a","x":"e1","y":[true,false],"z":2.5E3}]}"#,
        ] {
            let contents = |parsed: Result<Vec<Event>, Malformed>| {
                parsed.map(|events| events.iter().map(Event::content).collect::<Vec<_>>())
            };
            assert_eq!(
                contents(parse(body.as_bytes())),
                contents(parse_general(body.as_bytes())),
                "{body}"
            );
        }
    }
}
