//! `linedesk account create|list`, for automation.

use crate::cli::operator;
use crate::config::Config;
use crate::crypto::MasterKey;
use crate::db::Db;
use crate::server::services;
use anyhow::bail;
use clap::Subcommand;
use domain::account::Credentials;
use domain::user::ClientInfo;
use domain::AppError;
use std::io::BufRead;
use std::process::ExitCode;

#[derive(Subcommand, Debug)]
pub enum AccountCommand {
    /// Create a LINE messaging account. Standard input gives the channel secret on the first
    /// line (--secret-stdin) and the channel access token on the next (--token-stdin).
    /// Creating an account this way acknowledges the data-sharing notice as the operator.
    Create {
        #[arg(long)]
        name: String,
        #[arg(long)]
        channel_id: String,
        #[arg(long, required = true)]
        secret_stdin: bool,
        #[arg(long, required = true)]
        token_stdin: bool,
    },
    /// List accounts (never their secrets).
    List {
        #[arg(long)]
        json: bool,
    },
}

pub async fn run(config: Config, command: AccountCommand) -> anyhow::Result<ExitCode> {
    let db = Db::open(&config.database_url).await?;
    let key = MasterKey::load_or_create(&config.secret_key_file)?;
    let accounts = services(
        &db,
        &key,
        &config,
        &Default::default(),
        &crate::live::Notifier::local(),
    )
    .accounts;
    match command {
        AccountCommand::Create {
            name, channel_id, ..
        } => {
            let mut lines = std::io::stdin().lock().lines();
            let channel_secret = lines.next().transpose()?.unwrap_or_default();
            let access_token = lines.next().transpose()?.unwrap_or_default();
            let credentials = Credentials {
                channel_id,
                channel_secret,
                access_token,
            };
            let client = ClientInfo {
                address: Some("cli".into()),
            };
            match accounts
                .create(&operator(), &name, credentials, &client)
                .await
            {
                Ok(account) => {
                    println!(
                        "created account {} ({}), status {}",
                        account.id,
                        account.name,
                        account.status.as_str()
                    );
                    println!("callback URL: {}", account.callback_url);
                    if let Some(error) = account.verify_error {
                        println!("note: {error}");
                    }
                    Ok(ExitCode::SUCCESS)
                }
                Err(AppError::Invalid(fields)) => {
                    for (field, message) in fields.0 {
                        eprintln!("{field}: {message}");
                    }
                    Ok(ExitCode::from(2))
                }
                Err(err) => bail!("{err}"),
            }
        }
        AccountCommand::List { json } => {
            let list = accounts.list().await.map_err(|e| anyhow::anyhow!("{e}"))?;
            if json {
                let rows: Vec<_> = list
                    .iter()
                    .map(|a| {
                        serde_json::json!({
                            "id": a.id, "name": a.name, "channel_id": a.channel_id, "status": a.status,
                            "callback_url": a.callback_url,
                            "bot": a.bot.as_ref().map(|b| serde_json::json!({ "display_name": b.display_name, "basic_id": b.basic_id })),
                        })
                    })
                    .collect();
                println!("{}", serde_json::to_string_pretty(&rows)?);
            } else {
                println!(
                    "{:<5} {:<24} {:<12} {:<11} callback URL",
                    "id", "name", "channel ID", "status"
                );
                for a in list {
                    println!(
                        "{:<5} {:<24} {:<12} {:<11} {}",
                        a.id,
                        a.name,
                        a.channel_id,
                        a.status.as_str(),
                        a.callback_url
                    );
                }
            }
            Ok(ExitCode::SUCCESS)
        }
    }
}
