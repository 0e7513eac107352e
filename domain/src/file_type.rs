//! What a stored file is, decided by linedesk from its first bytes and the message's kind, never
//! from the label an upstream server or a browser put on it: a customer's "image" that is really
//! HTML or SVG must never be served as a page of the desk's own origin.

/// The LINE message kind a file belongs to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum MediaKind {
    Image,
    Video,
    Audio,
    File,
}

impl MediaKind {
    /// From the message kind as stored (`image`, `video`, `audio`; anything else is a file).
    pub fn from_message_kind(kind: &str) -> MediaKind {
        match kind {
            "image" => MediaKind::Image,
            "video" => MediaKind::Video,
            "audio" => MediaKind::Audio,
            _ => MediaKind::File,
        }
    }
}

/// How a browser is told to treat the file.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Disposition {
    /// Shown in place: only raster images, audio and video of known types.
    Inline,
    /// Always downloaded.
    Attachment,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct FileType {
    pub mime: &'static str,
    pub disposition: Disposition,
}

/// How many leading bytes `decide` looks at (enough for every signature it knows).
pub const SNIFF_LEN: usize = 8192;

/// Types a browser may show in place. Everything else downloads.
pub const INLINE_TYPES: &[&str] = &[
    "image/jpeg",
    "image/png",
    "image/gif",
    "image/webp",
    "video/mp4",
    "video/webm",
    "video/quicktime",
    "audio/mp4",
    "audio/mpeg",
    "audio/ogg",
    "audio/wav",
    "audio/aac",
    "audio/webm",
];

pub const UNKNOWN: &str = "application/octet-stream";

/// The file's type from its first bytes (`head`, up to `SNIFF_LEN`) and its message kind.
pub fn decide(kind: MediaKind, head: &[u8]) -> FileType {
    let head = &head[..head.len().min(SNIFF_LEN)];
    let detected = infer::get(head).map(|t| t.mime_type()).unwrap_or(UNKNOWN);
    // The kind only chooses between the audio and video names of one container (LINE's voice
    // messages are MP4 files); it never makes unknown bytes displayable.
    let mime = match (detected, kind) {
        ("video/mp4" | "video/x-m4v" | "audio/m4a" | "audio/x-m4a", MediaKind::Audio) => {
            "audio/mp4"
        }
        ("audio/m4a" | "audio/x-m4a", _) => "audio/mp4",
        ("video/x-m4v", _) => "video/mp4",
        ("video/webm", MediaKind::Audio) => "audio/webm",
        ("audio/x-wav", _) => "audio/wav",
        (other, _) => other,
    };
    if INLINE_TYPES.contains(&mime) {
        FileType {
            mime,
            disposition: Disposition::Inline,
        }
    } else {
        FileType {
            mime: if is_active_content(mime) {
                UNKNOWN
            } else {
                mime
            },
            disposition: Disposition::Attachment,
        }
    }
}

/// Types a browser could run or render as a document, even from a download.
fn is_active_content(mime: &str) -> bool {
    mime.starts_with("text/")
        || [
            "html",
            "xml",
            "svg",
            "javascript",
            "ecmascript",
            "shockwave",
            "x-sh",
        ]
        .iter()
        .any(|word| mime.contains(word))
}

/// Photos LINE accepts as image messages (JPEG and PNG only).
pub fn is_line_photo(mime: &str) -> bool {
    matches!(mime, "image/jpeg" | "image/png")
}

#[cfg(test)]
mod tests {
    use super::*;

    const PNG: &[u8] = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR";
    const JPEG: &[u8] = &[0xFF, 0xD8, 0xFF, 0xE0, 0, 0x10, b'J', b'F', b'I', b'F'];

    #[test]
    fn raster_images_show_in_place() {
        assert_eq!(
            decide(MediaKind::Image, PNG),
            FileType {
                mime: "image/png",
                disposition: Disposition::Inline
            }
        );
        assert_eq!(decide(MediaKind::Image, JPEG).mime, "image/jpeg");
        // A photo sent as a file is still a photo.
        assert_eq!(
            decide(MediaKind::File, PNG).disposition,
            Disposition::Inline
        );
    }

    #[test]
    fn html_and_svg_claiming_to_be_images_download_as_unknown() {
        for body in [
            &b"<html><script>fetch('/api/create_user')</script>"[..],
            b"<!DOCTYPE html><p>hi",
            b"<?xml version=\"1.0\"?><svg xmlns=\"http://www.w3.org/2000/svg\"><script/></svg>",
            b"<svg onload=alert(1)>",
            b"",
            b"plain words",
        ] {
            for kind in [
                MediaKind::Image,
                MediaKind::Video,
                MediaKind::Audio,
                MediaKind::File,
            ] {
                let decided = decide(kind, body);
                assert_eq!(decided.disposition, Disposition::Attachment, "{body:?}");
                assert_eq!(decided.mime, UNKNOWN, "{body:?}");
            }
        }
    }

    #[test]
    fn voice_messages_are_audio_and_videos_video() {
        let mp4 = b"\0\0\0\x18ftypmp42\0\0\0\0mp42isom";
        assert_eq!(decide(MediaKind::Audio, mp4).mime, "audio/mp4");
        assert_eq!(decide(MediaKind::Video, mp4).mime, "video/mp4");
        assert_eq!(
            decide(MediaKind::Video, mp4).disposition,
            Disposition::Inline
        );
    }

    #[test]
    fn other_known_files_download_with_their_type() {
        let pdf = b"%PDF-1.7\n";
        assert_eq!(
            decide(MediaKind::File, pdf),
            FileType {
                mime: "application/pdf",
                disposition: Disposition::Attachment
            }
        );
        // A PDF sent as an "image" is not shown as one.
        assert_eq!(
            decide(MediaKind::Image, pdf).disposition,
            Disposition::Attachment
        );
    }
}
