//! `linedesk demo seed-scale`: fills a bench or test desk with a year of a large desk's data
//! (db/scale_seed.rs), for the bench's data-scale section and `make seed-scale`. Never meant
//! for a production desk: it refuses to run unless asked with `--yes-this-is-a-demo`.

use crate::config::Config;
use crate::db::{scale_seed, Db};
use anyhow::bail;
use clap::Subcommand;
use std::process::ExitCode;

#[derive(Subcommand, Debug)]
pub enum DemoCommand {
    /// Add a year of generated desk data: MESSAGES messages, a tenth as many conversations, a
    /// twentieth as many contacts, a fifth as many audit entries (the first run also makes 20
    /// accounts, 200 agents and 20 queues).
    SeedScale {
        /// How many messages to add (100000 for `make seed-scale SIZE=small`, 10000000 full).
        #[arg(long)]
        messages: usize,
        /// The run writes into the database: say it is a demo or test desk.
        #[arg(long, required = true)]
        yes_this_is_a_demo: bool,
    },
}

pub async fn run(config: Config, command: DemoCommand) -> anyhow::Result<ExitCode> {
    let DemoCommand::SeedScale { messages, .. } = command;
    if !(10..=50_000_000).contains(&messages) {
        bail!("use --messages 10 to 50000000");
    }
    let db = Db::open(&config.database_url).await?;
    let started = std::time::Instant::now();
    // The generated agents' password: long and random, so nobody signs in as them.
    let password = format!("{:032x}", rand::random::<u128>());
    let hash = crate::auth::password::hash(password).await?;
    let seeded = scale_seed::seed(&db, messages, &hash, crate::clock::now_ms(), |step| {
        eprintln!("  {step} ({} s)", started.elapsed().as_secs())
    })
    .await?;
    if db.backend == crate::db::Backend::Postgres {
        scale_seed::analyze(&db).await?;
    }
    println!(
        "added {} conversations, {} messages, {} contacts and {} audit entries in {} s",
        seeded.conversations,
        seeded.messages,
        seeded.contacts,
        seeded.audit_entries,
        started.elapsed().as_secs()
    );
    Ok(ExitCode::SUCCESS)
}
