//! The System page's and `linedesk doctor`'s checks (domain/src/system.rs says what each finds).

use crate::db::{backups, system, Backend, Db};
use crate::error::OrInternal;
use crate::line::client::LineClient;
use async_trait::async_trait;
use domain::account::{AccountService, AccountStatus};
use domain::system::{AccountWebhook, Check, Finding, SystemService};
use domain::AppError;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

/// How far back set-aside events count.
const SET_ASIDE_WINDOW_MS: i64 = 7 * 24 * 3600 * 1000;

pub struct System {
    pub db: Db,
    pub line: LineClient,
    pub accounts: Arc<dyn AccountService>,
    pub public_base: String,
    pub data_dir: PathBuf,
}

#[async_trait]
impl SystemService for System {
    async fn checks(&self) -> Result<Vec<Check>, AppError> {
        let now = crate::clock::now_ms();
        let reachable = self.db.ping().await;
        let mut findings = vec![
            self.public_url().await,
            Finding::Database { reachable },
            self.clock().await,
            self.disk(),
        ];
        if reachable {
            let jobs = system::job_counts(&self.db.pool, now - SET_ASIDE_WINDOW_MS)
                .await
                .or_internal()?;
            findings.push(Finding::Jobs {
                events_waiting: jobs.events_waiting,
                events_set_aside: jobs.events_set_aside,
                sends_waiting: jobs.sends_waiting,
                sends_failed: jobs.sends_failed,
                files_waiting: jobs.files_waiting,
                files_failed: jobs.files_failed,
            });
            let last = backups::last(&self.db.pool).await.or_internal()?;
            findings.push(Finding::Backup {
                last_at: last.as_ref().map(|b| b.taken_at),
                file: last.map(|b| b.file),
                postgres: self.db.backend == Backend::Postgres,
            });
            findings.extend(self.accounts().await?);
        }
        Ok(findings
            .into_iter()
            .map(|finding| Check {
                health: finding.health(now),
                finding,
            })
            .collect())
    }
}

impl System {
    /// PUBLIC_URL is https and this server answers there (through the proxy, when there is one).
    async fn public_url(&self) -> Finding {
        let url = self.public_base.clone();
        let https = url.starts_with("https://");
        let client = reqwest::Client::builder()
            .timeout(Duration::from_secs(5))
            .build()
            .expect("a TLS backend is compiled in");
        let unreachable = match client.get(format!("{url}/healthz")).send().await {
            Ok(r) if r.status().is_success() => None,
            Ok(r) => Some(format!("HTTP {}", r.status().as_u16())),
            Err(err) => Some(err.without_url().to_string()),
        };
        Finding::PublicUrl {
            url,
            https,
            unreachable,
        }
    }

    /// Ours minus LINE's Date, taking the middle of the round trip as the moment LINE wrote it
    /// (a Date has whole seconds: anything under about a second is noise).
    async fn clock(&self) -> Finding {
        let before = crate::clock::now_ms();
        match self.line.server_time().await {
            Ok((theirs, took)) => Finding::Clock {
                skew_ms: Some(before + took.as_millis() as i64 / 2 - theirs),
                error: None,
            },
            Err(err) => Finding::Clock {
                skew_ms: None,
                error: Some(err.problem()),
            },
        }
    }

    fn disk(&self) -> Finding {
        let (free_bytes, total_bytes) = disk_space(&self.data_dir).unwrap_or((0, 0));
        Finding::Disk {
            path: self.data_dir.display().to_string(),
            free_bytes,
            total_bytes,
        }
    }

    /// Each account with credentials: where LINE delivers its webhooks, and when it last did.
    /// (LINE is asked for all accounts at once: one unreachable account costs one timeout, not
    /// one per account.)
    async fn accounts(&self) -> Result<Vec<Finding>, AppError> {
        let accounts: Vec<_> = self
            .accounts
            .list()
            .await?
            .into_iter()
            .filter(|a| a.status != AccountStatus::Draft)
            .collect();
        let statuses = futures_util::future::join_all(
            accounts.iter().map(|a| self.accounts.webhook_status(a.id)),
        )
        .await;
        let mut findings = Vec::new();
        for (account, status) in accounts.into_iter().zip(statuses) {
            let webhook = match status {
                Ok(status) if status.matches_ours => AccountWebhook::Ours {
                    active: status.active,
                },
                Ok(status) => AccountWebhook::Elsewhere {
                    endpoint: status.endpoint,
                    ours: account.callback_url.clone(),
                },
                Err(AppError::Conflict(problem)) => AccountWebhook::Unknown(problem),
                Err(err) => return Err(err),
            };
            findings.push(Finding::Account {
                id: account.id,
                name: account.name,
                webhook,
                last_delivery_at: account.last_webhook_at,
            });
        }
        Ok(findings)
    }
}

/// (free, total) bytes of the file system holding `path` (the nearest existing folder).
fn disk_space(path: &std::path::Path) -> Option<(u64, u64)> {
    use std::ffi::CString;
    let existing = path.ancestors().find(|p| p.exists())?;
    let c_path = CString::new(existing.as_os_str().as_encoded_bytes()).ok()?;
    let mut stat: libc::statvfs = unsafe { std::mem::zeroed() };
    // SAFETY: a valid NUL-terminated path and a zeroed statvfs for the call to fill.
    if unsafe { libc::statvfs(c_path.as_ptr(), &mut stat) } != 0 {
        return None;
    }
    let block = stat.f_frsize as u64;
    Some((stat.f_bavail as u64 * block, stat.f_blocks as u64 * block))
}
