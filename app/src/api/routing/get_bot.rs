#[cfg(feature = "ssr")]
use crate::ssr::{require, respond, services};
use domain::bot::BotView;
use domain::AppError;
#[cfg(feature = "ssr")]
use domain::Role;
use leptos::prelude::*;

#[server(endpoint = "get_bot")]
pub async fn get_bot(workstream_id: i64) -> Result<BotView, AppError> {
    respond(
        async {
            require(&[Role::Admin])?;
            services()?.routing.bot(workstream_id).await
        }
        .await,
    )
}
