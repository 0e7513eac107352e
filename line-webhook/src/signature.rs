//! X-Line-Signature: base64 of HMAC-SHA256 over the raw body, keyed with the channel secret.

use base64::engine::general_purpose::STANDARD;
use base64::Engine;
use hmac::{Hmac, Mac};
use sha2::Sha256;

/// Checks X-Line-Signature in constant time. A signature that is not even base64 is simply wrong.
pub fn verify(channel_secret: &[u8], body: &[u8], signature: &str) -> bool {
    let Ok(given) = STANDARD.decode(signature.trim()) else {
        return false;
    };
    let mut mac =
        Hmac::<Sha256>::new_from_slice(channel_secret).expect("HMAC takes any key length");
    mac.update(body);
    mac.verify_slice(&given).is_ok()
}

/// The signature LINE would send for `body` (for tests, the fake platform and the fuzzer).
pub fn sign(channel_secret: &[u8], body: &[u8]) -> String {
    let mut mac =
        Hmac::<Sha256>::new_from_slice(channel_secret).expect("HMAC takes any key length");
    mac.update(body);
    STANDARD.encode(mac.finalize().into_bytes())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every vector from LINE's official SDKs (fixtures/line-fixtures/signature-vectors.json).
    #[test]
    fn official_signature_vectors() {
        let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/../fixtures/line-fixtures");
        let text = std::fs::read_to_string(format!("{dir}/signature-vectors.json")).unwrap();
        let json: serde_json::Value = serde_json::from_str(&text).unwrap();
        for v in json["vectors"].as_array().unwrap() {
            let body = match (v["body"].as_str(), v["body_file"].as_str()) {
                (Some(body), _) => body.as_bytes().to_vec(),
                (None, Some(file)) => std::fs::read(format!("{dir}/{file}")).unwrap(),
                _ => panic!("vector without body"),
            };
            let secret = v["channel_secret"].as_str().unwrap().as_bytes();
            let ok = verify(secret, &body, v["signature"].as_str().unwrap());
            assert_eq!(ok, v["valid"].as_bool().unwrap(), "vector {}", v["id"]);
        }
    }

    #[test]
    fn sign_and_verify_agree() {
        let signature = sign(b"secret", b"{\"events\":[]}");
        assert!(verify(b"secret", b"{\"events\":[]}", &signature));
        assert!(!verify(b"other", b"{\"events\":[]}", &signature));
        assert!(!verify(b"secret", b"{\"events\":[ ]}", &signature));
    }
}
