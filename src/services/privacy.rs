//! Retention limits and runs, and data-subject erasure, audited without any content.

use crate::clock::now_ms;
use crate::db::{audit, contacts};
use crate::engine::retention::{self, Purged};
use crate::engine::Engine;
use crate::error::OrInternal;
use crate::services::audit_entry;
use async_trait::async_trait;
use domain::account::{AccountPrivacy, AccountStatus};
use domain::contact::ErasedContact;
use domain::ports::{
    AccountPrivacySettings, ConsentRecord, DataSubject, EndUserPrivacy, PrivacyService,
    PurgeCounts, RetentionView, TranscriptGrant, TRANSCRIPT_GRANT_MAX_DAYS,
};
use domain::user::{ClientInfo, CurrentUser};
use domain::Role;
use domain::{AppError, FieldErrors};
use serde_json::{json, Value};
use sqlx::FromRow;

pub const RETENTION_MAX_DAYS: u32 = 3650;

pub struct Privacy {
    pub engine: Engine,
}

fn counts(p: Purged) -> PurgeCounts {
    PurgeCounts {
        conversations: p.conversations,
        messages: p.messages,
        attachments: p.attachments,
    }
}

async fn append(
    engine: &Engine,
    actor: Option<&CurrentUser>,
    client: &ClientInfo,
    action: &str,
    entity: &str,
    id: i64,
    detail: Value,
) -> anyhow::Result<()> {
    let entry = audit_entry(actor, client, action, entity, Some(id.to_string()), detail);
    let mut tx = engine.db.begin_write().await?;
    audit::append(&mut tx, engine.db.backend, &entry, now_ms()).await?;
    tx.commit().await?;
    Ok(())
}

/// One retention run over every account with a limit; each purge is audited (by `actor`, or
/// by the system when the scheduler runs it).
pub async fn run_audited(
    engine: &Engine,
    actor: Option<&CurrentUser>,
    client: &ClientInfo,
) -> anyhow::Result<PurgeCounts> {
    let mut total = PurgeCounts::default();
    for (account_id, purged) in retention::purge_due(engine).await? {
        append(
            engine,
            actor,
            client,
            "retention.run",
            "line_account",
            account_id,
            json!({ "purged": purged }),
        )
        .await?;
        total.conversations += purged.conversations;
        total.messages += purged.messages;
        total.attachments += purged.attachments;
    }
    Ok(total)
}

/// The account columns the Privacy page shows, read once for all its account sections.
#[derive(FromRow)]
struct AccountSettingsRow {
    id: i64,
    name: String,
    channel_id: String,
    status: String,
    privacy_ack_email: Option<String>,
    privacy_ack_at: Option<i64>,
    privacy_notice_version: Option<String>,
    retention_days: Option<i32>,
    recording_notice: i16,
    consent_required: i16,
    notice_text: Option<String>,
}

impl AccountSettingsRow {
    fn end_user(&self) -> EndUserPrivacy {
        EndUserPrivacy {
            account_id: self.id,
            account_name: self.name.clone(),
            recording_notice: self.recording_notice != 0,
            consent_required: self.consent_required != 0,
            notice_texts: EndUserPrivacy::parse_texts(self.notice_text.as_deref()),
        }
    }
}

impl Privacy {
    /// Every finished account's privacy columns, by name.
    async fn account_rows(&self) -> Result<Vec<AccountSettingsRow>, AppError> {
        sqlx::query_as::<_, AccountSettingsRow>(
            "SELECT id, name, channel_id, status, privacy_ack_email, privacy_ack_at, privacy_notice_version,
                    retention_days, recording_notice, consent_required, notice_text
             FROM line_accounts WHERE deleted_at IS NULL AND status <> 'draft' ORDER BY lower(name), id",
        )
        .fetch_all(&self.engine.db.pool)
        .await
        .or_internal()
    }
}

