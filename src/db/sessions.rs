//! Sessions for tower-sessions, stored in our database (both backends) so that a restart or a
//! second process keeps people signed in. Rows are keyed by a hash of the session id: a copy of
//! the table does not let anyone take over a session.

use crate::crypto::sha256_hex;
use crate::db::users::{self, UserRow};
use async_trait::async_trait;
use domain::user::{SESSION_EPOCH, SESSION_USER_ID};
use sqlx::AnyPool;
use std::sync::LazyLock;
use time::OffsetDateTime;
use tower_sessions::session::{Id, Record};
use tower_sessions::session_store::{self, SessionStore};

#[derive(Clone, Debug)]
pub struct DbSessionStore {
    pool: AnyPool,
}

impl DbSessionStore {
    pub fn new(pool: AnyPool) -> Self {
        Self { pool }
    }

    /// Removes sessions that expired; run periodically.
    pub async fn delete_expired(&self) -> sqlx::Result<u64> {
        let now = OffsetDateTime::now_utc().unix_timestamp();
        Ok(sqlx::query("DELETE FROM sessions WHERE expires_at < $1")
            .bind(now)
            .execute(&self.pool)
            .await?
            .rows_affected())
    }
}

fn key(id: &Id) -> String {
    sha256_hex(id.to_string().as_bytes())
}

fn backend(err: impl std::fmt::Display) -> session_store::Error {
    session_store::Error::Backend(err.to_string())
}

/// The signed-in user and sign-in epoch a record holds, kept in columns of their own so that
/// `signed_in` can join the user.
fn owner(record: &Record) -> (Option<i64>, Option<i64>) {
    let number = |key: &str| record.data.get(key).and_then(serde_json::Value::as_i64);
    (number(SESSION_USER_ID), number(SESSION_EPOCH))
}

/// A session's row joined with its user, when the user is still the one who signed in (same
/// sign-in epoch).
pub struct SignedIn {
    pub user: UserRow,
    /// When the session was last saved (unix seconds).
    pub saved_at: Option<i64>,
}

#[derive(sqlx::FromRow)]
struct SignedInRow {
    #[sqlx(flatten)]
    user: UserRow,
    saved_at: Option<i64>,
}

/// The user of an unexpired session in one read, or None (signed out, expired, signed in again
/// elsewhere after a password reset, or a session saved before these columns existed).
pub async fn signed_in(pool: &AnyPool, id: &Id) -> sqlx::Result<Option<SignedIn>> {
    // Built once: this runs on every signed-in request.
    static SQL: LazyLock<String> = LazyLock::new(|| {
        let columns: Vec<String> = users::COLUMNS
            .split(", ")
            .map(|c| format!("u.{c}"))
            .collect();
        format!(
            "SELECT {}, s.saved_at FROM sessions s
             JOIN users u ON u.id = s.user_id AND u.session_epoch = s.session_epoch
             WHERE s.id_hash = $1 AND s.expires_at > $2",
            columns.join(", ")
        )
    });
    let row = sqlx::query_as::<_, SignedInRow>(SQL.as_str())
        .bind(key(id))
        .bind(OffsetDateTime::now_utc().unix_timestamp())
        .fetch_optional(pool)
        .await?;
    Ok(row.map(|r| SignedIn {
        user: r.user,
        saved_at: r.saved_at,
    }))
}

#[async_trait]
impl SessionStore for DbSessionStore {
    async fn create(&self, record: &mut Record) -> session_store::Result<()> {
        // Ids are 128 random bits; on the unthinkable collision pick another.
        loop {
            let data = serde_json::to_vec(&record.data).map_err(backend)?;
            let (user_id, epoch) = owner(record);
            let inserted = sqlx::query(
                "INSERT INTO sessions (id_hash, data, expires_at, user_id, session_epoch, saved_at)
                 VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (id_hash) DO NOTHING",
            )
            .bind(key(&record.id))
            .bind(data)
            .bind(record.expiry_date.unix_timestamp())
            .bind(user_id)
            .bind(epoch)
            .bind(OffsetDateTime::now_utc().unix_timestamp())
            .execute(&self.pool)
            .await
            .map_err(backend)?;
            if inserted.rows_affected() == 1 {
                return Ok(());
            }
            record.id = Id::default();
        }
    }

    async fn save(&self, record: &Record) -> session_store::Result<()> {
        let data = serde_json::to_vec(&record.data).map_err(backend)?;
        let (user_id, epoch) = owner(record);
        sqlx::query(
            "INSERT INTO sessions (id_hash, data, expires_at, user_id, session_epoch, saved_at)
             VALUES ($1, $2, $3, $4, $5, $6)
             ON CONFLICT (id_hash) DO UPDATE SET data = excluded.data, expires_at = excluded.expires_at,
                user_id = excluded.user_id, session_epoch = excluded.session_epoch, saved_at = excluded.saved_at",
        )
        .bind(key(&record.id))
        .bind(data)
        .bind(record.expiry_date.unix_timestamp())
        .bind(user_id)
        .bind(epoch)
        .bind(OffsetDateTime::now_utc().unix_timestamp())
        .execute(&self.pool)
        .await
        .map_err(backend)?;
        Ok(())
    }

    async fn load(&self, id: &Id) -> session_store::Result<Option<Record>> {
        let row = sqlx::query_as::<_, (Vec<u8>, i64)>(
            "SELECT data, expires_at FROM sessions WHERE id_hash = $1 AND expires_at > $2",
        )
        .bind(key(id))
        .bind(OffsetDateTime::now_utc().unix_timestamp())
        .fetch_optional(&self.pool)
        .await
        .map_err(backend)?;
        let Some((data, expires_at)) = row else {
            return Ok(None);
        };
        Ok(Some(Record {
            id: *id,
            data: serde_json::from_slice(&data).map_err(backend)?,
            expiry_date: OffsetDateTime::from_unix_timestamp(expires_at).map_err(backend)?,
        }))
    }

    async fn delete(&self, id: &Id) -> session_store::Result<()> {
        sqlx::query("DELETE FROM sessions WHERE id_hash = $1")
            .bind(key(id))
            .execute(&self.pool)
            .await
            .map_err(backend)?;
        Ok(())
    }
}
