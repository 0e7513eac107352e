//! The reader's time zone, and dates and times written for them (their language, their zone).
//! The server decides the zone (their own choice, else the organisation's, else UTC), writes
//! its offsets into the page (`<meta name="reader-zone">`), and the browser reads them back, so
//! both sides write the same times and the browser carries no time-zone database.

use domain::time::ZoneTable;
use leptos::prelude::*;
use leptos_i18n::Locale as _;
use std::sync::Arc;

pub const ZONE_META: &str = "reader-zone";

#[derive(Clone)]
pub struct ReaderZone(pub Arc<ZoneTable>);

/// The reader's zone, provided once per page (the shell on the server, the app in the browser).
pub fn zone() -> ReaderZone {
    if let Some(zone) = use_context::<ReaderZone>() {
        return zone;
    }
    let zone = ReaderZone(Arc::new(read_zone()));
    provide_context(zone.clone());
    zone
}

#[cfg(feature = "ssr")]
fn read_zone() -> ZoneTable {
    crate::ssr::reader_zone()
}

#[cfg(not(feature = "ssr"))]
fn read_zone() -> ZoneTable {
    document()
        .query_selector(&format!("meta[name=\"{ZONE_META}\"]"))
        .ok()
        .flatten()
        .and_then(|meta| meta.get_attribute("content"))
        .and_then(|text| ZoneTable::decode(&text))
        .unwrap_or_else(ZoneTable::utc)
}

/// A duration to the second under a minute ("45 s"), else as the desk writes waits ("12 min").
pub fn duration(ms: i64) -> String {
    use crate::i18n::*;
    if ms < 60_000 {
        let locale = use_i18n().get_locale_untracked();
        td_string!(locale, duration.seconds, seconds = ms.max(0) / 1000).to_string()
    } else {
        waited(ms)
    }
}

/// A date as the reader reads it ("2026年12月6日" for a reader in Tokyo).
pub fn date(ms: i64) -> String {
    let locale = crate::i18n::use_i18n().get_locale();
    let zone = zone();
    domain::time::format_local_date(locale.as_str(), &zone.0, ms)
}

/// A date and time as the reader reads it ("2026年12月6日 23:00" for a reader in Tokyo).
pub fn datetime(ms: i64) -> String {
    let locale = crate::i18n::use_i18n().get_locale();
    let zone = zone();
    domain::time::format_local(locale.as_str(), &zone.0, ms)
}

/// How long something has waited, short, in the reader's language ("12 min", "3時間5分").
pub fn waited(ms: i64) -> String {
    use crate::i18n::*;
    let locale = use_i18n().get_locale();
    let minutes = ms.max(0) / 60_000;
    match minutes {
        0 => td_string!(locale, duration.under_a_minute).to_string(),
        1..=59 => td_string!(locale, duration.minutes, minutes = minutes).to_string(),
        60..=1439 => td_string!(
            locale,
            duration.hours,
            hours = minutes / 60,
            minutes = minutes % 60
        )
        .to_string(),
        _ if minutes < 2 * 1440 => td_string!(locale, duration.one_day).to_string(),
        _ => td_string!(locale, duration.days, days = minutes / 1440).to_string(),
    }
}
