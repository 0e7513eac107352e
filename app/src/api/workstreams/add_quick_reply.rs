#[cfg(feature = "ssr")]
use super::support::change_settings;
#[cfg(feature = "ssr")]
use crate::ssr::respond;
#[cfg(feature = "ssr")]
use domain::workstream::{check_quick_reply, parse_list, QuickReply};
use domain::AppError;
use leptos::prelude::*;

#[server(endpoint = "add_quick_reply")]
pub async fn add_quick_reply(
    id: i64,
    reply_title: String,
    reply_text: String,
    reply_tags: String,
    reply_language: String,
) -> Result<(), AppError> {
    respond(
        change_settings(id, |settings| {
            let reply = QuickReply {
                title: reply_title.trim().to_string(),
                text: reply_text.trim().to_string(),
                tags: parse_list(&reply_tags),
                language: reply_language,
            };
            check_quick_reply(&reply).into_result()?;
            settings.quick_replies.push(reply);
            Ok(())
        })
        .await,
    )
}
