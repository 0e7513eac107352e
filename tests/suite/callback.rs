//! POST /line/callback/{key} through the real router: signatures, limits, durable de-duplicated
//! storage of every fixture body from LINE's SDKs, on both databases.

use crate::accounts::{admin, demo_credentials};
use crate::db_tests;
use axum::body::Body;
use axum::http::{Request, StatusCode};
use axum::Router;
use domain::account::{Credentials, Region};
use domain::user::ClientInfo;
use fake_line::{sign, FakeLine, DEMO_CHANNEL_SECRET};
use linedesk::config::{Config, RawConfig};
use linedesk::crypto::MasterKey;
use linedesk::db::{webhook_events, Db};
use linedesk::http::router::AppState;
use std::collections::HashSet;
use tower::ServiceExt;

db_tests!(
    every_fixture_body_is_stored_once,
    signatures_are_checked_before_anything_else,
    limits_and_unknown_keys,
    government_region_refuses_callbacks,
    a_failed_batch_leaves_the_writer_usable,
    a_large_delivery_is_stored_once_in_order,
);

pub struct Desk {
    pub app: Router,
    pub state: AppState,
    pub line: FakeLine,
}

pub async fn desk(db: Db) -> Desk {
    let line = FakeLine::start("127.0.0.1:0").await.unwrap();
    let raw = RawConfig {
        line_api_base: Some(line.base_url()),
        line_data_api_base: Some(line.base_url()),
        public_url: Some("https://desk.example.com".into()),
        // Files go to a folder of this desk's own, not ./data.
        data_dir: Some(
            std::env::temp_dir()
                .join(format!(
                    "linedesk-desk-{}-{}",
                    std::process::id(),
                    rand_suffix()
                ))
                .display()
                .to_string(),
        ),
        // The test bots listen on loopback.
        outbound_allow_hosts: Some("127.0.0.1".into()),
        ..Default::default()
    };
    let config = Config::from_raw(raw).unwrap();
    let state = linedesk::server::app_state(
        &config,
        db,
        MasterKey::from_bytes([5u8; 32]),
        linedesk::live::Notifier::local(),
    );
    let app = linedesk::http::router::build(state.clone());
    Desk { app, state, line }
}

fn rand_suffix() -> u64 {
    use std::sync::atomic::{AtomicU64, Ordering};
    static NEXT: AtomicU64 = AtomicU64::new(0);
    NEXT.fetch_add(1, Ordering::Relaxed)
}

/// Creates an account and returns (id, callback path).
pub async fn account(desk: &Desk, name: &str, channel_id: &str) -> (i64, String) {
    let credentials = Credentials {
        channel_id: channel_id.into(),
        ..demo_credentials()
    };
    let view = desk
        .state
        .services
        .accounts
        .create(&admin(), name, credentials, &ClientInfo::default())
        .await
        .unwrap();
    let path = view
        .callback_url
        .trim_start_matches("https://desk.example.com")
        .to_string();
    (view.id, path)
}

pub async fn post(
    app: &Router,
    path: &str,
    body: Vec<u8>,
    signature: Option<String>,
) -> StatusCode {
    let mut request = Request::post(path).header("content-type", "application/json");
    if let Some(signature) = signature {
        request = request.header("x-line-signature", signature);
    }
    app.clone()
        .oneshot(request.body(Body::from(body)).unwrap())
        .await
        .unwrap()
        .status()
}

/// Posts `body` signed with the demo channel's secret, as LINE would send it.
async fn post_signed(app: &Router, path: &str, body: &[u8]) -> StatusCode {
    post(
        app,
        path,
        body.to_vec(),
        Some(sign(DEMO_CHANNEL_SECRET, body)),
    )
    .await
}

