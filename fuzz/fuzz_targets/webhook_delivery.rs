//! What the callback does with every request: the signature check over raw bytes, then the
//! delivery parse. Never a panic; a correctly signed body always verifies, a changed one never;
//! every parsed delivery keeps all its events, each with an id.
#![no_main]

use libfuzzer_sys::fuzz_target;

const SECRET: &[u8] = b"8c3f0e7d5a1b49c2a6e4f1d0b7c9a2e5";

fuzz_target!(|data: &[u8]| {
    let Some((&mode, rest)) = data.split_first() else {
        return;
    };
    if mode % 2 == 0 {
        let signature = line_webhook::signature::sign(SECRET, rest);
        assert!(line_webhook::signature::verify(SECRET, rest, &signature));
        let mut changed = rest.to_vec();
        changed.push(mode);
        assert!(!line_webhook::signature::verify(SECRET, &changed, &signature));
        // The fast path reads what the general one reads; only an event's text may differ in
        // form (as sent, or printed from the tree), never in content.
        let parsed = line_webhook::parse(rest);
        let general = line_webhook::delivery::parse_general(rest);
        match (&parsed, &general) {
            (Ok(fast), Ok(slow)) => {
                assert_eq!(fast.len(), slow.len());
                for (a, b) in fast.iter().zip(slow) {
                    assert_eq!(a.content(), b.content());
                }
            }
            _ => assert_eq!(parsed, general),
        }
        if let Ok(events) = parsed {
            let json: serde_json::Value = serde_json::from_slice(rest).unwrap();
            assert_eq!(events.len(), json["events"].as_array().unwrap().len());
            for event in &events {
                assert!(!event.event_id.is_empty());
                assert!(serde_json::from_str::<serde_json::Value>(&event.body).is_ok());
            }
        }
    } else {
        // An attacker's signature header: any text, never a panic.
        let split = rest.iter().position(|&b| b == b'\n').unwrap_or(rest.len());
        let header = String::from_utf8_lossy(&rest[..split]);
        let _ = line_webhook::signature::verify(SECRET, &rest[split..], &header);
    }
});
