#[cfg(feature = "ssr")]
use super::support::change_routing;
#[cfg(feature = "ssr")]
use crate::ssr::respond;
use domain::AppError;
use leptos::prelude::*;

/// `direction`: "up", "down" or "remove".
#[server(endpoint = "change_routing_rule")]
pub async fn change_routing_rule(
    workstream_id: i64,
    ruleset: usize,
    rule: usize,
    direction: String,
) -> Result<(), AppError> {
    respond(
        change_routing(workstream_id, |doc| {
            let rules = &mut doc
                .rulesets
                .get_mut(ruleset)
                .ok_or(AppError::NotFound(domain::Problem::RulesetNotFound))?
                .rules;
            if rule >= rules.len() {
                return Err(AppError::NotFound(domain::Problem::RuleNotFound));
            }
            match direction.as_str() {
                "up" if rule > 0 => rules.swap(rule, rule - 1),
                "down" if rule + 1 < rules.len() => rules.swap(rule, rule + 1),
                "remove" => {
                    rules.remove(rule);
                }
                _ => {}
            }
            Ok(())
        })
        .await,
    )
}
