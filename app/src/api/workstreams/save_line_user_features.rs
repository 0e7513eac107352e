//! Set up LINE, page User features: attachments.

#[cfg(feature = "ssr")]
use super::support::{change_channel, number};
#[cfg(feature = "ssr")]
use crate::ssr::respond;
#[cfg(feature = "ssr")]
use domain::workstream::parse_list;
use domain::AppError;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

/// The attachment settings under the names the form posts (checkboxes empty when unticked);
/// flattened into the function's arguments so they stay flat.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct AttachmentsForm {
    #[serde(default)]
    pub attachments_enabled: String,
    #[serde(default)]
    pub customers_can_send: String,
    #[serde(default)]
    pub agents_can_send: String,
    pub max_size_mb: String,
    pub blocked_extensions: String,
}

#[server(endpoint = "save_line_user_features")]
pub async fn save_line_user_features(
    id: i64,
    #[server(flatten)] form: AttachmentsForm,
    nav: Option<String>,
) -> Result<(), AppError> {
    respond(
        change_channel(id, "features", nav.as_deref(), |_, config| {
            let a = &mut config.attachments;
            a.enabled = !form.attachments_enabled.is_empty();
            a.customers_can_send = !form.customers_can_send.is_empty();
            a.agents_can_send = !form.agents_can_send.is_empty();
            a.max_size_mb = number("max_size_mb", &form.max_size_mb)?;
            a.blocked_extensions = parse_list(&form.blocked_extensions);
            Ok(())
        })
        .await,
    )
}
