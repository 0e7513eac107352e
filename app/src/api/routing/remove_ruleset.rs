#[cfg(feature = "ssr")]
use super::support::change_routing;
#[cfg(feature = "ssr")]
use crate::ssr::respond;
use domain::AppError;
use leptos::prelude::*;

#[server(endpoint = "remove_ruleset")]
pub async fn remove_ruleset(workstream_id: i64, ruleset: usize) -> Result<(), AppError> {
    respond(
        change_routing(workstream_id, |doc| {
            if ruleset < doc.rulesets.len() {
                doc.rulesets.remove(ruleset);
            }
            Ok(())
        })
        .await,
    )
}