fn fixture_bodies() -> Vec<(String, Vec<u8>)> {
    fn walk(dir: &std::path::Path, out: &mut Vec<std::path::PathBuf>) {
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                walk(&path, out);
            } else if path.extension().is_some_and(|e| e == "json") {
                out.push(path);
            }
        }
    }
    let mut files = Vec::new();
    walk(
        std::path::Path::new(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/fixtures/line-fixtures"
        )),
        &mut files,
    );
    files.sort();
    files
        .into_iter()
        .filter_map(|path| {
            let bytes = std::fs::read(&path).unwrap();
            let json: serde_json::Value = serde_json::from_slice(&bytes).ok()?;
            json.get("events")?;
            Some((path.display().to_string(), bytes))
        })
        .collect()
}

async fn every_fixture_body_is_stored_once(db: Db) {
    let desk = desk(db.clone()).await;
    let bodies = fixture_bodies();
    assert!(bodies.len() >= 30, "found {} fixture bodies", bodies.len());
    for (i, (name, body)) in bodies.iter().enumerate() {
        let (id, path) = account(
            &desk,
            &format!("Fixture {i}"),
            &format!("{}", 1_000_000 + i),
        )
        .await;
        let json: serde_json::Value = serde_json::from_slice(body).unwrap();
        let distinct: HashSet<String> = json["events"]
            .as_array()
            .unwrap()
            .iter()
            .map(|e| {
                e["webhookEventId"]
                    .as_str()
                    .map(str::to_owned)
                    .unwrap_or_else(|| e.to_string())
            })
            .collect();
        let signature = sign(DEMO_CHANNEL_SECRET, body);
        assert_eq!(
            post(&desk.app, &path, body.clone(), Some(signature.clone())).await,
            StatusCode::OK,
            "{name}"
        );
        let stored = webhook_events::count_for_account(&db.pool, id)
            .await
            .unwrap();
        assert_eq!(stored as usize, distinct.len(), "{name}");
        assert_stored_as_parsed(&db, id, body, name).await;
        // LINE redelivers: answered 200 again, stored once.
        assert_eq!(
            post(&desk.app, &path, body.clone(), Some(signature)).await,
            StatusCode::OK,
            "{name}"
        );
        assert_eq!(
            webhook_events::count_for_account(&db.pool, id)
                .await
                .unwrap(),
            stored,
            "{name} redelivered"
        );
    }
}

/// Every column of the account's rows holds what the parser made of the body, byte for byte
/// (the rows travel to the database as JSON), in the body's order (a chat's events are applied
/// in id order), the first of any repeated event id only.
async fn assert_stored_as_parsed(db: &Db, account_id: i64, body: &[u8], name: &str) {
    type Row = (
        String,
        String,
        Option<String>,
        Option<String>,
        Option<i64>,
        String,
        String,
    );
    let rows: Vec<Row> = sqlx::query_as(
        "SELECT event_id, event_type, source_user_id, chat_key, event_time,
                CASE WHEN redelivery = 1 THEN 'redelivered' ELSE 'first' END, body
         FROM webhook_events WHERE account_id = $1 ORDER BY id",
    )
    .bind(account_id)
    .fetch_all(&db.pool)
    .await
    .unwrap();
    let mut seen = HashSet::new();
    let expected: Vec<Row> = line_webhook::parse(body)
        .unwrap()
        .into_iter()
        .filter(|e| seen.insert(e.event_id.clone()))
        .map(|e| {
            let redelivery = if e.redelivery { "redelivered" } else { "first" };
            (
                e.event_id,
                e.event_type,
                e.source_user_id,
                e.chat_key,
                e.event_time,
                redelivery.to_string(),
                e.body,
            )
        })
        .collect();
    assert_eq!(rows, expected, "{name}");
}

