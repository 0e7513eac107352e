//! linedesk behind the README's reverse proxy (nginx from Debian, TLS with a local certificate):
//! a signed webhook posted to the https callback URL is stored, sign-in sets a Secure cookie, and
//! the client address linedesk records is the one the trusted proxy forwarded, not the proxy's.
//!
//! Needs nginx and openssl; `make test` installs nginx and sets REQUIRE_PROXY=1, elsewhere the
//! test says it skipped.

use fake_line::{sign, FakeLine, DEMO_ACCESS_TOKEN, DEMO_CHANNEL_SECRET};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

const NGINX: &str = "/usr/sbin/nginx";

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

/// Kills the child when the test ends, however it ends.
struct Running(Child);

impl Drop for Running {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// The README's nginx site, in a test folder: TLS on `https_port`, everything to linedesk.
fn nginx_conf(dir: &Path, https_port: u16, linedesk_port: u16) -> String {
    let d = dir.display();
    format!(
        r#"daemon off;
pid {d}/nginx.pid;
error_log {d}/error.log;
worker_processes 1;
events {{ worker_connections 64; }}
http {{
    access_log {d}/access.log;
    client_body_temp_path {d}/body;
    proxy_temp_path {d}/proxy;
    fastcgi_temp_path {d}/fastcgi;
    uwsgi_temp_path {d}/uwsgi;
    scgi_temp_path {d}/scgi;
{site}
}}
"#,
        site = site(dir, https_port, linedesk_port)
    )
}

/// What README.md shows (the server block of /etc/nginx/sites-available/linedesk).
fn site(dir: &Path, https_port: u16, linedesk_port: u16) -> String {
    let d = dir.display();
    format!(
        r#"    server {{
        listen 127.0.0.1:{https_port} ssl http2;
        server_name localhost;
        ssl_certificate {d}/cert.pem;
        ssl_certificate_key {d}/key.pem;
        # Files agents send and customers upload (LINE allows up to 200 MB for files).
        client_max_body_size 200m;
        location / {{
            proxy_pass http://127.0.0.1:{linedesk_port};
            proxy_http_version 1.1;
            proxy_set_header Host $host:$server_port;
            # Replaced, not appended: a client cannot make up its own address.
            proxy_set_header X-Forwarded-For $remote_addr;
            proxy_set_header X-Forwarded-Proto https;
            # Live updates are a long-lived stream.
            proxy_buffering off;
            proxy_read_timeout 1h;
        }}
    }}"#
    )
}

