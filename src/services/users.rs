//! People and sign-in: the first administrator, passwords, roles, throttling.

use crate::auth::password;
use crate::auth::reader;
use crate::clock::now_ms;
use crate::crypto::sha256_hex;
use crate::db::{audit, login_attempts, settings, setup_tokens, users, Db};
use crate::error::{internal, unique_as_field, OrInternal};
use crate::services::audit_entry;
use async_trait::async_trait;
use domain::user::{
    ClientInfo, CurrentUser, NewUser, OrganisationDefaults, ReaderPreferences, UserView,
    PORTAL_LANGUAGES,
};
use domain::user::{SignedIn, UserService};
use domain::validation::{check_display_name, check_email, check_password, normalize_email};
use domain::Problem;
use domain::{AppError, FieldErrors, Role};
use serde_json::json;
use std::sync::atomic::{AtomicU64, Ordering};

/// Failed sign-ins allowed for one email address within the window before it is throttled.
pub const MAX_FAILURES: i64 = 5;
pub const THROTTLE_WINDOW_MS: i64 = 15 * 60 * 1000;
/// Failed sign-ins allowed from one client address (any email) within the window: guessing
/// across many addresses from one machine pauses too.
pub const MAX_CLIENT_FAILURES: i64 = 20;

/// Failed sign-ins since the process started, for /metrics (a Prometheus counter is per
/// process; every desk in the process signs in through `Users`).
pub static FAILED_SIGN_INS: AtomicU64 = AtomicU64::new(0);

/// The throttling message for a pause that ends `THROTTLE_WINDOW_MS` after `last_failure`.
fn throttled(last_failure: Option<i64>, now: i64) -> AppError {
    FAILED_SIGN_INS.fetch_add(1, Ordering::Relaxed);
    let wait_ms = last_failure.unwrap_or(now) + THROTTLE_WINDOW_MS - now;
    let minutes = ((wait_ms + 59_999) / 60_000).max(1);
    AppError::Throttled(Problem::sign_in_throttled(minutes))
}

pub struct Users {
    pub db: Db,
}

const EMAIL_TAKEN: Problem = Problem::EmailTaken;

impl Users {
    fn validate(user: &NewUser) -> Result<(), AppError> {
        let mut errors = FieldErrors::new();
        check_email(&user.email, &mut errors);
        check_display_name(&user.display_name, &mut errors);
        check_password(&user.password, "password", &mut errors);
        if errors.get("password").is_none() {
            let inputs = [user.email.as_str(), user.display_name.as_str()];
            password::check_strength(&user.password, &inputs, "password", &mut errors);
        }
        errors.into_result()
    }

    /// Creates a user (already validated) and audits it inside one transaction.
    async fn insert_user(
        &self,
        actor: Option<&CurrentUser>,
        user: NewUser,
        client: &ClientInfo,
        only_if_none_exist: Option<&str>,
    ) -> Result<users::UserRow, AppError> {
        let email = normalize_email(&user.email);
        let display_name = match user.display_name.trim() {
            "" => email.split('@').next().unwrap_or_default().to_string(),
            name => name.to_string(),
        };
        let hash = password::hash(user.password).await.or_internal()?;
        let now = now_ms();
        let mut tx = self.db.begin_write().await.or_internal()?;
        if let Some(token) = only_if_none_exist {
            // The setup link works once, and only while the desk has no users at all.
            let consumed = setup_tokens::consume(&mut *tx, &sha256_hex(token.as_bytes()), now)
                .await
                .or_internal()?;
            if !consumed || users::count(&mut *tx).await.or_internal()? > 0 {
                return Err(AppError::Conflict(Problem::SetupLinkInvalid));
            }
        }
        let row = users::insert(
            &mut *tx,
            users::NewUserRow {
                email: &email,
                display_name: &display_name,
                password_hash: &hash,
                role: user.role,
                now,
            },
        )
        .await
        .map_err(|err| unique_as_field(err, "email", EMAIL_TAKEN))?;
        let action = if only_if_none_exist.is_some() {
            "user.setup_first_admin"
        } else {
            "user.create"
        };
        let entry = audit_entry(
            actor.or(Some(&row.current_user())),
            client,
            action,
            "user",
            Some(row.id.to_string()),
            json!({ "email": row.email, "role": row.role, "password": "[redacted]" }),
        );
        audit::append(&mut tx, self.db.backend, &entry, now)
            .await
            .or_internal()?;
        tx.commit().await.or_internal()?;
        Ok(row)
    }

