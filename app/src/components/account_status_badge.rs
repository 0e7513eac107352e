//! An account's status as a coloured badge, on the accounts list, an account's page and the
//! account wizard.

use crate::i18n::*;
use domain::account::AccountStatus;
use leptos::prelude::*;

/// The status's name in the reader's language.
pub fn status_label(locale: Locale, status: AccountStatus) -> String {
    match status {
        AccountStatus::Draft => td_string!(locale, account_status_badge.draft).to_string(),
        AccountStatus::Verified => td_string!(locale, account_status_badge.verified).to_string(),
        AccountStatus::Unverified => {
            td_string!(locale, account_status_badge.unverified).to_string()
        }
        AccountStatus::Inactive => td_string!(locale, account_status_badge.inactive).to_string(),
    }
}

/// The status label in the badge colour for it.
pub fn status_badge(status: AccountStatus) -> impl IntoView {
    let i18n = use_i18n();
    let class = match status {
        AccountStatus::Verified => "badge badge--ok",
        AccountStatus::Unverified => "badge badge--warn",
        AccountStatus::Inactive => "badge badge--error",
        AccountStatus::Draft => "badge badge--muted",
    };
    view! { <span class=class>{move || status_label(i18n.get_locale(), status)}</span> }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// English reads as the domain's own names (the end-to-end tests look for them).
    #[test]
    fn status_labels_read_as_the_domain_does() {
        for status in [
            AccountStatus::Draft,
            AccountStatus::Verified,
            AccountStatus::Unverified,
            AccountStatus::Inactive,
        ] {
            assert_eq!(status_label(Locale::en, status), status.label());
        }
        assert_eq!(
            status_label(Locale::ja, AccountStatus::Verified),
            "検証済み"
        );
    }
}
