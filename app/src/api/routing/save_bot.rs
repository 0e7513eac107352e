//! The bot settings form (the answers list has its own functions).

#[cfg(feature = "ssr")]
use super::support::whole;
#[cfg(feature = "ssr")]
use crate::ssr::{client_info, require, respond, services};
use domain::AppError;
#[cfg(feature = "ssr")]
use domain::{
    bot::{parse_keywords, BotKind},
    FieldErrors, Role,
};
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

/// The settings as typed, under the names the form posts. Flattened into `save_bot`'s
/// arguments so the posted names stay flat. An unticked checkbox or an empty timeout is an
/// empty string here, which means the same as when these were `Option`s.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct BotForm {
    /// The checkbox: any value is ticked.
    #[serde(default)]
    pub enabled: String,
    pub kind: String,
    pub handoff_keywords: String,
    pub handoff_text: String,
    /// Empty keeps the stored timeout.
    #[serde(default)]
    pub timeout_seconds: String,
}

/// `url` and `secret` stay arguments of their own: for them an empty field (read as `None`)
/// keeps what is stored, which a flattened struct could not tell from a typed "".
#[server(endpoint = "save_bot")]
pub async fn save_bot(
    workstream_id: i64,
    #[server(flatten)] form: BotForm,
    url: Option<String>,
    secret: Option<String>,
) -> Result<(), AppError> {
    respond(
        async {
            let actor = require(&[Role::Admin])?;
            let routing = services()?.routing;
            let mut config = routing.bot(workstream_id).await?.config;
            config.enabled = !form.enabled.is_empty();
            config.kind = BotKind::parse(&form.kind)
                .ok_or_else(|| FieldErrors::single("kind", domain::Problem::PickBotKind))?;
            config.handoff_keywords = parse_keywords(&form.handoff_keywords);
            config.handoff_text = form.handoff_text.trim().to_string();
            if let Some(url) = url {
                config.url = url.trim().to_string();
            }
            let timeout = form.timeout_seconds;
            if !timeout.trim().is_empty() {
                config.timeout_seconds = u32::try_from(whole("timeout_seconds", &timeout)?)
                    .map_err(|_| {
                        FieldErrors::single(
                            "timeout_seconds",
                            domain::Problem::SecondsRange { max: 30 },
                        )
                    })?;
            }
            routing
                .save_bot(&actor, workstream_id, config, secret, &client_info())
                .await
        }
        .await,
    )
}
