#[cfg(feature = "ssr")]
use crate::ssr::{client_info, require, respond, services};
use domain::AppError;
#[cfg(feature = "ssr")]
use domain::Role;
use leptos::prelude::*;

#[server(endpoint = "revoke_transcript_access")]
pub async fn revoke_transcript_access(user_id: i64) -> Result<(), AppError> {
    respond(
        async {
            let actor = require(&[Role::Admin])?;
            services()?
                .privacy
                .revoke_transcripts(&actor, user_id, &client_info())
                .await
        }
        .await,
    )
}
