//! Retention and data-subject requests. Auditors may read the retention settings; only
//! administrators change them, run them, or erase a LINE user.
// The notice form posts one text per language: the function has an argument per field.
#![allow(clippy::too_many_arguments)]

#[cfg(feature = "ssr")]
use crate::ssr::{client_info, require, respond, services};
use domain::account::{AccountPrivacy, Region};
#[cfg(feature = "ssr")]
use domain::contact::ErasedContact;
use domain::privacy::{
    ConsentRecord, DataSubject, EndUserPrivacy, PurgeCounts, RetentionView, TranscriptGrant,
};
use domain::user::UserView;
use domain::AppError;
#[cfg(feature = "ssr")]
use domain::{FieldErrors, Role};
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

/// Everything the privacy page shows, fetched in one call: the page used to wait for seven
/// server functions (each with its own resource, role check and serialised payload), which
/// made it the slowest page to render (2.6-2.8 ms against 1.1-1.6 ms for the others).
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct PrivacyOverview {
    pub region: Region,
    pub accounts: Vec<AccountPrivacy>,
    pub retention: Vec<RetentionView>,
    pub end_user: Vec<EndUserPrivacy>,
    pub consents: Vec<ConsentRecord>,
    pub grants: Vec<TranscriptGrant>,
    /// Auditors who can be granted transcript access (administrators only; empty for auditors).
    pub auditors: Vec<UserView>,
}

#[server(endpoint = "get_privacy_overview")]
pub async fn get_privacy_overview() -> Result<PrivacyOverview, AppError> {
    respond(
        async {
            let me = require(&[Role::Admin, Role::Auditor])?;
            let services = services()?;
            let auditors = async {
                if me.role != Role::Admin {
                    return Ok(Vec::new());
                }
                let users = services.users.list().await?;
                Ok::<_, AppError>(
                    users
                        .into_iter()
                        .filter(|u| u.role == Role::Auditor && !u.disabled)
                        .collect(),
                )
            };
            // Side by side: on SQLite each query waits for its connection's thread, so
            // running them together overlaps those waits.
            let (region, settings, consents, grants, auditors) = futures_util::join!(
                services.accounts.region(),
                services.privacy.account_settings(),
                services.privacy.consents(),
                services.privacy.transcript_grants(),
                auditors,
            );
            let settings = settings?;
            Ok(PrivacyOverview {
                region: region?,
                accounts: settings.accounts,
                retention: settings.retention,
                end_user: settings.end_user,
                consents: consents?,
                grants: grants?,
                auditors: auditors?,
            })
        }
        .await,
    )
}

#[server(endpoint = "get_retention")]
pub async fn get_retention() -> Result<Vec<RetentionView>, AppError> {
    respond(
        async {
            require(&[Role::Admin, Role::Auditor])?;
            services()?.privacy.retention().await
        }
        .await,
    )
}

/// `days` empty keeps content until someone deletes it.
#[server(endpoint = "set_retention")]
pub async fn set_retention(account_id: i64, days: String) -> Result<(), AppError> {
    respond(
        async {
            let actor = require(&[Role::Admin])?;
            let days = match days.trim() {
                "" => None,
                typed => Some(
                    typed
                        .parse::<u32>()
                        .map_err(|_| FieldErrors::single("days", domain::Problem::DaysOrEmpty))?,
                ),
            };
            services()?
                .privacy
                .set_retention(&actor, account_id, days, &client_info())
                .await
        }
        .await,
    )
}

#[server(endpoint = "run_retention")]
pub async fn run_retention() -> Result<PurgeCounts, AppError> {
    respond(
        async {
            let actor = require(&[Role::Admin])?;
            services()?
                .privacy
                .run_retention(&actor, &client_info())
                .await
        }
        .await,
    )
}

#[server(endpoint = "find_data_subjects")]
pub async fn find_data_subjects(query: String) -> Result<Vec<DataSubject>, AppError> {
    respond(
        async {
            require(&[Role::Admin])?;
            services()?.privacy.find_subjects(&query).await
        }
        .await,
    )
}

#[server(endpoint = "erase_data_subject")]
pub async fn erase_data_subject(
    profile_id: i64,
    contact: String,
    confirm: Option<String>,
) -> Result<PurgeCounts, AppError> {
    respond(
        async {
            let actor = require(&[Role::Admin])?;
            if confirm.is_none() {
                return Err(FieldErrors::single(
                    "confirm",
                    domain::Problem::ConfirmErase,
                ));
            }
            let contact = ErasedContact::parse(&contact).ok_or_else(|| {
                FieldErrors::single("contact", domain::Problem::ChooseContactFate)
            })?;
            services()?
                .privacy
                .erase_subject(&actor, profile_id, contact, &client_info())
                .await
        }
        .await,
    )
}

#[server(endpoint = "get_end_user_privacy")]
pub async fn get_end_user_privacy() -> Result<Vec<EndUserPrivacy>, AppError> {
    respond(
        async {
            require(&[Role::Admin, Role::Auditor])?;
            services()?.privacy.end_user_settings().await
        }
        .await,
    )
}

#[server(endpoint = "set_end_user_privacy")]
pub async fn set_end_user_privacy(
    account_id: i64,
    recording_notice: Option<String>,
    consent_required: Option<String>,
    notice_text_en: Option<String>,
    notice_text_ja: Option<String>,
    notice_text_th: Option<String>,
    notice_text_zh_tw: Option<String>,
    notice_text_it: Option<String>,
) -> Result<(), AppError> {
    respond(
        async {
            let actor = require(&[Role::Admin])?;
            let typed = [
                notice_text_en,
                notice_text_ja,
                notice_text_th,
                notice_text_zh_tw,
                notice_text_it,
            ];
            let notice_texts = domain::automated::LANGUAGES
                .iter()
                .zip(typed)
                .filter_map(|((code, _), text)| text.map(|t| (code.to_string(), t)))
                .collect();
            let settings = EndUserPrivacy {
                account_id,
                account_name: String::new(),
                recording_notice: recording_notice.is_some(),
                consent_required: consent_required.is_some(),
                notice_texts,
            };
            services()?
                .privacy
                .set_end_user_settings(&actor, settings, &client_info())
                .await
        }
        .await,
    )
}

#[server(endpoint = "list_consents")]
pub async fn list_consents() -> Result<Vec<ConsentRecord>, AppError> {
    respond(
        async {
            require(&[Role::Admin, Role::Auditor])?;
            services()?.privacy.consents().await
        }
        .await,
    )
}

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
