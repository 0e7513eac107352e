//! The `users` table.

use domain::user::{CurrentUser, ReaderPreferences, UserView};
use domain::Role;
use sqlx::{Any, Executor, FromRow};

#[derive(Clone, FromRow)]
pub struct UserRow {
    pub id: i64,
    pub email: String,
    pub display_name: String,
    pub password_hash: String,
    pub role: String,
    /// 0 or 1 (see the migration: no booleans through the Any driver).
    pub disabled: i16,
    pub session_epoch: i64,
    pub created_at: i64,
    pub last_login_at: Option<i64>,
    /// The person's chosen display language and IANA time zone (None: not chosen).
    pub language: Option<String>,
    pub time_zone: Option<String>,
}

// The password hash stays out of logs.
impl std::fmt::Debug for UserRow {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("UserRow")
            .field("id", &self.id)
            .field("email", &self.email)
            .field("role", &self.role)
            .field("disabled", &self.disabled)
            .finish_non_exhaustive()
    }
}

impl UserRow {
    pub fn is_disabled(&self) -> bool {
        self.disabled != 0
    }

    pub fn role(&self) -> Role {
        // The CHECK constraint only admits known roles; fall back to the least privileged one.
        self.role.parse().unwrap_or(Role::Agent)
    }

    pub fn current_user(&self) -> CurrentUser {
        CurrentUser {
            id: self.id,
            email: self.email.clone(),
            display_name: self.display_name.clone(),
            role: self.role(),
        }
    }

    pub fn preferences(&self) -> ReaderPreferences {
        ReaderPreferences {
            language: self.language.clone(),
            time_zone: self.time_zone.clone(),
        }
    }

    pub fn view(&self) -> UserView {
        UserView {
            id: self.id,
            email: self.email.clone(),
            display_name: self.display_name.clone(),
            role: self.role(),
            disabled: self.is_disabled(),
            created_at: self.created_at,
            last_login_at: self.last_login_at,
        }
    }
}

pub const COLUMNS: &str = "id, email, display_name, password_hash, role, disabled, session_epoch, created_at, last_login_at, language, time_zone";

pub struct NewUserRow<'a> {
    pub email: &'a str,
    pub display_name: &'a str,
    pub password_hash: &'a str,
    pub role: Role,
    pub now: i64,
}

pub async fn insert<'c>(
    db: impl Executor<'c, Database = Any>,
    user: NewUserRow<'_>,
) -> sqlx::Result<UserRow> {
    sqlx::query_as::<_, UserRow>(&format!(
        "INSERT INTO users (email, display_name, password_hash, role, created_at, updated_at)
         VALUES ($1, $2, $3, $4, $5, $5) RETURNING {COLUMNS}"
    ))
    .bind(user.email)
    .bind(user.display_name)
    .bind(user.password_hash)
    .bind(user.role.as_str())
    .bind(user.now)
    .fetch_one(db)
    .await
}

pub async fn count<'c>(db: impl Executor<'c, Database = Any>) -> sqlx::Result<i64> {
    sqlx::query_scalar::<_, i64>("SELECT COUNT(*) FROM users")
        .fetch_one(db)
        .await
}

pub async fn count_active_admins<'c>(db: impl Executor<'c, Database = Any>) -> sqlx::Result<i64> {
    sqlx::query_scalar::<_, i64>("SELECT COUNT(*) FROM users WHERE role = 'admin' AND disabled = 0")
        .fetch_one(db)
        .await
}

pub async fn find_by_email<'c>(
    db: impl Executor<'c, Database = Any>,
    email: &str,
) -> sqlx::Result<Option<UserRow>> {
    sqlx::query_as::<_, UserRow>(&format!("SELECT {COLUMNS} FROM users WHERE email = $1"))
        .bind(email)
        .fetch_optional(db)
        .await
}

pub async fn find_by_id<'c>(
    db: impl Executor<'c, Database = Any>,
    id: i64,
) -> sqlx::Result<Option<UserRow>> {
    sqlx::query_as::<_, UserRow>(&format!("SELECT {COLUMNS} FROM users WHERE id = $1"))
        .bind(id)
        .fetch_optional(db)
        .await
}

pub async fn list<'c>(db: impl Executor<'c, Database = Any>) -> sqlx::Result<Vec<UserRow>> {
    sqlx::query_as::<_, UserRow>(&format!("SELECT {COLUMNS} FROM users ORDER BY email"))
        .fetch_all(db)
        .await
}

pub async fn set_role<'c>(
    db: impl Executor<'c, Database = Any>,
    id: i64,
    role: Role,
    now: i64,
) -> sqlx::Result<u64> {
    Ok(
        sqlx::query("UPDATE users SET role = $1, updated_at = $2 WHERE id = $3")
            .bind(role.as_str())
            .bind(now)
            .bind(id)
            .execute(db)
            .await?
            .rows_affected(),
    )
}

/// Disabling also ends the user's sessions (the epoch moves on).
pub async fn set_disabled<'c>(
    db: impl Executor<'c, Database = Any>,
    id: i64,
    disabled: bool,
    now: i64,
) -> sqlx::Result<u64> {
    Ok(sqlx::query(
        "UPDATE users SET disabled = $1, session_epoch = session_epoch + 1, updated_at = $2 WHERE id = $3",
    )
    .bind(i16::from(disabled))
    .bind(now)
    .bind(id)
    .execute(db)
    .await?
    .rows_affected())
}

/// A new password ends every existing session of that user.
pub async fn set_password_hash<'c>(
    db: impl Executor<'c, Database = Any>,
    id: i64,
    password_hash: &str,
    now: i64,
) -> sqlx::Result<u64> {
    Ok(sqlx::query(
        "UPDATE users SET password_hash = $1, session_epoch = session_epoch + 1, updated_at = $2 WHERE id = $3",
    )
    .bind(password_hash)
    .bind(now)
    .bind(id)
    .execute(db)
    .await?
    .rows_affected())
}

pub async fn record_login<'c>(
    db: impl Executor<'c, Database = Any>,
    id: i64,
    now: i64,
) -> sqlx::Result<()> {
    sqlx::query("UPDATE users SET last_login_at = $1 WHERE id = $2")
        .bind(now)
        .bind(id)
        .execute(db)
        .await?;
    Ok(())
}

/// The email of the user `id` if they are an active auditor (whom transcripts can be granted).
pub async fn active_auditor_email<'c>(
    db: impl Executor<'c, Database = Any>,
    id: i64,
) -> sqlx::Result<Option<String>> {
    sqlx::query_scalar(
        "SELECT email FROM users WHERE id = $1 AND role = 'auditor' AND disabled = 0",
    )
    .bind(id)
    .fetch_optional(db)
    .await
}

/// Saves a person's display language (None clears the choice).
pub async fn set_language<'c>(
    db: impl Executor<'c, Database = Any>,
    user_id: i64,
    language: Option<&str>,
    now: i64,
) -> sqlx::Result<()> {
    sqlx::query("UPDATE users SET language = $1, updated_at = $2 WHERE id = $3")
        .bind(language)
        .bind(now)
        .bind(user_id)
        .execute(db)
        .await?;
    Ok(())
}

/// Saves a person's IANA time zone (None clears the choice).
pub async fn set_time_zone<'c>(
    db: impl Executor<'c, Database = Any>,
    user_id: i64,
    time_zone: Option<&str>,
    now: i64,
) -> sqlx::Result<()> {
    sqlx::query("UPDATE users SET time_zone = $1, updated_at = $2 WHERE id = $3")
        .bind(time_zone)
        .bind(now)
        .bind(user_id)
        .execute(db)
        .await?;
    Ok(())
}