async fn signatures_are_checked_before_anything_else(db: Db) {
    let desk = desk(db.clone()).await;
    let (id, path) = account(&desk, "Signed", "2000000001").await;
    let (_, other_path) = account(&desk, "Other", "2000000002").await;
    let body = br#"{"destination":"U1","events":[]}"#.to_vec();
    // The verification request (no events) is fine.
    assert_eq!(post_signed(&desk.app, &path, &body).await, StatusCode::OK);
    assert_eq!(
        post(&desk.app, &path, body.clone(), None).await,
        StatusCode::UNAUTHORIZED,
        "missing"
    );
    let mut tampered = body.clone();
    tampered[2] = b'X';
    assert_eq!(
        post(
            &desk.app,
            &path,
            tampered,
            Some(sign(DEMO_CHANNEL_SECRET, &body))
        )
        .await,
        StatusCode::UNAUTHORIZED,
        "tampered"
    );
    assert_eq!(
        post(
            &desk.app,
            &path,
            body.clone(),
            Some(sign("0123456789abcdef0123456789abcdef", &body))
        )
        .await,
        StatusCode::UNAUTHORIZED,
        "other secret"
    );
    assert_eq!(
        post(&desk.app, &path, body.clone(), Some("not base64!".into())).await,
        StatusCode::UNAUTHORIZED
    );
    // Another account's URL with this account's correct signature still needs that account's secret:
    // both demo accounts share the secret here, so replace the other's secret first.
    let other_id: i64 = sqlx::query_scalar("SELECT id FROM line_accounts WHERE name = 'Other'")
        .fetch_one(&db.pool)
        .await
        .unwrap();
    desk.state
        .services
        .accounts
        .replace_secret(
            &admin(),
            other_id,
            "0123456789abcdef0123456789abcdef",
            &ClientInfo::default(),
        )
        .await
        .unwrap();
    assert_eq!(
        post_signed(&desk.app, &other_path, &body).await,
        StatusCode::UNAUTHORIZED,
        "other account"
    );
    // A valid signature over something that is not a webhook body, or over a delivery whose
    // event could never be read back (a number beyond f64: the fast parse once stored it).
    let beyond_f64 = br#"{"events":[{"type":"message","webhookEventId":"01X","mode":"active","timestamp":1,"source":{"type":"user","userId":"U1"},"message":{"id":"1","type":"location","latitude":35.6E999999}}]}"#;
    for junk in [b"i am not jason".to_vec(), beyond_f64.to_vec()] {
        assert_eq!(
            post_signed(&desk.app, &path, &junk).await,
            StatusCode::BAD_REQUEST
        );
    }
    assert_eq!(
        webhook_events::count_for_account(&db.pool, id)
            .await
            .unwrap(),
        0
    );
    let metrics = desk
        .app
        .clone()
        .oneshot(Request::get("/metrics").body(Body::empty()).unwrap())
        .await
        .unwrap();
    let text = String::from_utf8(
        axum::body::to_bytes(metrics.into_body(), 1 << 20)
            .await
            .unwrap()
            .to_vec(),
    )
    .unwrap();
    assert!(
        text.contains("linedesk_webhook_signature_failures_total 5"),
        "{text}"
    );
}

async fn limits_and_unknown_keys(db: Db) {
    let desk = desk(db).await;
    let (_, path) = account(&desk, "Limits", "2000000003").await;
    let big = vec![b' '; 2 * 1024 * 1024];
    let signature = sign(DEMO_CHANNEL_SECRET, &big);
    assert_eq!(
        post(&desk.app, &path, big, Some(signature)).await,
        StatusCode::PAYLOAD_TOO_LARGE
    );
    let body = br#"{"events":[]}"#.to_vec();
    assert_eq!(
        post_signed(&desk.app, "/line/callback/no-such-key", &body).await,
        StatusCode::NOT_FOUND
    );
}

async fn government_region_refuses_callbacks(db: Db) {
    let desk = desk(db).await;
    let (_, path) = account(&desk, "Gov", "2000000004").await;
    desk.state
        .services
        .accounts
        .set_region(&admin(), Region::Government, &ClientInfo::default())
        .await
        .unwrap();
    let body = br#"{"events":[]}"#.to_vec();
    assert_eq!(
        post_signed(&desk.app, &path, &body).await,
        StatusCode::FORBIDDEN
    );
}

