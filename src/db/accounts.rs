//! The `line_accounts` table.

use crate::db::generation;
use crate::db::messages::decode;
use domain::account::{ChatMode, LineReadMode, MarkRead};
use sqlx::{Any, Executor, FromRow};

#[derive(Clone, FromRow)]
pub struct AccountRow {
    pub id: i64,
    pub name: String,
    pub channel_id: String,
    pub secret_sealed: Option<Vec<u8>>,
    pub secret_last4: Option<String>,
    pub token_sealed: Option<Vec<u8>>,
    pub token_last4: Option<String>,
    pub webhook_key: Option<String>,
    pub status: String,
    pub bot_user_id: Option<String>,
    pub bot_display_name: Option<String>,
    pub bot_basic_id: Option<String>,
    pub bot_picture_url: Option<String>,
    pub bot_chat_mode: Option<String>,
    pub bot_mark_read_mode: Option<String>,
    #[sqlx(try_from = "String")]
    pub mark_read: MarkRead,
    pub verified_at: Option<i64>,
    pub verify_error: Option<String>,
    pub last_webhook_at: Option<i64>,
    pub privacy_ack_email: Option<String>,
    pub privacy_ack_at: Option<i64>,
    pub privacy_notice_version: Option<String>,
    pub created_by_email: Option<String>,
    pub created_at: i64,
    pub deleted_at: Option<i64>,
}

// Sealed secrets are not printable anyway, but keep them (and the key) out of logs entirely.
impl std::fmt::Debug for AccountRow {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("AccountRow")
            .field("id", &self.id)
            .field("name", &self.name)
            .field("channel_id", &self.channel_id)
            .field("status", &self.status)
            .finish_non_exhaustive()
    }
}

const COLUMNS: &str = "id, name, channel_id, secret_sealed, secret_last4, token_sealed, token_last4, webhook_key, status,
    bot_user_id, bot_display_name, bot_basic_id, bot_picture_url, bot_chat_mode, bot_mark_read_mode, mark_read, verified_at, verify_error, last_webhook_at,
    privacy_ack_email, privacy_ack_at, privacy_notice_version, created_by_email, created_at, deleted_at";

pub async fn insert_draft<'c>(
    db: impl Executor<'c, Database = Any>,
    name: &str,
    webhook_key: &str,
    actor_id: i64,
    actor_email: &str,
    now: i64,
) -> sqlx::Result<i64> {
    sqlx::query_scalar::<_, i64>(
        "INSERT INTO line_accounts (name, webhook_key, status, created_by, created_by_email, created_at, updated_at)
         VALUES ($1, $2, 'draft', $3, $4, $5, $5) RETURNING id",
    )
    .bind(name)
    .bind(webhook_key)
    .bind(actor_id)
    .bind(actor_email)
    .bind(now)
    .fetch_one(db)
    .await
}

/// A live (not deleted) account or draft.
pub async fn find<'c>(
    db: impl Executor<'c, Database = Any>,
    id: i64,
) -> sqlx::Result<Option<AccountRow>> {
    sqlx::query_as::<_, AccountRow>(&format!(
        "SELECT {COLUMNS} FROM line_accounts WHERE id = $1 AND deleted_at IS NULL"
    ))
    .bind(id)
    .fetch_optional(db)
    .await
}

pub async fn find_by_key<'c>(
    db: impl Executor<'c, Database = Any>,
    key: &str,
) -> sqlx::Result<Option<AccountRow>> {
    sqlx::query_as::<_, AccountRow>(&format!(
        "SELECT {COLUMNS} FROM line_accounts WHERE webhook_key = $1 AND deleted_at IS NULL"
    ))
    .bind(key)
    .fetch_optional(db)
    .await
}

pub async fn list_live<'c>(db: impl Executor<'c, Database = Any>) -> sqlx::Result<Vec<AccountRow>> {
    sqlx::query_as::<_, AccountRow>(&format!(
        "SELECT {COLUMNS} FROM line_accounts WHERE deleted_at IS NULL ORDER BY lower(name), id"
    ))
    .fetch_all(db)
    .await
}