#[derive(FromRow)]
struct SubjectRow {
    id: i64,
    account_id: i64,
    account_name: String,
    display_name: Option<String>,
    line_user_id: String,
    conversations: i64,
    erased_at: Option<i64>,
}

impl SubjectRow {
    fn view(&self) -> DataSubject {
        DataSubject {
            profile_id: self.id,
            account_name: self.account_name.clone(),
            display_name: self.display_name.clone(),
            line_user_id: self.line_user_id.clone(),
            conversations: self.conversations,
            erased_at: self.erased_at,
        }
    }
}

const SUBJECTS: &str = "SELECT p.id, p.account_id, a.name AS account_name, p.display_name, p.line_user_id,
        (SELECT COUNT(*) FROM conversations c WHERE c.profile_id = p.id) AS conversations, p.erased_at
    FROM social_profiles p JOIN line_accounts a ON a.id = p.account_id";

#[derive(FromRow)]
struct GrantRow {
    user_id: i64,
    user_email: String,
    granted_by: String,
    granted_at: i64,
    expires_at: i64,
    revoked_at: Option<i64>,
}

#[derive(FromRow)]
struct ConsentRow {
    account_name: String,
    line_user_id: String,
    decision: String,
    notice_version: String,
    decided_at: i64,
}

pub const NOTICE_TEXT_MAX: usize = 1000;

#[async_trait]
impl PrivacyService for Privacy {
    async fn export_subject(
        &self,
        actor: &CurrentUser,
        profile_id: i64,
        client: &ClientInfo,
    ) -> Result<(String, Vec<u8>), AppError> {
        let subject = sqlx::query_as::<_, SubjectRow>(&format!("{SUBJECTS} WHERE p.id = $1"))
            .bind(profile_id)
            .fetch_optional(&self.engine.db.pool)
            .await
            .or_internal()?
            .ok_or_else(|| AppError::NotFound("That LINE user".into()))?;
        let export =
            crate::engine::export::subject(&self.engine, subject.account_id, &subject.line_user_id)
                .await
                .or_internal()?;
        append(
            &self.engine,
            Some(actor),
            client,
            "data_subject.export",
            "social_profile",
            profile_id,
            json!({ "account": subject.account_name, "messages": export.messages, "files": export.files }),
        )
        .await
        .or_internal()?;
        Ok((format!("line-user-{profile_id}.zip"), export.zip))
    }

    async fn end_user_settings(&self) -> Result<Vec<EndUserPrivacy>, AppError> {
        // Without the retention previews account_settings would also count.
        Ok(self
            .account_rows()
            .await?
            .iter()
            .map(AccountSettingsRow::end_user)
            .collect())
    }

    async fn set_end_user_settings(
        &self,
        actor: &CurrentUser,
        settings: EndUserPrivacy,
        client: &ClientInfo,
    ) -> Result<(), AppError> {
        // Empty texts fall back to the language's default; each language is checked on its own.
        let texts: std::collections::BTreeMap<String, String> = settings
            .notice_texts
            .iter()
            .map(|(lang, text)| (lang.clone(), text.trim().to_string()))
            .filter(|(_, text)| !text.is_empty())
            .collect();
        let mut errors = FieldErrors::new();
        for (lang, text) in &texts {
            if lang != "*" && !domain::automated::is_language(lang) {
                errors.add("notice_text_en", "Unknown language.");
            } else if text.chars().count() > NOTICE_TEXT_MAX {
                errors.add(
                    &domain::ports::notice_field(lang),
                    format!("Use at most {NOTICE_TEXT_MAX} characters."),
                );
            }
        }
        if !errors.is_empty() {
            return Err(AppError::Invalid(errors));
        }
        let column = (!texts.is_empty()).then(|| serde_json::to_string(&texts).unwrap_or_default());
        let before = self
            .end_user_settings()
            .await?
            .into_iter()
            .find(|s| s.account_id == settings.account_id)
            .ok_or_else(|| AppError::NotFound("That messaging account".into()))?;
        let now = now_ms();
        let mut tx = self.engine.db.begin_write().await.or_internal()?;
        sqlx::query(
            "UPDATE line_accounts SET recording_notice = $1, consent_required = $2, notice_text = $3, updated_at = $4 WHERE id = $5",
        )
        .bind(i16::from(settings.recording_notice))
        .bind(i16::from(settings.consent_required))
        .bind(column)
        .bind(now)
        .bind(settings.account_id)
        .execute(&mut *tx)
        .await
        .or_internal()?;
        let view = |s: &EndUserPrivacy| json!({ "recording_notice": s.recording_notice, "consent_required": s.consent_required, "notice_texts": s.notice_texts });
        let after = EndUserPrivacy {
            notice_texts: texts,
            ..settings
        };
        let entry = audit_entry(
            Some(actor),
            client,
            "privacy.end_user",
            "line_account",
            Some(after.account_id.to_string()),
            crate::services::changes(&view(&before), &view(&after)),
        );
        audit::append(&mut tx, self.engine.db.backend, &entry, now)
            .await
            .or_internal()?;
        tx.commit().await.or_internal()
    }

