//! The fake LINE platform behaves as linedesk's tests rely on.

use fake_line::{sign, FakeLine, Fault, DEMO_ACCESS_TOKEN, DEMO_CHANNEL_SECRET};
use serde_json::{json, Value};

async fn fake() -> (FakeLine, reqwest::Client) {
    (
        FakeLine::start("127.0.0.1:0").await.unwrap(),
        reqwest::Client::new(),
    )
}

fn push_body() -> Value {
    json!({ "to": "U1234", "messages": [{ "type": "text", "text": "hello" }] })
}

#[tokio::test]
async fn bearer_tokens_are_checked() {
    let (line, http) = fake().await;
    let url = format!("{}/v2/bot/info", line.base_url());
    assert_eq!(http.get(&url).send().await.unwrap().status(), 401);
    let wrong = http.get(&url).bearer_auth("nope").send().await.unwrap();
    assert_eq!(wrong.status(), 401);
    let ok = http
        .get(&url)
        .bearer_auth(DEMO_ACCESS_TOKEN)
        .send()
        .await
        .unwrap();
    assert_eq!(ok.status(), 200);
    let info: Value = ok.json().await.unwrap();
    assert_eq!(info["displayName"], "linedesk demo");
    assert_eq!(info["basicId"], "@linedesk-demo");
    assert_eq!(line.state.requests().len(), 3, "every call is recorded");
}

#[tokio::test]
async fn a_repeated_retry_key_answers_409() {
    let (line, http) = fake().await;
    let url = format!("{}/v2/bot/message/push", line.base_url());
    let send = || {
        http.post(&url)
            .bearer_auth(DEMO_ACCESS_TOKEN)
            .header("x-line-retry-key", "123e4567-e89b-12d3-a456-426614174000")
            .json(&push_body())
            .send()
    };
    let first = send().await.unwrap();
    assert_eq!(first.status(), 200);
    let body: Value = first.json().await.unwrap();
    assert_eq!(body["sentMessages"].as_array().unwrap().len(), 1);
    let second = send().await.unwrap();
    assert_eq!(second.status(), 409);
    assert!(second.headers().get("x-line-accepted-request-id").is_some());
    let recorded = line.state.requests();
    assert_eq!(
        recorded[0].retry_key.as_deref(),
        Some("123e4567-e89b-12d3-a456-426614174000")
    );
}

#[tokio::test]
async fn message_limits_are_enforced() {
    let (line, http) = fake().await;
    let url = format!("{}/v2/bot/message/push", line.base_url());
    let six: Vec<Value> = (0..6)
        .map(|i| json!({ "type": "text", "text": format!("m{i}") }))
        .collect();
    let too_many = http
        .post(&url)
        .bearer_auth(DEMO_ACCESS_TOKEN)
        .json(&json!({ "to": "U1", "messages": six }))
        .send()
        .await
        .unwrap();
    assert_eq!(too_many.status(), 400);
    let long = "x".repeat(5001);
    let too_long = http
        .post(&url)
        .bearer_auth(DEMO_ACCESS_TOKEN)
        .json(&json!({ "to": "U1", "messages": [{ "type": "text", "text": long }] }))
        .send()
        .await
        .unwrap();
    assert_eq!(too_long.status(), 400);
}

#[tokio::test]
async fn faults_are_injected_in_order_then_normal_service_resumes() {
    let (line, http) = fake().await;
    line.state.add_fault(Fault {
        method: Some("POST".into()),
        path_prefix: "/v2/bot/message/push".into(),
        status: Some(500),
        body: None,
        delay_ms: 0,
        drop: false,
        times: 2,
    });
    let url = format!("{}/v2/bot/message/push", line.base_url());
    let mut statuses = Vec::new();
    for _ in 0..3 {
        statuses.push(
            http.post(&url)
                .bearer_auth(DEMO_ACCESS_TOKEN)
                .json(&push_body())
                .send()
                .await
                .unwrap()
                .status()
                .as_u16(),
        );
    }
    assert_eq!(statuses, vec![500, 500, 200]);
    line.state.add_fault(Fault {
        method: None,
        path_prefix: "/v2/bot/info".into(),
        status: None,
        body: None,
        delay_ms: 0,
        drop: true,
        times: 1,
    });
    let dropped = http
        .get(format!("{}/v2/bot/info", line.base_url()))
        .bearer_auth(DEMO_ACCESS_TOKEN)
        .send()
        .await;
    assert!(
        dropped.is_err(),
        "the connection is closed without an answer"
    );
    let slow = Fault {
        method: None,
        path_prefix: "/v2/bot/info".into(),
        status: None,
        body: None,
        delay_ms: 300,
        drop: false,
        times: 1,
    };
    line.state.add_fault(slow);
    let started = std::time::Instant::now();
    let ok = http
        .get(format!("{}/v2/bot/info", line.base_url()))
        .bearer_auth(DEMO_ACCESS_TOKEN)
        .send()
        .await
        .unwrap();
    assert_eq!(ok.status(), 200);
    assert!(started.elapsed().as_millis() >= 300);
}

