//! The router end to end with `oneshot`: health, metrics, cookies, roles on server functions,
//! cross-origin refusal.

use axum::body::Body;
use axum::http::{header, Request, StatusCode};
use axum::Router;
use domain::user::{ClientInfo, CurrentUser, NewUser};
use domain::Role;
use http_body_util::BodyExt;
use linedesk::config::{Config, RawConfig};
use tower::ServiceExt;

/// HTTP tests run one at a time: several Leptos routers rendering pages on parallel test
/// runtimes in one process occasionally stalled one of them (seen ~1 run in 10; not seen with
/// the tests serialised, nor in a server, which has one runtime).
static ONE_AT_A_TIME: tokio::sync::Mutex<()> = tokio::sync::Mutex::const_new(());

async fn app() -> Router {
    app_with_db().await.0
}

/// The app and its database, for tests that look at stored rows.
async fn app_with_db() -> (Router, linedesk::db::Db) {
    app_with_config(RawConfig::default()).await
}

/// The app as configured by `raw`, with an administrator and an agent.
async fn app_with_config(raw: RawConfig) -> (Router, linedesk::db::Db) {
    let db = crate::support::sqlite().await;
    let config = Config::from_raw(raw).unwrap();
    let state = linedesk::server::app_state(
        &config,
        db.clone(),
        linedesk::crypto::MasterKey::from_bytes([7u8; 32]),
        linedesk::live::Notifier::local(),
    );
    let operator = CurrentUser {
        id: 0,
        email: "cli".into(),
        display_name: "cli".into(),
        role: Role::Admin,
    };
    for (email, role) in [
        ("admin@example.com", Role::Admin),
        ("agent@example.com", Role::Agent),
    ] {
        let new = NewUser {
            email: email.into(),
            display_name: String::new(),
            password: "a long password".into(),
            role,
        };
        state
            .services
            .users
            .create(&operator, new, &ClientInfo::default())
            .await
            .unwrap();
    }
    (linedesk::http::router::build(state), db)
}

async fn send(app: &Router, request: Request<Body>) -> (StatusCode, axum::http::HeaderMap, String) {
    let response = app.clone().oneshot(request).await.unwrap();
    let status = response.status();
    let headers = response.headers().clone();
    let body = response.into_body().collect().await.unwrap().to_bytes();
    (status, headers, String::from_utf8_lossy(&body).into_owned())
}

fn post(path: &str, body: &str, cookie: Option<&str>) -> Request<Body> {
    let mut builder =
        Request::post(path).header(header::CONTENT_TYPE, "application/x-www-form-urlencoded");
    if let Some(cookie) = cookie {
        builder = builder.header(header::COOKIE, cookie);
    }
    builder.body(Body::from(body.to_string())).unwrap()
}

/// A form posted by a browser without JavaScript: where it lands (Location), its headers and body.
async fn browser_post(
    app: &Router,
    path: &str,
    body: &str,
) -> (String, axum::http::HeaderMap, String) {
    let mut request = post(path, body, None);
    request
        .headers_mut()
        .insert(header::ACCEPT, "text/html".parse().unwrap());
    let (_, headers, body) = send(app, request).await;
    let location = headers
        .get(header::LOCATION)
        .unwrap_or_else(|| panic!("a redirect from {path}: {body}"))
        .to_str()
        .unwrap()
        .to_string();
    (location, headers, body)
}

/// Signs in and returns the session cookie ("name=value").
async fn sign_in(app: &Router, email: &str) -> String {
    let (status, headers, body) = send(
        app,
        post(
            "/api/sign_in",
            &format!("email={email}&password=a+long+password"),
            None,
        ),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let cookie = headers
        .get(header::SET_COOKIE)
        .expect("a session cookie")
        .to_str()
        .unwrap()
        .to_string();
    assert!(cookie.contains("HttpOnly"), "{cookie}");
    assert!(cookie.contains("SameSite=Lax"), "{cookie}");
    assert!(!cookie.contains("Secure"), "plain http desk: {cookie}");
    cookie.split(';').next().unwrap().to_string()
}

/// Signs in the administrator and an auditor that administrator creates (through the admin-only
/// server function, as in the browser); returns both session cookies.
async fn admin_and_new_auditor(app: &Router) -> (String, String) {
    let admin = sign_in(app, "admin@example.com").await;
    let body = "email=audit%40example.com&display_name=&role=auditor&password=a+long+password";
    let (status, _, created) = send(app, post("/api/create_user", body, Some(&admin))).await;
    assert_eq!(status, StatusCode::OK, "{created}");
    let auditor = sign_in(app, "audit@example.com").await;
    (admin, auditor)
}

#[tokio::test]
async fn health_readiness_and_metrics() {
    let _serial = ONE_AT_A_TIME.lock().await;
    let app = app().await;
    let (status, headers, body) =
        send(&app, Request::get("/healthz").body(Body::empty()).unwrap()).await;
    assert_eq!((status, body.as_str()), (StatusCode::OK, "ok"));
    assert!(
        headers.get("x-request-id").is_some(),
        "every response carries a request id"
    );
    let (status, _, body) = send(&app, Request::get("/readyz").body(Body::empty()).unwrap()).await;
    assert_eq!((status, body.as_str()), (StatusCode::OK, "ready"));
    let (status, _, body) = send(&app, Request::get("/metrics").body(Body::empty()).unwrap()).await;
    assert_eq!(status, StatusCode::OK);
    assert!(
        body.contains("linedesk_http_responses_total{class=\"2xx\"} 2"),
        "{body}"
    );
}

#[tokio::test]
async fn admin_server_function_answers_401_403_200_by_caller() {
    let _serial = ONE_AT_A_TIME.lock().await;
    let app = app().await;
    let (status, _, body) = send(&app, post("/api/list_users", "", None)).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED, "{body}");
    let agent = sign_in(&app, "agent@example.com").await;
    let (status, _, body) = send(&app, post("/api/list_users", "", Some(&agent))).await;
    assert_eq!(status, StatusCode::FORBIDDEN, "{body}");
    let admin = sign_in(&app, "admin@example.com").await;
    let (status, _, body) = send(&app, post("/api/list_users", "", Some(&admin))).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert!(body.contains("agent@example.com"));
    assert!(
        !body.contains("argon2"),
        "no password hashes leave the server"
    );
}

