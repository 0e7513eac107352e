//! The reader's own settings that are not about their work: the portal's language.

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
