//! The attachment type decision: whatever bytes a customer (or LINE) sends, the decided type is
//! one the desk knows how to serve safely: inline only for the listed raster images, audio and
//! video, never a type a browser could run or render as a document.
#![no_main]

use domain::file_type::{decide, Disposition, MediaKind, INLINE_TYPES, SNIFF_LEN};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Some((&selector, bytes)) = data.split_first() else {
        return;
    };
    let kind = [
        MediaKind::Image,
        MediaKind::Video,
        MediaKind::Audio,
        MediaKind::File,
    ][usize::from(selector % 4)];
    let decided = decide(kind, bytes);
    let mime = decided.mime;
    match decided.disposition {
        Disposition::Inline => assert!(INLINE_TYPES.contains(&mime), "{mime} inline"),
        Disposition::Attachment => assert!(!INLINE_TYPES.contains(&mime), "{mime} downloaded"),
    }
    for word in ["html", "xml", "svg", "javascript", "ecmascript"] {
        assert!(!mime.contains(word), "{mime}");
    }
    assert!(!mime.starts_with("text/"), "{mime}");
    assert!(mime.parse::<mime_check::Parsed>().is_ok(), "{mime} is not a media type");
    // Only the first bytes decide: what follows them changes nothing.
    if bytes.len() > SNIFF_LEN {
        assert_eq!(decide(kind, &bytes[..SNIFF_LEN]), decided);
    }
});

/// A media type is `type/subtype` of token characters.
mod mime_check {
    pub struct Parsed;
    impl std::str::FromStr for Parsed {
        type Err = ();
        fn from_str(s: &str) -> Result<Self, ()> {
            let token = |t: &str| {
                !t.is_empty()
                    && t.bytes()
                        .all(|b| b.is_ascii_alphanumeric() || b"!#$&-^_.+".contains(&b))
            };
            match s.split_once('/') {
                Some((a, b)) if token(a) && token(b) => Ok(Parsed),
                _ => Err(()),
            }
        }
    }
}