#[tokio::test]
async fn session_survives_between_requests_and_ends_at_sign_out() {
    let _serial = ONE_AT_A_TIME.lock().await;
    let app = app().await;
    let admin = sign_in(&app, "admin@example.com").await;
    let (status, _, body) = send(&app, post("/api/get_current_user", "", Some(&admin))).await;
    assert_eq!(status, StatusCode::OK);
    assert!(body.contains("admin@example.com"), "{body}");
    let (status, _, _) = send(&app, post("/api/sign_out", "", Some(&admin))).await;
    assert_eq!(status, StatusCode::OK);
    let (_, _, body) = send(&app, post("/api/get_current_user", "", Some(&admin))).await;
    assert_eq!(body, "null", "the old cookie no longer signs anyone in");
}

/// An active session's idle expiry moves forward, but not with a database write per request:
/// the first request after sign-in saves it (and re-sends the cookie), the next ones within a
/// minute leave it as it is.
#[tokio::test]
async fn an_active_session_is_saved_at_most_once_a_minute() {
    let _serial = ONE_AT_A_TIME.lock().await;
    let (app, db) = app_with_db().await;
    let admin = sign_in(&app, "admin@example.com").await;
    let page = || {
        Request::get("/users")
            .header(header::COOKIE, admin.as_str())
            .body(Body::empty())
            .unwrap()
    };
    // Signing in saved the session: the requests of the next minute write nothing.
    for _ in 0..3 {
        let (status, headers, body) = send(&app, page()).await;
        assert_eq!(status, StatusCode::OK);
        assert!(body.contains("agent@example.com"), "still signed in");
        assert!(
            headers.get(header::SET_COOKIE).is_none(),
            "no session write within the minute"
        );
    }
    // A minute later the next request saves it again, moving the idle expiry.
    let aged = |sql: &'static str| {
        let db = db.clone();
        async move { sqlx::query(sql).execute(&db.pool).await.unwrap() }
    };
    aged("UPDATE sessions SET saved_at = saved_at - 61, expires_at = expires_at - 61").await;
    let before: i64 = sqlx::query_scalar("SELECT expires_at FROM sessions")
        .fetch_one(&db.pool)
        .await
        .unwrap();
    let (status, headers, _) = send(&app, page()).await;
    assert_eq!(status, StatusCode::OK);
    assert!(
        headers.get(header::SET_COOKIE).is_some(),
        "a minute-old session is saved"
    );
    let after: i64 = sqlx::query_scalar("SELECT expires_at FROM sessions")
        .fetch_one(&db.pool)
        .await
        .unwrap();
    assert!(
        after >= before + 60,
        "the idle expiry moved: {before} -> {after}"
    );
    // A session saved before it kept its user beside its data is still honoured, and saved
    // with them on its first request.
    aged("UPDATE sessions SET user_id = NULL, session_epoch = NULL, saved_at = NULL").await;
    let (status, _, body) = send(&app, page()).await;
    assert_eq!(status, StatusCode::OK);
    assert!(
        body.contains("agent@example.com"),
        "an older session still signs in"
    );
    let owner: Option<i64> = sqlx::query_scalar("SELECT user_id FROM sessions")
        .fetch_one(&db.pool)
        .await
        .unwrap();
    assert!(owner.is_some(), "saved with its user");
}

