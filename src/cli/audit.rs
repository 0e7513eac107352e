//! `linedesk audit verify`: walks the audit log's hash chain and names the first entry that was
//! altered (or whose predecessor was removed). Exit 0 when intact, 1 when not.

use crate::config::Config;
use crate::db::{audit, Db};
use clap::Subcommand;
use std::process::ExitCode;

#[derive(Subcommand, Debug)]
pub enum AuditCommand {
    /// Check that no audit entry was edited or deleted since it was written.
    Verify,
}

pub async fn run(config: Config, command: AuditCommand) -> anyhow::Result<ExitCode> {
    let db = Db::open(&config.database_url).await?;
    match command {
        AuditCommand::Verify => match audit::verify(&db.pool).await? {
            Ok(entries) => {
                println!("Audit chain intact: {entries} entries verified.");
                Ok(ExitCode::SUCCESS)
            }
            Err(id) => {
                println!(
                    "Audit chain broken at entry #{id}: it was altered, or the entry before it was removed."
                );
                Ok(ExitCode::from(1))
            }
        },
    }
}
