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
            let offset = routing.routing(workstream_id).await?.utc_offset_minutes;
            let at = sample_instant(&sample.time, &sample.weekday, offset)?;
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

/// A Unix instant whose local time (at `offset`) is the typed time on the typed weekday.
#[cfg(feature = "ssr")]
fn sample_instant(time: &str, weekday: &str, offset: i32) -> Result<i64, AppError> {
    let (h, m) = time
        .trim()
        .split_once(':')
        .and_then(|(h, m)| Some((h.parse::<i64>().ok()?, m.parse::<i64>().ok()?)))
        .filter(|(h, m)| *h < 24 && *m < 60)
        .ok_or_else(|| FieldErrors::single("time", domain::Problem::TimeLike))?;
    let day = domain::routing::WEEKDAYS
        .iter()
        .position(|d| *d == weekday)
        .unwrap_or(0) as i64;
    // 1970-01-05 was a Monday.
    let local_minutes = (4 + day) * 1440 + h * 60 + m;
    Ok((local_minutes - i64::from(offset)) * 60_000)
}

#[cfg(test)]
mod tests {
    use super::TestRouting;

    /// The panel's flat names, with the checkbox beside the flattened text fields.
    #[test]
    fn reads_the_flat_sample_fields() {
        let posted = "workstream_id=3&contact_exists=true&display_name=Ann&customer_name=\
                      &message_text=hi&language=ja&account=&time=10%3A00&weekday=mon";
        let args: TestRouting = serde_qs::Config::new(5, false)
            .deserialize_str(posted)
            .unwrap();
        assert!(args.contact_exists);
        assert_eq!(args.sample.display_name, "Ann");
        assert_eq!(args.sample.time, "10:00");
    }
}