    async fn target(&self, user_id: i64) -> Result<users::UserRow, AppError> {
        users::find_by_id(&self.db.pool, user_id)
            .await
            .or_internal()?
            .ok_or(AppError::NotFound(Problem::UserNotFound))
    }

    /// Refuses a change that would leave the desk without an active administrator.
    async fn keep_an_admin(&self, target: &users::UserRow) -> Result<(), AppError> {
        if target.role() == Role::Admin && !target.is_disabled() {
            let admins = users::count_active_admins(&self.db.pool)
                .await
                .or_internal()?;
            if admins <= 1 {
                return Err(AppError::Conflict(Problem::OnlyAdmin));
            }
        }
        Ok(())
    }

    async fn audited_update(
        &self,
        actor: &CurrentUser,
        client: &ClientInfo,
        action: &str,
        user_id: i64,
        detail: serde_json::Value,
        update: impl for<'t> FnOnce(
            &'t mut sqlx::AnyConnection,
            i64,
        ) -> futures_lite::BoxedFut<'t, sqlx::Result<u64>>,
    ) -> Result<(), AppError> {
        let now = now_ms();
        let mut tx = self.db.begin_write().await.or_internal()?;
        let changed = update(&mut tx, now).await.or_internal()?;
        if changed == 0 {
            return Err(AppError::NotFound(Problem::UserNotFound));
        }
        let entry = audit_entry(
            Some(actor),
            client,
            action,
            "user",
            Some(user_id.to_string()),
            detail,
        );
        audit::append(&mut tx, self.db.backend, &entry, now)
            .await
            .or_internal()?;
        tx.commit().await.or_internal()
    }
}

/// A tiny alias so the update closures above can name their future type.
mod futures_lite {
    pub type BoxedFut<'a, T> = std::pin::Pin<Box<dyn std::future::Future<Output = T> + Send + 'a>>;
}

#[async_trait]
impl UserService for Users {
    async fn sign_in(
        &self,
        email: &str,
        password: &str,
        client: &ClientInfo,
    ) -> Result<SignedIn, AppError> {
        let email = normalize_email(email);
        if email.is_empty() || password.is_empty() {
            let mut errors = FieldErrors::new();
            if email.is_empty() {
                errors.add("email", Problem::EnterYourEmail);
            }
            if password.is_empty() {
                errors.add("password", Problem::EnterYourPassword);
            }
            return Err(AppError::Invalid(errors));
        }
        let now = now_ms();
        let (failures, last_failure) =
            login_attempts::recent_failures(&self.db.pool, &email, now - THROTTLE_WINDOW_MS)
                .await
                .or_internal()?;
        if failures >= MAX_FAILURES {
            return Err(throttled(last_failure, now));
        }
        if let Some(address) = client.address.as_deref() {
            let (failures, last_failure) = login_attempts::recent_failures_from(
                &self.db.pool,
                address,
                now - THROTTLE_WINDOW_MS,
            )
            .await
            .or_internal()?;
            if failures >= MAX_CLIENT_FAILURES {
                return Err(throttled(last_failure, now));
            }
        }

        let row = users::find_by_email(&self.db.pool, &email)
            .await
            .or_internal()?;
        let ok = password::verify(
            password.to_string(),
            row.as_ref().map(|r| r.password_hash.clone()),
        )
        .await
        .or_internal()?;
        let mut tx = self.db.begin_write().await.or_internal()?;
        login_attempts::record(&mut *tx, &email, client.address.as_deref(), ok, now)
            .await
            .or_internal()?;
        let row = match row {
            Some(row) if ok => row,
            _ => {
                let entry = audit_entry(
                    None,
                    client,
                    "auth.login_failed",
                    "user",
                    row.as_ref().map(|r| r.id.to_string()),
                    json!({ "email": email }),
                );
                audit::append(&mut tx, self.db.backend, &entry, now)
                    .await
                    .or_internal()?;
                tx.commit().await.or_internal()?;
                FAILED_SIGN_INS.fetch_add(1, Ordering::Relaxed);
                return Err(FieldErrors::single(
                    "password",
                    Problem::WrongEmailOrPassword,
                ));
            }
        };
        if row.is_disabled() {
            tx.commit().await.or_internal()?;
            return Err(FieldErrors::single("email", Problem::AccountDisabled));
        }
        users::record_login(&mut *tx, row.id, now)
            .await
            .or_internal()?;
        let user = row.current_user();
        let entry = audit_entry(
            Some(&user),
            client,
            "auth.login",
            "user",
            Some(row.id.to_string()),
            json!({}),
        );
        audit::append(&mut tx, self.db.backend, &entry, now)
            .await
            .or_internal()?;
        tx.commit().await.or_internal()?;
        Ok(SignedIn {
            user,
            session_epoch: row.session_epoch,
        })
    }

