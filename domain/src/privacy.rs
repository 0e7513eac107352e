//! Retention, data-subject requests, end-user notices and consent, and auditors' transcript
//! grants: what the Privacy page shows and the privacy service takes.

use crate::account::AccountPrivacy;
use serde::{Deserialize, Serialize};

mod service;
pub use service::PrivacyService;

/// What a retention run or an erasure removed (or, for a preview, would remove).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct PurgeCounts {
    pub conversations: i64,
    pub messages: i64,
    pub attachments: i64,
}

/// Every finished account's privacy settings, from one read of the accounts, for the
/// Privacy page's three account sections.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct AccountPrivacySettings {
    pub accounts: Vec<AccountPrivacy>,
    pub retention: Vec<RetentionView>,
    pub end_user: Vec<EndUserPrivacy>,
}

/// A messaging account's retention limit and what the next run would purge.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RetentionView {
    pub account_id: i64,
    pub account_name: String,
    /// None: content is kept until someone deletes it.
    pub days: Option<u32>,
    pub next_run: PurgeCounts,
}

/// A LINE user as the data-subject tools show them (no message content).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct DataSubject {
    pub profile_id: i64,
    pub account_name: String,
    pub display_name: Option<String>,
    pub line_user_id: String,
    pub conversations: i64,
    pub erased_at: Option<i64>,
}

/// An account's end-user notice and consent settings.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct EndUserPrivacy {
    pub account_id: i64,
    pub account_name: String,
    /// Send the recording notice when a conversation starts.
    pub recording_notice: bool,
    /// Hide the customer's messages from agents until they agree.
    pub consent_required: bool,
    /// The notice's text per language code, overriding that language's default; `*` (texts
    /// saved before per-language notices) applies to every language without its own.
    pub notice_texts: std::collections::BTreeMap<String, String>,
}

impl EndUserPrivacy {
    /// Reads the stored column: a JSON object of texts, or one plain text for every language.
    pub fn parse_texts(column: Option<&str>) -> std::collections::BTreeMap<String, String> {
        let Some(column) = column.map(str::trim).filter(|c| !c.is_empty()) else {
            return Default::default();
        };
        serde_json::from_str(column).unwrap_or_else(|_| {
            [("*".to_string(), column.to_string())]
                .into_iter()
                .collect()
        })
    }

    /// The custom text for `language`, if any.
    pub fn notice_for<'a>(
        texts: &'a std::collections::BTreeMap<String, String>,
        language: &str,
    ) -> Option<&'a str> {
        texts
            .get(language)
            .or_else(|| texts.get("*"))
            .map(String::as_str)
    }
}

/// The form field of a language's notice text: `notice_text_zh_tw` for `zh-TW`.
pub fn notice_field(language: &str) -> String {
    format!("notice_text_{}", language.replace('-', "_").to_lowercase())
}

/// An auditor's access to conversation transcripts, as an administrator granted it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TranscriptGrant {
    pub user_id: i64,
    pub user_email: String,
    pub granted_by: String,
    pub granted_at: i64,
    pub expires_at: i64,
    pub revoked_at: Option<i64>,
    /// Not revoked and not expired now.
    pub active: bool,
}

/// The longest transcript grant, in days.
pub const TRANSCRIPT_GRANT_MAX_DAYS: u32 = 90;

crate::text_enum! {
    /// A customer's answer to the account's recording notice.
    pub enum ConsentDecision {
        Granted = "granted",
        Declined = "declined",
    }
}

/// One consent decision of a LINE user.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ConsentRecord {
    pub account_name: String,
    pub line_user_id: String,
    pub decision: ConsentDecision,
    pub notice_version: String,
    pub decided_at: i64,
}
