//! What several routing server functions share: role sets, number parsing, and the
//! load-change-save of the routing document. Server side only.

use crate::ssr::{client_info, require, services};
use domain::routing::Routing;
use domain::{AppError, FieldErrors, Role};

pub const STAFF: &[Role] = &[Role::Admin, Role::Supervisor, Role::Agent];
pub const LEADS: &[Role] = &[Role::Admin, Role::Supervisor];

/// A typed whole number; empty is 0.
pub fn whole(field: &str, typed: &str) -> Result<i64, AppError> {
    let typed = typed.trim();
    if typed.is_empty() {
        return Ok(0);
    }
    typed
        .parse::<i64>()
        .map_err(|_| FieldErrors::single(field, domain::Problem::WholeNumber))
}

pub fn priority(typed: &str) -> Result<i32, AppError> {
    i32::try_from(whole("priority", typed)?)
        .map_err(|_| FieldErrors::single("priority", domain::Problem::SmallerNumber))
}

/// Loads the routing document, lets `change` edit it, saves it (validated and audited).
pub async fn change_routing(
    workstream_id: i64,
    change: impl FnOnce(&mut Routing) -> Result<(), AppError>,
) -> Result<(), AppError> {
    let actor = require(&[Role::Admin])?;
    let routing = services()?.routing;
    let mut doc = routing.routing(workstream_id).await?;
    change(&mut doc)?;
    routing
        .save_routing(&actor, workstream_id, doc, &client_info())
        .await
}
