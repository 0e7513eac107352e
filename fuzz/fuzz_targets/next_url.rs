//! The one check every "next" and redirect target passes: whatever is typed into a link, an
//! accepted target is a path on this site that a browser reads the same way.
#![no_main]

use domain::redirect::local_path;
use libfuzzer_sys::fuzz_target;

const PUBLIC: &str = "https://desk.example.com";

fuzz_target!(|data: &[u8]| {
    let Ok(next) = std::str::from_utf8(data) else {
        return;
    };
    for public in [None, Some(PUBLIC)] {
        let Some(path) = local_path(next, public) else {
            continue;
        };
        assert!(path.starts_with('/'), "{next:?} -> {path:?}");
        assert!(!path.starts_with("//"), "{next:?} -> {path:?}");
        assert!(
            !path.chars().any(|c| c.is_control() || c == '\\' || c.is_whitespace()),
            "{next:?} -> {path:?}"
        );
        // Read as a browser would, against this site, it stays on this site...
        let base = url::Url::parse(PUBLIC).unwrap();
        let landed = base.join(&path).expect("a valid reference");
        assert_eq!(landed.origin(), base.origin(), "{next:?} -> {path:?}");
        // ...and checking it again changes nothing.
        assert_eq!(local_path(&path, public).as_deref(), Some(path.as_str()));
    }
});