/// A batch the database refuses (here: an account that does not exist) is answered with an
/// error and leaves nothing behind: on SQLite the batch is one call of several statements, and a
/// transaction left open would hold the write lock for every later batch.
async fn a_failed_batch_leaves_the_writer_usable(db: Db) {
    let desk = desk(db.clone()).await;
    let (id, _) = account(&desk, "Batches", "2000000077").await;
    let ingest =
        linedesk::line::ingest::Ingest::start(db.clone(), std::sync::Arc::new(Default::default()));
    let body = |event_id: &str| {
        format!(
            r#"{{"destination":"U1","events":[{{"type":"message","mode":"active","timestamp":1,"webhookEventId":"{event_id}",
            "deliveryContext":{{"isRedelivery":false}},"source":{{"type":"user","userId":"U42"}},
            "replyToken":"r","message":{{"type":"text","id":"1","text":"hi"}}}}]}}"#
        )
    };
    let events = |event_id: &str| line_webhook::parse(body(event_id).as_bytes()).unwrap();
    let refused = ingest.store(id + 1000, events("01FAILED")).await;
    assert!(refused.is_err(), "an unknown account is refused");
    for (i, event_id) in ["01AFTER1", "01AFTER2"].into_iter().enumerate() {
        let stored = tokio::time::timeout(
            std::time::Duration::from_secs(3),
            ingest.store(id, events(event_id)),
        )
        .await
        .expect("the next batch is not held up");
        assert!(stored.is_ok(), "{stored:?}");
        let count = webhook_events::count_for_account(&db.pool, id)
            .await
            .unwrap();
        assert_eq!(count, i as i64 + 1);
    }
}

/// A delivery of many events, some ids repeated in it: each stored once, in the delivery's
/// order (a chat's events are applied in id order); a redelivery adds nothing.
async fn a_large_delivery_is_stored_once_in_order(db: Db) {
    let desk = desk(db.clone()).await;
    let (id, path) = account(&desk, "Large", "2000000078").await;
    let mut ids: Vec<String> = (0..37).map(|n| format!("01LARGE{n:04}")).collect();
    ids[5] = ids[2].clone();
    ids[30] = ids[9].clone();
    let events: Vec<serde_json::Value> = ids
        .iter()
        .enumerate()
        .map(|(n, event_id)| {
            serde_json::json!({
                "type": "message", "mode": "active", "timestamp": 1_700_000_000_000i64 + n as i64,
                "webhookEventId": event_id, "deliveryContext": { "isRedelivery": n % 2 == 1 },
                "source": { "type": "user", "userId": format!("U{}", n % 4) },
                "replyToken": format!("r{n}"),
                "message": { "type": "text", "id": format!("{n}"), "text": format!("text {n}") }
            })
        })
        .collect();
    let body = serde_json::json!({ "destination": "U1", "events": events })
        .to_string()
        .into_bytes();
    let signature = sign(DEMO_CHANNEL_SECRET, &body);
    for _ in 0..2 {
        assert_eq!(
            post(&desk.app, &path, body.clone(), Some(signature.clone())).await,
            StatusCode::OK
        );
        assert_eq!(
            webhook_events::count_for_account(&db.pool, id)
                .await
                .unwrap(),
            35
        );
    }
    assert_stored_as_parsed(&db, id, &body, "large delivery").await;
}

/// A delivery whose body never finishes arriving holds a connection for nothing: the callback
/// answers 408 after its few seconds.
#[tokio::test]
async fn a_callback_body_that_never_finishes_is_cut_off() {
    let desk = desk(crate::support::sqlite().await).await;
    let (_, path) = account(&desk, "Slow", "2000000001").await;
    let started = std::time::Instant::now();
    let never = futures_util::stream::pending::<Result<axum::body::Bytes, std::io::Error>>();
    let response = desk
        .app
        .clone()
        .oneshot(
            Request::post(&path)
                .header("x-line-signature", "c2lnbmF0dXJl")
                .header("content-type", "application/json")
                .body(Body::from_stream(never))
                .unwrap(),
        )
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::REQUEST_TIMEOUT);
    let waited = started.elapsed();
    assert!(
        waited >= linedesk::http::router::CALLBACK_TIMEOUT && waited.as_secs() < 10,
        "{waited:?}"
    );
}
