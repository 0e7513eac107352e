#[cfg(feature = "ssr")]
use super::support::change_settings;
use super::MessagesForm;
#[cfg(feature = "ssr")]
use crate::ssr::{require, respond, services};
use domain::AppError;
#[cfg(feature = "ssr")]
use domain::{automated::default_text, workstream::enabled_by_default, Role};
use leptos::prelude::*;

/// The workstream's own defaults for automated messages; its LINE channel's settings win.
/// A message left as shipped (on/off and text in the channel's language) is not stored, so it
/// keeps following the language.
#[server(endpoint = "save_workstream_messages")]
pub async fn save_workstream_messages(
    id: i64,
    #[server(flatten)] messages: MessagesForm,
) -> Result<(), AppError> {
    respond(
        async {
            require(&[Role::Admin])?;
            let language = services()?
                .workstreams
                .get(id)
                .await?
                .channel
                .map(|c| c.config.language)
                .unwrap_or_else(|| "en".into());
            let typed = messages.typed();
            change_settings(id, |settings| {
                for (trigger, setting) in typed {
                    let shipped = setting.enabled == enabled_by_default(trigger)
                        && setting
                            .text
                            .as_deref()
                            .is_none_or(|t| t == default_text(trigger, &language));
                    if shipped {
                        settings.messages.remove(&trigger);
                    } else {
                        settings.messages.insert(trigger, setting);
                    }
                }
                Ok(())
            })
            .await
        }
        .await,
    )
}
