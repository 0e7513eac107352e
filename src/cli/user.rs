//! `linedesk user create|list`.

use crate::cli::operator;
use crate::config::Config;
use crate::db::Db;
use crate::server::services;
use anyhow::bail;
use clap::Subcommand;
use domain::user::{ClientInfo, NewUser};
use domain::{AppError, Role};
use std::io::BufRead;
use std::process::ExitCode;

#[derive(Subcommand, Debug)]
pub enum UserCommand {
    /// Create a user; the password is read from standard input (one line).
    Create {
        #[arg(long)]
        email: String,
        #[arg(long, default_value = "")]
        name: String,
        #[arg(long, default_value = "agent")]
        role: Role,
        /// Read the password from standard input (required: passwords never go on the command line).
        #[arg(long, required = true)]
        password_stdin: bool,
    },
    /// List users.
    List {
        #[arg(long)]
        json: bool,
    },
}

pub async fn run(config: Config, command: UserCommand) -> anyhow::Result<ExitCode> {
    let db = Db::open(&config.database_url).await?;
    let key = crate::crypto::MasterKey::load_or_create(&config.secret_key_file)?;
    let services = services(
        &db,
        &key,
        &config,
        &Default::default(),
        &crate::live::Notifier::local(),
    );
    match command {
        UserCommand::Create {
            email,
            name,
            role,
            password_stdin: _,
        } => {
            let mut password = String::new();
            std::io::stdin().lock().read_line(&mut password)?;
            let password = password.trim_end_matches(['\r', '\n']).to_string();
            let new = NewUser {
                email,
                display_name: name,
                password,
                role,
            };
            let cli = ClientInfo {
                address: Some("cli".into()),
            };
            match services.users.create(&operator(), new, &cli).await {
                Ok(user) => {
                    println!("created {} ({}) id {}", user.email, user.role, user.id);
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
        UserCommand::List { json } => {
            let users = services
                .users
                .list()
                .await
                .map_err(|e| anyhow::anyhow!("{e}"))?;
            if json {
                println!("{}", serde_json::to_string_pretty(&users.iter().map(|u| serde_json::json!({
                    "id": u.id, "email": u.email, "name": u.display_name, "role": u.role, "disabled": u.disabled,
                })).collect::<Vec<_>>())?);
            } else {
                println!(
                    "{:<6} {:<32} {:<11} {:<8} name",
                    "id", "email", "role", "status"
                );
                for u in users {
                    let status = if u.disabled { "disabled" } else { "active" };
                    println!(
                        "{:<6} {:<32} {:<11} {:<8} {}",
                        u.id,
                        u.email,
                        u.role.as_str(),
                        status,
                        u.display_name
                    );
                }
            }
            Ok(ExitCode::SUCCESS)
        }
    }
}