    async fn record_sign_out(&self, actor: &CurrentUser, client: &ClientInfo) {
        let result: Result<(), AppError> = async {
            let now = now_ms();
            let mut tx = self.db.begin_write().await.or_internal()?;
            let entry = audit_entry(
                Some(actor),
                client,
                "auth.logout",
                "user",
                Some(actor.id.to_string()),
                json!({}),
            );
            audit::append(&mut tx, self.db.backend, &entry, now)
                .await
                .or_internal()?;
            tx.commit().await.or_internal()
        }
        .await;
        if let Err(err) = result {
            tracing::warn!(%err, "could not audit a sign-out");
        }
    }

    async fn setup_needed(&self) -> Result<bool, AppError> {
        Ok(users::count(&self.db.pool).await.or_internal()? == 0)
    }

    async fn complete_setup(
        &self,
        token: &str,
        user: NewUser,
        client: &ClientInfo,
    ) -> Result<SignedIn, AppError> {
        if token.is_empty() {
            return Err(AppError::Conflict(Problem::SetupLinkNeeded));
        }
        let user = NewUser {
            role: Role::Admin,
            ..user
        };
        Self::validate(&user)?;
        let row = self.insert_user(None, user, client, Some(token)).await?;
        Ok(SignedIn {
            user: row.current_user(),
            session_epoch: row.session_epoch,
        })
    }

    async fn list(&self) -> Result<Vec<UserView>, AppError> {
        Ok(users::list(&self.db.pool)
            .await
            .or_internal()?
            .iter()
            .map(users::UserRow::view)
            .collect())
    }

    async fn create(
        &self,
        actor: &CurrentUser,
        user: NewUser,
        client: &ClientInfo,
    ) -> Result<UserView, AppError> {
        Self::validate(&user)?;
        Ok(self
            .insert_user(Some(actor), user, client, None)
            .await?
            .view())
    }

    async fn change_role(
        &self,
        actor: &CurrentUser,
        user_id: i64,
        role: Role,
        client: &ClientInfo,
    ) -> Result<(), AppError> {
        let target = self.target(user_id).await?;
        if target.role() == role {
            return Ok(());
        }
        if role != Role::Admin {
            self.keep_an_admin(&target).await?;
        }
        let before = target.role;
        self.audited_update(
            actor,
            client,
            "user.role_change",
            user_id,
            json!({ "email": target.email, "before": { "role": before }, "after": { "role": role.as_str() } }),
            move |conn, now| Box::pin(users::set_role(conn, user_id, role, now)),
        )
        .await
    }

    async fn set_disabled(
        &self,
        actor: &CurrentUser,
        user_id: i64,
        disabled: bool,
        client: &ClientInfo,
    ) -> Result<(), AppError> {
        let target = self.target(user_id).await?;
        if disabled {
            if target.id == actor.id {
                return Err(AppError::Conflict(Problem::CannotDisableSelf));
            }
            self.keep_an_admin(&target).await?;
        }
        let action = if disabled {
            "user.disable"
        } else {
            "user.enable"
        };
        self.audited_update(
            actor,
            client,
            action,
            user_id,
            json!({ "email": target.email, "before": { "disabled": target.is_disabled() }, "after": { "disabled": disabled } }),
            move |conn, now| Box::pin(users::set_disabled(conn, user_id, disabled, now)),
        )
        .await
    }

