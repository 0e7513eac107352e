//! `fake-line --listen 127.0.0.1:4010`: the fake LINE platform as a process, for demos and the
//! browser tests. `fake-line send --url U --text T [--secret S]` sends one signed webhook.

use fake_line::{
    send_webhook, state::Shared, DEMO_ACCESS_TOKEN, DEMO_CHANNEL_ID, DEMO_CHANNEL_SECRET,
};

fn arg(args: &[String], name: &str) -> Option<String> {
    args.iter()
        .position(|a| a == name)
        .and_then(|i| args.get(i + 1).cloned())
}

#[tokio::main]
async fn main() {
    tracing_subscriber::fmt()
        .with_writer(std::io::stderr)
        .init();
    // An injected "dropped connection" aborts its request task with this payload; stay quiet.
    let default_hook = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        if info
            .payload()
            .downcast_ref::<fake_line::state::DroppedConnection>()
            .is_none()
        {
            default_hook(info);
        }
    }));
    let args: Vec<String> = std::env::args().skip(1).collect();
    if args.first().map(String::as_str) == Some("send") {
        let usage = |problem: String| -> ! {
            eprintln!("fake-line: {problem}\nusage: fake-line send --url URL [--text T] [--user U] [--secret S] [--body-file F]");
            std::process::exit(2);
        };
        let url = arg(&args, "--url").unwrap_or_else(|| usage("--url is required".into()));
        let secret = arg(&args, "--secret").unwrap_or_else(|| DEMO_CHANNEL_SECRET.to_string());
        let body = match arg(&args, "--body-file") {
            Some(path) => std::fs::read(&path)
                .unwrap_or_else(|err| usage(format!("cannot read --body-file {path}: {err}"))),
            None => fake_line::webhook::text_message_body(
                &format!("U{DEMO_CHANNEL_ID:0>32}"),
                &arg(&args, "--user").unwrap_or_else(|| "U4af4980629b0a1b2c3d4e5f6a7b8c9d0".into()),
                &arg(&args, "--text").unwrap_or_else(|| "Hello from LINE".into()),
            )
            .to_string()
            .into_bytes(),
        };
        match send_webhook(&url, &secret, body).await {
            Ok(status) => println!("{status}"),
            Err(err) => {
                eprintln!("fake-line: {err}");
                std::process::exit(1);
            }
        }
        return;
    }
    let listen = arg(&args, "--listen").unwrap_or_else(|| "127.0.0.1:4010".into());
    let listener = tokio::net::TcpListener::bind(&listen)
        .await
        .unwrap_or_else(|e| {
            eprintln!("fake-line: cannot listen on {listen}: {e}");
            std::process::exit(2);
        });
    println!("fake LINE platform on http://{listen}");
    println!("  demo channel ID      {DEMO_CHANNEL_ID}");
    println!("  demo channel secret  {DEMO_CHANNEL_SECRET}");
    println!("  demo access token    {DEMO_ACCESS_TOKEN}");
    let app = fake_line::router(Shared::with_demo_channel());
    axum::serve(listener, app).await.expect("serving");
}
