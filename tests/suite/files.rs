//! Files: a customer's file is typed by its bytes and never served as a page of the desk, file
//! names of any kind make valid headers, and uploads are checked before their body is read.

use crate::contacts::sign_in;
use crate::db_tests;
use crate::engine::{deliver, now, only_conversation, world, World, USER};
use crate::routing::staff;
use crate::workstreams::live_channel;
use axum::body::Body;
use axum::http::{header, Request, StatusCode};
use domain::workstream::ChannelConfig;
use domain::Role;
use linedesk::db::Db;
use linedesk::engine::media;
use serde_json::json;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use tower::ServiceExt;

db_tests!(
    customer_files_are_typed_by_their_bytes_and_never_served_as_pages,
    uploads_are_checked_before_their_body_is_read,
    only_https_links_are_followed_or_shown_as_pictures,
);

fn media_event(id: &str, kind: &str, file_name: Option<&str>) -> serde_json::Value {
    let mut message = json!({ "id": id, "type": kind, "contentProvider": { "type": "line" } });
    if let Some(name) = file_name {
        message["fileName"] = json!(name);
        message["fileSize"] = json!(64);
    }
    json!({ "events": [{ "type": "message", "mode": "active", "timestamp": now(),
        "source": { "type": "user", "userId": USER }, "webhookEventId": format!("evt-{id}"),
        "deliveryContext": { "isRedelivery": false }, "replyToken": "r", "message": message }] })
}

pub async fn get(w: &World, path: &str, cookie: &str) -> axum::http::Response<Body> {
    w.desk
        .app
        .clone()
        .oneshot(
            Request::get(path)
                .header(header::COOKIE, cookie)
                .body(Body::empty())
                .unwrap(),
        )
        .await
        .unwrap()
}

async fn customer_files_are_typed_by_their_bytes_and_never_served_as_pages(db: Db) {
    let w = world(db).await;
    let admin = staff(&w, "Ada", Role::Admin).await;
    let cookie = sign_in(&w, &admin.email).await;
    let png = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR fake image".to_vec();
    let script =
        b"<html><script>fetch('/api/create_user',{method:'POST'})</script></html>".to_vec();
    let svg = b"<svg xmlns=\"http://www.w3.org/2000/svg\" onload=\"alert(1)\"/>".to_vec();
    // (LINE id, event kind, what LINE's header claims, the bytes, file name)
    let cases = [
        ("html1", "image", "text/html", script.clone(), None),
        ("svg1", "image", "image/svg+xml", svg, None),
        ("png1", "image", "text/html", png.clone(), None),
        (
            "file1",
            "file",
            "text/html",
            script,
            Some("re\u{7}port\r\n.html"),
        ),
    ];
    for (id, kind, claimed, bytes, name) in &cases {
        w.desk
            .line
            .state
            .lock()
            .content
            .insert(id.to_string(), (claimed.to_string(), bytes.clone()));
        deliver(&w, media_event(id, kind, *name)).await;
    }
    media::download_due(&w.engine).await.unwrap();
    for (id, _, _, bytes, _) in &cases {
        let (attachment, stored_type): (i64, String) = sqlx::query_as(
            "SELECT id, content_type FROM attachments WHERE line_message_id = $1 AND state = 'stored'",
        )
        .bind(id)
        .fetch_one(&w.db.pool)
        .await
        .unwrap();
        let response = get(&w, &format!("/attachments/{attachment}"), &cookie).await;
        assert_eq!(response.status(), StatusCode::OK, "{id}");
        let headers = response.headers().clone();
        let header = |name: header::HeaderName| {
            headers
                .get(&name)
                .unwrap_or_else(|| panic!("{id}: no {name}"))
                .to_str()
                .unwrap()
                .to_string()
        };
        assert_eq!(header(header::X_CONTENT_TYPE_OPTIONS), "nosniff", "{id}");
        assert!(
            header(header::CONTENT_SECURITY_POLICY).contains("sandbox"),
            "{id}"
        );
        let served = axum::body::to_bytes(response.into_body(), usize::MAX)
            .await
            .unwrap();
        assert_eq!(served.as_ref(), bytes.as_slice(), "{id}: the file as sent");
        if *id == "png1" {
            // The bytes are a PNG, whatever LINE's header said: shown in place.
            assert_eq!(stored_type, "image/png");
            assert_eq!(header(header::CONTENT_TYPE), "image/png");
            assert!(header(header::CONTENT_DISPOSITION).starts_with("inline;"));
        } else {
            assert_eq!(stored_type, "application/octet-stream", "{id}");
            assert_eq!(
                header(header::CONTENT_TYPE),
                "application/octet-stream",
                "{id}"
            );
            assert!(
                header(header::CONTENT_DISPOSITION).starts_with("attachment;"),
                "{id}"
            );
        }
    }
    // A row stored before linedesk typed files by their bytes still downloads.
    sqlx::query(
        "UPDATE attachments SET content_type = 'text/html' WHERE line_message_id = 'html1'",
    )
    .execute(&w.db.pool)
    .await
    .unwrap();
    let attachment: i64 =
        sqlx::query_scalar("SELECT id FROM attachments WHERE line_message_id = 'html1'")
            .fetch_one(&w.db.pool)
            .await
            .unwrap();
    let response = get(&w, &format!("/attachments/{attachment}"), &cookie).await;
    assert_eq!(
        response.headers()[header::CONTENT_TYPE],
        "application/octet-stream"
    );
}

