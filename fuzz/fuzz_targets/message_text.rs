//! Hand-written text handling: splitting long replies for LINE (pieces within the limit, no
//! text lost) and rendering LINE message payloads (emoji positions are UTF-16 indexes from
//! outside, so any number can arrive).
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Some((&max, rest)) = data.split_first() else {
        return;
    };
    let text = String::from_utf8_lossy(rest);
    let max = usize::from(max % 64);
    let pieces = domain::message::split_text(&text, max);
    for piece in &pieces {
        assert!(piece.chars().count() <= max.max(1), "{piece:?} longer than {max}");
    }
    let kept: String = pieces.concat().chars().filter(|c| !c.is_whitespace()).collect();
    let given: String = text.chars().filter(|c| !c.is_whitespace()).collect();
    assert_eq!(kept, given, "text lost or changed");

    if let Ok(payload) = serde_json::from_slice::<serde_json::Value>(rest) {
        for kind in ["text", "sticker", "location", "image", "file", "unknown"] {
            let _ = domain::message::rich_content(kind, &payload);
        }
    }
});
