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
