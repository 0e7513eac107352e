//! Signing in to a running linedesk as a browser would, for the live stream and page timings.

/// Creates a user through the CLI of the process's data folder.
pub fn create_user(command: std::process::Command, email: &str, role: &str) -> anyhow::Result<()> {
    crate::receiver::linedesk_cli(
        command,
        &[
            "user",
            "create",
            "--email",
            email,
            "--role",
            role,
            "--password-stdin",
        ],
        "a long password\n",
    )?;
    Ok(())
}

/// Signs in; returns the session cookie ("id=…").
pub async fn sign_in(base: &str, email: &str) -> anyhow::Result<String> {
    let client = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()?;
    let response = client
        .post(format!("{base}/api/sign_in"))
        .header("content-type", "application/x-www-form-urlencoded")
        .body(format!("email={email}&password=a+long+password"))
        .send()
        .await?;
    let cookie = response
        .headers()
        .get("set-cookie")
        .ok_or_else(|| anyhow::anyhow!("sign in as {email}: {}", response.status()))?
        .to_str()?;
    Ok(cookie.split(';').next().unwrap_or_default().to_string())
}

/// Times `requests` signed-in GETs of `url` after `warmup` untimed ones; each answer must be
/// 200 and pass `check`. Returns the samples and the last body's size in bytes.
pub async fn time_gets(
    client: &reqwest::Client,
    url: &str,
    cookie: &str,
    warmup: usize,
    requests: usize,
    check: impl Fn(&str) -> anyhow::Result<()>,
) -> anyhow::Result<(Vec<std::time::Duration>, usize)> {
    let mut samples = Vec::with_capacity(requests);
    let mut bytes = 0;
    for i in 0..warmup + requests {
        let started = std::time::Instant::now();
        let response = client.get(url).header("cookie", cookie).send().await?;
        let status = response.status();
        let body = response.text().await?;
        anyhow::ensure!(status == 200, "{url}: {status}");
        check(&body)?;
        if i >= warmup {
            samples.push(started.elapsed());
        }
        bytes = body.len();
    }
    Ok((samples, bytes))
}
