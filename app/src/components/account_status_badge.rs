//! An account's status as a coloured badge, on the accounts list, an account's page and the
//! account wizard.

use domain::account::AccountStatus;
use leptos::prelude::*;

/// The status label in the badge colour for it.
pub fn status_badge(status: AccountStatus) -> impl IntoView {
    let class = match status {
        AccountStatus::Verified => "badge badge--ok",
        AccountStatus::Unverified => "badge badge--warn",
        AccountStatus::Inactive => "badge badge--error",
        AccountStatus::Draft => "badge badge--muted",
    };
    view! { <span class=class>{status.label()}</span> }
}
