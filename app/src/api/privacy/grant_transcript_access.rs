#[cfg(feature = "ssr")]
use crate::ssr::{client_info, require, respond, services};
use domain::AppError;
#[cfg(feature = "ssr")]
use domain::{FieldErrors, Role};
use leptos::prelude::*;

#[server(endpoint = "grant_transcript_access")]
pub async fn grant_transcript_access(user_id: String, days: String) -> Result<(), AppError> {
    respond(
        async {
            let actor = require(&[Role::Admin])?;
            let user = user_id
                .trim()
                .parse::<i64>()
                .map_err(|_| FieldErrors::single("user_id", domain::Problem::ChooseAuditor))?;
            let days = days
                .trim()
                .parse::<u32>()
                .map_err(|_| FieldErrors::single("days", domain::Problem::EnterDays))?;
            services()?
                .privacy
                .grant_transcripts(&actor, user, days, &client_info())
                .await
        }
        .await,
    )
}
