//! The time zones schedules are kept in (operating hours, routing's time and weekday
//! conditions): IANA names such as `Europe/Rome`, with their daylight saving, or `UTC`.
//!
//! A fixed offset written `UTC+05:30` is also understood: migration 0016 keeps offsets that no
//! IANA zone matches exactly in this form, so nothing stored before zones changes meaning. The
//! picker offers it only while it is the current value.
//!
//! Looking a name up needs the tz database (jiff), which only the server carries: the `tz`
//! feature, on by default and off in the browser build. The wasm-safe part is `LocalTime`.

/// The zone of a schedule nobody has set (and of the organisation without a default).
pub const UTC: &str = "UTC";

/// A wall-clock reading in some zone.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct LocalTime {
    /// Minute of the local day, 0..1440.
    pub minute: u32,
    /// 0 = Monday.
    pub weekday: usize,
    /// The local date as days since 1970-01-01.
    pub day: i64,
}

impl LocalTime {
    /// `at` (Unix ms) where the clocks are `offset_seconds` ahead of UTC.
    pub fn with_offset(at: i64, offset_seconds: i32) -> Self {
        let minutes = (at + i64::from(offset_seconds) * 1000).div_euclid(60_000);
        let day = minutes.div_euclid(1440);
        LocalTime {
            minute: minutes.rem_euclid(1440) as u32,
            // 1970-01-01 was a Thursday (index 3).
            weekday: (day + 3).rem_euclid(7) as usize,
            day,
        }
    }
}

/// `UTC+05:30` / `UTC-03:30` as minutes east of UTC (UTC-12:00 to UTC+14:00); None otherwise.
pub fn fixed_offset_minutes(name: &str) -> Option<i32> {
    let rest = name.strip_prefix("UTC")?;
    let (sign, rest) = match rest.as_bytes().first()? {
        b'+' => (1, &rest[1..]),
        b'-' => (-1, &rest[1..]),
        _ => return None,
    };
    let (h, m) = rest.split_once(':')?;
    if h.len() != 2 || m.len() != 2 {
        return None;
    }
    let (h, m) = (h.parse::<i32>().ok()?, m.parse::<i32>().ok()?);
    if h > 14 || m > 59 {
        return None;
    }
    let minutes = sign * (h * 60 + m);
    (-720..=840).contains(&minutes).then_some(minutes)
}

/// The fixed-offset name of `minutes` east of UTC: `UTC+05:30`.
pub fn fixed_offset_name(minutes: i32) -> String {
    let sign = if minutes < 0 { '-' } else { '+' };
    let m = minutes.unsigned_abs();
    format!("UTC{sign}{:02}:{:02}", m / 60, m % 60)
}

#[cfg(feature = "tz")]
pub use with_database::*;

#[cfg(feature = "tz")]
mod with_database {
    use super::*;
    use jiff::tz::{Offset, TimeZone};
    use jiff::Timestamp;

    /// The zone a stored or posted name stands for; None when the database does not know it.
    pub fn resolve(name: &str) -> Option<TimeZone> {
        if name == UTC {
            return Some(TimeZone::UTC);
        }
        if let Some(minutes) = fixed_offset_minutes(name) {
            return Offset::from_seconds(minutes * 60).ok().map(TimeZone::fixed);
        }
        // Only names: jiff would also read a path or a POSIX TZ string.
        if name.is_empty() || name.len() > 64 || name.starts_with(['/', '.', ':']) {
            return None;
        }
        TimeZone::get(name).ok()
    }

    pub fn is_known(name: &str) -> bool {
        resolve(name).is_some()
    }

    /// The local time of `at` (Unix ms) in the named zone, daylight saving included. A name the
    /// database does not know (validation keeps them out) reads as UTC.
    pub fn local_time(at: i64, zone: &str) -> LocalTime {
        let offset = resolve(zone)
            .zip(Timestamp::from_millisecond(at).ok())
            .map_or(0, |(tz, ts)| tz.to_offset(ts).seconds());
        LocalTime::with_offset(at, offset)
    }

    /// The instant (Unix ms) of a local date and time in the zone: the earlier one when the
    /// clocks go back, the time after the gap when they go forward.
    pub fn instant_of(zone: &str, day: i64, minute: u32) -> Option<i64> {
        let tz = resolve(zone)?;
        let date = jiff::civil::Date::new(1970, 1, 1)
            .ok()?
            .checked_add(jiff::Span::new().days(day))
            .ok()?;
        let time = jiff::civil::Time::new((minute / 60) as i8, (minute % 60) as i8, 0, 0).ok()?;
        let zoned = date.to_datetime(time).to_zoned(tz).ok()?;
        Some(zoned.timestamp().as_millisecond())
    }

