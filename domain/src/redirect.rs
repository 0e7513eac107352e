//! Where the desk may send a browser after sign-in (or any other "next" target): a path on this
//! site only. A target is parsed as a URL against a placeholder origin and accepted only when it
//! stays there; control characters and backslashes are refused outright, because browsers strip
//! tabs and newlines and read `\` as `/`, turning `/\tevil.example` into another host.

const PLACEHOLDER: &str = "https://linedesk.invalid";

/// The target as a path on this site (path, query and fragment), or `None` when it could leave.
/// `public_url` (the desk's `PUBLIC_URL`) lets absolute links to the desk itself through.
pub fn local_path(next: &str, public_url: Option<&str>) -> Option<String> {
    if next.is_empty()
        || next.chars().any(|c| c.is_control() || c == '\\')
        || next.chars().any(char::is_whitespace)
    {
        return None;
    }
    if let Some(public) = public_url.and_then(|p| url::Url::parse(p).ok()) {
        if let Ok(absolute) = url::Url::parse(next) {
            return (absolute.origin() == public.origin()
                && absolute.username().is_empty()
                && absolute.password().is_none())
            .then(|| path_of(&absolute))
            .flatten();
        }
    }
    // Only paths: "//host", "https:…" and "javascript:…" are not paths.
    if !next.starts_with('/') || next.starts_with("//") {
        return None;
    }
    let base = url::Url::parse(PLACEHOLDER).expect("a valid URL");
    let joined = base.join(next).ok()?;
    (joined.origin() == base.origin())
        .then(|| path_of(&joined))
        .flatten()
}

/// `local_path`, or the home page.
pub fn local_path_or_home(next: &str, public_url: Option<&str>) -> String {
    local_path(next, public_url).unwrap_or_else(|| "/".to_string())
}

/// The URL's path, query and fragment; `None` when the path itself would read as another host
/// (`/.//evil.example` normalises to `//evil.example`).
fn path_of(url: &url::Url) -> Option<String> {
    let mut path = url.path().to_string();
    if path.starts_with("//") {
        return None;
    }
    if let Some(query) = url.query() {
        path.push('?');
        path.push_str(query);
    }
    if let Some(fragment) = url.fragment() {
        path.push('#');
        path.push_str(fragment);
    }
    Some(path)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_on_this_site_pass() {
        assert_eq!(local_path("/users", None).as_deref(), Some("/users"));
        assert_eq!(
            local_path("/history?page=2#top", None).as_deref(),
            Some("/history?page=2#top")
        );
        assert_eq!(local_path("/a/../b", None).as_deref(), Some("/b"));
    }

    #[test]
    fn anything_that_could_leave_is_refused() {
        for next in [
            "",
            "//evil.example",
            "https://evil.example",
            "http://other-host/login",
            "javascript:alert(1)",
            "/\\evil.example",
            "\\\\evil.example",
            "/\t/evil.example",
            "/\n/evil.example",
            "\t//evil.example",
            "/\u{0}x",
            "/\u{85}/evil",
            "/.//evil.example",
            "/a/..//evil.example",
            "/%2e//evil.example",
            " //evil.example",
            "evil.example",
            "users",
        ] {
            assert_eq!(local_path(next, None), None, "{next:?}");
        }
        assert_eq!(local_path_or_home("//evil.example", None), "/");
    }

    #[test]
    fn absolute_links_to_the_desk_itself_pass() {
        let public = Some("https://desk.example.com");
        assert_eq!(
            local_path("https://desk.example.com/users?x=1", public).as_deref(),
            Some("/users?x=1")
        );
        for next in [
            "http://desk.example.com/users",
            "https://desk.example.com.evil.example/",
            "https://user:pw@desk.example.com/",
            "https://desk.example.com:444/",
            "https://desk.example.com//evil.example/",
        ] {
            assert_eq!(local_path(next, public), None, "{next}");
        }
    }
}