/// Another live, finished account already using this name (any case) or channel ID.
pub async fn taken<'c>(
    db: impl Executor<'c, Database = Any>,
    column: &str,
    value: &str,
    except_id: i64,
) -> sqlx::Result<bool> {
    let expr = if column == "name" {
        "lower(name) = lower($1)"
    } else {
        "channel_id = $1"
    };
    let count: i64 = sqlx::query_scalar(&format!(
        "SELECT COUNT(*) FROM line_accounts WHERE {expr} AND id <> $2 AND deleted_at IS NULL AND status <> 'draft'"
    ))
    .bind(value)
    .bind(except_id)
    .fetch_one(db)
    .await?;
    Ok(count > 0)
}

pub async fn set_mark_read<'c>(
    db: impl Executor<'c, Database = Any>,
    id: i64,
    mark_read: MarkRead,
    now: i64,
) -> sqlx::Result<u64> {
    Ok(sqlx::query(
        "UPDATE line_accounts SET mark_read = $1, updated_at = $2 WHERE id = $3 AND deleted_at IS NULL",
    )
    .bind(mark_read.as_str())
    .bind(now)
    .bind(id)
    .execute(db)
    .await?
    .rows_affected())
}

/// When the account marks messages read, and whether LINE said it cannot (auto read mode).
pub async fn read_marking<'c>(
    db: impl Executor<'c, Database = Any>,
    id: i64,
) -> sqlx::Result<Option<(MarkRead, Option<LineReadMode>)>> {
    let row = sqlx::query_as::<_, (String, Option<String>)>(
        "SELECT mark_read, bot_mark_read_mode FROM line_accounts WHERE id = $1 AND deleted_at IS NULL",
    )
    .bind(id)
    .fetch_optional(db)
    .await?;
    row.map(|(mark_read, mode)| {
        Ok((
            decode(&mark_read)?,
            mode.as_deref().map(decode).transpose()?,
        ))
    })
    .transpose()
}

pub async fn set_name<'c>(
    db: impl Executor<'c, Database = Any>,
    id: i64,
    name: &str,
    now: i64,
) -> sqlx::Result<u64> {
    Ok(sqlx::query(
        "UPDATE line_accounts SET name = $1, updated_at = $2 WHERE id = $3 AND deleted_at IS NULL",
    )
    .bind(name)
    .bind(now)
    .bind(id)
    .execute(db)
    .await?
    .rows_affected())
}

pub async fn set_channel_id<'c>(
    db: impl Executor<'c, Database = Any>,
    id: i64,
    channel_id: &str,
    now: i64,
) -> sqlx::Result<()> {
    sqlx::query("UPDATE line_accounts SET channel_id = $1, updated_at = $2 WHERE id = $3")
        .bind(channel_id)
        .bind(now)
        .bind(id)
        .execute(db)
        .await?;
    Ok(())
}

/// Which sealed credential to replace.
#[derive(Clone, Copy, Debug)]
pub enum Sealed {
    ChannelSecret,
    AccessToken,
}

pub async fn set_sealed<'c>(
    db: impl Executor<'c, Database = Any>,
    id: i64,
    which: Sealed,
    sealed: Vec<u8>,
    last4: &str,
    now: i64,
) -> sqlx::Result<()> {
    // The callback caches keys and secrets (see line::callback_cache).
    generation::ACCOUNTS.forget();
    let (sealed_column, last4_column) = match which {
        Sealed::ChannelSecret => ("secret_sealed", "secret_last4"),
        Sealed::AccessToken => ("token_sealed", "token_last4"),
    };
    sqlx::query(&format!(
        "UPDATE line_accounts SET {sealed_column} = $1, {last4_column} = $2, updated_at = $3 WHERE id = $4"
    ))
    .bind(sealed)
    .bind(last4)
    .bind(now)
    .bind(id)
    .execute(db)
    .await?;
    Ok(())
}

/// The outcome of asking LINE about the token. `status` None leaves a draft a draft.
pub struct Verification<'a> {
    pub status: Option<&'a str>,
    pub bot_user_id: Option<&'a str>,
    pub bot_display_name: Option<&'a str>,
    pub bot_basic_id: Option<&'a str>,
    pub bot_picture_url: Option<&'a str>,
    pub bot_chat_mode: Option<ChatMode>,
    pub bot_mark_read_mode: Option<LineReadMode>,
    pub verified_at: Option<i64>,
    pub verify_error: Option<&'a str>,
}

