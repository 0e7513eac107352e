#[cfg(feature = "ssr")]
use super::support::STAFF;
#[cfg(feature = "ssr")]
use crate::ssr::{require, respond, services};
use domain::AppError;
use leptos::prelude::*;

/// `send_id` is made by the composer (or the page, without JavaScript) for each reply: sending
/// it twice stores the reply once. `quote` is the customer message the reply quotes.
#[server(endpoint = "send_reply")]
pub async fn send_reply(
    conversation_id: i64,
    text: String,
    send_id: String,
    #[server(default)] quote: Option<i64>,
) -> Result<(), AppError> {
    respond(
        async {
            let actor = require(STAFF)?;
            services()?
                .conversations
                .reply_once(&actor, conversation_id, &text, &send_id, quote)
                .await
        }
        .await,
    )
}
