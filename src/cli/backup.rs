//! `linedesk backup --to FILE [--with-key]` and `linedesk restore --from FILE [--force]`.

use crate::backup::{self, Backup, Place, Restore};
use crate::config::Config;
use crate::db::Db;
use clap::Args;
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Args, Debug)]
pub struct BackupArgs {
    /// The file to write (it must not exist yet).
    #[arg(long)]
    pub to: PathBuf,
    /// Put the master key in the backup too. Anyone holding the file can then read the channel
    /// secrets and access tokens: keep it as safe as the key itself.
    #[arg(long)]
    pub with_key: bool,
}

#[derive(Args, Debug)]
pub struct RestoreArgs {
    /// A file written by `linedesk backup`.
    #[arg(long)]
    pub from: PathBuf,
    /// Replace a database that already holds a desk (it is kept beside it under a new name).
    #[arg(long)]
    pub force: bool,
}

pub async fn backup(config: Config, args: BackupArgs) -> anyhow::Result<ExitCode> {
    let place = Place::of(&config);
    let db = Db::open(&config.database_url).await?;
    let made = backup::create(&place, &db, &args.to, args.with_key).await;
    db.close().await;
    match made? {
        Backup::UsePgDump(command) => {
            println!("This desk keeps its data in PostgreSQL: back it up with PostgreSQL's own tool, which copies a running database consistently:\n\n  {command}\n");
            println!("Keep the master key ({}) apart from the dump: the channel secrets and access tokens in the database are encrypted with it.", config.secret_key_file.display());
            Ok(ExitCode::from(2))
        }
        Backup::Written(manifest) => {
            println!(
                "Backup written to {} (readable by its owner only).",
                args.to.display()
            );
            print_rows(&manifest.rows);
            println!("  {} stored files", manifest.files);
            if manifest.with_key {
                println!("The master key is in this backup: whoever holds the file can read the channel secrets and access tokens.");
            } else {
                println!("The master key is not in this backup: keep {} safe separately (or back up with --with-key); a restore without it cannot read the channel secrets and access tokens.", config.secret_key_file.display());
            }
            Ok(ExitCode::SUCCESS)
        }
    }
}

pub async fn restore(config: Config, args: RestoreArgs) -> anyhow::Result<ExitCode> {
    // The running desk holds the database open; replacing it underneath would lose what it
    // writes next. Its listening address being taken is the sign it runs.
    if tokio::net::TcpListener::bind(config.listen_addr)
        .await
        .is_err()
    {
        println!("Something is listening on {} — is linedesk running? Stop it before restoring, then start it again afterwards.", config.listen_addr);
        return Ok(ExitCode::from(2));
    }
    match backup::restore(&Place::of(&config), &args.from, args.force).await {
        Err(err) => {
            println!("Nothing was restored: {err:#}");
            Ok(ExitCode::from(2))
        }
        Ok(Restore::UsePgRestore(command)) => {
            println!("This desk keeps its data in PostgreSQL: restore a pg_dump backup with PostgreSQL's own tool (stop linedesk first):\n\n  {command}\n");
            Ok(ExitCode::from(2))
        }
        Ok(Restore::Restored {
            manifest,
            rows,
            audit_entries,
            moved_aside,
            warnings,
        }) => {
            println!(
                "Restored the backup taken {} by linedesk {}.",
                domain::time::format_utc(manifest.taken_at),
                manifest.linedesk_version
            );
            print_rows(&rows);
            println!("  {} stored files", manifest.files);
            println!("Audit chain intact: {audit_entries} entries verified.");
            for path in moved_aside {
                println!("Kept what was there before as {}", path.display());
            }
            for warning in warnings {
                println!("Warning: {warning}");
            }
            Ok(ExitCode::SUCCESS)
        }
    }
}

fn print_rows(rows: &[(String, i64)]) {
    for (table, count) in rows {
        println!("  {count:>10}  {table}");
    }
}