pub async fn set_verification<'c>(
    db: impl Executor<'c, Database = Any>,
    id: i64,
    v: &Verification<'_>,
    now: i64,
) -> sqlx::Result<()> {
    sqlx::query(
        "UPDATE line_accounts SET status = COALESCE($1, status),
            bot_user_id = COALESCE($2, bot_user_id), bot_display_name = COALESCE($3, bot_display_name),
            bot_basic_id = COALESCE($4, bot_basic_id), bot_picture_url = COALESCE($5, bot_picture_url),
            verified_at = $6, verify_error = $7, updated_at = $8,
            bot_chat_mode = COALESCE($10, bot_chat_mode), bot_mark_read_mode = COALESCE($11, bot_mark_read_mode)
         WHERE id = $9",
    )
    .bind(v.status)
    .bind(v.bot_user_id)
    .bind(v.bot_display_name)
    .bind(v.bot_basic_id)
    .bind(v.bot_picture_url)
    .bind(v.verified_at)
    .bind(v.verify_error)
    .bind(now)
    .bind(id)
    .bind(v.bot_chat_mode.map(ChatMode::as_str))
    .bind(v.bot_mark_read_mode.map(LineReadMode::as_str))
    .execute(db)
    .await?;
    Ok(())
}

pub async fn go_live<'c>(
    db: impl Executor<'c, Database = Any>,
    id: i64,
    status: &str,
    ack_user_id: i64,
    ack_email: &str,
    notice_version: &str,
    now: i64,
) -> sqlx::Result<u64> {
    // The callback caches keys and secrets (see line::callback_cache).
    generation::ACCOUNTS.forget();
    Ok(sqlx::query(
        "UPDATE line_accounts SET status = $1, privacy_ack_user_id = $2, privacy_ack_email = $3,
            privacy_ack_at = $4, privacy_notice_version = $5, updated_at = $4
         WHERE id = $6 AND status = 'draft' AND deleted_at IS NULL",
    )
    .bind(status)
    .bind(ack_user_id)
    .bind(ack_email)
    .bind(now)
    .bind(notice_version)
    .bind(id)
    .execute(db)
    .await?
    .rows_affected())
}

pub async fn set_key<'c>(
    db: impl Executor<'c, Database = Any>,
    id: i64,
    key: &str,
    now: i64,
) -> sqlx::Result<()> {
    // The callback caches keys and secrets (see line::callback_cache).
    generation::ACCOUNTS.forget();
    sqlx::query("UPDATE line_accounts SET webhook_key = $1, updated_at = $2 WHERE id = $3")
        .bind(key)
        .bind(now)
        .bind(id)
        .execute(db)
        .await?;
    Ok(())
}

/// $1 the time, $2 the account (also run by SQLite's callback writer, `line::ingest`).
pub const TOUCH_WEBHOOK_SQL: &str = "UPDATE line_accounts SET last_webhook_at = $1 WHERE id = $2";

pub async fn touch_webhook<'c>(
    db: impl Executor<'c, Database = Any>,
    id: i64,
    now: i64,
) -> sqlx::Result<()> {
    sqlx::query(TOUCH_WEBHOOK_SQL)
        .bind(now)
        .bind(id)
        .execute(db)
        .await?;
    Ok(())
}

/// What a draft forgets.
#[derive(Clone, Copy, Debug)]
pub enum Forget {
    /// The token LINE refused.
    Token,
    /// Channel ID, secret and token (a refused duplicate keeps none of them).
    Channel,
}

pub async fn forget_in_draft<'c>(
    db: impl Executor<'c, Database = Any>,
    id: i64,
    what: Forget,
    now: i64,
) -> sqlx::Result<()> {
    let columns = match what {
        Forget::Token => "token_sealed = NULL, token_last4 = NULL",
        Forget::Channel => {
            "channel_id = '', secret_sealed = NULL, secret_last4 = NULL, token_sealed = NULL, token_last4 = NULL"
        }
    };
    sqlx::query(&format!(
        "UPDATE line_accounts SET {columns}, updated_at = $1 WHERE id = $2 AND status = 'draft'"
    ))
    .bind(now)
    .bind(id)
    .execute(db)
    .await?;
    Ok(())
}

/// Removes a draft outright (`account create` that failed leaves nothing behind). Drafts have
/// no conversations, events or audit entries referring to them.
pub async fn delete_draft<'c>(db: impl Executor<'c, Database = Any>, id: i64) -> sqlx::Result<()> {
    sqlx::query("DELETE FROM line_accounts WHERE id = $1 AND status = 'draft'")
        .bind(id)
        .execute(db)
        .await?;
    Ok(())
}

