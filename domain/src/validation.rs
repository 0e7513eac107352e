//! Input rules shared by the browser (early hints) and the server (the rules that count).

use crate::FieldErrors;

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
        errors.add("email", "Enter an email address.");
        return;
    }
    if email.len() > EMAIL_MAX {
        errors.add("email", format!("Use at most {EMAIL_MAX} characters."));
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
        errors.add("email", "Enter an email address like name@example.com.");
    }
}

pub fn check_password(password: &str, field: &str, errors: &mut FieldErrors) {
    let chars = password.chars().count();
    if chars < PASSWORD_MIN {
        errors.add(field, format!("Use at least {PASSWORD_MIN} characters."));
    } else if chars > PASSWORD_MAX {
        errors.add(field, format!("Use at most {PASSWORD_MAX} characters."));
    }
}

pub fn check_display_name(name: &str, errors: &mut FieldErrors) {
    if name.trim().chars().count() > DISPLAY_NAME_MAX {
        errors.add(
            "display_name",
            format!("Use at most {DISPLAY_NAME_MAX} characters."),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn email_error(email: &str) -> Option<String> {
        let mut errors = FieldErrors::new();
        check_email(email, &mut errors);
        errors.get("email").map(str::to_owned)
    }

    #[test]
    fn emails() {
        assert_eq!(email_error("ops@example.com"), None);
        assert_eq!(email_error("  Ops@Example.COM "), None);
        assert!(email_error("").unwrap().contains("Enter an email"));
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
    fn passwords() {
        let mut errors = FieldErrors::new();
        check_password("short", "password", &mut errors);
        assert!(errors.get("password").unwrap().contains("at least 10"));
        let mut errors = FieldErrors::new();
        check_password("long enough pass", "password", &mut errors);
        assert!(errors.is_empty());
        let mut errors = FieldErrors::new();
        check_password(&"x".repeat(129), "password", &mut errors);
        assert!(errors.get("password").unwrap().contains("at most"));
    }
}
