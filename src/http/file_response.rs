//! How every stored file leaves the desk (customers' media to staff, agents' files to LINE):
//! its type decided again from its first bytes (rows stored before linedesk did so may carry
//! whatever LINE's header said), inline only for raster images, audio and video, a download
//! otherwise, always `nosniff` and a sandboxing CSP, and streamed from disk (with ranges, so
//! videos seek) rather than read into memory.

use axum::body::Body;
use axum::extract::Request;
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use domain::file_type::{self, Disposition, MediaKind};
use percent_encoding::{utf8_percent_encode, AsciiSet, NON_ALPHANUMERIC};
use std::path::Path;
use tower::ServiceExt;

/// A file opened on its own is a sandboxed document that can load nothing but itself.
pub const FILE_CSP: &str = "default-src 'none'; img-src 'self'; media-src 'self'; \
    style-src 'unsafe-inline'; frame-ancestors 'none'; sandbox";

/// RFC 5987 attr-char: what `filename*` may carry unencoded.
const ATTR_CHAR: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'!')
    .remove(b'#')
    .remove(b'$')
    .remove(b'&')
    .remove(b'+')
    .remove(b'-')
    .remove(b'.')
    .remove(b'^')
    .remove(b'_')
    .remove(b'`')
    .remove(b'|')
    .remove(b'~');

/// `Content-Disposition` per RFC 6266: an ASCII `filename` for old clients and the exact name
/// as `filename*`. Control characters are dropped, so any name makes a valid header.
pub fn content_disposition(disposition: Disposition, name: &str) -> HeaderValue {
    let name: String = name.chars().filter(|c| !c.is_control()).collect();
    let name = if name.trim().is_empty() {
        "file".to_string()
    } else {
        name
    };
    let fallback: String = name
        .chars()
        .map(|c| match c {
            ' '..='~' if c != '"' && c != '\\' => c,
            _ => '_',
        })
        .collect();
    let kind = match disposition {
        Disposition::Inline => "inline",
        Disposition::Attachment => "attachment",
    };
    let value = format!(
        "{kind}; filename=\"{fallback}\"; filename*=UTF-8''{}",
        utf8_percent_encode(&name, ATTR_CHAR)
    );
    HeaderValue::from_str(&value).expect("only visible ASCII")
}

/// The stored file at `path` as a response to `request` (GET or HEAD; ranges honoured).
pub async fn serve(
    path: &Path,
    kind: &str,
    name: &str,
    cache_control: &'static str,
    request: Request,
) -> Response {
    let head = match crate::engine::media::read_head(path).await {
        Ok(head) => head,
        Err(_) => {
            return (
                StatusCode::NOT_FOUND,
                "The file is missing from the attachment store.",
            )
                .into_response()
        }
    };
    let decided = file_type::decide(MediaKind::from_message_kind(kind), &head);
    let mime: mime::Mime = decided.mime.parse().expect("file_type names valid types");
    let mut response = match tower_http::services::ServeFile::new_with_mime(path, &mime)
        .oneshot(request)
        .await
    {
        Ok(response) => response.map(Body::new),
        Err(err) => match err {},
    };
    let headers = response.headers_mut();
    headers.insert(
        header::CONTENT_DISPOSITION,
        content_disposition(decided.disposition, name),
    );
    headers.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    headers.insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static(FILE_CSP),
    );
    headers.insert(
        header::CACHE_CONTROL,
        HeaderValue::from_static(cache_control),
    );
    response
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn any_name_makes_a_valid_header() {
        let value = content_disposition(Disposition::Attachment, "re\r\nport\u{7}\"x\\.pdf");
        assert_eq!(
            value,
            "attachment; filename=\"report_x_.pdf\"; filename*=UTF-8''report%22x%5C.pdf"
        );
        let value = content_disposition(Disposition::Inline, "請求書 2026.png");
        assert_eq!(
            value,
            "inline; filename=\"___ 2026.png\"; filename*=UTF-8''%E8%AB%8B%E6%B1%82%E6%9B%B8%202026.png"
        );
        assert_eq!(
            content_disposition(Disposition::Attachment, "\n"),
            "attachment; filename=\"file\"; filename*=UTF-8''file"
        );
    }
}