/// Deletion keeps the row for history but wipes both secrets and the callback key.
pub async fn soft_delete<'c>(
    db: impl Executor<'c, Database = Any>,
    id: i64,
    now: i64,
) -> sqlx::Result<u64> {
    // The callback caches keys and secrets (see line::callback_cache).
    generation::ACCOUNTS.forget();
    Ok(sqlx::query(
        "UPDATE line_accounts SET deleted_at = $1, updated_at = $1, secret_sealed = NULL, token_sealed = NULL,
            webhook_key = NULL WHERE id = $2 AND deleted_at IS NULL",
    )
    .bind(now)
    .bind(id)
    .execute(db)
    .await?
    .rows_affected())
}

/// The account columns the Privacy page shows, read once for all its account sections.
#[derive(FromRow)]
pub struct PrivacyRow {
    pub id: i64,
    pub name: String,
    pub channel_id: String,
    pub status: String,
    pub privacy_ack_email: Option<String>,
    pub privacy_ack_at: Option<i64>,
    pub privacy_notice_version: Option<String>,
    pub retention_days: Option<i32>,
    pub recording_notice: i16,
    pub consent_required: i16,
    pub notice_text: Option<String>,
}

/// Every finished account's privacy columns, by name.
pub async fn privacy_rows<'c>(
    db: impl Executor<'c, Database = Any>,
) -> sqlx::Result<Vec<PrivacyRow>> {
    sqlx::query_as::<_, PrivacyRow>(
        "SELECT id, name, channel_id, status, privacy_ack_email, privacy_ack_at, privacy_notice_version,
                retention_days, recording_notice, consent_required, notice_text
         FROM line_accounts WHERE deleted_at IS NULL AND status <> 'draft' ORDER BY lower(name), id",
    )
    .fetch_all(db)
    .await
}

/// What customers are told and asked: `notice_text` is the texts by language as JSON (None:
/// each language's default).
pub async fn set_end_user_privacy<'c>(
    db: impl Executor<'c, Database = Any>,
    id: i64,
    recording_notice: bool,
    consent_required: bool,
    notice_text: Option<String>,
    now: i64,
) -> sqlx::Result<()> {
    sqlx::query(
        "UPDATE line_accounts SET recording_notice = $1, consent_required = $2, notice_text = $3, updated_at = $4 WHERE id = $5",
    )
    .bind(i16::from(recording_notice))
    .bind(i16::from(consent_required))
    .bind(notice_text)
    .bind(now)
    .bind(id)
    .execute(db)
    .await?;
    Ok(())
}

/// The account's retention limit in days (inner None: keeps everything); None when there is
/// no such live account.
pub async fn retention_days<'c>(
    db: impl Executor<'c, Database = Any>,
    id: i64,
) -> sqlx::Result<Option<Option<i32>>> {
    sqlx::query_scalar(
        "SELECT retention_days FROM line_accounts WHERE id = $1 AND deleted_at IS NULL",
    )
    .bind(id)
    .fetch_optional(db)
    .await
}

pub async fn set_retention_days<'c>(
    db: impl Executor<'c, Database = Any>,
    id: i64,
    days: Option<i32>,
    now: i64,
) -> sqlx::Result<()> {
    sqlx::query("UPDATE line_accounts SET retention_days = $1, updated_at = $2 WHERE id = $3")
        .bind(days)
        .bind(now)
        .bind(id)
        .execute(db)
        .await?;
    Ok(())
}

/// The account's name (deleted accounts too).
pub async fn name<'c>(
    db: impl Executor<'c, Database = Any>,
    id: i64,
) -> sqlx::Result<Option<String>> {
    sqlx::query_scalar::<_, String>("SELECT name FROM line_accounts WHERE id = $1")
        .bind(id)
        .fetch_optional(db)
        .await
}

/// What the account tells customers and asks of them (engine::consent).
#[derive(Clone, Debug, Default, FromRow)]
pub struct NoticeSettings {
    pub recording_notice: i16,
    pub consent_required: i16,
    /// The notice's texts by language (JSON), None for the defaults.
    pub notice_text: Option<String>,
}

pub async fn notice_settings<'c>(
    db: impl Executor<'c, Database = Any>,
    id: i64,
) -> sqlx::Result<Option<NoticeSettings>> {
    sqlx::query_as::<_, NoticeSettings>(
        "SELECT recording_notice, consent_required, notice_text FROM line_accounts WHERE id = $1",
    )
    .bind(id)
    .fetch_optional(db)
    .await
}
