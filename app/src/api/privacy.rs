//! Retention and data-subject requests. Auditors may read the retention settings; only
//! administrators change them, run them, or erase a LINE user. One server function a file.

mod erase_data_subject;
mod find_data_subjects;
mod get_end_user_privacy;
mod get_privacy_overview;
mod get_retention;
mod grant_transcript_access;
mod list_consents;
mod list_transcript_grants;
mod revoke_transcript_access;
mod run_retention;
mod set_end_user_privacy;
mod set_retention;

pub use erase_data_subject::{erase_data_subject, EraseDataSubject};
pub use find_data_subjects::{find_data_subjects, FindDataSubjects};
pub use get_end_user_privacy::{get_end_user_privacy, GetEndUserPrivacy};
pub use get_privacy_overview::{get_privacy_overview, GetPrivacyOverview, PrivacyOverview};
pub use get_retention::{get_retention, GetRetention};
pub use grant_transcript_access::{grant_transcript_access, GrantTranscriptAccess};
pub use list_consents::{list_consents, ListConsents};
pub use list_transcript_grants::{list_transcript_grants, ListTranscriptGrants};
pub use revoke_transcript_access::{revoke_transcript_access, RevokeTranscriptAccess};
pub use run_retention::{run_retention, RunRetention};
pub use set_end_user_privacy::{set_end_user_privacy, NoticeForm, SetEndUserPrivacy};
pub use set_retention::{set_retention, SetRetention};
