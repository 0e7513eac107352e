//! argon2id password hashes. Hashing costs tens of milliseconds of CPU on purpose, so it runs on
//! the blocking pool and never stalls the async runtime.

use argon2::password_hash::{
    rand_core::OsRng, PasswordHash, PasswordHasher, PasswordVerifier, SaltString,
};
use argon2::Argon2;
use domain::Problem;
use std::sync::OnceLock;

pub async fn hash(password: String) -> anyhow::Result<String> {
    tokio::task::spawn_blocking(move || {
        let salt = SaltString::generate(&mut OsRng);
        Argon2::default()
            .hash_password(password.as_bytes(), &salt)
            .map(|hash| hash.to_string())
            .map_err(|err| anyhow::anyhow!("hashing a password: {err}"))
    })
    .await?
}

/// Verifies against `stored`; with `None` (no such user) it still spends the same effort, so
/// response times do not reveal which email addresses exist.
pub async fn verify(password: String, stored: Option<String>) -> anyhow::Result<bool> {
    tokio::task::spawn_blocking(move || {
        let stored = stored.unwrap_or_else(|| dummy_hash().to_string());
        let parsed =
            PasswordHash::new(&stored).map_err(|err| anyhow::anyhow!("stored hash: {err}"))?;
        Ok(Argon2::default()
            .verify_password(password.as_bytes(), &parsed)
            .is_ok())
    })
    .await?
}

/// The least zxcvbn score accepted: 3 of 4, "safely unguessable" for online attacks. Common
/// and breached passwords, keyboard walks, sequences, repeats and the user's own email or name
/// score below it.
const MIN_SCORE: zxcvbn::Score = zxcvbn::Score::Three;

/// Adds a field error when the password is common or easy to guess; `user_inputs` are words
/// the password must not lean on (the email, the name).
pub fn check_strength(
    password: &str,
    user_inputs: &[&str],
    field: &str,
    errors: &mut domain::FieldErrors,
) {
    let estimate = zxcvbn::zxcvbn(password, user_inputs);
    if estimate.score() >= MIN_SCORE {
        return;
    }
    // zxcvbn's warning is English: it stays as it is, inside the translated sentence.
    let problem = match estimate.feedback().and_then(|f| f.warning()) {
        Some(why) => Problem::PasswordTooCommonBecause {
            why: why.to_string(),
        },
        None => Problem::PasswordTooCommon,
    };
    errors.add(field, problem);
}

fn dummy_hash() -> &'static str {
    static DUMMY: OnceLock<String> = OnceLock::new();
    DUMMY.get_or_init(|| {
        let salt = SaltString::generate(&mut OsRng);
        Argon2::default()
            .hash_password(b"not a real password", &salt)
            .expect("hashing a constant")
            .to_string()
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn strength_error(password: &str) -> Option<String> {
        let mut errors = domain::FieldErrors::default();
        check_strength(
            password,
            &["ana@example.com", "Ana Admin"],
            "password",
            &mut errors,
        );
        errors.get("password").map(ToString::to_string)
    }

    #[test]
    fn common_and_guessable_passwords_are_refused() {
        for weak in [
            "passwordpassword",
            "1234567890",
            "qwertyuiop",
            "iloveyou123",
            "ana@example.com",
            "aaaaaaaaaaaa",
        ] {
            let err = strength_error(weak).unwrap_or_else(|| panic!("{weak} accepted"));
            assert!(err.starts_with("This password is too common"), "{err}");
        }
        for strong in [
            "a long password",
            "secret password 1",
            "another long password",
            "correct horse battery",
            "agent password 42",
            "auditor password 42",
            "violet tractor umbrella",
        ] {
            assert_eq!(strength_error(strong), None, "{strong}");
        }
    }

    #[tokio::test]
    async fn hashes_are_argon2id_and_verify() {
        let stored = hash("correct horse battery".into()).await.unwrap();
        assert!(stored.starts_with("$argon2id$"), "{stored}");
        assert!(verify("correct horse battery".into(), Some(stored.clone()))
            .await
            .unwrap());
        assert!(!verify("wrong horse battery".into(), Some(stored))
            .await
            .unwrap());
        assert!(!verify("anything".into(), None).await.unwrap());
    }
}
