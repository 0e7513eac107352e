//! Formatting Unix-millisecond timestamps without a date library (this crate also runs in wasm).
//! The time-zone rules come from the server (jiff and the IANA database) as a `ZoneTable`; the
//! browser only looks offsets up in it, so it carries no time-zone database.

/// "2026-11-23 20:15 UTC"
pub fn format_utc(ms: i64) -> String {
    let secs = ms.div_euclid(1000);
    let days = secs.div_euclid(86_400);
    let rem = secs.rem_euclid(86_400);
    let (y, m, d) = civil_from_days(days);
    format!(
        "{y:04}-{m:02}-{d:02} {:02}:{:02} UTC",
        rem / 3600,
        (rem % 3600) / 60
    )
}

/// A time zone's UTC offsets over the years the portal shows: from each instant (Unix ms) on,
/// the offset in seconds, in time order. Built on the server from the IANA database; the
/// browser gets the same table, so both write the same local times.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct ZoneTable {
    /// The IANA name (`Asia/Tokyo`), or `UTC`.
    pub name: String,
    /// (from, offset seconds); the first applies to everything before it too.
    pub spans: Vec<(i64, i32)>,
}

impl ZoneTable {
    pub fn utc() -> Self {
        ZoneTable {
            name: "UTC".into(),
            spans: vec![(0, 0)],
        }
    }

    /// The offset in seconds at `ms`.
    pub fn offset_at(&self, ms: i64) -> i32 {
        let after = self.spans.partition_point(|(from, _)| *from <= ms);
        self.spans
            .get(after.saturating_sub(1))
            .map_or(0, |(_, offset)| *offset)
    }

    /// The instant (Unix ms) of the local midnight that starts the day `ms` falls on. A day
    /// whose midnight the clocks skip starts at the first instant after the gap.
    pub fn day_start(&self, ms: i64) -> i64 {
        const DAY: i64 = 86_400_000;
        let local = ms + i64::from(self.offset_at(ms)) * 1000;
        let midnight = local - local.rem_euclid(DAY);
        // The offset in force at midnight may differ from now's (a change during the day).
        let guess = midnight - i64::from(self.offset_at(ms)) * 1000;
        let start = midnight - i64::from(self.offset_at(guess)) * 1000;
        if start > ms {
            guess
        } else {
            start
        }
    }

    /// The midnight after the day starting at `day_start` (days are 23 to 25 hours long).
    pub fn next_day_start(&self, day_start: i64) -> i64 {
        self.day_start(day_start + 26 * 3_600_000)
    }

    /// One line for a `<meta>` tag: `Europe/Rome;0:3600;954032400000:7200;...`.
    pub fn encode(&self) -> String {
        let mut out = self.name.clone();
        for (from, offset) in &self.spans {
            out.push_str(&format!(";{from}:{offset}"));
        }
        out
    }

    pub fn decode(text: &str) -> Option<Self> {
        let mut parts = text.split(';');
        let name = parts.next()?.to_string();
        let spans = parts
            .map(|span| {
                let (from, offset) = span.split_once(':')?;
                Some((from.parse().ok()?, offset.parse().ok()?))
            })
            .collect::<Option<Vec<_>>>()?;
        (!name.is_empty() && !spans.is_empty()).then_some(ZoneTable { name, spans })
    }
}

/// Day boundaries from the local midnight `start`: for `n` >= 0 the n days from it (n + 1
/// midnights, the last ending the last day), for `n` < 0 the -n days before it (ending at `start`).
pub fn local_days(zone: &ZoneTable, start: i64, n: i64) -> Vec<i64> {
    let mut days = vec![start];
    for _ in 0..n.unsigned_abs() {
        let last = days[days.len() - 1];
        if n >= 0 {
            days.push(zone.next_day_start(last));
        } else {
            days.push(zone.day_start(last - 1));
        }
    }
    if n < 0 {
        days.reverse();
    }
    days
}

/// A local date and time in the reader's language: `lang` is a portal language tag.
/// en "2026-12-06 14:05", ja "2026年12月6日 14:05", zh-TW "2026/12/6 14:05",
/// th "6/12/2569 14:05" (the Buddhist era, as Thai dates are written), it "6/12/2026 14:05".
pub fn format_local(lang: &str, zone: &ZoneTable, ms: i64) -> String {
    let local = ms + i64::from(zone.offset_at(ms)) * 1000;
    let secs = local.div_euclid(1000);
    let (y, m, d) = civil_from_days(secs.div_euclid(86_400));
    let rem = secs.rem_euclid(86_400);
    let (hh, mm) = (rem / 3600, (rem % 3600) / 60);
    match lang {
        "ja" => format!("{y}年{m}月{d}日 {hh:02}:{mm:02}"),
        "zh-TW" => format!("{y}/{m}/{d} {hh:02}:{mm:02}"),
        "th" => format!("{d}/{m}/{} {hh:02}:{mm:02}", y + 543),
        "it" => format!("{d}/{m}/{y} {hh:02}:{mm:02}"),
        _ => format!("{y:04}-{m:02}-{d:02} {hh:02}:{mm:02}"),
    }
}

/// A local date in the reader's language, as `format_local` writes it without the time:
/// en "2026-12-06", ja "2026年12月6日", zh-TW "2026/12/6", th "6/12/2569", it "6/12/2026".
pub fn format_local_date(lang: &str, zone: &ZoneTable, ms: i64) -> String {
    let text = format_local(lang, zone, ms);
    // Every format ends in " HH:MM".
    text[..text.len() - 6].to_string()
}

