//! When a workstream is staffed. Outside these hours a customer's message gets the
//! "Out of operating hours" automated message; the conversation still queues, so the first agent
//! back finds it.

use crate::routing::local_time;
use crate::FieldErrors;
use crate::Problem;
use serde::{Deserialize, Serialize};

pub const DAY_LABELS: [&str; 7] = [
    "Monday",
    "Tuesday",
    "Wednesday",
    "Thursday",
    "Friday",
    "Saturday",
    "Sunday",
];

/// One day's opening, in minutes of the local day; `end` is exclusive and may be 1440 (24:00).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Opening {
    pub start: u32,
    pub end: u32,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct OperatingHours {
    pub enabled: bool,
    /// The time zone of the hours, in minutes east of UTC.
    pub utc_offset_minutes: i32,
    /// Monday first; None: closed all day.
    pub days: Vec<Option<Opening>>,
}

impl Default for OperatingHours {
    fn default() -> Self {
        let weekday = Some(Opening {
            start: 9 * 60,
            end: 18 * 60,
        });
        OperatingHours {
            enabled: false,
            utc_offset_minutes: 0,
            days: vec![weekday, weekday, weekday, weekday, weekday, None, None],
        }
    }
}

impl OperatingHours {
    /// Whether `at` (ms since the epoch) falls in the hours; always true when they are off.
    pub fn is_open(&self, at: i64) -> bool {
        if !self.enabled {
            return true;
        }
        let (minute, weekday) = local_time(at, self.utc_offset_minutes);
        self.days
            .get(weekday)
            .copied()
            .flatten()
            .is_some_and(|o| (o.start..o.end).contains(&minute))
    }

    /// A day as the form shows it: "09:00-18:00", or empty when closed.
    pub fn day_text(&self, weekday: usize) -> String {
        match self.days.get(weekday).copied().flatten() {
            Some(o) => format!("{}-{}", clock(o.start), clock(o.end)),
            None => String::new(),
        }
    }
}

fn clock(minutes: u32) -> String {
    format!("{:02}:{:02}", minutes / 60, minutes % 60)
}

fn parse_clock(s: &str) -> Option<u32> {
    let (h, m) = s.trim().split_once(':')?;
    let (h, m) = (h.trim().parse::<u32>().ok()?, m.trim().parse::<u32>().ok()?);
    match (h, m) {
        (24, 0) => Some(1440),
        (0..=23, 0..=59) => Some(h * 60 + m),
        _ => None,
    }
}

/// Field names of the days in forms and errors, Monday first.
pub const DAY_FIELDS: [&str; 7] = [
    "day_0", "day_1", "day_2", "day_3", "day_4", "day_5", "day_6",
];

