//! Input rules shared by the browser (early hints) and the server (the rules that count).

use crate::FieldErrors;
use crate::Problem;

pub const PASSWORD_MIN: usize = 10;
pub const PASSWORD_MAX: usize = 128;
pub const EMAIL_MAX: usize = 254;
pub const DISPLAY_NAME_MAX: usize = 100;

/// Lower-cases and trims an email address so that lookups and uniqueness ignore case.
pub fn normalize_email(email: &str) -> String {
    email.trim().to_ascii_lowercase()
}

pub fn check_email(email: &str, errors: &mut FieldErrors) {
    let email = email.trim();
    if email.is_empty() {
        errors.add("email", Problem::EnterEmail);
        return;
    }
    if email.len() > EMAIL_MAX {
        errors.add("email", Problem::AtMostChars { max: EMAIL_MAX });
        return;
    }
    let valid = match email.split_once('@') {
        Some((local, domain)) => {
            !local.is_empty()
                && domain.contains('.')
                && !domain.starts_with('.')
                && !domain.ends_with('.')
                && !email.chars().any(char::is_whitespace)
                && !domain.contains('@')
        }
        None => false,
    };
    if !valid {
        errors.add("email", Problem::EmailLike);
    }
}

pub fn check_password(password: &str, field: &str, errors: &mut FieldErrors) {
    let chars = password.chars().count();
    if chars < PASSWORD_MIN {
        errors.add(field, Problem::AtLeastChars { min: PASSWORD_MIN });
    } else if chars > PASSWORD_MAX {
        errors.add(field, Problem::AtMostChars { max: PASSWORD_MAX });
    }
}

/// Whether a URL from outside (a LINE profile's picture, an event's external image) may be
/// linked or loaded: https only, nothing that could be read as another scheme or host.
pub fn is_https_url(url: &str) -> bool {
    url.get(..8)
        .is_some_and(|scheme| scheme.eq_ignore_ascii_case("https://"))
        && url.len() > 8
        && !url
            .chars()
            .any(|c| c.is_control() || c.is_whitespace() || c == '\\')
}

pub fn check_display_name(name: &str, errors: &mut FieldErrors) {
    if name.trim().chars().count() > DISPLAY_NAME_MAX {
        errors.add(
            "display_name",
            Problem::AtMostChars {
                max: DISPLAY_NAME_MAX,
            },
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn email_error(email: &str) -> Option<String> {
        let mut errors = FieldErrors::new();
        check_email(email, &mut errors);
        errors.get("email").map(ToString::to_string)
    }

    #[test]
    fn emails() {
        assert_eq!(email_error("ops@example.com"), None);
        assert_eq!(email_error("  Ops@Example.COM "), None);
        assert!(email_error("")
            .unwrap()
            .to_string()
            .contains("Enter an email"));
        for bad in [
            "ops",
            "ops@",
            "@example.com",
            "ops@example",
            "o ps@example.com",
            "a@b@c.d",
        ] {
            assert!(email_error(bad).is_some(), "{bad} should be refused");
        }
        assert_eq!(normalize_email("  Ops@Example.COM "), "ops@example.com");
    }

    #[test]
    fn only_https_urls_are_linked() {
        for ok in [
            "https://profile.line-scdn.net/0h",
            "HTTPS://example.com/a.png",
        ] {
            assert!(is_https_url(ok), "{ok}");
        }
        for bad in [
            "http://example.com/a.png",
            "javascript:alert(1)",
            "data:image/svg+xml,<svg/>",
            "//evil.example/a.png",
            "https://",
            "https://a\\@evil.example/",
            "https://a.example/\tb",
            " https://a.example/",
            "",
        ] {
            assert!(!is_https_url(bad), "{bad}");
        }
    }

    #[test]
    fn passwords() {
        let mut errors = FieldErrors::new();
        check_password("short", "password", &mut errors);
        assert!(errors
            .get("password")
            .unwrap()
            .to_string()
            .contains("at least 10"));
        let mut errors = FieldErrors::new();
        check_password("long enough pass", "password", &mut errors);
        assert!(errors.is_empty());
        let mut errors = FieldErrors::new();
        check_password(&"x".repeat(129), "password", &mut errors);
        assert!(errors
            .get("password")
            .unwrap()
            .to_string()
            .contains("at most"));
    }
}