    async fn consents(&self) -> Result<Vec<ConsentRecord>, AppError> {
        let rows = sqlx::query_as::<_, ConsentRow>(
            "SELECT a.name AS account_name, x.line_user_id, x.decision, x.notice_version, x.decided_at
             FROM consents x JOIN line_accounts a ON a.id = x.account_id ORDER BY x.id DESC LIMIT 200",
        )
        .fetch_all(&self.engine.db.pool)
        .await
        .or_internal()?;
        Ok(rows
            .into_iter()
            .map(|r| ConsentRecord {
                account_name: r.account_name,
                line_user_id: r.line_user_id,
                decision: r.decision,
                notice_version: r.notice_version,
                decided_at: r.decided_at,
            })
            .collect())
    }

    async fn transcript_grants(&self) -> Result<Vec<TranscriptGrant>, AppError> {
        let now = now_ms();
        let rows = sqlx::query_as::<_, GrantRow>(
            "SELECT g.user_id, u.email AS user_email, b.email AS granted_by, g.granted_at, g.expires_at, g.revoked_at
             FROM transcript_grants g JOIN users u ON u.id = g.user_id JOIN users b ON b.id = g.granted_by
             ORDER BY g.id DESC LIMIT 200",
        )
        .fetch_all(&self.engine.db.pool)
        .await
        .or_internal()?;
        Ok(rows
            .into_iter()
            .map(|r| TranscriptGrant {
                active: r.revoked_at.is_none() && r.expires_at > now,
                user_id: r.user_id,
                user_email: r.user_email,
                granted_by: r.granted_by,
                granted_at: r.granted_at,
                expires_at: r.expires_at,
                revoked_at: r.revoked_at,
            })
            .collect())
    }

    async fn grant_transcripts(
        &self,
        actor: &CurrentUser,
        user_id: i64,
        days: u32,
        client: &ClientInfo,
    ) -> Result<(), AppError> {
        if actor.role != Role::Admin {
            return Err(AppError::Forbidden);
        }
        if !(1..=TRANSCRIPT_GRANT_MAX_DAYS).contains(&days) {
            return Err(FieldErrors::single(
                "days",
                format!("Grant access for 1 to {TRANSCRIPT_GRANT_MAX_DAYS} days."),
            ));
        }
        let target: Option<String> = sqlx::query_scalar(
            "SELECT email FROM users WHERE id = $1 AND role = 'auditor' AND disabled = 0",
        )
        .bind(user_id)
        .fetch_optional(&self.engine.db.pool)
        .await
        .or_internal()?;
        let Some(email) = target else {
            return Err(FieldErrors::single("user_id", "Choose an active auditor."));
        };
        let now = now_ms();
        let expires_at = now + i64::from(days) * 86_400_000;
        let mut tx = self.engine.db.begin_write().await.or_internal()?;
        sqlx::query(
            "INSERT INTO transcript_grants (user_id, granted_by, granted_at, expires_at) VALUES ($1, $2, $3, $4)",
        )
        .bind(user_id)
        .bind(actor.id)
        .bind(now)
        .bind(expires_at)
        .execute(&mut *tx)
        .await
        .or_internal()?;
        let entry = audit_entry(
            Some(actor),
            client,
            "privacy.transcript_grant",
            "user",
            Some(user_id.to_string()),
            json!({ "after": { "auditor": email, "days": days, "expires_at": expires_at } }),
        );
        audit::append(&mut tx, self.engine.db.backend, &entry, now)
            .await
            .or_internal()?;
        tx.commit().await.or_internal()
    }

