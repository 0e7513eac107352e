//! The one-time setup link that lets the first administrator in when the desk has no users.

use crate::clock::now_ms;
use crate::crypto::{random_token, sha256_hex};
use crate::db::{setup_tokens, users, Db};

pub const SETUP_LINK_MINUTES: i64 = 60;

/// When no user exists, makes a fresh setup link (replacing older ones) and returns it.
pub async fn setup_link_if_needed(db: &Db, public_base: &str) -> anyhow::Result<Option<String>> {
    if users::count(&db.pool).await? > 0 {
        return Ok(None);
    }
    let token = random_token();
    let expires_at = now_ms() + SETUP_LINK_MINUTES * 60 * 1000;
    setup_tokens::replace(&db.pool, &sha256_hex(token.as_bytes()), expires_at).await?;
    Ok(Some(format!("{public_base}/setup?token={token}")))
}
