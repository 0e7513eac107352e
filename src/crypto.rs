//! The master key (DATA_DIR/master.key, mode 0600) and authenticated encryption of secrets at
//! rest with AES-256-GCM. Also the random tokens and hashes used for sessions and links.

use aes_gcm::aead::{Aead, KeyInit};
use aes_gcm::{Aes256Gcm, Nonce};
use anyhow::{bail, Context};
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use rand::RngCore;
use sha2::{Digest, Sha256};
use std::fmt;
use std::io::Write;
use std::path::Path;

const KEY_LEN: usize = 32;
const NONCE_LEN: usize = 12;

/// The key that encrypts secrets at rest. `Debug` never shows it.
#[derive(Clone)]
pub struct MasterKey([u8; KEY_LEN]);

impl fmt::Debug for MasterKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("MasterKey([redacted])")
    }
}

impl MasterKey {
    /// Reads the key file, creating it with a fresh random key (mode 0600) when it is missing.
    pub fn load_or_create(path: &Path) -> anyhow::Result<Self> {
        match std::fs::read(path) {
            Ok(bytes) => {
                let bytes = if bytes.len() == KEY_LEN {
                    bytes
                } else {
                    // Also accept the key written as hex text, for keys made by hand.
                    hex::decode(String::from_utf8_lossy(&bytes).trim()).unwrap_or_default()
                };
                let Ok(key) = <[u8; KEY_LEN]>::try_from(bytes.as_slice()) else {
                    bail!(
                        "SECRET_KEY_FILE {} must hold exactly {KEY_LEN} bytes (or {} hex characters)",
                        path.display(),
                        KEY_LEN * 2
                    );
                };
                Ok(MasterKey(key))
            }
            Err(err) if err.kind() == std::io::ErrorKind::NotFound => {
                let mut key = [0u8; KEY_LEN];
                rand::rngs::OsRng.fill_bytes(&mut key);
                if let Some(parent) = path.parent() {
                    std::fs::create_dir_all(parent)
                        .with_context(|| format!("creating {}", parent.display()))?;
                }
                let mut options = std::fs::OpenOptions::new();
                options.write(true).create_new(true);
                #[cfg(unix)]
                {
                    use std::os::unix::fs::OpenOptionsExt;
                    options.mode(0o600);
                }
                let mut file = options
                    .open(path)
                    .with_context(|| format!("creating SECRET_KEY_FILE {}", path.display()))?;
                file.write_all(&key)?;
                file.sync_all()?;
                tracing::info!(path = %path.display(), "created a new master key");
                Ok(MasterKey(key))
            }
            Err(err) => {
                Err(err).with_context(|| format!("reading SECRET_KEY_FILE {}", path.display()))
            }
        }
    }

    pub fn from_bytes(key: [u8; KEY_LEN]) -> Self {
        MasterKey(key)
    }

    /// Encrypts with a random nonce; the result is `nonce || ciphertext+tag`.
    pub fn seal(&self, plaintext: &[u8]) -> Vec<u8> {
        let cipher = Aes256Gcm::new_from_slice(&self.0).expect("key length is fixed");
        let mut nonce = [0u8; NONCE_LEN];
        rand::rngs::OsRng.fill_bytes(&mut nonce);
        let sealed = cipher
            .encrypt(Nonce::from_slice(&nonce), plaintext)
            .expect("AES-GCM encryption of an in-memory buffer cannot fail");
        let mut out = nonce.to_vec();
        out.extend_from_slice(&sealed);
        out
    }

    pub fn open(&self, sealed: &[u8]) -> anyhow::Result<Vec<u8>> {
        if sealed.len() < NONCE_LEN {
            bail!("sealed value is too short");
        }
        let cipher = Aes256Gcm::new_from_slice(&self.0).expect("key length is fixed");
        let (nonce, body) = sealed.split_at(NONCE_LEN);
        cipher
            .decrypt(Nonce::from_slice(nonce), body)
            .map_err(|_| anyhow::anyhow!("sealed value does not open with this master key"))
    }
}

impl MasterKey {
    /// A URL-safe signature of `data` for `purpose` (HMAC-SHA256 under a key derived from the
    /// master key), for long-lived links such as the media URLs LINE fetches.
    pub fn sign(&self, purpose: &str, data: &str) -> String {
        use hmac::{Hmac, Mac};
        let derived =
            Sha256::digest([b"linedesk-sign:".as_slice(), purpose.as_bytes(), &self.0].concat());
        let mut mac = <Hmac<Sha256> as Mac>::new_from_slice(&derived).expect("any key length");
        mac.update(data.as_bytes());
        URL_SAFE_NO_PAD.encode(&mac.finalize().into_bytes()[..24])
    }

    /// Checks a signature made by `sign`, in constant time.
    pub fn verify(&self, purpose: &str, data: &str, signature: &str) -> bool {
        use subtle_eq::eq;
        eq(self.sign(purpose, data).as_bytes(), signature.as_bytes())
    }
}

mod subtle_eq {
    /// Constant-time comparison of two byte strings (lengths are not secret).
    pub fn eq(a: &[u8], b: &[u8]) -> bool {
        a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
    }
}

/// An unguessable token for links and keys (256 bits, URL-safe).
pub fn random_token() -> String {
    let mut bytes = [0u8; 32];
    rand::rngs::OsRng.fill_bytes(&mut bytes);
    URL_SAFE_NO_PAD.encode(bytes)
}

/// Hex SHA-256, for storing tokens so that a database dump does not reveal them.
pub fn sha256_hex(data: &[u8]) -> String {
    hex::encode(Sha256::digest(data))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn seal_and_open_round_trip_with_fresh_nonces() {
        let key = MasterKey::from_bytes([7u8; 32]);
        let a = key.seal(b"channel-secret");
        let b = key.seal(b"channel-secret");
        assert_ne!(a, b, "nonces must differ");
        assert_eq!(key.open(&a).unwrap(), b"channel-secret");
        let mut tampered = a.clone();
        *tampered.last_mut().unwrap() ^= 1;
        assert!(key.open(&tampered).is_err());
    }

    #[test]
    fn signatures_depend_on_key_purpose_and_data() {
        let key = MasterKey::from_bytes([7u8; 32]);
        let sig = key.sign("media", "42");
        assert!(key.verify("media", "42", &sig));
        assert!(!key.verify("media", "43", &sig));
        assert!(!key.verify("other", "42", &sig));
        assert!(!MasterKey::from_bytes([8u8; 32]).verify("media", "42", &sig));
    }

    #[test]
    fn key_file_is_created_private_and_reused() {
        let dir = std::env::temp_dir().join(format!("linedesk-key-{}", random_token()));
        let path = dir.join("master.key");
        let first = MasterKey::load_or_create(&path).unwrap();
        let second = MasterKey::load_or_create(&path).unwrap();
        assert_eq!(first.0, second.0);
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(&path).unwrap().permissions().mode() & 0o777;
            assert_eq!(mode, 0o600);
        }
        assert_eq!(format!("{first:?}"), "MasterKey([redacted])");
        std::fs::write(&path, b"short").unwrap();
        assert!(MasterKey::load_or_create(&path).is_err());
        std::fs::remove_dir_all(dir).unwrap();
    }
}