    async fn revoke_transcripts(
        &self,
        actor: &CurrentUser,
        user_id: i64,
        client: &ClientInfo,
    ) -> Result<(), AppError> {
        if actor.role != Role::Admin {
            return Err(AppError::Forbidden);
        }
        let now = now_ms();
        let mut tx = self.engine.db.begin_write().await.or_internal()?;
        let ended = sqlx::query(
            "UPDATE transcript_grants SET revoked_at = $1, revoked_by = $2
             WHERE user_id = $3 AND revoked_at IS NULL AND expires_at > $1",
        )
        .bind(now)
        .bind(actor.id)
        .bind(user_id)
        .execute(&mut *tx)
        .await
        .or_internal()?
        .rows_affected();
        if ended == 0 {
            return Err(AppError::Conflict(
                "That auditor has no active transcript access.".into(),
            ));
        }
        let entry = audit_entry(
            Some(actor),
            client,
            "privacy.transcript_revoke",
            "user",
            Some(user_id.to_string()),
            json!({ "before": { "active": true }, "after": { "active": false } }),
        );
        audit::append(&mut tx, self.engine.db.backend, &entry, now)
            .await
            .or_internal()?;
        tx.commit().await.or_internal()
    }

    async fn account_settings(&self) -> Result<AccountPrivacySettings, AppError> {
        let rows = self.account_rows().await?;
        let mut settings = AccountPrivacySettings::default();
        for row in rows {
            let days = row.retention_days.filter(|d| *d > 0);
            let next_run = match days {
                Some(days) => counts(
                    retention::preview(&self.engine, row.id, days)
                        .await
                        .or_internal()?,
                ),
                None => PurgeCounts::default(),
            };
            settings.end_user.push(row.end_user());
            settings.accounts.push(AccountPrivacy {
                name: row.name.clone(),
                channel_id: row.channel_id,
                status: AccountStatus::parse(&row.status),
                ack_by: row.privacy_ack_email,
                ack_at: row.privacy_ack_at,
                notice_version: row.privacy_notice_version,
            });
            settings.retention.push(RetentionView {
                account_id: row.id,
                account_name: row.name,
                days: days.map(|d| d as u32),
                next_run,
            });
        }
        Ok(settings)
    }

    async fn retention(&self) -> Result<Vec<RetentionView>, AppError> {
        Ok(self.account_settings().await?.retention)
    }

