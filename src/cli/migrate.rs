//! `linedesk migrate [--accept-data-loss]`: brings the database's schema up to this version.
//! (Serving migrates too; this is the way past a migration that may lose data.)

use crate::config::Config;
use crate::db::migrations::{self, DataLoss};
use crate::db::Db;
use clap::Args;
use std::process::ExitCode;

#[derive(Args, Debug)]
pub struct MigrateArgs {
    /// Run migrations that say they may lose data even without a backup from the last day.
    #[arg(long)]
    pub accept_data_loss: bool,
}

pub async fn run(config: Config, args: MigrateArgs) -> anyhow::Result<ExitCode> {
    let data_loss = if args.accept_data_loss {
        DataLoss::Accept
    } else {
        DataLoss::Refuse
    };
    match Db::open_with(&config.database_url, data_loss).await {
        Ok(db) => {
            let applied = migrations::applied(&db).await?;
            println!(
                "The database is up to date: {} migrations applied, the newest {:04}.",
                applied.len(),
                applied.last().copied().unwrap_or_default()
            );
            db.close().await;
            Ok(ExitCode::SUCCESS)
        }
        Err(err) => {
            println!("{err:#}");
            Ok(ExitCode::from(2))
        }
    }
}
