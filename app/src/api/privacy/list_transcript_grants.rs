#[cfg(feature = "ssr")]
use crate::ssr::{require, respond, services};
use domain::privacy::TranscriptGrant;
use domain::AppError;
#[cfg(feature = "ssr")]
use domain::Role;
use leptos::prelude::*;

/// Transcript grants to auditors (administrators and auditors read them).
#[server(endpoint = "list_transcript_grants")]
pub async fn list_transcript_grants() -> Result<Vec<TranscriptGrant>, AppError> {
    respond(
        async {
            require(&[Role::Admin, Role::Auditor])?;
            services()?.privacy.transcript_grants().await
        }
        .await,
    )
}