    async fn reset_password(
        &self,
        actor: &CurrentUser,
        user_id: i64,
        new_password: &str,
        client: &ClientInfo,
    ) -> Result<(), AppError> {
        let mut errors = FieldErrors::new();
        check_password(new_password, "password", &mut errors);
        errors.into_result()?;
        let target = self.target(user_id).await?;
        let mut errors = FieldErrors::new();
        password::check_strength(new_password, &[&target.email], "password", &mut errors);
        errors.into_result()?;
        let hash = password::hash(new_password.to_string())
            .await
            .map_err(internal)?;
        self.audited_update(
            actor,
            client,
            "user.password_reset",
            user_id,
            json!({ "email": target.email, "password": "[redacted]" }),
            move |conn, now| {
                Box::pin(async move { users::set_password_hash(conn, user_id, &hash, now).await })
            },
        )
        .await
    }

    async fn set_language(
        &self,
        actor: &CurrentUser,
        language: Option<&str>,
    ) -> Result<(), AppError> {
        // A person's own reading preference: not a configuration change, so not audited.
        users::set_language(&self.db.pool, actor.id, language, now_ms())
            .await
            .map_err(internal)
    }

    async fn preferences(&self, actor: &CurrentUser) -> Result<ReaderPreferences, AppError> {
        Ok(self.target(actor.id).await?.preferences())
    }

    async fn set_preferences(
        &self,
        actor: &CurrentUser,
        preferences: ReaderPreferences,
    ) -> Result<(), AppError> {
        let preferences = checked_preferences(preferences)?;
        let now = now_ms();
        let mut tx = self.db.begin_write().await.or_internal()?;
        users::set_language(&mut *tx, actor.id, preferences.language.as_deref(), now)
            .await
            .or_internal()?;
        users::set_time_zone(&mut *tx, actor.id, preferences.time_zone.as_deref(), now)
            .await
            .or_internal()?;
        tx.commit().await.or_internal()
    }

    async fn organisation_defaults(&self) -> Result<OrganisationDefaults, AppError> {
        reader::read_organisation_defaults(&self.db)
            .await
            .or_internal()
    }

    async fn set_organisation_defaults(
        &self,
        actor: &CurrentUser,
        defaults: OrganisationDefaults,
        client: &ClientInfo,
    ) -> Result<(), AppError> {
        let checked = checked_preferences(ReaderPreferences {
            language: defaults.language,
            time_zone: defaults.time_zone,
        })?;
        let before = self.organisation_defaults().await?;
        let after = OrganisationDefaults {
            language: checked.language,
            time_zone: checked.time_zone,
        };
        if before == after {
            return Ok(());
        }
        let now = now_ms();
        let mut tx = self.db.begin_write().await.or_internal()?;
        for (key, value) in [
            (reader::DEFAULT_LANGUAGE, &after.language),
            (reader::DEFAULT_TIME_ZONE, &after.time_zone),
        ] {
            // Not chosen is stored as empty (the settings table has no NULL values).
            settings::set(&mut *tx, key, value.as_deref().unwrap_or(""), now)
                .await
                .or_internal()?;
        }
        let detail = json!({ "before": before, "after": after });
        let entry = audit_entry(
            Some(actor),
            client,
            "settings.defaults",
            "settings",
            Some("defaults".into()),
            detail,
        );
        audit::append(&mut tx, self.db.backend, &entry, now)
            .await
            .or_internal()?;
        tx.commit().await.or_internal()
    }
}

/// A language the portal has and a zone the IANA database knows; empty means not chosen.
fn checked_preferences(preferences: ReaderPreferences) -> Result<ReaderPreferences, AppError> {
    let chosen = |value: Option<String>| {
        value
            .map(|v| v.trim().to_string())
            .filter(|v| !v.is_empty())
    };
    let language = chosen(preferences.language);
    let time_zone = chosen(preferences.time_zone);
    let mut errors = FieldErrors::new();
    if language
        .as_deref()
        .is_some_and(|l| !PORTAL_LANGUAGES.contains(&l))
    {
        errors.add("language", Problem::PickLanguageFromList);
    }
    if time_zone
        .as_deref()
        .is_some_and(|z| !domain::zone::is_known(z))
    {
        errors.add("time_zone", Problem::UnknownTimeZone);
    }
    errors.into_result()?;
    Ok(ReaderPreferences {
        language,
        time_zone,
    })
}
