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
    let parts = use_context::<Parts>()?;
    Some(languages_of(&parts.headers, &parts.extensions))
}

/// `reader_languages` for a request's headers and extensions (those the server's middleware
/// filled: ReaderPreferences, OrganisationDefaults), outside a Leptos render too.
pub fn languages_of(headers: &http::HeaderMap, extensions: &http::Extensions) -> String {
    use domain::user::{OrganisationDefaults, ReaderPreferences};
    let saved = extensions
        .get::<ReaderPreferences>()
        .and_then(|p| p.language.clone());
    let chosen = headers
        .get_all(http::header::COOKIE)
        .iter()
        .filter_map(|value| value.to_str().ok())
        .flat_map(|cookies| cookies.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(name, _)| *name == LANGUAGE_COOKIE)
        .map(|(_, value)| value.to_string());
    let browser = headers
        .get(http::header::ACCEPT_LANGUAGE)
        .and_then(|value| value.to_str().ok())
        .map(str::to_string);
    let default = extensions
        .get::<OrganisationDefaults>()
        .and_then(|d| d.language.clone());
    // The pseudo-locale of debug builds (`en-XA`, see build.rs) is a test's choice for this
    // browser: it goes before the person's saved language, so any user can be read in it.
    let pseudo = cfg!(pseudo_locale)
        && [&chosen, &browser]
            .into_iter()
            .flatten()
            .any(|value| value.split([',', ';']).any(|l| l.trim() == PSEUDO_LOCALE));
    let list: Vec<String> = [
        pseudo.then(|| PSEUDO_LOCALE.to_string()),
        saved,
        chosen,
        browser,
        default,
    ]
    .into_iter()
    .flatten()
    .collect();
    list.join(",")
}

/// The portal language a request is answered in, as pages choose it (`languages_of`): the
/// first of the listed languages the portal has, else English. For what the server writes
/// outside a page (CSV exports).
pub fn reader_locale(
    headers: &http::HeaderMap,
    extensions: &http::Extensions,
) -> crate::i18n::Locale {
    use leptos_i18n::Locale as _;
    let list = languages_of(headers, extensions);
    // An Accept-Language list, already best first: the tags without their weights.
    let tags: Vec<&str> = list
        .split(',')
        .filter_map(|item| item.split(';').next())
        .map(str::trim)
        .filter(|tag| !tag.is_empty() && *tag != "*")
        .collect();
    crate::i18n::Locale::find_locale(&tags)
}

/// The pseudo-locale debug builds carry (bracketed, accented English; see app/build.rs).
pub const PSEUDO_LOCALE: &str = "en-XA";

/// The cookie the language menu sets for this browser (see `api::preferences`).
pub const LANGUAGE_COOKIE: &str = "i18n_pref_locale";

/// The reader's time zone as an offsets table: their own choice, else the organisation's,
/// else UTC (a name the IANA database does not know reads as UTC, logged).
pub fn reader_zone() -> domain::time::ZoneTable {
    let parts = use_context::<Parts>();
    reader_zone_of(parts.as_ref().map(|p| &p.extensions))
}

/// `reader_zone` for a handler outside Leptos (a CSV export), from the request's extensions.
pub fn reader_zone_of(extensions: Option<&http::Extensions>) -> domain::time::ZoneTable {
    use domain::user::{OrganisationDefaults, ReaderPreferences};
    let name = extensions
        .and_then(|e| e.get::<ReaderPreferences>())
        .and_then(|p| p.time_zone.clone())
        .or_else(|| {
            extensions
                .and_then(|e| e.get::<OrganisationDefaults>())
                .and_then(|d| d.time_zone.clone())
        });
    match name {
        Some(name) => zone_table(&name).unwrap_or_else(|| {
            tracing::warn!(zone = %name, "unknown time zone; showing UTC");
            domain::time::ZoneTable::utc()
        }),
        None => domain::time::ZoneTable::utc(),
    }
}

/// The offsets of an IANA zone from 2000 to 2040 (the tz database, through jiff).
pub fn zone_table(name: &str) -> Option<domain::time::ZoneTable> {
    use jiff::Timestamp;
    // The names operating hours take too (IANA zones, UTC, fixed UTC±HH:MM).
    let zone = domain::zone::resolve(name)?;
    let start = Timestamp::from_second(946_684_800).ok()?; // 2000-01-01
    let end = Timestamp::from_second(2_208_988_800).ok()?; // 2040-01-01
    let mut spans = vec![(0, zone.to_offset(start).seconds())];
    for transition in zone.following(start) {
        if transition.timestamp() > end {
            break;
        }
        spans.push((
            transition.timestamp().as_millisecond(),
            transition.offset().seconds(),
        ));
    }
    Some(domain::time::ZoneTable {
        name: name.to_string(),
        spans,
    })
}

#[cfg(test)]
mod tests {
    use super::zone_table;

    #[test]
    fn zones_come_from_the_iana_database_with_daylight_saving() {
        let rome = zone_table("Europe/Rome").unwrap();
        let winter = 1_796_565_600_000; // 2026-12-06 14:00 UTC
        let summer = 1_784_728_800_000; // 2026-07-22 14:00 UTC
        assert_eq!(rome.offset_at(winter), 3600);
        assert_eq!(rome.offset_at(summer), 7200);
        // 2026-03-29 01:00 UTC the clocks go forward.
        assert_eq!(rome.offset_at(1_774_746_000_000 - 1), 3600);
        assert_eq!(rome.offset_at(1_774_746_000_000), 7200);
        let tokyo = zone_table("Asia/Tokyo").unwrap();
        assert_eq!(tokyo.spans, vec![(0, 9 * 3600)]);
        assert!(zone_table("Mars/Olympus").is_none());
    }
}
