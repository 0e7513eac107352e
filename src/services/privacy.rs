//! Retention limits and runs, and data-subject erasure, audited without any content.

use crate::clock::now_ms;
use crate::db::accounts::{self, PrivacyRow};
use crate::db::profiles::{self, SubjectRow};
use crate::db::{audit, consents, contacts, transcript_grants, users};
use crate::engine::retention::{self, Purged};
use crate::engine::Engine;
use crate::error::OrInternal;
use crate::services::audit_entry;
use async_trait::async_trait;
use domain::account::{AccountPrivacy, AccountStatus};
use domain::contact::ErasedContact;
use domain::privacy::{
    AccountPrivacySettings, ConsentRecord, DataSubject, EndUserPrivacy, PrivacyService,
    PurgeCounts, RetentionView, TranscriptGrant, TRANSCRIPT_GRANT_MAX_DAYS,
};
use domain::user::{ClientInfo, CurrentUser};
use domain::Problem;
use domain::Role;
use domain::{AppError, FieldErrors};
use serde_json::{json, Value};

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

/// What customers are told and asked, from the account's privacy columns.
fn end_user(row: &PrivacyRow) -> EndUserPrivacy {
    EndUserPrivacy {
        account_id: row.id,
        account_name: row.name.clone(),
        recording_notice: row.recording_notice != 0,
        consent_required: row.consent_required != 0,
        notice_texts: EndUserPrivacy::parse_texts(row.notice_text.as_deref()),
    }
}

fn subject_view(row: &SubjectRow) -> DataSubject {
    DataSubject {
        profile_id: row.id,
        account_name: row.account_name.clone(),
        display_name: row.display_name.clone(),
        line_user_id: row.line_user_id.clone(),
        conversations: row.conversations,
        erased_at: row.erased_at,
    }
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
        let subject = profiles::subject(&self.engine.db.pool, profile_id)
            .await
            .or_internal()?
            .ok_or(AppError::NotFound(Problem::LineUserNotFound))?;
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
        Ok(accounts::privacy_rows(&self.engine.db.pool)
            .await
            .or_internal()?
            .iter()
            .map(end_user)
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
                errors.add("notice_text_en", Problem::UnknownLanguage);
            } else if text.chars().count() > NOTICE_TEXT_MAX {
                errors.add(
                    &domain::privacy::notice_field(lang),
                    Problem::AtMostChars {
                        max: NOTICE_TEXT_MAX,
                    },
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
            .ok_or(AppError::NotFound(Problem::AccountNotFound))?;
        let now = now_ms();
        let mut tx = self.engine.db.begin_write().await.or_internal()?;
        accounts::set_end_user_privacy(
            &mut *tx,
            settings.account_id,
            settings.recording_notice,
            settings.consent_required,
            column,
            now,
        )
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
        let rows = consents::recent(&self.engine.db.pool).await.or_internal()?;
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
        let rows = transcript_grants::recent(&self.engine.db.pool)
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
                Problem::GrantDays {
                    max: TRANSCRIPT_GRANT_MAX_DAYS,
                },
            ));
        }
        let target = users::active_auditor_email(&self.engine.db.pool, user_id)
            .await
            .or_internal()?;
        let Some(email) = target else {
            return Err(FieldErrors::single("user_id", Problem::ChooseAuditor));
        };
        let now = now_ms();
        let expires_at = now + i64::from(days) * 86_400_000;
        let mut tx = self.engine.db.begin_write().await.or_internal()?;
        transcript_grants::insert(&mut *tx, user_id, actor.id, now, expires_at)
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
        let ended = transcript_grants::revoke(&mut *tx, user_id, actor.id, now)
            .await
            .or_internal()?;
        if ended == 0 {
            return Err(AppError::Conflict(Problem::NoTranscriptAccess));
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
        let rows = accounts::privacy_rows(&self.engine.db.pool)
            .await
            .or_internal()?;
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
            settings.end_user.push(end_user(&row));
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
                Problem::RetentionDays {
                    max: RETENTION_MAX_DAYS,
                },
            ));
        }
        let before = accounts::retention_days(&self.engine.db.pool, account_id)
            .await
            .or_internal()?;
        let Some(before) = before else {
            return Err(AppError::NotFound(Problem::AccountNotFound));
        };
        let now = now_ms();
        let mut tx = self.engine.db.begin_write().await.or_internal()?;
        accounts::set_retention_days(&mut *tx, account_id, days.map(|d| d as i32), now)
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
            return Err(FieldErrors::single(
                "query",
                Problem::AtMostChars { max: 200 },
            ));
        }
        let pattern = crate::services::contacts::like_pattern(query);
        let rows = profiles::search_subjects(&self.engine.db.pool, &pattern)
            .await
            .or_internal()?;
        Ok(rows.iter().map(subject_view).collect())
    }

    async fn erase_subject(
        &self,
        actor: &CurrentUser,
        profile_id: i64,
        contact: ErasedContact,
        client: &ClientInfo,
    ) -> Result<PurgeCounts, AppError> {
        let row = profiles::subject(&self.engine.db.pool, profile_id)
            .await
            .or_internal()?
            .ok_or(AppError::NotFound(Problem::LineUserNotFound))?;
        if row.erased_at.is_some() {
            return Err(AppError::Conflict(Problem::AlreadyErased));
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