fn multipart(file: Vec<u8>) -> (String, Vec<u8>) {
    let boundary = "linedesk-test-boundary";
    let mut body = format!(
        "--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"big.bin\"\r\nContent-Type: application/octet-stream\r\n\r\n"
    )
    .into_bytes();
    body.extend_from_slice(&file);
    body.extend_from_slice(format!("\r\n--{boundary}--\r\n").as_bytes());
    (format!("multipart/form-data; boundary={boundary}"), body)
}

async fn post_file(
    w: &World,
    path: &str,
    cookie: &str,
    content_type: &str,
    length: Option<usize>,
    body: Body,
) -> axum::http::Response<Body> {
    let mut request = Request::post(path)
        .header(header::COOKIE, cookie)
        .header(header::CONTENT_TYPE, content_type);
    if let Some(length) = length {
        request = request.header(header::CONTENT_LENGTH, length);
    }
    w.desk
        .app
        .clone()
        .oneshot(request.body(body).unwrap())
        .await
        .unwrap()
}

async fn uploads_are_checked_before_their_body_is_read(db: Db) {
    let w = world(db).await;
    let mut config = ChannelConfig::default();
    config.attachments.max_size_mb = 1;
    live_channel(&w, config).await;
    deliver(&w, crate::engine::text_event("700", "hello", now())).await;
    let conversation = only_conversation(&w).await.id;
    let outsider = staff(&w, "Oscar", Role::Agent).await;
    let outsider = sign_in(&w, &outsider.email).await;
    let admin = staff(&w, "Ada", Role::Admin).await;
    let admin = sign_in(&w, &admin.email).await;
    let path = format!("/conversations/{conversation}/attachments");
    let incoming = w.engine.media_dir.join("incoming");
    let staged = || {
        std::fs::read_dir(&incoming)
            .map(|entries| entries.count())
            .unwrap_or(0)
    };

    // An agent who may not write here is refused without a byte of the body being read.
    let read = Arc::new(AtomicBool::new(false));
    let (content_type, body) = multipart(vec![0u8; 4096]);
    let flag = read.clone();
    let stream = futures_util::stream::once(async move {
        flag.store(true, Ordering::SeqCst);
        Ok::<_, std::io::Error>(axum::body::Bytes::from(body))
    });
    let response = post_file(
        &w,
        &path,
        &outsider,
        &content_type,
        None,
        Body::from_stream(stream),
    )
    .await;
    assert_eq!(response.status(), StatusCode::FORBIDDEN);
    assert!(!read.load(Ordering::SeqCst), "the body was read");

    // Over the channel's 1 MB: refused by its declared length, or while streaming without one;
    // nothing is kept.
    for declare_length in [true, false] {
        let (content_type, body) = multipart(vec![7u8; 2 * 1024 * 1024]);
        let length = declare_length.then_some(body.len());
        let chunks: Vec<Result<axum::body::Bytes, std::io::Error>> = body
            .chunks(64 * 1024)
            .map(|c| Ok(axum::body::Bytes::copy_from_slice(c)))
            .collect();
        let stream = futures_util::stream::iter(chunks);
        let response = post_file(
            &w,
            &path,
            &admin,
            &content_type,
            length,
            Body::from_stream(stream),
        )
        .await;
        let status = response.status();
        let text = axum::body::to_bytes(response.into_body(), usize::MAX)
            .await
            .unwrap();
        assert!(status.is_client_error(), "{status}");
        assert!(
            String::from_utf8_lossy(&text).contains("over 1 MB"),
            "{text:?}"
        );
        assert_eq!(staged(), 0, "no staged file is left behind");
    }

    // Within the limit: stored and sent; the staging file is gone.
    let (content_type, body) = multipart(b"%PDF-1.7 a small file".to_vec());
    let response = post_file(&w, &path, &admin, &content_type, None, Body::from(body)).await;
    assert_eq!(response.status(), StatusCode::NO_CONTENT);
    assert_eq!(staged(), 0);
    let stored: String = sqlx::query_scalar(
        "SELECT a.content_type FROM attachments a JOIN messages m ON m.id = a.message_id
         WHERE m.conversation_id = $1 AND m.direction = 'out'",
    )
    .bind(conversation)
    .fetch_one(&w.db.pool)
    .await
    .unwrap();
    assert_eq!(stored, "application/pdf");
}

