//! What an agent's incoming-work notification shows, and for how long.

#[cfg(feature = "ssr")]
use super::support::{change_settings, number};
#[cfg(feature = "ssr")]
use crate::ssr::respond;
use domain::AppError;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

/// The form's checkboxes (empty when unticked) and timeout, under the names it posts;
/// flattened into the function's arguments so they stay flat.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct NotificationsForm {
    #[serde(default)]
    pub show_customer_name: String,
    #[serde(default)]
    pub show_picture: String,
    #[serde(default)]
    pub show_contact: String,
    #[serde(default)]
    pub show_first_message: String,
    #[serde(default)]
    pub show_queue: String,
    #[serde(default)]
    pub show_waiting_time: String,
    pub timeout_seconds: String,
}

#[server(endpoint = "update_agent_notifications")]
pub async fn update_agent_notifications(
    id: i64,
    #[server(flatten)] form: NotificationsForm,
) -> Result<(), AppError> {
    respond(
        change_settings(id, |settings| {
            let n = &mut settings.notifications;
            n.show_customer_name = !form.show_customer_name.is_empty();
            n.show_picture = !form.show_picture.is_empty();
            n.show_contact = !form.show_contact.is_empty();
            n.show_first_message = !form.show_first_message.is_empty();
            n.show_queue = !form.show_queue.is_empty();
            n.show_waiting_time = !form.show_waiting_time.is_empty();
            n.timeout_seconds = number("timeout_seconds", &form.timeout_seconds)?;
            Ok(())
        })
        .await,
    )
}