/// Days since 1970-01-01 as "2026-11-23".
pub fn format_iso_date(days: i64) -> String {
    let (y, m, d) = civil_from_days(days);
    format!("{y:04}-{m:02}-{d:02}")
}

/// Month and day of a local day (days since 1970-01-01), for chart axes.
pub fn month_day(days: i64) -> (u32, u32) {
    let (_, m, d) = civil_from_days(days);
    (m, d)
}

/// "2026-11-23" as Unix milliseconds at 00:00 UTC; None unless it is a real date.
pub fn parse_date(typed: &str) -> Option<i64> {
    let mut parts = typed.trim().splitn(3, '-');
    let y: i64 = parts.next()?.parse().ok()?;
    let m: u32 = parts.next()?.parse().ok()?;
    let d: u32 = parts.next()?.parse().ok()?;
    if !(1970..=9999).contains(&y) || !(1..=12).contains(&m) || !(1..=31).contains(&d) {
        return None;
    }
    let days = days_from_civil(y, m, d);
    // Refuse dates like 2026-02-30 that roll over into the next month.
    (civil_from_days(days) == (y, m, d)).then_some(days * 86_400_000)
}

/// Howard Hinnant's civil-to-days algorithm (the inverse of `civil_from_days`).
fn days_from_civil(y: i64, m: u32, d: u32) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y.rem_euclid(400);
    let mp = i64::from((m + 9) % 12);
    let doy = (153 * mp + 2) / 5 + i64::from(d) - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// Howard Hinnant's days-to-civil algorithm (proleptic Gregorian calendar).
fn civil_from_days(z: i64) -> (i64, u32, u32) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let y = yoe + era * 400;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    (if m <= 2 { y + 1 } else { y }, m, d)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_day_starts_at_the_readers_midnight() {
        let tokyo = ZoneTable {
            name: "Asia/Tokyo".into(),
            spans: vec![(0, 9 * 3600)],
        };
        // 2026-12-07 12:00 in Tokyo: the day began at 2026-12-06 15:00 UTC.
        assert_eq!(tokyo.day_start(1_796_612_400_000), 1_796_569_200_000);
        // Rome on 2026-03-29, when the clocks go forward at 01:00 UTC: at 14:00 CEST the day
        // began at midnight CET, 2026-03-28 23:00 UTC.
        let rome = ZoneTable {
            name: "Europe/Rome".into(),
            spans: vec![(0, 3600), (1_774_746_000_000, 7200)],
        };
        assert_eq!(rome.day_start(1_774_785_600_000), 1_774_738_800_000);
        assert_eq!(
            ZoneTable::utc().day_start(1_796_612_400_000),
            1_796_601_600_000
        );
    }

    #[test]
    fn formats_known_instants() {
        assert_eq!(format_utc(0), "1970-01-01 00:00 UTC");
        assert_eq!(format_utc(1_795_464_000_000), "2026-11-23 20:00 UTC");
        assert_eq!(format_utc(951_782_400_000), "2000-02-29 00:00 UTC");
    }

    /// Rome: +1 in winter, +2 from the last Sunday of March (01:00 UTC) to the last Sunday
    /// of October.
    fn rome() -> ZoneTable {
        ZoneTable {
            name: "Europe/Rome".into(),
            spans: vec![
                (0, 3600),
                (1_774_746_000_000, 7200), // 2026-03-29 01:00 UTC
                (1_792_890_000_000, 3600), // 2026-10-25 01:00 UTC
            ],
        }
    }

    #[test]
    fn local_times_follow_the_zone_and_the_language() {
        let winter = 1_796_565_600_000; // 2026-12-06 14:00 UTC
        let summer = 1_784_728_800_000; // 2026-07-22 14:00 UTC
        assert_eq!(format_local("it", &rome(), winter), "6/12/2026 15:00");
        assert_eq!(format_local("it", &rome(), summer), "22/7/2026 16:00");
        let tokyo = ZoneTable {
            name: "Asia/Tokyo".into(),
            spans: vec![(0, 9 * 3600)],
        };
        assert_eq!(format_local("ja", &tokyo, winter), "2026年12月6日 23:00");
        assert_eq!(
            format_local("ja", &tokyo, winter + 3_600_000),
            "2026年12月7日 00:00"
        );
        let bangkok = ZoneTable {
            name: "Asia/Bangkok".into(),
            spans: vec![(0, 7 * 3600)],
        };
        assert_eq!(format_local("th", &bangkok, winter), "6/12/2569 21:00");
        let taipei = ZoneTable {
            name: "Asia/Taipei".into(),
            spans: vec![(0, 8 * 3600)],
        };
        assert_eq!(format_local("zh-TW", &taipei, winter), "2026/12/6 22:00");
        assert_eq!(
            format_local("en", &ZoneTable::utc(), winter),
            "2026-12-06 14:00"
        );
        // Before the first span, the first offset; the table survives its meta tag.
        assert_eq!(rome().offset_at(-1), 3600);
        assert_eq!(ZoneTable::decode(&rome().encode()), Some(rome()));
        assert_eq!(ZoneTable::decode("Europe/Rome;x:1"), None);
    }

    #[test]
    fn parses_dates() {
        assert_eq!(parse_date("1970-01-01"), Some(0));
        assert_eq!(parse_date("2000-02-29"), Some(951_782_400_000));
        assert_eq!(
            parse_date(" 2026-11-23 ").map(format_utc).as_deref(),
            Some("2026-11-23 00:00 UTC")
        );
        for bad in ["", "2026-02-30", "2026-13-01", "yesterday", "2026-11"] {
            assert_eq!(parse_date(bad), None, "{bad}");
        }
    }
}