/// Reads the form: seven typed days ("09:00-18:00" or empty for closed) and the offset
/// ("+09:00", "-05:30", "0"). Every bad field gets its own message.
pub fn parse(
    enabled: bool,
    offset: &str,
    days: &[String; 7],
) -> Result<OperatingHours, FieldErrors> {
    let mut errors = FieldErrors::new();
    let utc_offset_minutes = parse_offset(offset).unwrap_or_else(|| {
        errors.add("utc_offset", Problem::OffsetExample);
        0
    });
    let mut parsed = Vec::with_capacity(7);
    for (weekday, typed) in days.iter().enumerate() {
        let typed = typed.trim();
        if typed.is_empty() || typed.eq_ignore_ascii_case("closed") {
            parsed.push(None);
            continue;
        }
        let opening = typed.split_once('-').and_then(|(a, b)| {
            let (start, end) = (parse_clock(a)?, parse_clock(b)?);
            (start < end && start < 1440).then_some(Opening { start, end })
        });
        if opening.is_none() {
            errors.add(DAY_FIELDS[weekday], Problem::DayHours);
        }
        parsed.push(opening);
    }
    if enabled && errors.is_empty() && parsed.iter().all(Option::is_none) {
        errors.add("day_0", Problem::OpenOneDay);
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    Ok(OperatingHours {
        enabled,
        utc_offset_minutes,
        days: parsed,
    })
}

/// "+09:00", "-5", "+5:30", "0" as minutes east of UTC, within UTC-12:00..UTC+14:00.
pub fn parse_offset(typed: &str) -> Option<i32> {
    let t = typed.trim().trim_start_matches("UTC").trim();
    if t.is_empty() {
        return None;
    }
    let (sign, rest) = match t.as_bytes()[0] {
        b'-' => (-1, &t[1..]),
        b'+' => (1, &t[1..]),
        _ => (1, t),
    };
    let (h, m) = match rest.split_once(':') {
        Some((h, m)) => (h.parse::<i32>().ok()?, m.parse::<i32>().ok()?),
        None => (rest.parse::<i32>().ok()?, 0),
    };
    // Hours beyond 14 are never valid; checking first also keeps h * 60 from overflowing
    // (found by fuzzing: "111101110" wrapped around into a plausible offset).
    if !(0..60).contains(&m) || !(0..=14).contains(&h) {
        return None;
    }
    let minutes = sign * (h * 60 + m);
    (-720..=840).contains(&minutes).then_some(minutes)
}

/// "+09:00" for 540.
pub fn format_offset(minutes: i32) -> String {
    let sign = if minutes < 0 { '-' } else { '+' };
    let m = minutes.unsigned_abs();
    format!("{sign}{:02}:{:02}", m / 60, m % 60)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn days(typed: [&str; 7]) -> [String; 7] {
        typed.map(str::to_owned)
    }

    // 2026-11-23 was a Monday; 00:00 UTC.
    const MONDAY: i64 = 1_795_392_000_000;
    const HOUR: i64 = 3_600_000;

    #[test]
    fn open_and_closed_in_the_hours_time_zone() {
        let hours = parse(
            true,
            "+09:00",
            &days(["09:00-18:00", "09:00-18:00", "", "", "", "", "10:00-24:00"]),
        )
        .unwrap();
        // Monday 00:00 UTC is Monday 09:00 in UTC+9: open (start inclusive).
        assert!(hours.is_open(MONDAY));
        // Monday 09:00 UTC is 18:00 in UTC+9: closed (end exclusive).
        assert!(!hours.is_open(MONDAY + 9 * HOUR));
        // Sunday 23:30 UTC+9 = Sunday 14:30 UTC: open until midnight.
        assert!(hours.is_open(MONDAY - 9 * HOUR - HOUR / 2));
        // Wednesday is closed.
        assert!(!hours.is_open(MONDAY + 2 * 24 * HOUR + 3 * HOUR));
        let off = OperatingHours {
            enabled: false,
            ..hours
        };
        assert!(off.is_open(MONDAY + 2 * 24 * HOUR));
    }

    #[test]
    fn bad_input_is_named_per_field() {
        let errors = parse(
            true,
            "+15:00",
            &days(["18:00-09:00", "9-17", "", "", "", "", "closed"]),
        )
        .unwrap_err();
        assert!(errors.get("utc_offset").is_some());
        assert!(errors.get("day_0").is_some());
        assert!(errors.get("day_1").is_some());
        assert!(errors.get("day_2").is_none());
        let closed = parse(true, "0", &days(["", "", "", "", "", "", ""])).unwrap_err();
        assert!(closed
            .get("day_0")
            .unwrap()
            .to_string()
            .contains("at least one day"));
        assert!(parse(false, "0", &days(["", "", "", "", "", "", ""])).is_ok());
    }

    #[test]
    fn offsets() {
        assert_eq!(parse_offset("+09:00"), Some(540));
        assert_eq!(parse_offset("-5"), Some(-300));
        assert_eq!(parse_offset("UTC+5:30"), Some(330));
        assert_eq!(parse_offset("0"), Some(0));
        assert_eq!(parse_offset("+14:01"), None);
        assert_eq!(parse_offset("abc"), None);
        // Found by fuzzing: hours this large overflowed instead of being refused.
        assert_eq!(parse_offset("111101110"), None);
        assert_eq!(parse_offset("-2147483647:00"), None);
        assert_eq!(format_offset(-330), "-05:30");
        let hours = OperatingHours::default();
        assert_eq!(hours.day_text(0), "09:00-18:00");
        assert_eq!(hours.day_text(6), "");
    }
}
