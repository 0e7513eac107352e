//! Parsers of what admins type: operating hours (days and time zone), routing time ranges and
//! glob patterns. Any input gets an answer or a field error, never a panic.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let mut parts = text.split('\u{1f}');
    let zone = parts.next().unwrap_or_default();
    let days: [String; 7] = std::array::from_fn(|_| parts.next().unwrap_or_default().to_string());
    if let Ok(hours) = domain::operating_hours::parse(true, zone, &days) {
        for weekday in 0..7 {
            let _ = hours.day_text(weekday);
        }
        let _ = hours.is_open(i64::from(data.len() as u32) * 3_600_000);
    }
    // Any text as a zone name: known or not, never a panic (nor a file read: names only).
    let _ = domain::zone::local_time(i64::from(data.len() as u32) * 3_600_000, &text);
    let _ = domain::routing::parse_time_range(&text);
    let middle = text
        .char_indices()
        .nth(text.chars().count() / 2)
        .map_or(text.len(), |(i, _)| i);
    let (pattern, subject) = text.split_at(middle);
    let _ = domain::routing::glob_matches(pattern, subject);
});
