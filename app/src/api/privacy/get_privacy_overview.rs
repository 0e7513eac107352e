#[cfg(feature = "ssr")]
use crate::ssr::{require, respond, services};
use domain::account::{AccountPrivacy, Region};
use domain::privacy::{ConsentRecord, EndUserPrivacy, RetentionView, TranscriptGrant};
use domain::user::UserView;
use domain::AppError;
#[cfg(feature = "ssr")]
use domain::Role;
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