    async fn set_retention(
        &self,
        actor: &CurrentUser,
        account_id: i64,
        days: Option<u32>,
        client: &ClientInfo,
    ) -> Result<(), AppError> {
        if days.is_some_and(|d| !(1..=RETENTION_MAX_DAYS).contains(&d)) {
            return Err(FieldErrors::single(
                "days",
                format!(
                    "Use 1 to {RETENTION_MAX_DAYS} days, or leave it empty to keep everything."
                ),
            ));
        }
        let before: Option<Option<i32>> = sqlx::query_scalar(
            "SELECT retention_days FROM line_accounts WHERE id = $1 AND deleted_at IS NULL",
        )
        .bind(account_id)
        .fetch_optional(&self.engine.db.pool)
        .await
        .or_internal()?;
        let Some(before) = before else {
            return Err(AppError::NotFound("That messaging account".into()));
        };
        let now = now_ms();
        let mut tx = self.engine.db.begin_write().await.or_internal()?;
        sqlx::query("UPDATE line_accounts SET retention_days = $1, updated_at = $2 WHERE id = $3")
            .bind(days.map(|d| d as i32))
            .bind(now)
            .bind(account_id)
            .execute(&mut *tx)
            .await
            .or_internal()?;
        let entry = audit_entry(
            Some(actor),
            client,
            "retention.set",
            "line_account",
            Some(account_id.to_string()),
            json!({ "before": { "retention_days": before }, "after": { "retention_days": days } }),
        );
        audit::append(&mut tx, self.engine.db.backend, &entry, now)
            .await
            .or_internal()?;
        tx.commit().await.or_internal()
    }

    async fn run_retention(
        &self,
        actor: &CurrentUser,
        client: &ClientInfo,
    ) -> Result<PurgeCounts, AppError> {
        run_audited(&self.engine, Some(actor), client)
            .await
            .or_internal()
    }

    async fn find_subjects(&self, query: &str) -> Result<Vec<DataSubject>, AppError> {
        let query = query.trim();
        if query.chars().count() < 2 {
            return Ok(Vec::new());
        }
        if query.chars().count() > 200 {
            return Err(FieldErrors::single("query", "Use at most 200 characters."));
        }
        let pattern = crate::services::contacts::like_pattern(query);
        let rows = sqlx::query_as::<_, SubjectRow>(&format!(
            "{SUBJECTS} WHERE LOWER(COALESCE(p.display_name, '')) LIKE $1 ESCAPE '\\' OR LOWER(p.line_user_id) LIKE $1 ESCAPE '\\'
             ORDER BY p.id LIMIT 50"
        ))
        .bind(pattern)
        .fetch_all(&self.engine.db.pool)
        .await
        .or_internal()?;
        Ok(rows.iter().map(SubjectRow::view).collect())
    }

    async fn erase_subject(
        &self,
        actor: &CurrentUser,
        profile_id: i64,
        contact: ErasedContact,
        client: &ClientInfo,
    ) -> Result<PurgeCounts, AppError> {
        let row = sqlx::query_as::<_, SubjectRow>(&format!("{SUBJECTS} WHERE p.id = $1"))
            .bind(profile_id)
            .fetch_optional(&self.engine.db.pool)
            .await
            .or_internal()?
            .ok_or_else(|| AppError::NotFound("That LINE user".into()))?;
        if row.erased_at.is_some() {
            return Err(AppError::Conflict(
                "This LINE user was erased already.".into(),
            ));
        }
        // Their contact first, as the administrator chose (erasing the profile unlinks it).
        let pool = &self.engine.db.pool;
        let contact_id = contacts::of_profile(pool, profile_id).await.or_internal()?;
        let mut tx = self.engine.db.begin_write().await.or_internal()?;
        contacts::link_profile(&mut tx, profile_id, None)
            .await
            .or_internal()?;
        if let (Some(id), ErasedContact::Erase) = (contact_id, contact) {
            contacts::move_links(&mut tx, id, None)
                .await
                .or_internal()?;
            contacts::delete(&mut *tx, id).await.or_internal()?;
        }
        tx.commit().await.or_internal()?;
        let purged = retention::erase_user(&self.engine, row.account_id, &row.line_user_id)
            .await
            .or_internal()?;
        // The audit names the tombstone and the contact's id, never the user's id, name or words.
        append(
            &self.engine,
            Some(actor),
            client,
            "data_subject.erase",
            "social_profile",
            profile_id,
            json!({ "account": row.account_name, "tombstone": retention::tombstone(&row.line_user_id), "purged": purged,
                    "contact": contact_id.map(|id| json!({ "id": id, "choice": contact.as_str() })) }),
        )
        .await
        .or_internal()?;
        Ok(counts(purged))
    }
}
