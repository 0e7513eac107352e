//! The command line: `linedesk [serve]`, and admin commands for automation.

pub mod account;
pub mod audit;
pub mod backup;
pub mod demo;
pub mod doctor;
pub mod insights;
pub mod migrate;
pub mod user;

use crate::config::RawConfig;
use clap::{Parser, Subcommand};
use domain::user::CurrentUser;
use domain::Role;

/// The CLI acts as the machine's operator; the audit log names it "cli".
pub fn operator() -> CurrentUser {
    CurrentUser {
        id: 0,
        email: "cli".into(),
        display_name: "Command line".into(),
        role: Role::Admin,
    }
}

#[derive(Parser, Debug)]
#[command(
    name = "linedesk",
    version,
    about = "A self-hosted customer-service desk for LINE Official Accounts"
)]
pub struct Cli {
    #[command(flatten)]
    pub config: RawConfig,
    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Subcommand, Debug)]
pub enum Command {
    /// Serve the portal and the LINE callback (the default).
    Serve,
    /// Manage users.
    #[command(subcommand)]
    User(user::UserCommand),
    /// Manage LINE messaging accounts.
    #[command(subcommand)]
    Account(account::AccountCommand),
    /// Check the audit log.
    #[command(subcommand)]
    Audit(audit::AuditCommand),
    /// Insights: rebuild the Reports rollups; generated traffic for a demo desk.
    #[command(subcommand)]
    Insights(insights::InsightsCommand),
    /// Generated data for bench and test desks.
    #[command(subcommand)]
    Demo(demo::DemoCommand),
    /// Copy the whole desk (database, stored files, optionally the master key) into one file,
    /// while it runs.
    Backup(backup::BackupArgs),
    /// Put a backup in place of this desk's data (linedesk stopped).
    Restore(backup::RestoreArgs),
    /// Bring the database's schema up to this version (serving does too, except past a
    /// migration that may lose data).
    Migrate(migrate::MigrateArgs),
    /// Check what the desk depends on (https address, LINE's webhooks and clock, disk, work
    /// waiting, backups) and say what to do about what fails; exit 1 if something fails.
    Doctor,
}
