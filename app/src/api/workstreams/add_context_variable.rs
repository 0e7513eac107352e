#[cfg(feature = "ssr")]
use super::support::change_settings;
#[cfg(feature = "ssr")]
use crate::ssr::respond;
use domain::AppError;
#[cfg(feature = "ssr")]
use domain::{
    workstream::{check_variable, ContextVariable, VariableKind},
    FieldErrors,
};
use leptos::prelude::*;

#[server(endpoint = "add_context_variable")]
pub async fn add_context_variable(
    id: i64,
    variable_name: String,
    variable_kind: String,
    variable_default: String,
) -> Result<(), AppError> {
    respond(
        change_settings(id, |settings| {
            let kind = VariableKind::parse(&variable_kind)
                .ok_or_else(|| FieldErrors::single("variable_kind", domain::Problem::ChooseType))?;
            let variable = ContextVariable {
                name: variable_name.trim().to_string(),
                kind,
                default: variable_default.trim().to_string(),
            };
            check_variable(&variable, &settings.variables).into_result()?;
            settings.variables.push(variable);
            Ok(())
        })
        .await,
    )
}
