//! The desk's health, as the administrators' System page and `linedesk doctor` show it: each
//! check's outcome as data (the words are chosen where it is shown, in the reader's language).

pub mod service;

pub use service::SystemService;

use crate::Problem;
use serde::{Deserialize, Serialize};

/// How a check came out, worst last.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub enum Health {
    Ok,
    /// Works, but needs a look soon.
    Warning,
    /// Something LINE or the agents depend on does not work.
    Failing,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Check {
    pub health: Health,
    pub finding: Finding,
}

/// What a check found.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Finding {
    /// PUBLIC_URL: LINE delivers only to https, and the desk must reach itself there.
    PublicUrl {
        url: String,
        https: bool,
        /// None when /healthz answered through it; else why not.
        unreachable: Option<String>,
    },
    /// The database answers.
    Database { reachable: bool },
    /// This server's clock against the Date of LINE's answer.
    Clock {
        /// Ours minus LINE's, in ms; None when LINE could not be asked.
        skew_ms: Option<i64>,
        error: Option<Problem>,
    },
    /// Space left where the database and the files are.
    Disk {
        path: String,
        free_bytes: u64,
        total_bytes: u64,
    },
    /// Work waiting or given up on.
    Jobs {
        events_waiting: i64,
        /// Set aside after their last attempt, in the last 7 days.
        events_set_aside: i64,
        sends_waiting: i64,
        sends_failed: i64,
        files_waiting: i64,
        files_failed: i64,
    },
    /// The last `linedesk backup` (SQLite); PostgreSQL's are made with pg_dump and not seen.
    Backup {
        last_at: Option<i64>,
        file: Option<String>,
        postgres: bool,
    },
    /// A messaging account's webhook on LINE, and when LINE last delivered to it.
    Account {
        id: i64,
        name: String,
        webhook: AccountWebhook,
        last_delivery_at: Option<i64>,
    },
}

/// What LINE says of an account's webhook.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum AccountWebhook {
    /// LINE delivers to this desk (when `active`: "Use webhook" on).
    Ours { active: bool },
    /// LINE delivers somewhere else.
    Elsewhere { endpoint: String, ours: String },
    /// LINE could not be asked (token refused, unreachable, ...).
    Unknown(Problem),
}

/// How old a backup may be before the check warns.
pub const BACKUP_WARN_MS: i64 = 2 * 24 * 3600 * 1000;
/// A clock this far from LINE's warns; ten times this fails.
pub const CLOCK_WARN_MS: i64 = 5_000;

impl Finding {
    /// How this finding counts.
    pub fn health(&self, now: i64) -> Health {
        match self {
            Finding::PublicUrl {
                https, unreachable, ..
            } => {
                if !https || unreachable.is_some() {
                    Health::Failing
                } else {
                    Health::Ok
                }
            }
            Finding::Database { reachable } => {
                if *reachable {
                    Health::Ok
                } else {
                    Health::Failing
                }
            }
            Finding::Clock { skew_ms, .. } => match skew_ms.map(i64::abs) {
                None => Health::Warning,
                Some(s) if s > 10 * CLOCK_WARN_MS => Health::Failing,
                Some(s) if s > CLOCK_WARN_MS => Health::Warning,
                Some(_) => Health::Ok,
            },
            Finding::Disk {
                free_bytes,
                total_bytes,
                ..
            } => {
                let share = *free_bytes as f64 / (*total_bytes).max(1) as f64;
                if *free_bytes < 1 << 30 || share < 0.05 {
                    Health::Failing
                } else if share < 0.15 {
                    Health::Warning
                } else {
                    Health::Ok
                }
            }
            Finding::Jobs {
                events_waiting,
                events_set_aside,
                sends_failed,
                files_failed,
                ..
            } => {
                if *events_waiting > 10_000 {
                    Health::Failing
                } else if *events_set_aside + *sends_failed + *files_failed > 0
                    || *events_waiting > 1_000
                {
                    Health::Warning
                } else {
                    Health::Ok
                }
            }
            Finding::Backup {
                last_at, postgres, ..
            } => match last_at {
                _ if *postgres => Health::Ok,
                Some(at) if now - at <= BACKUP_WARN_MS => Health::Ok,
                _ => Health::Warning,
            },
            Finding::Account { webhook, .. } => match webhook {
                AccountWebhook::Ours { active: true } => Health::Ok,
                AccountWebhook::Ours { active: false } | AccountWebhook::Elsewhere { .. } => {
                    Health::Failing
                }
                AccountWebhook::Unknown(Problem::LineRejectedToken) => Health::Failing,
                AccountWebhook::Unknown(_) => Health::Warning,
            },
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn findings_count_as_an_operator_would() {
        let now = 10 * BACKUP_WARN_MS;
        let url = |https, unreachable: Option<&str>| Finding::PublicUrl {
            url: "https://desk.example.com".into(),
            https,
            unreachable: unreachable.map(Into::into),
        };
        assert_eq!(url(true, None).health(now), Health::Ok);
        assert_eq!(url(false, None).health(now), Health::Failing);
        assert_eq!(url(true, Some("refused")).health(now), Health::Failing);
        let clock = |ms| Finding::Clock {
            skew_ms: Some(ms),
            error: None,
        };
        assert_eq!(clock(-4_000).health(now), Health::Ok);
        assert_eq!(clock(-6_000).health(now), Health::Warning);
        assert_eq!(clock(120_000).health(now), Health::Failing);
        let backup = |last_at| Finding::Backup {
            last_at,
            file: None,
            postgres: false,
        };
        assert_eq!(backup(Some(now - 3_600_000)).health(now), Health::Ok);
        assert_eq!(
            backup(Some(now - 3 * 24 * 3_600_000)).health(now),
            Health::Warning
        );
        assert_eq!(backup(None).health(now), Health::Warning);
        let disk = |free, total| Finding::Disk {
            path: "/var/lib/linedesk".into(),
            free_bytes: free,
            total_bytes: total,
        };
        assert_eq!(disk(50 << 30, 100 << 30).health(now), Health::Ok);
        assert_eq!(disk(10 << 30, 100 << 30).health(now), Health::Warning);
        assert_eq!(disk(512 << 20, 1 << 30).health(now), Health::Failing);
        let account = |webhook| Finding::Account {
            id: 1,
            name: "Support".into(),
            webhook,
            last_delivery_at: None,
        };
        assert_eq!(
            account(AccountWebhook::Ours { active: true }).health(now),
            Health::Ok
        );
        assert_eq!(
            account(AccountWebhook::Ours { active: false }).health(now),
            Health::Failing
        );
        assert_eq!(
            account(AccountWebhook::Unknown(Problem::LineRejectedToken)).health(now),
            Health::Failing
        );
    }
}
