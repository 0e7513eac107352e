//! When a workstream is staffed. Outside these hours a customer's message gets the
//! "Out of operating hours" automated message; the conversation still queues, so the first agent
//! back finds it.

use crate::zone::{self, LocalTime};
#[cfg(feature = "tz")]
use crate::{FieldErrors, Problem};
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
    /// The time zone of the hours: an IANA name (`Europe/Rome`), `UTC`, or a fixed offset kept
    /// from before zones (`UTC+05:30`; see `crate::zone`).
    pub time_zone: String,
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
            time_zone: zone::UTC.to_string(),
            days: vec![weekday, weekday, weekday, weekday, weekday, None, None],
        }
    }
}

impl OperatingHours {
    /// Whether the local time falls in the hours; always true when they are off.
    pub fn is_open_at(&self, local: LocalTime) -> bool {
        if !self.enabled {
            return true;
        }
        self.days
            .get(local.weekday)
            .copied()
            .flatten()
            .is_some_and(|o| (o.start..o.end).contains(&local.minute))
    }

    /// `at` (ms since the epoch) in the hours' time zone, daylight saving included.
    #[cfg(feature = "tz")]
    pub fn local_time(&self, at: i64) -> LocalTime {
        zone::local_time(at, &self.time_zone)
    }

    /// Whether `at` (ms since the epoch) falls in the hours; always true when they are off.
    #[cfg(feature = "tz")]
    pub fn is_open(&self, at: i64) -> bool {
        self.is_open_at(self.local_time(at))
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

#[cfg(feature = "tz")]
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

/// Reads the form: seven typed days ("09:00-18:00" or empty for closed) and the time zone
/// (a name the tz database knows). Every bad field gets its own message.
#[cfg(feature = "tz")]
pub fn parse(
    enabled: bool,
    time_zone: &str,
    days: &[String; 7],
) -> Result<OperatingHours, FieldErrors> {
    let mut errors = FieldErrors::new();
    let time_zone = time_zone.trim();
    if !zone::is_known(time_zone) {
        errors.add("time_zone", Problem::UnknownTimeZone);
    }
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
        time_zone: time_zone.to_string(),
        days: parsed,
    })
}

#[cfg(all(test, feature = "tz"))]
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
            "Asia/Tokyo",
            &days(["09:00-18:00", "09:00-18:00", "", "", "", "", "10:00-24:00"]),
        )
        .unwrap();
        // Monday 00:00 UTC is Monday 09:00 in Tokyo: open (start inclusive).
        assert!(hours.is_open(MONDAY));
        // Monday 09:00 UTC is 18:00 in Tokyo: closed (end exclusive).
        assert!(!hours.is_open(MONDAY + 9 * HOUR));
        // Sunday 23:30 in Tokyo = Sunday 14:30 UTC: open until midnight.
        assert!(hours.is_open(MONDAY - 9 * HOUR - HOUR / 2));
        // Wednesday is closed.
        assert!(!hours.is_open(MONDAY + 2 * 24 * HOUR + 3 * HOUR));
        let off = OperatingHours {
            enabled: false,
            ..hours
        };
        assert!(off.is_open(MONDAY + 2 * 24 * HOUR));
    }

    /// Rome is UTC+1 in winter and UTC+2 in summer: the same UTC time of day is inside the
    /// hours in July and outside them in January.
    #[test]
    fn rome_keeps_its_hours_through_daylight_saving() {
        let weekdays = "09:00-18:00";
        let hours = parse(
            true,
            "Europe/Rome",
            &days([weekdays, weekdays, weekdays, weekdays, weekdays, "", ""]),
        )
        .unwrap();
        // Thursday 2026-01-15 and Wednesday 2026-07-15, 07:30 UTC.
        let january = 1_768_462_200_000;
        let july = 1_784_100_600_000;
        assert_eq!(hours.local_time(january).minute, 8 * 60 + 30);
        assert!(!hours.is_open(january));
        assert_eq!(hours.local_time(july).minute, 9 * 60 + 30);
        assert!(hours.is_open(july));
        // 16:30 UTC: 17:30 in January (open), 18:30 in July (closed).
        assert!(hours.is_open(january + 9 * HOUR));
        assert!(!hours.is_open(july + 9 * HOUR));
        // A fixed UTC+01:00 (what the offset field stored) is wrong half the year.
        let fixed = OperatingHours {
            time_zone: "Etc/GMT-1".into(),
            ..hours.clone()
        };
        assert!(!fixed.is_open(july));
    }

    /// Sunday 2026-03-29: Rome's clocks go from 02:00 to 03:00 (01:00 UTC); Sunday
    /// 2026-10-25 they go back from 03:00 to 02:00 (01:00 UTC).
    #[test]
    fn daylight_saving_transition_days() {
        let hours = parse(
            true,
            "Europe/Rome",
            &days(["", "", "", "", "", "", "02:00-04:00"]),
        )
        .unwrap();
        let spring = 1_774_746_000_000; // 2026-03-29 01:00 UTC = 03:00 CEST
        const MINUTE: i64 = 60_000;
        assert_eq!(hours.local_time(spring).minute, 3 * 60);
        assert!(!hours.is_open(spring - HOUR / 2)); // 01:30 CET
        assert!(hours.is_open(spring)); // 03:00 CEST: 02:00-03:00 never happened
        assert!(hours.is_open(spring + HOUR - MINUTE)); // 03:59 CEST
        assert!(!hours.is_open(spring + HOUR)); // 04:00 CEST
        let autumn = 1_792_890_000_000; // 2026-10-25 01:00 UTC = 02:00 CET (again)
        assert_eq!(hours.local_time(autumn - HOUR).minute, 2 * 60); // 02:00 CEST
        assert_eq!(hours.local_time(autumn).minute, 2 * 60); // 02:00 CET
        assert!(hours.is_open(autumn - HOUR));
        assert!(!hours.is_open(autumn - HOUR - MINUTE)); // 01:59 CEST
        assert!(hours.is_open(autumn + HOUR + HOUR / 2)); // 03:30 CET
        assert!(!hours.is_open(autumn + 2 * HOUR)); // 04:00 CET
        assert_eq!(hours.local_time(autumn).weekday, 6);
    }

    #[test]
    fn bad_input_is_named_per_field() {
        let errors = parse(
            true,
            "Mars/Olympus",
            &days(["18:00-09:00", "9-17", "", "", "", "", "closed"]),
        )
        .unwrap_err();
        assert_eq!(
            errors.get("time_zone").map(ToString::to_string).as_deref(),
            Some("Choose a time zone from the list.")
        );
        assert!(errors.get("day_0").is_some());
        assert!(errors.get("day_1").is_some());
        assert!(errors.get("day_2").is_none());
        let closed = parse(true, "UTC", &days(["", "", "", "", "", "", ""])).unwrap_err();
        assert!(closed
            .get("day_0")
            .unwrap()
            .to_string()
            .contains("at least one day"));
        assert!(parse(false, "UTC", &days(["", "", "", "", "", "", ""])).is_ok());
        assert!(parse(false, "+09:00", &days(["", "", "", "", "", "", ""])).is_err());
        let hours = OperatingHours::default();
        assert_eq!(hours.time_zone, "UTC");
        assert_eq!(hours.day_text(0), "09:00-18:00");
        assert_eq!(hours.day_text(6), "");
    }
}
