#[cfg(feature = "ssr")]
use super::support::change_routing;
#[cfg(feature = "ssr")]
use crate::ssr::respond;
use domain::AppError;
#[cfg(feature = "ssr")]
use domain::{
    routing::{check_ruleset_name, Ruleset, RULESETS_MAX},
    FieldErrors,
};
use leptos::prelude::*;

#[server(endpoint = "add_ruleset")]
pub async fn add_ruleset(workstream_id: i64, name: String) -> Result<(), AppError> {
    respond(
        change_routing(workstream_id, |doc| {
            let others: Vec<&str> = doc.rulesets.iter().map(|r| r.name.as_str()).collect();
            let mut errors = FieldErrors::new();
            check_ruleset_name(&name, &others, &mut errors);
            if doc.rulesets.len() >= RULESETS_MAX {
                errors.add("name", domain::Problem::RulesetsMax { max: RULESETS_MAX });
            }
            errors.into_result()?;
            doc.rulesets.push(Ruleset {
                name: name.trim().to_string(),
                rules: Vec::new(),
            });
            Ok(())
        })
        .await,
    )
}