#[tokio::test]
async fn session_id_is_new_at_sign_in() {
    let _serial = ONE_AT_A_TIME.lock().await;
    let app = app().await;
    let first = sign_in(&app, "agent@example.com").await;
    let (status, headers, _) = send(
        &app,
        post(
            "/api/sign_in",
            "email=agent@example.com&password=a+long+password",
            Some(&first),
        ),
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    let second = headers
        .get(header::SET_COOKIE)
        .unwrap()
        .to_str()
        .unwrap()
        .split(';')
        .next()
        .unwrap()
        .to_string();
    assert_ne!(first, second, "signing in again must rotate the session id");
}

#[tokio::test]
async fn wrong_password_is_a_clear_field_error() {
    let _serial = ONE_AT_A_TIME.lock().await;
    let app = app().await;
    let (status, headers, body) = send(
        &app,
        post(
            "/api/sign_in",
            "email=agent@example.com&password=nope+nope+nope",
            None,
        ),
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    // A code the portal words in the reader's language ("Wrong email or password.").
    assert!(
        body.contains(r#""password":"WrongEmailOrPassword""#),
        "{body}"
    );
    assert!(headers.get(header::SET_COOKIE).is_none());
}

#[tokio::test]
async fn cross_origin_state_changes_are_refused() {
    let _serial = ONE_AT_A_TIME.lock().await;
    let app = app().await;
    let mut request = post(
        "/api/sign_in",
        "email=agent@example.com&password=a+long+password",
        None,
    );
    request
        .headers_mut()
        .insert(header::ORIGIN, "https://evil.example".parse().unwrap());
    request
        .headers_mut()
        .insert(header::HOST, "127.0.0.1:3000".parse().unwrap());
    let (status, _, _) = send(&app, request).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let mut request = post(
        "/api/sign_in",
        "email=agent@example.com&password=a+long+password",
        None,
    );
    request
        .headers_mut()
        .insert("sec-fetch-site", "cross-site".parse().unwrap());
    assert_eq!(send(&app, request).await.0, StatusCode::FORBIDDEN);
    // A rebound DNS name reaches the desk with its own Host and Origin: the origin must be
    // PUBLIC_URL's, whatever the Host says.
    let mut request = post(
        "/api/sign_in",
        "email=agent@example.com&password=a+long+password",
        None,
    );
    request.headers_mut().insert(
        header::ORIGIN,
        "http://rebound.example:3000".parse().unwrap(),
    );
    request
        .headers_mut()
        .insert(header::HOST, "rebound.example:3000".parse().unwrap());
    assert_eq!(send(&app, request).await.0, StatusCode::FORBIDDEN);
    let mut request = post(
        "/api/sign_in",
        "email=agent@example.com&password=a+long+password",
        None,
    );
    request
        .headers_mut()
        .insert(header::ORIGIN, "http://127.0.0.1:3000".parse().unwrap());
    request
        .headers_mut()
        .insert(header::HOST, "127.0.0.1:3000".parse().unwrap());
    assert_eq!(
        send(&app, request).await.0,
        StatusCode::OK,
        "same origin is fine"
    );
}

#[tokio::test]
async fn sign_in_sends_the_browser_only_to_paths_on_this_site() {
    let _serial = ONE_AT_A_TIME.lock().await;
    let app = app().await;
    // (next as typed in the link, already form-encoded; where the browser must land)
    for (next, expected) in [
        ("%2Fusers%3Fpage%3D2", "/users?page=2"),
        ("http%3A%2F%2Fother-host%2F", "/"),
        ("%2F%2Fother-host", "/"),
        ("%2F%09%2Fother-host", "/"),
        ("%2F%5Cother-host", "/"),
        ("%09%2F%2Fother-host", "/"),
    ] {
        let (location, _, _) = browser_post(
            &app,
            "/api/sign_in",
            &format!("email=agent@example.com&password=a+long+password&next={next}"),
        )
        .await;
        assert_eq!(location, expected, "next={next}");
    }
}

/// The language menu: a known language sets the cookie the server renders from and goes back
/// to the page on this site; anything else is refused; the next page is in that language.
#[tokio::test]
async fn the_language_menu_sets_the_language_and_stays_on_this_site() {
    let _serial = ONE_AT_A_TIME.lock().await;
    let app = app().await;
    for (next, expected) in [
        ("%2Fqueues%3Fa%3D1", "/queues?a=1"),
        ("http%3A%2F%2Fother-host%2F", "/"),
    ] {
        let (location, headers, _) = browser_post(
            &app,
            "/api/set_language",
            &format!("language=ja&next={next}"),
        )
        .await;
        assert_eq!(location, expected);
        let cookie = headers[header::SET_COOKIE].to_str().unwrap();
        assert!(cookie.starts_with("i18n_pref_locale=ja;"), "{cookie}");
    }
    let (status, _, body) = send(
        &app,
        post("/api/set_language", "language=xx&next=%2F", None),
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
    assert!(
        body.contains(r#""language":"PickLanguageFromList""#),
        "{body}"
    );
    // The sign-in page in Japanese, <html lang> included, from the cookie alone.
    let request = Request::get("/login")
        .header(header::ACCEPT, "text/html")
        .header(header::COOKIE, "i18n_pref_locale=ja")
        .body(Body::empty())
        .unwrap();
    let (status, _, body) = send(&app, request).await;
    assert_eq!(status, StatusCode::OK);
    assert!(
        body.contains("<html lang=\"ja\""),
        "{}",
        &body[..200.min(body.len())]
    );
    assert!(body.contains("サインイン"), "the Japanese sign-in page");
}

/// The audit CSV opens in Excel (a UTF-8 byte order mark first) and names its columns in the
/// reader's language: their saved one, else the browser's, else English; times say UTC.
#[tokio::test]
async fn the_audit_csv_has_a_byte_order_mark_and_headers_in_the_reader_s_language() {
    let _serial = ONE_AT_A_TIME.lock().await;
    let app = app().await;
    let admin = sign_in(&app, "admin@example.com").await;
    let export = |accept: &'static str| {
        let (app, admin) = (app.clone(), admin.clone());
        async move {
            let mut request = Request::get("/audit/export.csv").header(header::COOKIE, admin);
            if !accept.is_empty() {
                request = request.header(header::ACCEPT_LANGUAGE, accept);
            }
            let response = app
                .oneshot(request.body(Body::empty()).unwrap())
                .await
                .unwrap();
            assert_eq!(response.status(), StatusCode::OK);
            let content_type = response.headers()[header::CONTENT_TYPE].clone();
            assert_eq!(content_type, "text/csv; charset=utf-8");
            let bytes = response.into_body().collect().await.unwrap().to_bytes();
            assert_eq!(&bytes[..3], b"\xEF\xBB\xBF", "UTF-8 byte order mark");
            let text = String::from_utf8(bytes[3..].to_vec()).unwrap();
            text.lines().next().unwrap_or_default().to_string()
        }
    };
    // No language anywhere: English, the columns exports always had.
    assert_eq!(
        export("").await,
        "id,time_utc,actor,action,entity,entity_id,client_address,detail"
    );
    // The browser's first language the portal has.
    let japanese =
        "ID,日時 (UTC),実行者,アクション,エンティティ,エンティティ ID,クライアント アドレス,詳細";
    assert_eq!(export("de-DE,ja;q=0.8,en;q=0.5").await, japanese);
    assert!(export("it-IT,it;q=0.9").await.starts_with("ID,Ora (UTC),"));
    // A Japanese user (saved choice) gets Japanese whatever the browser says.
    let (status, _, body) = send(
        &app,
        post("/api/set_language", "language=ja&next=%2F", Some(&admin)),
    )
    .await;
    assert!(
        status.is_success() || status.is_redirection(),
        "{status} {body}"
    );
    assert_eq!(export("").await, japanese);
    assert_eq!(export("th,en").await, japanese);
}

/// The language a page is written in: the person's saved choice (any browser), else this
/// browser's choice, else the browser's languages, else the organisation's default.
#[tokio::test]
async fn a_page_speaks_the_reader_s_language_saved_then_browser_then_organisation() {
    let _serial = ONE_AT_A_TIME.lock().await;
    let (app, db) = app_with_db().await;
    let lang_of = |cookie: Option<String>, accept: &'static str| {
        let app = app.clone();
        async move {
            // A page anyone gets, signed in or not (the sign-in page sends people home).
            let mut request = Request::get("/no-such-page").header(header::ACCEPT, "text/html");
            if !accept.is_empty() {
                request = request.header(header::ACCEPT_LANGUAGE, accept);
            }
            if let Some(cookie) = cookie {
                request = request.header(header::COOKIE, cookie);
            }
            let (status, _, body) = send(&app, request.body(Body::empty()).unwrap()).await;
            assert_eq!(status, StatusCode::NOT_FOUND);
            let lang = body.split("<html lang=\"").nth(1).unwrap_or_default();
            lang.split('"').next().unwrap_or_default().to_string()
        }
    };
    // The browser's languages, in its order, the first the portal has.
    assert_eq!(lang_of(None, "th-TH,th;q=0.9,en;q=0.5").await, "th");
    assert_eq!(lang_of(None, "de-DE,zh-TW;q=0.8").await, "zh-TW");
    // None the portal has: the organisation's default, else English.
    assert_eq!(lang_of(None, "de-DE").await, "en");
    linedesk::db::settings::set(&db.pool, "default_language", "it", 0)
        .await
        .unwrap();
    assert_eq!(lang_of(None, "de-DE").await, "it");
    assert_eq!(lang_of(None, "").await, "it");
    // Signed in, the language menu saves the choice on the person: another browser (no
    // language cookie, other languages) reads it too.
    let session = sign_in(&app, "agent@example.com").await;
    let (status, _, body) = send(
        &app,
        post("/api/set_language", "language=ja&next=%2F", Some(&session)),
    )
    .await;
    assert!(
        status.is_success() || status.is_redirection(),
        "{status} {body}"
    );
    let elsewhere = sign_in(&app, "agent@example.com").await;
    assert_eq!(lang_of(Some(elsewhere), "th,en").await, "ja");
    // This browser's choice beats its languages when nobody is signed in.
    assert_eq!(
        lang_of(Some("i18n_pref_locale=th".into()), "ja,en").await,
        "th"
    );
    // The organisation's defaults are cached process-wide for a second: drop this database's
    // Italian, or the next test's pages (another database) may be written in it.
    linedesk::db::generation::SETTINGS.forget();
}

/// Preferences: a person's zone and language shape every page they read; administrators set
/// the organisation's defaults (audited) for everyone who chose none; bad input is refused.
#[tokio::test]
async fn preferences_set_the_reader_s_zone_and_language_and_the_organisation_s_defaults() {
    let _serial = ONE_AT_A_TIME.lock().await;
    let (app, db) = app_with_db().await;
    let page = |cookie: String| {
        let app = app.clone();
        async move {
            let request = Request::get("/no-such-page")
                .header(header::ACCEPT, "text/html")
                .header(header::COOKIE, cookie)
                .body(Body::empty())
                .unwrap();
            send(&app, request).await.2
        }
    };
    let zone_of = |body: &str| {
        let after = body
            .split("name=\"reader-zone\" content=\"")
            .nth(1)
            .unwrap_or_default();
        after.split(';').next().unwrap_or_default().to_string()
    };
    let agent = sign_in(&app, "agent@example.com").await;
    let admin = sign_in(&app, "admin@example.com").await;
    assert_eq!(zone_of(&page(agent.clone()).await), "UTC");

    let (status, _, body) = send(
        &app,
        post(
            "/api/save_preferences",
            "language=ja&time_zone=Mars%2FOlympus",
            Some(&agent),
        ),
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
    assert!(body.contains("\"time_zone\":\"UnknownTimeZone\""), "{body}");
    let (status, _, body) = send(
        &app,
        post(
            "/api/save_preferences",
            "language=ja&time_zone=Asia%2FTokyo",
            Some(&agent),
        ),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let body = page(agent.clone()).await;
    assert_eq!(zone_of(&body), "Asia/Tokyo");
    assert!(body.contains("<html lang=\"ja\""));

    // Only administrators set the defaults; the administrator (no zone of their own) reads in
    // the organisation's zone from then on.
    let defaults = "language=it&time_zone=Europe%2FRome";
    let (status, _, _) = send(
        &app,
        post("/api/save_organisation_defaults", defaults, Some(&agent)),
    )
    .await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let (status, _, body) = send(
        &app,
        post("/api/save_organisation_defaults", defaults, Some(&admin)),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(zone_of(&page(admin.clone()).await), "Europe/Rome");
    assert_eq!(zone_of(&page(agent.clone()).await), "Asia/Tokyo");
    let logged: i64 =
        sqlx::query_scalar("SELECT COUNT(*) FROM audit_log WHERE action = 'settings.defaults'")
            .fetch_one(&db.pool)
            .await
            .unwrap();
    assert_eq!(logged, 1);
    // Back to "not chosen": the agent follows the organisation again.
    let (status, _, _) = send(
        &app,
        post(
            "/api/save_preferences",
            "language=&time_zone=",
            Some(&agent),
        ),
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(zone_of(&page(agent).await), "Europe/Rome");
    // The defaults are cached process-wide for a second: drop this database's Italian, or the
    // next test's pages (another database) may be written in it.
    linedesk::db::generation::SETTINGS.forget();
}

#[tokio::test]
async fn pages_carry_a_csp_with_their_nonce_and_are_never_cached_or_framed() {
    let _serial = ONE_AT_A_TIME.lock().await;
    let app = app().await;
    let cookie = sign_in(&app, "agent@example.com").await;
    let mut nonces = Vec::new();
    for (path, cookie) in [("/login", None), ("/", Some(cookie.as_str()))] {
        let mut request = Request::get(path).header(header::ACCEPT, "text/html");
        if let Some(cookie) = cookie {
            request = request.header(header::COOKIE, cookie);
        }
        let (status, headers, body) = send(&app, request.body(Body::empty()).unwrap()).await;
        assert_eq!(status, StatusCode::OK);
        let csp = headers[header::CONTENT_SECURITY_POLICY].to_str().unwrap();
        assert!(csp.contains("frame-ancestors 'none'"), "{csp}");
        assert!(csp.contains("object-src 'none'"), "{csp}");
        assert!(!csp.contains("unsafe-inline"), "{csp}");
        let nonce = csp
            .split("'nonce-")
            .nth(1)
            .and_then(|rest| rest.split('\'').next())
            .unwrap_or_else(|| panic!("a nonce in {csp}"))
            .to_string();
        // Every script the page carries is this response's. (leptos_i18n leaves an empty
        // <script></script> where it would embed translations loaded on demand: it runs nothing.)
        let scripts = body.matches("<script").count() - body.matches("<script></script>").count();
        assert!(scripts > 0, "the hydration script");
        assert_eq!(
            body.matches(&format!("nonce=\"{nonce}\"")).count(),
            scripts,
            "{body}"
        );
        assert_eq!(headers[header::X_CONTENT_TYPE_OPTIONS], "nosniff");
        assert_eq!(headers[header::CACHE_CONTROL], "no-store");
        assert_eq!(headers[header::X_FRAME_OPTIONS], "DENY");
        assert!(headers.contains_key(header::REFERRER_POLICY));
        nonces.push(nonce);
    }
    assert_ne!(nonces[0], nonces[1], "a fresh nonce for every page");
    // Server functions' answers are not cached either.
    let (_, headers, _) = send(&app, post("/api/get_current_user", "", Some(&cookie))).await;
    assert_eq!(headers[header::CACHE_CONTROL], "no-store");
}

#[tokio::test]
async fn pages_check_roles_on_the_server() {
    let _serial = ONE_AT_A_TIME.lock().await;
    let app = app().await;
    let html = |path: &str, cookie: Option<&str>| {
        let mut builder = Request::get(path).header(header::ACCEPT, "text/html");
        if let Some(cookie) = cookie {
            builder = builder.header(header::COOKIE, cookie);
        }
        builder.body(Body::empty()).unwrap()
    };
    let (status, headers, _) = send(&app, html("/users", None)).await;
    assert_eq!(status, StatusCode::FOUND);
    assert_eq!(headers.get(header::LOCATION).unwrap(), "/login?next=/users");
    let agent = sign_in(&app, "agent@example.com").await;
    let (status, _, body) = send(&app, html("/users", Some(&agent))).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    assert!(body.contains("You can't open this page"));
    assert!(
        !body.contains("admin@example.com"),
        "no user data on a refused page"
    );
    let admin = sign_in(&app, "admin@example.com").await;
    let (status, _, body) = send(&app, html("/users", Some(&admin))).await;
    assert_eq!(status, StatusCode::OK);
    assert!(body.contains("agent@example.com"));
    let (status, _, body) = send(&app, html("/no-such-page", Some(&admin))).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert!(body.contains("Page not found"));
}

/// No page and no server function sends a channel secret or access token to the browser.
// Multi-threaded: pages here call the fake LINE platform (served by this same runtime) while
// they render; on a single thread that render occasionally never finished.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn secrets_never_reach_the_browser() {
    let _serial = ONE_AT_A_TIME.lock().await;
    use fake_line::{FakeLine, DEMO_ACCESS_TOKEN, DEMO_CHANNEL_SECRET};
    let line = FakeLine::start("127.0.0.1:0").await.unwrap();
    let db = crate::support::sqlite().await;
    let raw = RawConfig {
        line_api_base: Some(line.base_url()),
        line_data_api_base: Some(line.base_url()),
        ..Default::default()
    };
    let config = Config::from_raw(raw).unwrap();
    let state = linedesk::server::app_state(
        &config,
        db,
        linedesk::crypto::MasterKey::from_bytes([7u8; 32]),
        linedesk::live::Notifier::local(),
    );
    let operator = CurrentUser {
        id: 0,
        email: "cli".into(),
        display_name: "cli".into(),
        role: Role::Admin,
    };
    let new = NewUser {
        email: "admin@example.com".into(),
        display_name: String::new(),
        password: "a long password".into(),
        role: Role::Admin,
    };
    state
        .services
        .users
        .create(&operator, new, &ClientInfo::default())
        .await
        .unwrap();
    let account = state
        .services
        .accounts
        .create(
            &operator,
            "Leak check",
            crate::accounts::demo_credentials(),
            &ClientInfo::default(),
        )
        .await
        .unwrap();
    let draft = state
        .services
        .accounts
        .save_draft_name(&operator, None, "Draft", &ClientInfo::default())
        .await
        .unwrap();
    state
        .services
        .accounts
        .save_draft_credentials(
            &operator,
            draft,
            domain::account::Credentials {
                channel_id: "99".into(),
                ..crate::accounts::demo_credentials()
            },
            false,
            false,
            &ClientInfo::default(),
        )
        .await
        .unwrap();
    let app = linedesk::http::router::build(state);
    let admin = sign_in(&app, "admin@example.com").await;
    let id = account.id;
    let pages = [
        "/channels".to_string(),
        "/channels/accounts".to_string(),
        format!("/channels/accounts/{id}"),
        format!("/channels/accounts/new?draft={draft}&step=account"),
        format!("/channels/accounts/new?draft={draft}&step=callback"),
        "/privacy".to_string(),
        "/audit".to_string(),
    ];
    let mut seen = String::new();
    for page in pages {
        let request = Request::get(&page)
            .header(header::ACCEPT, "text/html")
            .header(header::COOKIE, &admin)
            .body(Body::empty())
            .unwrap();
        let (status, _, body) = send(&app, request).await;
        assert_eq!(status, StatusCode::OK, "{page}");
        seen.push_str(&body);
    }
    for (function, args) in [
        ("list_accounts", String::new()),
        ("get_account", format!("id={id}")),
        ("get_account_webhook", format!("id={id}")),
        ("verify_account", format!("id={id}")),
        ("set_account_webhook", format!("id={id}")),
        ("regenerate_callback_key", format!("id={id}")),
        ("list_account_privacy", String::new()),
        ("list_audit_entries", String::new()),
    ] {
        let (status, _, body) =
            send(&app, post(&format!("/api/{function}"), &args, Some(&admin))).await;
        assert_eq!(status, StatusCode::OK, "{function}: {body}");
        seen.push_str(&body);
    }
    assert!(
        seen.contains("Leak check") && seen.contains("linedesk demo"),
        "the responses have content"
    );
    assert!(
        !seen.contains(DEMO_CHANNEL_SECRET),
        "a channel secret reached the browser"
    );
    assert!(
        !seen.contains(DEMO_ACCESS_TOKEN),
        "an access token reached the browser"
    );
}

#[tokio::test]
async fn the_live_stream_needs_a_staff_session() {
    let _serial = ONE_AT_A_TIME.lock().await;
    let app = app().await;
    let get = |cookie: Option<&str>| {
        let mut builder = Request::get("/live");
        if let Some(cookie) = cookie {
            builder = builder.header(header::COOKIE, cookie);
        }
        builder.body(Body::empty()).unwrap()
    };
    let response = app.clone().oneshot(get(None)).await.unwrap();
    assert_eq!(response.status(), StatusCode::UNAUTHORIZED);
    let agent = sign_in(&app, "agent@example.com").await;
    let response = app.clone().oneshot(get(Some(&agent))).await.unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(
        response.headers().get(header::CONTENT_TYPE).unwrap(),
        "text/event-stream"
    );
}

/// Every server function the portal registers, called directly: an auditor can read only what
/// auditors may read and is refused (403) everywhere else; without a session everything but the
/// sign-in pieces answers 401.
#[tokio::test]
async fn every_server_function_checks_the_callers_role() {
    let _serial = ONE_AT_A_TIME.lock().await;
    let app = app().await;
    let (_admin, auditor) = admin_and_new_auditor(&app).await;

    const PUBLIC: &[&str] = &[
        "/api/get_current_user",
        "/api/sign_in",
        "/api/sign_out",
        "/api/get_setup_needed",
        "/api/create_first_admin",
        // The portal's language: the sign-in page offers it too.
        "/api/set_language",
    ];
    const AUDITOR_MAY: &[&str] = &[
        "/api/get_region",
        "/api/list_account_privacy",
        "/api/list_audit_entries",
        "/api/verify_audit_chain",
        "/api/get_retention",
        "/api/get_end_user_privacy",
        "/api/list_consents",
        "/api/list_transcript_grants",
        "/api/get_privacy_overview",
        // Everyone's own language and time zone.
        "/api/get_preferences",
        "/api/save_preferences",
    ];
    let paths: Vec<String> = leptos::server_fn::axum::server_fn_paths()
        .map(|(path, _)| path.to_string())
        .collect();
    assert!(paths.len() >= 25, "found {} server functions", paths.len());
    let mut checked = 0;
    for path in &paths {
        if PUBLIC.contains(&path.as_str()) {
            continue;
        }
        // Arguments that parse, so the role check (not argument parsing) decides.
        let args = "id=1&user_id=1&conversation_id=1&draft_id=1&role=agent&disabled=true&password=x&name=x&text=x&send_id=seed0000-0\
                    &channel_id=1&channel_secret=x&access_token=x&confirm_name=x&region=commercial&email=x&display_name=x\
                    &account_id=1&fallback_queue_id=1&auto_close_minutes=1&capacity=1&wrap_up=always&skill_matching=none\
                    &wrap_up_minutes=1&waiting_minutes=1&timeout_seconds=60&variable_name=x&variable_kind=text\
                    &variable_default=x&reply_title=x&reply_text=x&reply_tags=x&reply_language=en&index=0&language=en\
                    &max_size_mb=1&blocked_extensions=x&days=30&query=xy&profile_id=1&priority_typed=1&workstream_id=1\
                    &ruleset=0&rule=0&direction=up&offset=0&kind=builtin&handoff_keywords=x&handoff_text=x&keywords=x\
                    &answer=x&quick_replies=x&presence=available&target=queue%3A1&contact_exists=true&account=x\
                    &time=10%3A00&weekday=mon&message_text=x&customer_name=x&skills=x&contact_id=1&other_id=1\
                    &phone=x&search=x&customer=x&contact=x&agent=x&state=&from=&to=&page=1&time_zone=UTC&seconds_typed=30&request%5Bperiod%5D=today&mark_read=never&day_0=x&day_1=x&day_2=x&day_3=x&day_4=x&day_5=x&day_6=x";
        let (status, _, body) = send(&app, post(path, args, Some(&auditor))).await;
        if AUDITOR_MAY.contains(&path.as_str()) {
            assert_eq!(
                status,
                StatusCode::OK,
                "{path} should be readable by auditors: {body}"
            );
        } else {
            assert_eq!(
                status,
                StatusCode::FORBIDDEN,
                "{path} must refuse auditors: {body}"
            );
        }
        let (status, _, body) = send(&app, post(path, args, None)).await;
        assert_eq!(
            status,
            StatusCode::UNAUTHORIZED,
            "{path} without a session: {body}"
        );
        checked += 1;
    }
    assert!(checked >= 20, "checked {checked}");
}

/// The privacy page's one call: administrators get the auditors they can grant access to,
/// auditors read the same page without the list of users.
#[tokio::test]
async fn the_privacy_overview_lists_auditors_to_administrators_only() {
    let _serial = ONE_AT_A_TIME.lock().await;
    let app = app().await;
    let (admin, auditor) = admin_and_new_auditor(&app).await;

    let (status, _, body) = send(&app, post("/api/get_privacy_overview", "", Some(&admin))).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let overview: serde_json::Value = serde_json::from_str(&body).unwrap();
    assert_eq!(overview["region"], "commercial");
    let auditors = overview["auditors"].as_array().unwrap();
    assert_eq!(auditors.len(), 1, "{body}");
    assert_eq!(auditors[0]["email"], "audit@example.com");

    let (status, _, body) = send(&app, post("/api/get_privacy_overview", "", Some(&auditor))).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let overview: serde_json::Value = serde_json::from_str(&body).unwrap();
    assert_eq!(overview["auditors"], serde_json::json!([]), "{body}");
}

#[tokio::test]
async fn attachments_are_for_signed_in_staff_only() {
    let _serial = ONE_AT_A_TIME.lock().await;
    let app = app().await;
    let get = |cookie: Option<&str>| {
        let mut builder = Request::get("/attachments/1");
        if let Some(cookie) = cookie {
            builder = builder.header(header::COOKIE, cookie);
        }
        builder.body(Body::empty()).unwrap()
    };
    assert_eq!(send(&app, get(None)).await.0, StatusCode::UNAUTHORIZED);
    let agent = sign_in(&app, "agent@example.com").await;
    assert_eq!(send(&app, get(Some(&agent))).await.0, StatusCode::NOT_FOUND);
}

/// What `/metrics` says for one counter (the number on its line).
fn metric(body: &str, name: &str) -> u64 {
    body.lines()
        .find_map(|line| line.strip_prefix(name)?.trim().parse().ok())
        .unwrap_or_else(|| panic!("no {name} in {body}"))
}

#[tokio::test]
async fn metrics_need_the_token_when_one_is_set_and_count_failed_sign_ins() {
    let _serial = ONE_AT_A_TIME.lock().await;
    let token = "a-metrics-token-of-32-characters";
    let (app, _) = app_with_config(RawConfig {
        metrics_token: Some(token.into()),
        ..Default::default()
    })
    .await;
    let metrics = |authorization: Option<&str>| {
        let mut builder = Request::get("/metrics");
        if let Some(value) = authorization {
            builder = builder.header(header::AUTHORIZATION, value);
        }
        builder.body(Body::empty()).unwrap()
    };
    for refused in [
        None,
        Some("Bearer wrong-token-of-32-characters-x"),
        Some(&format!("Basic {token}")),
        Some("Bearer "),
    ] {
        let (status, _, body) = send(&app, metrics(refused)).await;
        assert_eq!(status, StatusCode::UNAUTHORIZED, "{refused:?}");
        assert!(!body.contains("linedesk_"), "no metrics without the token");
    }
    let bearer = format!("Bearer {token}");
    let (status, _, before) = send(&app, metrics(Some(&bearer))).await;
    assert_eq!(status, StatusCode::OK);
    let failed = metric(&before, "linedesk_logins_failed_total");
    let (status, _, _) = send(
        &app,
        post(
            "/api/sign_in",
            "email=agent@example.com&password=not+the+password",
            None,
        ),
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    let (_, _, after) = send(&app, metrics(Some(&bearer))).await;
    // Other tests in this process sign in wrongly too: the counter moves at least by ours.
    assert!(
        metric(&after, "linedesk_logins_failed_total") > failed,
        "{after}"
    );
}

#[tokio::test]
async fn malformed_server_function_arguments_answer_400_with_a_message() {
    let _serial = ONE_AT_A_TIME.lock().await;
    let app = app().await;
    let admin = sign_in(&app, "admin@example.com").await;
    let history = "customer=&contact=&agent=&text=&state=&from=&to=&page=";
    for page in ["%27", "-1", "99999999999", "x"] {
        let (status, _, body) = send(
            &app,
            post(
                "/api/search_history",
                &format!("{history}{page}"),
                Some(&admin),
            ),
        )
        .await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "page={page}: {body}");
        assert!(body.contains("Request"), "page={page}: {body}");
    }
    // A missing argument is the caller's mistake too.
    let (status, _, body) = send(&app, post("/api/search_history", "page=1", Some(&admin))).await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{body}");
    // A 100,000-character search is refused with a message, not a database error.
    let long = "a".repeat(100_000);
    let (status, _, body) = send(
        &app,
        post(
            "/api/find_data_subjects",
            &format!("query={long}"),
            Some(&admin),
        ),
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
    // "Use at most 200 characters.", as a code with its parameter.
    assert!(body.contains(r#"{"AtMostChars":{"max":200}}"#), "{body}");
    // Arguments that parse still reach the function.
    let (status, _, body) = send(
        &app,
        post("/api/search_history", &format!("{history}1"), Some(&admin)),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{body}");
}

/// A page the user may open answers 200 even when one panel's server function refuses them:
/// every page's top bar asks for the caller's presence, which only staff have, so an auditor's
/// pages used to answer 403 though they rendered in full. Only the page's own access check sets
/// the status; the refused function called directly still answers 403 (401 without a session).
#[tokio::test]
async fn a_page_the_user_may_open_answers_200_when_one_panel_is_refused() {
    let _serial = ONE_AT_A_TIME.lock().await;
    let app = app().await;
    let (_admin, auditor) = admin_and_new_auditor(&app).await;
    // A browser's navigation and a plain client such as curl.
    for accept in ["text/html,application/xhtml+xml,*/*;q=0.8", "*/*"] {
        let page = |path: &str, cookie: Option<&str>| {
            let mut builder = Request::get(path).header(header::ACCEPT, accept);
            if let Some(cookie) = cookie {
                builder = builder.header(header::COOKIE, cookie);
            }
            builder.body(Body::empty()).unwrap()
        };
        for path in ["/", "/audit", "/history", "/privacy"] {
            let (status, _, body) = send(&app, page(path, Some(&auditor))).await;
            assert_eq!(status, StatusCode::OK, "{path} ({accept})");
            assert!(
                body.contains("audit@example.com") && !body.contains("You can't open this page"),
                "{path} renders for the auditor: {body}"
            );
        }
        let (status, _, body) = send(&app, page("/users", Some(&auditor))).await;
        assert_eq!(status, StatusCode::FORBIDDEN, "{accept}");
        assert!(body.contains("You can't open this page"));
        let (status, headers, _) = send(&app, page("/audit", None)).await;
        assert_eq!(status, StatusCode::FOUND, "{accept}");
        assert_eq!(headers[header::LOCATION], "/login?next=/audit");
    }
    let (status, _, body) = send(&app, post("/api/get_my_presence", "", Some(&auditor))).await;
    assert_eq!(status, StatusCode::FORBIDDEN, "{body}");
    let (status, _, body) = send(&app, post("/api/get_my_presence", "", None)).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED, "{body}");
}