    /// The names a picker offers, sorted: `UTC` and the IANA zones under a continent or ocean
    /// (`Europe/Rome`, `Etc/GMT-9`), without the database's old aliases (`Japan`, `US/Pacific`).
    pub fn picker_names() -> Vec<String> {
        const AREAS: [&str; 10] = [
            "Africa",
            "America",
            "Antarctica",
            "Arctic",
            "Asia",
            "Atlantic",
            "Australia",
            "Europe",
            "Indian",
            "Pacific",
        ];
        let mut names: Vec<String> = jiff::tz::db()
            .available()
            .map(|name| name.as_str().to_string())
            .filter(|name| {
                name.split_once('/')
                    .is_some_and(|(area, _)| AREAS.contains(&area) || area == "Etc")
                    && !name.starts_with("Etc/Unknown")
            })
            .collect();
        names.sort();
        names.dedup();
        names.insert(0, UTC.to_string());
        names
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    // 2026-11-23 was a Monday; 00:00 UTC.
    const MONDAY: i64 = 1_795_392_000_000;

    #[test]
    fn local_time_with_an_offset() {
        let t = LocalTime::with_offset(MONDAY, 0);
        assert_eq!((t.minute, t.weekday), (0, 0));
        let t = LocalTime::with_offset(MONDAY, -3600);
        assert_eq!((t.minute, t.weekday), (23 * 60, 6));
        assert_eq!(t.day + 1, LocalTime::with_offset(MONDAY, 0).day);
        assert_eq!(LocalTime::with_offset(MONDAY, 9 * 3600).minute, 9 * 60);
    }

    #[test]
    fn fixed_offsets() {
        assert_eq!(fixed_offset_minutes("UTC+05:30"), Some(330));
        assert_eq!(fixed_offset_minutes("UTC-03:30"), Some(-210));
        assert_eq!(fixed_offset_minutes("UTC+14:00"), Some(840));
        for bad in [
            "UTC",
            "UTC+15:00",
            "UTC-12:30",
            "UTC+5:30",
            "+05:30",
            "UTC+05:60",
        ] {
            assert_eq!(fixed_offset_minutes(bad), None, "{bad}");
        }
        assert_eq!(fixed_offset_name(-210), "UTC-03:30");
        assert_eq!(fixed_offset_name(345), "UTC+05:45");
    }

    #[cfg(feature = "tz")]
    #[test]
    fn zones_from_the_database() {
        // 2026-01-15 and 2026-07-15, 12:00 UTC.
        let january = 1_768_478_400_000;
        let july = 1_784_116_800_000;
        assert_eq!(local_time(january, "Europe/Rome").minute, 13 * 60);
        assert_eq!(local_time(july, "Europe/Rome").minute, 14 * 60);
        assert_eq!(local_time(july, "Asia/Tokyo").minute, 21 * 60);
        // Etc/GMT-9 is nine hours ahead (the sign is POSIX's, inverted).
        assert_eq!(local_time(july, "Etc/GMT-9").minute, 21 * 60);
        assert_eq!(local_time(july, "UTC+05:45").minute, 17 * 60 + 45);
        assert_eq!(local_time(july, "UTC").minute, 12 * 60);
        for bad in [
            "Mars/Olympus",
            "",
            "/etc/passwd",
            "EST5EDT,M3.2.0,M11.1.0x",
            "utc+01:00",
        ] {
            assert!(!is_known(bad), "{bad}");
        }
        assert_eq!(local_time(july, "Mars/Olympus").minute, 12 * 60);
        let names = picker_names();
        assert_eq!(names[0], "UTC");
        for name in ["Europe/Rome", "Asia/Tokyo", "Asia/Kolkata", "Etc/GMT-9"] {
            assert!(names.iter().any(|n| n == name), "{name}");
        }
        assert!(!names.iter().any(|n| n == "Japan"));
        assert!(names.iter().all(|n| is_known(n)));
    }

    #[cfg(feature = "tz")]
    #[test]
    fn local_dates_back_to_instants() {
        // 2026-03-29, the day Rome's clocks go forward at 02:00 local (01:00 UTC).
        let day = 20_541;
        let ms = instant_of("Europe/Rome", day, 60).unwrap();
        assert_eq!(ms, 1_774_746_000_000 - 3_600_000);
        assert_eq!(
            instant_of("Europe/Rome", day, 3 * 60).unwrap(),
            1_774_746_000_000
        );
        assert_eq!(local_time(ms, "Europe/Rome").day, day);
        assert_eq!(instant_of("Mars/Olympus", day, 0), None);
    }
}
