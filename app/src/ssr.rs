//! Server-side helpers for server functions: the services, the caller, their role, their address.

use domain::ports::Services;
use domain::user::{ClientInfo, CurrentUser};
use domain::{AppError, Role};
use http::request::Parts;
use leptos::prelude::use_context;

/// The services handed to this request by the server (never a global).
pub fn services() -> Result<Services, AppError> {
    use_context::<Services>().ok_or_else(|| AppError::Internal("services missing".into()))
}

/// The signed-in user the server resolved from the session cookie, if any.
pub fn current_user() -> Option<CurrentUser> {
    use_context::<Parts>().and_then(|parts| parts.extensions.get::<CurrentUser>().cloned())
}

/// The caller, if their role is one of `roles`: 401 without a session, 403 with another role.
pub fn require(roles: &[Role]) -> Result<CurrentUser, AppError> {
    match current_user() {
        None => Err(AppError::Unauthorized),
        Some(user) if roles.contains(&user.role) => Ok(user),
        Some(_) => Err(AppError::Forbidden),
    }
}

pub fn client_info() -> ClientInfo {
    let address = use_context::<Parts>().and_then(|parts| {
        parts
            .extensions
            .get::<axum::extract::ConnectInfo<std::net::SocketAddr>>()
            .map(|info| info.0.ip().to_string())
    });
    ClientInfo { address }
}

/// Present while a page renders (provided by the shell). A server function a panel calls
/// during the render answers that panel, which shows its own error; the page's status is the
/// page's access check's alone (`set_page_status`), so a page the user may open answers 200.
#[derive(Clone, Copy)]
pub struct PageRender;

/// Gives a failed server function the HTTP status of its error, when the request is that
/// server function's call (not a page rendering it). A plain HTML form post (no JavaScript)
/// keeps the redirect back to its page instead, which carries the error along.
pub fn respond<T>(result: Result<T, AppError>) -> Result<T, AppError> {
    if use_context::<PageRender>().is_some() {
        return result;
    }
    if let Err(err) = &result {
        let form_post = use_context::<Parts>().is_some_and(|parts| {
            parts
                .headers
                .get(http::header::ACCEPT)
                .and_then(|v| v.to_str().ok())
                .is_some_and(|v| v.contains("text/html"))
        });
        if !form_post {
            if let (Some(options), Ok(status)) = (
                use_context::<leptos_axum::ResponseOptions>(),
                http::StatusCode::from_u16(err.status()),
            ) {
                options.set_status(status);
            }
        }
    }
    result
}

/// Sets the status of a page being rendered (403 and 404 pages).
pub fn set_page_status(status: u16) {
    if let (Some(options), Ok(status)) = (
        use_context::<leptos_axum::ResponseOptions>(),
        http::StatusCode::from_u16(status),
    ) {
        options.set_status(status);
    }
}

/// The page's Content-Security-Policy: scripts only from this site plus the hydration script
/// that carries this response's nonce; WebAssembly may compile (the app is wasm); pictures may
/// come from LINE's https CDNs (profiles, stickers, emojis); nothing may frame the desk.
pub fn page_csp(nonce: &str) -> String {
    format!(
        "default-src 'self'; script-src 'self' 'nonce-{nonce}' 'wasm-unsafe-eval'; \
         style-src 'self'; img-src 'self' https: data:; media-src 'self'; connect-src 'self'; \
         object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
    )
}

/// Puts `page_csp` with the nonce Leptos gave this render on the response.
pub fn set_page_csp() {
    if let (Some(nonce), Some(response)) = (
        leptos::nonce::use_nonce(),
        use_context::<leptos_axum::ResponseOptions>(),
    ) {
        if let Ok(value) = http::HeaderValue::from_str(&page_csp(&nonce)) {
            response.insert_header(http::header::CONTENT_SECURITY_POLICY, value);
        }
    }
}

/// The languages to answer this request in, best first, as an Accept-Language list for
/// leptos_i18n (it takes the first one the portal has): the person's saved choice, then this
/// browser's choice (the language menu's cookie, for people not signed in), then the
/// browser's own languages, then the organisation's default.
pub fn reader_languages() -> Option<String> {
    use domain::user::{OrganisationDefaults, ReaderPreferences};
    let parts = use_context::<Parts>()?;
    let saved = parts
        .extensions
        .get::<ReaderPreferences>()
        .and_then(|p| p.language.clone());
    let chosen = parts
        .headers
        .get_all(http::header::COOKIE)
        .iter()
        .filter_map(|value| value.to_str().ok())
        .flat_map(|cookies| cookies.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(name, _)| *name == LANGUAGE_COOKIE)
        .map(|(_, value)| value.to_string());
    let browser = parts
        .headers
        .get(http::header::ACCEPT_LANGUAGE)
        .and_then(|value| value.to_str().ok())
        .map(str::to_string);
    let default = parts
        .extensions
        .get::<OrganisationDefaults>()
        .and_then(|d| d.language.clone());
    let list: Vec<String> = [saved, chosen, browser, default]
        .into_iter()
        .flatten()
        .collect();
    Some(list.join(","))
}

/// The cookie the language menu sets for this browser (see `api::preferences`).
pub const LANGUAGE_COOKIE: &str = "i18n_pref_locale";
