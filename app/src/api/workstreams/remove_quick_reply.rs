#[cfg(feature = "ssr")]
use super::support::change_settings;
#[cfg(feature = "ssr")]
use crate::ssr::respond;
use domain::AppError;
use leptos::prelude::*;

#[server(endpoint = "remove_quick_reply")]
pub async fn remove_quick_reply(id: i64, index: usize) -> Result<(), AppError> {
    respond(
        change_settings(id, |settings| {
            if index < settings.quick_replies.len() {
                settings.quick_replies.remove(index);
            }
            Ok(())
        })
        .await,
    )
}
