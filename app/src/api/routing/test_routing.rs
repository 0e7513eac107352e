//! The "test this rule" panel: which rule a sample conversation would match.

#[cfg(feature = "ssr")]
use crate::ssr::{require, respond, services};
use domain::queue::RouteTest;
use domain::AppError;
#[cfg(feature = "ssr")]
use domain::{routing::Facts, FieldErrors, Role};
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

/// The sample conversation as typed in the panel, under the names its form uses. Flattened
/// into `test_routing`'s arguments so the posted names stay flat; text only (serde_qs cannot
/// read numbers or booleans through a flattened struct).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct RouteSample {
    pub display_name: String,
    pub customer_name: String,
    pub message_text: String,
    pub language: String,
    pub account: String,
    /// Local time, "14:30".
    pub time: String,
    /// A key of `domain::routing::WEEKDAYS`.
    pub weekday: String,
}

#[server(endpoint = "test_routing")]
pub async fn test_routing(
    workstream_id: i64,
    contact_exists: bool,
    #[server(flatten)] sample: RouteSample,
) -> Result<RouteTest, AppError> {
    respond(
        async {
            require(&[Role::Admin])?;
            let routing = services()?.routing;
            let zone = routing.routing(workstream_id).await?.time_zone;
            let now = std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map_or(0, |d| d.as_millis() as i64);
            let at = sample_instant(&sample.time, &sample.weekday, &zone, now)?;
            let text = |s: String| Some(s.trim().to_string()).filter(|s| !s.is_empty());
            let facts = Facts {
                customer_name: text(sample.customer_name),
                display_name: text(sample.display_name),
                message_text: text(sample.message_text),
                language: text(sample.language),
                contact_exists,
                contact: Default::default(),
                variables: Default::default(),
                account: text(sample.account),
                at,
            };
            routing.test_routing(workstream_id, facts).await
        }
        .await,
    )
}

/// A Unix instant whose local time in `zone` is the typed time on the typed weekday of the
/// week of `now` (this week's daylight saving). A time the clocks skip reads as the time after.
#[cfg(feature = "ssr")]
fn sample_instant(time: &str, weekday: &str, zone: &str, now: i64) -> Result<i64, AppError> {
    let (h, m) = time
        .trim()
        .split_once(':')
        .and_then(|(h, m)| Some((h.parse::<u32>().ok()?, m.parse::<u32>().ok()?)))
        .filter(|(h, m)| *h < 24 && *m < 60)
        .ok_or_else(|| FieldErrors::single("time", domain::Problem::TimeLike))?;
    let day = domain::routing::WEEKDAYS
        .iter()
        .position(|d| *d == weekday)
        .unwrap_or(0) as i64;
    let today = domain::zone::local_time(now, zone);
    let monday = today.day - today.weekday as i64;
    domain::zone::instant_of(zone, monday + day, h * 60 + m)
        .or_else(|| domain::zone::instant_of(domain::zone::UTC, monday + day, h * 60 + m))
        .ok_or_else(|| FieldErrors::single("time", domain::Problem::TimeLike))
}

#[cfg(test)]
mod tests {
    use super::TestRouting;
    use crate::api::form_post::read;

    /// The sample's local time is read in the routing's zone, this week.
    #[cfg(feature = "ssr")]
    #[test]
    fn samples_are_local_times_in_the_routing_zone() {
        use super::sample_instant;
        use domain::zone::local_time;
        // Wednesday 2026-07-15 and Thursday 2026-01-15, 12:00 UTC.
        for now in [1_784_116_800_000, 1_768_478_400_000] {
            for zone in ["Europe/Rome", "Asia/Tokyo", "UTC", "UTC+05:30"] {
                let at = sample_instant("10:30", "mon", zone, now).unwrap();
                let local = local_time(at, zone);
                assert_eq!((local.minute, local.weekday), (10 * 60 + 30, 0), "{zone}");
                assert!((now - at).abs() < 7 * 86_400_000);
            }
        }
        assert!(sample_instant("25:00", "mon", "UTC", 0).is_err());
    }

    /// The panel's flat names, with the checkbox beside the flattened text fields.
    #[test]
    fn reads_the_flat_sample_fields() {
        let posted = "workstream_id=3&contact_exists=true&display_name=Ann&customer_name=\
                      &message_text=hi&language=ja&account=&time=10%3A00&weekday=mon";
        let args: TestRouting = read(posted).unwrap();
        assert!(args.contact_exists);
        assert_eq!(args.sample.display_name, "Ann");
        assert_eq!(args.sample.time, "10:00");
    }
}
