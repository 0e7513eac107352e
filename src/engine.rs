//! The conversation engine: applies stored webhook events (profiles, conversations, messages)
//! and sends outbound messages through the outbox. Both run from the database, so a crash
//! between "stored" and "done" only delays work, and every step can be retried safely.

pub mod automated;
pub mod bot;
pub mod consent;
pub mod distribution;
pub mod events;
pub mod export;
pub mod media;
pub mod read_receipts;
pub mod retention;
pub mod routing_cache;
pub mod sender;
pub mod token_cache;
pub mod wakers;

use crate::crypto::MasterKey;
use crate::db::{accounts, Db};
use crate::line::client::LineClient;
use crate::live::Notifier;

#[derive(Clone)]
pub struct Engine {
    pub db: Db,
    pub key: MasterKey,
    pub line: LineClient,
    pub live: Notifier,
    /// DATA_DIR/attachments: downloaded media, named by content hash.
    pub media_dir: std::path::PathBuf,
    /// PUBLIC_URL without a trailing slash: the links LINE fetches agents' files from.
    pub public_base: String,
    /// Each account's channel context, for a second (see routing_cache).
    pub routing: routing_cache::RoutingCache,
    /// Each account's access token, for a second (see token_cache).
    pub tokens: token_cache::TokenCache,
    /// Requests to URLs admins configure (the external bot): public addresses only.
    pub outbound: crate::net::outbound::Outbound,
}

impl Engine {
    /// The account's channel access token, opened from its sealed form.
    pub async fn token(&self, account_id: i64) -> anyhow::Result<String> {
        if let Some(token) = self.tokens.get(account_id) {
            return Ok(token.to_string());
        }
        let read_in = crate::db::generation::ACCOUNTS.current();
        let row = accounts::find(&self.db.pool, account_id)
            .await?
            .ok_or_else(|| anyhow::anyhow!("account {account_id} is gone"))?;
        let sealed = row
            .token_sealed
            .ok_or_else(|| anyhow::anyhow!("account {account_id} has no token"))?;
        let token = String::from_utf8(self.key.open(&sealed)?)?;
        self.tokens
            .remember(account_id, read_in, token.as_str().into());
        Ok(token)
    }
}

impl Engine {
    /// The signed, long-lived link LINE (and the customer) fetch an agent's file from.
    pub fn media_url(&self, attachment_id: i64) -> String {
        let id = attachment_id.to_string();
        format!(
            "{}/media/{id}/{}",
            self.public_base,
            self.key.sign("media", &id)
        )
    }
}

/// A UUID v4 string: LINE requires retry keys in this form.
pub fn uuid_v4() -> String {
    let mut bytes: [u8; 16] = rand::random();
    bytes[6] = (bytes[6] & 0x0f) | 0x40;
    bytes[8] = (bytes[8] & 0x3f) | 0x80;
    let hex = hex::encode(bytes);
    format!(
        "{}-{}-{}-{}-{}",
        &hex[0..8],
        &hex[8..12],
        &hex[12..16],
        &hex[16..20],
        &hex[20..32]
    )
}

#[cfg(test)]
mod tests {
    #[test]
    fn retry_keys_are_uuid_v4() {
        let key = super::uuid_v4();
        assert_eq!(key.len(), 36);
        assert_eq!(&key[14..15], "4");
        assert!(matches!(&key[19..20], "8" | "9" | "a" | "b"));
        assert_ne!(key, super::uuid_v4());
    }
}