/// A local certificate authority and a certificate for localhost it signed (the proxy's), as an
/// operator would make with openssl for a test or an internal desk.
fn make_certificate(dir: &Path) {
    let openssl = |args: &[&str]| {
        let done = Command::new("openssl")
            .current_dir(dir)
            .args(args)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .status()
            .expect("openssl makes the test certificate");
        assert!(done.success(), "openssl {args:?}");
    };
    let ec = [
        "-newkey",
        "ec",
        "-pkeyopt",
        "ec_paramgen_curve:prime256v1",
        "-nodes",
    ];
    openssl(
        &[
            &[
                "req",
                "-x509",
                "-days",
                "1",
                "-subj",
                "/CN=linedesk test CA",
            ][..],
            &ec,
            &["-keyout", "ca.key", "-out", "ca.pem"],
        ]
        .concat(),
    );
    openssl(
        &[
            &["req", "-subj", "/CN=localhost"][..],
            &ec,
            &["-keyout", "key.pem", "-out", "site.csr"],
        ]
        .concat(),
    );
    std::fs::write(
        dir.join("site.ext"),
        "basicConstraints=CA:FALSE\nextendedKeyUsage=serverAuth\nsubjectAltName=DNS:localhost,IP:127.0.0.1\n",
    )
    .unwrap();
    openssl(&[
        "x509",
        "-req",
        "-days",
        "1",
        "-in",
        "site.csr",
        "-CA",
        "ca.pem",
        "-CAkey",
        "ca.key",
        "-CAcreateserial",
        "-extfile",
        "site.ext",
        "-out",
        "cert.pem",
    ]);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_signed_webhook_reaches_linedesk_through_the_https_proxy() {
    if !Path::new(NGINX).exists() {
        assert!(
            std::env::var("REQUIRE_PROXY").as_deref() != Ok("1"),
            "nginx is required (REQUIRE_PROXY=1) but {NGINX} is missing"
        );
        eprintln!(
            "SKIPPED: the HTTPS proxy test ({NGINX} is not installed; `make test` installs it)"
        );
        return;
    }
    let dir: PathBuf = std::env::temp_dir().join(format!(
        "linedesk-proxy-{}-{}",
        std::process::id(),
        linedesk::clock::now_ms()
    ));
    std::fs::create_dir_all(&dir).unwrap();
    // nginx's workers (nobody, when started as root) read the certificate.
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&dir, std::fs::Permissions::from_mode(0o755)).unwrap();
    }
    make_certificate(&dir);

    let line = FakeLine::start("127.0.0.1:0").await.unwrap();
    let (https_port, port) = (free_port(), free_port());
    let public = format!("https://localhost:{https_port}");
    let data = dir.join("data");
    let linedesk = |args: &[&str]| {
        let mut command = Command::new(env!("CARGO_BIN_EXE_linedesk"));
        command
            .args(args)
            .env("DATA_DIR", &data)
            .env("LISTEN_ADDR", format!("127.0.0.1:{port}"))
            .env("PUBLIC_URL", &public)
            .env("TRUSTED_PROXIES", "127.0.0.1")
            .env("LINE_API_BASE", line.base_url())
            .env("LINE_DATA_API_BASE", line.base_url())
            .env("RUST_LOG", "error");
        command
    };
    let run_with_input = |args: &[&str], input: &str| -> String {
        let mut child = linedesk(args)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .spawn()
            .unwrap();
        child
            .stdin
            .take()
            .unwrap()
            .write_all(input.as_bytes())
            .unwrap();
        let out = child.wait_with_output().unwrap();
        assert!(out.status.success(), "linedesk {args:?}");
        String::from_utf8_lossy(&out.stdout).into_owned()
    };
    run_with_input(
        &[
            "user",
            "create",
            "--email",
            "ops@example.com",
            "--role",
            "admin",
            "--password-stdin",
        ],
        "correct horse battery staple\n",
    );
    let created = run_with_input(
        &[
            "account",
            "create",
            "--name",
            "Proxy OA",
            "--channel-id",
            "2000000001",
            "--secret-stdin",
            "--token-stdin",
        ],
        &format!("{DEMO_CHANNEL_SECRET}\n{DEMO_ACCESS_TOKEN}\n"),
    );
    let callback = created
        .split_whitespace()
        .skip_while(|w| *w != "URL:")
        .nth(1)
        .unwrap_or_else(|| panic!("a callback URL in {created}"))
        .to_string();
    assert!(callback.starts_with(&format!("{public}/")), "{callback}");

    let _server = Running(linedesk(&["serve"]).stdout(Stdio::null()).spawn().unwrap());
    std::fs::write(dir.join("nginx.conf"), nginx_conf(&dir, https_port, port)).unwrap();
    let _proxy = Running(
        Command::new(NGINX)
            .arg("-p")
            .arg(&dir)
            .arg("-c")
            .arg(dir.join("nginx.conf"))
            .stdout(Stdio::null())
            .spawn()
            .unwrap(),
    );

    // The client trusts only the test certificate, and reaches "localhost" at 127.0.0.1.
    let client = reqwest::Client::builder()
        .add_root_certificate(
            reqwest::Certificate::from_pem(&std::fs::read(dir.join("ca.pem")).unwrap()).unwrap(),
        )
        .resolve("localhost", ([127, 0, 0, 1], https_port).into())
        // The browser's own address, unlike the proxy's (127.0.0.1): what linedesk records
        // shows whose address it took.
        .local_address(std::net::IpAddr::from([127, 0, 0, 2]))
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap();
    let started = Instant::now();
    loop {
        let answer = client.get(format!("{public}/readyz")).send().await;
        match answer {
            Ok(r) if r.status().is_success() => break,
            other if started.elapsed() > Duration::from_secs(20) => {
                panic!(
                    "linedesk behind nginx never became ready ({other:?}): {}",
                    std::fs::read_to_string(dir.join("error.log")).unwrap_or_default()
                )
            }
            _ => tokio::time::sleep(Duration::from_millis(100)).await,
        }
    }

    // LINE's delivery, signed with the channel secret, through TLS and the proxy.
    let body = serde_json::json!({ "destination": "Ubot", "events": [{
        "type": "message", "mode": "active", "timestamp": linedesk::clock::now_ms(),
        "source": { "type": "user", "userId": "U4af4980629b0a1b2c3d4e5f6a7b8c9d0" },
        "webhookEventId": "01PROXYTEST0000000000000000", "deliveryContext": { "isRedelivery": false },
        "replyToken": "proxy-reply", "message": { "id": "700001", "type": "text", "text": "through the proxy", "quoteToken": "q" }
    }]})
    .to_string();
    let delivered = client
        .post(&callback)
        .header("content-type", "application/json")
        .header(
            "x-line-signature",
            sign(DEMO_CHANNEL_SECRET, body.as_bytes()),
        )
        .body(body.clone())
        .send()
        .await
        .unwrap();
    assert_eq!(delivered.status(), 200);
    // A body altered on the way is refused.
    let forged = client
        .post(&callback)
        .header("content-type", "application/json")
        .header(
            "x-line-signature",
            sign(DEMO_CHANNEL_SECRET, b"something else"),
        )
        .body(body)
        .send()
        .await
        .unwrap();
    assert_eq!(forged.status(), 401);

    // Signing in over https: the session cookie is Secure.
    let signed_in = client
        .post(format!("{public}/api/sign_in"))
        .header("origin", &public)
        .form(&[
            ("email", "ops@example.com"),
            ("password", "correct horse battery staple"),
        ])
        .send()
        .await
        .unwrap();
    let cookie = signed_in
        .headers()
        .get("set-cookie")
        .map(|v| v.to_str().unwrap().to_string())
        .unwrap_or_else(|| panic!("a session cookie ({})", signed_in.status()));
    assert!(cookie.contains("Secure"), "{cookie}");

    // The event is stored, and the sign-in was recorded from the address nginx forwarded.
    let db = linedesk::db::Db::open(&format!("sqlite://{}", data.join("linedesk.db").display()))
        .await
        .unwrap();
    let events: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM webhook_events WHERE event_id = '01PROXYTEST0000000000000000'",
    )
    .fetch_one(&db.pool)
    .await
    .unwrap();
    assert_eq!(events, 1);
    let from: Option<String> = sqlx::query_scalar(
        "SELECT client_address FROM login_attempts WHERE succeeded = 1 ORDER BY id DESC LIMIT 1",
    )
    .fetch_optional(&db.pool)
    .await
    .unwrap()
    .flatten();
    assert_eq!(from.as_deref(), Some("127.0.0.2"));
    db.close().await;
    let _ = std::fs::remove_dir_all(&dir);
}
