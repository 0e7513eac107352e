//! The reader's own settings that are not about their work: the portal's language and their
//! time zone (and, for administrators, the organisation's defaults for both).

use domain::AppError;
use leptos::prelude::*;

/// Switches the portal's language for this browser and goes back to `next`. A plain form post
/// (the page reloads in the new language), so it works the same with and without JavaScript.
/// Anyone may call it: the sign-in page offers it too.
#[server(endpoint = "set_language")]
pub async fn set_language(language: String, next: String) -> Result<(), AppError> {
    use crate::ssr::respond;
    use leptos_i18n::Locale as _;
    respond(
        async {
            let Some(locale) = crate::labels::LANGUAGES
                .iter()
                .map(|(locale, _)| *locale)
                .find(|l| l.as_str() == language)
            else {
                return Err(domain::FieldErrors::single(
                    "language",
                    domain::Problem::PickLanguageFromList,
                ));
            };
            // A person signed in keeps the choice on their user (any browser); the cookie
            // keeps it for this browser, signed in or not.
            if let Some(user) = crate::ssr::current_user() {
                crate::ssr::services()?
                    .users
                    .set_language(&user, Some(locale.as_str()))
                    .await?;
            }
            let cookie = format!(
                "{}={}; Path=/; Max-Age=31536000; SameSite=Lax",
                crate::ssr::LANGUAGE_COOKIE,
                locale.as_str()
            );
            if let (Some(response), Ok(value)) = (
                use_context::<leptos_axum::ResponseOptions>(),
                http::HeaderValue::from_str(&cookie),
            ) {
                response.append_header(http::header::SET_COOKIE, value);
            }
            leptos_axum::redirect(&domain::redirect::local_path_or_home(&next, None));
            Ok(())
        }
        .await,
    )
}

/// The Preferences page: the reader's own choices, the organisation's defaults, the zones to
/// pick from (the server's IANA database), and whether they may change the defaults.
#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct PreferencesView {
    pub mine: domain::user::ReaderPreferences,
    pub organisation: domain::user::OrganisationDefaults,
    pub zones: Vec<String>,
    pub may_set_defaults: bool,
}

#[server(endpoint = "get_preferences")]
pub async fn get_preferences() -> Result<PreferencesView, AppError> {
    use crate::ssr::{require, respond, services};
    use domain::Role;
    respond(
        async {
            let me = require(&[Role::Admin, Role::Supervisor, Role::Agent, Role::Auditor])?;
            let users = services()?.users;
            let zones = domain::zone::picker_names();
            Ok(PreferencesView {
                mine: users.preferences(&me).await?,
                organisation: users.organisation_defaults().await?,
                zones,
                may_set_defaults: me.role == Role::Admin,
            })
        }
        .await,
    )
}

/// The reader's own language and time zone; empty means "not chosen" (the browser's language,
/// the organisation's zone).
#[server(endpoint = "save_preferences")]
pub async fn save_preferences(language: String, time_zone: String) -> Result<(), AppError> {
    use crate::ssr::{require, respond, services};
    use domain::Role;
    respond(
        async {
            let me = require(&[Role::Admin, Role::Supervisor, Role::Agent, Role::Auditor])?;
            let preferences = domain::user::ReaderPreferences {
                language: Some(language),
                time_zone: Some(time_zone),
            };
            services()?.users.set_preferences(&me, preferences).await
        }
        .await,
    )
}

/// The language and time zone of everyone who chose none (administrators).
#[server(endpoint = "save_organisation_defaults")]
pub async fn save_organisation_defaults(
    language: String,
    time_zone: String,
) -> Result<(), AppError> {
    use crate::ssr::{client_info, require, respond, services};
    use domain::Role;
    respond(
        async {
            let me = require(&[Role::Admin])?;
            let defaults = domain::user::OrganisationDefaults {
                language: Some(language),
                time_zone: Some(time_zone),
            };
            services()?
                .users
                .set_organisation_defaults(&me, defaults, &client_info())
                .await
        }
        .await,
    )
}