#[tokio::test]
async fn webhooks_arrive_signed_and_the_endpoint_test_reports_the_status() {
    let (line, http) = fake().await;
    // A receiver that answers 200 only for a correct signature.
    let received = std::sync::Arc::new(std::sync::Mutex::new(Vec::<String>::new()));
    let seen = received.clone();
    let app = axum::Router::new().route(
        "/hook",
        axum::routing::post(
            move |headers: axum::http::HeaderMap, body: axum::body::Bytes| {
                let seen = seen.clone();
                async move {
                    let signature = headers
                        .get("x-line-signature")
                        .and_then(|v| v.to_str().ok())
                        .unwrap_or_default()
                        .to_string();
                    let ok = signature == sign(DEMO_CHANNEL_SECRET, &body);
                    seen.lock()
                        .unwrap()
                        .push(String::from_utf8_lossy(&body).into_owned());
                    if ok {
                        axum::http::StatusCode::OK
                    } else {
                        axum::http::StatusCode::UNAUTHORIZED
                    }
                }
            },
        ),
    );
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let hook = format!("http://{}/hook", listener.local_addr().unwrap());
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });

    let sent: Value = http
        .post(format!("{}/__fake/webhook", line.base_url()))
        .json(&json!({ "url": hook, "text": "hi there" }))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(sent["status"], 200);
    let body: Value = serde_json::from_str(&received.lock().unwrap()[0]).unwrap();
    assert_eq!(body["events"][0]["message"]["text"], "hi there");

    let put = http
        .put(format!(
            "{}/v2/bot/channel/webhook/endpoint",
            line.base_url()
        ))
        .bearer_auth(DEMO_ACCESS_TOKEN)
        .json(&json!({ "endpoint": hook }))
        .send()
        .await
        .unwrap();
    assert_eq!(put.status(), 200);
    let now: Value = http
        .get(format!(
            "{}/v2/bot/channel/webhook/endpoint",
            line.base_url()
        ))
        .bearer_auth(DEMO_ACCESS_TOKEN)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(now, json!({ "endpoint": hook, "active": true }));
    let test: Value = http
        .post(format!("{}/v2/bot/channel/webhook/test", line.base_url()))
        .bearer_auth(DEMO_ACCESS_TOKEN)
        .json(&json!({}))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(test["success"], true);
    assert_eq!(test["statusCode"], 200);
    assert_eq!(
        received.lock().unwrap().len(),
        2,
        "the test sent a verification webhook"
    );
}

#[tokio::test]
async fn profile_languages_are_en_unless_set_per_user() {
    let (line, http) = fake().await;
    let profile = |user: &str| {
        let request = http
            .get(format!("{}/v2/bot/profile/{user}", line.base_url()))
            .bearer_auth(DEMO_ACCESS_TOKEN);
        async move { request.send().await.unwrap().json::<Value>().await.unwrap() }
    };
    assert_eq!(profile("Uthai").await["language"], "en");
    let set = |user: &str, language: Value| {
        http.post(format!("{}/__fake/profiles", line.base_url()))
            .json(&json!({ "user_id": user, "language": language }))
            .send()
    };
    assert_eq!(set("Uthai", json!("th")).await.unwrap().status(), 204);
    assert_eq!(set("Unone", Value::Null).await.unwrap().status(), 204);
    assert_eq!(profile("Uthai").await["language"], "th");
    assert!(profile("Unone").await.get("language").is_none());
    assert_eq!(profile("Uother").await["language"], "en");
}
