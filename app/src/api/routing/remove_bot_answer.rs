#[cfg(feature = "ssr")]
use crate::ssr::{client_info, require, respond, services};
use domain::AppError;
#[cfg(feature = "ssr")]
use domain::Role;
use leptos::prelude::*;

#[server(endpoint = "remove_bot_answer")]
pub async fn remove_bot_answer(workstream_id: i64, index: usize) -> Result<(), AppError> {
    respond(
        async {
            let actor = require(&[Role::Admin])?;
            let routing = services()?.routing;
            let mut config = routing.bot(workstream_id).await?.config;
            if index < config.faqs.len() {
                config.faqs.remove(index);
            }
            routing
                .save_bot(&actor, workstream_id, config, None, &client_info())
                .await
        }
        .await,
    )
}
