use crate::Role;
use serde::{Deserialize, Serialize};

mod service;
pub use service::UserService;

/// The signed-in person, as the server resolved it from the session for this request.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CurrentUser {
    pub id: i64,
    pub email: String,
    pub display_name: String,
    pub role: Role,
}

/// The portal's display languages (the catalogues in app/locales; the app checks the two agree).
pub const PORTAL_LANGUAGES: [&str; 5] = ["en", "ja", "th", "zh-TW", "it"];

/// What a person chose for reading the portal: their display language (a tag such as `ja`) and
/// IANA time zone (`Asia/Tokyo`). None means not chosen: the browser's languages and the
/// organisation's defaults decide.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReaderPreferences {
    pub language: Option<String>,
    pub time_zone: Option<String>,
}

/// The organisation's defaults for people who chose nothing: a display language (used when
/// none of the browser's languages is one of the portal's) and an IANA time zone.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct OrganisationDefaults {
    pub language: Option<String>,
    pub time_zone: Option<String>,
}

/// A row of the Users page. Never carries a password hash.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct UserView {
    pub id: i64,
    pub email: String,
    pub display_name: String,
    pub role: Role,
    pub disabled: bool,
    /// Unix milliseconds.
    pub created_at: i64,
    /// Unix milliseconds of the last successful sign-in, if any.
    pub last_login_at: Option<i64>,
}

/// What an admin (or the CLI, or the first-admin setup) submits to create a user.
#[derive(Clone, Serialize, Deserialize)]
pub struct NewUser {
    pub email: String,
    pub display_name: String,
    pub password: String,
    pub role: Role,
}

// Hand-written so that a password never reaches a log line through `{:?}`.
impl std::fmt::Debug for NewUser {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("NewUser")
            .field("email", &self.email)
            .field("display_name", &self.display_name)
            .field("password", &"[redacted]")
            .field("role", &self.role)
            .finish()
    }
}

/// Where a request came from, for throttling and the audit log.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ClientInfo {
    pub address: Option<String>,
}

/// Session keys shared by the sign-in server function (which writes them) and the server's
/// middleware (which reads them on every request).
pub const SESSION_USER_ID: &str = "uid";
pub const SESSION_EPOCH: &str = "epoch";

/// A successful sign-in: who, and the session generation the session must carry. Resetting a
/// password or disabling a user bumps the generation, which ends every older session at once.
#[derive(Clone, Debug)]
pub struct SignedIn {
    pub user: CurrentUser,
    pub session_epoch: i64,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn new_user_debug_hides_the_password() {
        let user = NewUser {
            email: "a@example.com".into(),
            display_name: "A".into(),
            password: "hunter2-hunter2".into(),
            role: Role::Agent,
        };
        let shown = format!("{user:?}");
        assert!(!shown.contains("hunter2"), "{shown}");
        assert!(shown.contains("[redacted]"));
    }
}