/// An external image's link is followed only when it is https, and a LINE profile's picture is
/// shown only from an https address: a customer's event cannot send an admin to javascript:,
/// data: or plain http, nor make a page load them.
async fn only_https_links_are_followed_or_shown_as_pictures(db: Db) {
    let w = world(db).await;
    let admin = staff(&w, "Ada", Role::Admin).await;
    let cookie = sign_in(&w, &admin.email).await;
    let good = "https://images.example.com/a.png";
    let bad = [
        "javascript:alert(document.cookie)",
        "http://images.example.com/a.png",
        "data:text/html,<script>alert(1)</script>",
        "//images.example.com/a.png",
    ];
    for (n, url) in bad.iter().chain([&good]).enumerate() {
        let message = json!({ "id": format!("ext{n}"), "type": "image",
            "contentProvider": { "type": "external", "originalContentUrl": url, "previewImageUrl": url } });
        let event = json!({ "events": [{ "type": "message", "mode": "active", "timestamp": now(),
            "source": { "type": "user", "userId": USER }, "webhookEventId": format!("evt-ext{n}"),
            "deliveryContext": { "isRedelivery": false }, "replyToken": "r", "message": message }] });
        deliver(&w, event).await;
        let attachment: i64 =
            sqlx::query_scalar("SELECT id FROM attachments WHERE line_message_id = $1")
                .bind(format!("ext{n}"))
                .fetch_one(&w.db.pool)
                .await
                .unwrap();
        let response = get(&w, &format!("/attachments/{attachment}"), &cookie).await;
        let location = response.headers().get(header::LOCATION).cloned();
        if *url == good {
            assert_eq!(response.status(), StatusCode::TEMPORARY_REDIRECT);
            assert_eq!(location.unwrap(), good);
        } else {
            assert_eq!(response.status(), StatusCode::NOT_FOUND, "{url}");
            assert!(location.is_none(), "{url}: redirected to {location:?}");
        }
    }

    let conversation = only_conversation(&w).await.id;
    for url in bad.iter().chain([&good]) {
        sqlx::query("UPDATE social_profiles SET picture_url = $1 WHERE line_user_id = $2")
            .bind(url)
            .bind(USER)
            .execute(&w.db.pool)
            .await
            .unwrap();
        for page in [
            "/conversations".to_string(),
            format!("/conversations/{conversation}"),
        ] {
            let response = w
                .desk
                .app
                .clone()
                .oneshot(
                    Request::get(&page)
                        .header(header::ACCEPT, "text/html")
                        .header(header::COOKIE, &cookie)
                        .body(Body::empty())
                        .unwrap(),
                )
                .await
                .unwrap();
            let status = response.status();
            let html = axum::body::to_bytes(response.into_body(), usize::MAX)
                .await
                .unwrap();
            let html = String::from_utf8_lossy(&html);
            // (Seen once under heavy load: say what came back instead.)
            assert_eq!(
                status,
                StatusCode::OK,
                "{page}: {}",
                html.chars().take(300).collect::<String>()
            );
            let pictures = html.matches("avatar--picture").count();
            if *url == good {
                assert!(
                    html.contains(&format!("src=\"{good}\"")),
                    "{page} shows the https picture: {html}"
                );
            } else {
                assert_eq!(pictures, 0, "{page} shows {url} as a picture");
            }
        }
    }
}
