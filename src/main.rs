//! linedesk: one binary that serves the portal and the LINE callback, runs the workers, and
//! carries the admin CLI. `main` only parses the command line and hands over.

use clap::Parser;
use linedesk::cli::{Cli, Command};
use linedesk::config::Config;
use std::process::ExitCode;

/// mimalloc instead of glibc's malloc: rendering a page allocates and frees many small strings
/// and view nodes across threads, where glibc's arenas cost measurably more (see BENCHMARKS.md).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

#[tokio::main]
async fn main() -> ExitCode {
    // Before anything is written: the database, its -wal/-shm and stored files are private.
    linedesk::private_files::restrict_new_files();
    let cli = Cli::parse();
    let config = match Config::from_raw(cli.config) {
        Ok(config) => config,
        Err(err) => {
            // One clear line naming the setting, then stop.
            eprintln!("linedesk: configuration error: {err}");
            return ExitCode::from(2);
        }
    };
    linedesk::telemetry::init(config.log_format);
    let database = linedesk::db::sqlite::connection::sqlite_file(&config.database_url);
    if let Err(err) = linedesk::private_files::tighten(&config.data_dir, database.as_deref()) {
        tracing::warn!(%err, "could not restrict the data files to linedesk's user");
    }
    let result = match cli.command.unwrap_or(Command::Serve) {
        Command::Serve => linedesk::server::serve(config).await,
        Command::User(cmd) => linedesk::cli::user::run(config, cmd).await,
        Command::Account(cmd) => linedesk::cli::account::run(config, cmd).await,
        Command::Audit(cmd) => linedesk::cli::audit::run(config, cmd).await,
        Command::Insights(cmd) => linedesk::cli::insights::run(config, cmd).await,
        Command::Demo(cmd) => linedesk::cli::demo::run(config, cmd).await,
        Command::Backup(args) => linedesk::cli::backup::backup(config, args).await,
        Command::Restore(args) => linedesk::cli::backup::restore(config, args).await,
        Command::Migrate(args) => linedesk::cli::migrate::run(config, args).await,
        Command::Doctor => linedesk::cli::doctor::run(config).await,
    };
    match result {
        Ok(code) => code,
        Err(err) => {
            eprintln!("linedesk: {err:#}");
            ExitCode::FAILURE
        }
    }
}
