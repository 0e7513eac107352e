//! What several workstream server functions share: number parsing, the load-change-save of the
//! settings and of the LINE channel, and where a wizard page goes next. Server side only.

use super::line_steps::{line_setup_url, LINE_STEPS};
use crate::ssr::{client_info, require, services};
use domain::workstream::{ChannelConfig, WorkstreamSettings, WorkstreamView};
use domain::{AppError, FieldErrors, Role};

pub fn number(field: &str, typed: &str) -> Result<u32, AppError> {
    typed
        .trim()
        .parse::<u32>()
        .map_err(|_| FieldErrors::single(field, domain::Problem::WholeNumber))
}

/// Loads the workstream's settings, lets `change` edit them, and saves them (validated and
/// audited by the service).
pub async fn change_settings(
    id: i64,
    change: impl FnOnce(&mut WorkstreamSettings) -> Result<(), AppError>,
) -> Result<(), AppError> {
    let actor = require(&[Role::Admin])?;
    let workstreams = services()?.workstreams;
    let mut settings = workstreams.get(id).await?.settings;
    change(&mut settings)?;
    workstreams
        .update_settings(&actor, id, settings, &client_info())
        .await
}

/// Loads the LINE channel's configuration (the wizard's first page must have been saved), lets
/// `change` edit it (it sees the workstream too), saves it (validated and audited by the
/// service), and goes on from wizard page `step` as `nav` says.
pub async fn change_channel(
    id: i64,
    step: &str,
    nav: Option<&str>,
    change: impl FnOnce(&WorkstreamView, &mut ChannelConfig) -> Result<(), AppError>,
) -> Result<(), AppError> {
    let actor = require(&[Role::Admin])?;
    let workstreams = services()?.workstreams;
    let workstream = workstreams.get(id).await?;
    let mut config = workstream
        .channel
        .as_ref()
        .map(|c| c.config.clone())
        .ok_or(AppError::Conflict(domain::Problem::PickLineAccountFirst))?;
    change(&workstream, &mut config)?;
    workstreams
        .update_channel(&actor, id, config, &client_info())
        .await?;
    wizard_next(id, step, nav);
    Ok(())
}

/// Where a wizard page goes after saving: the next page, the previous one, or back to the
/// summary when the admin came from its Edit link.
pub fn wizard_next(workstream: i64, step: &str, nav: Option<&str>) {
    let index = LINE_STEPS.iter().position(|(s, _)| *s == step).unwrap_or(0);
    let target = match nav {
        Some("back") => LINE_STEPS[index.saturating_sub(1)].0,
        Some("summary") => "summary",
        _ => LINE_STEPS[(index + 1).min(LINE_STEPS.len() - 1)].0,
    };
    leptos_axum::redirect(&line_setup_url(workstream, target));
}
