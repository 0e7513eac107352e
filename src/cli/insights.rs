//! `linedesk insights rebuild`: recomputes the Reports rollups from the raw rows (a repair; the
//! database keeps them by itself). `linedesk insights demo-traffic`: fills a demo or test desk
//! with past conversations so the Reports charts show something on first look. Never meant for
//! a production desk: it refuses to run unless asked with `--yes-this-is-a-demo`.

use crate::cli::operator;
use crate::config::Config;
use crate::db::{demo_traffic, insight_rollups, queues, users, workstreams, Db};
use crate::server::services;
use anyhow::{bail, Context};
use clap::Subcommand;
use demo_traffic::GeneratedConversation;
use domain::conversation::MessageDirection;
use domain::user::{ClientInfo, NewUser};
use domain::workstream::NewWorkstream;
use domain::Role;
use std::process::ExitCode;

#[derive(Subcommand, Debug)]
pub enum InsightsCommand {
    /// Recompute the Reports rollups from the raw rows, from 00:00 UTC of a day on.
    Rebuild {
        /// The first day to recompute, YYYY-MM-DD (UTC).
        #[arg(long)]
        since: String,
    },
    /// Write generated conversations of the past days (a demo desk's traffic).
    DemoTraffic {
        /// How many days back, ending now.
        #[arg(long, default_value_t = 30)]
        days: i64,
        /// Conversations on an average day.
        #[arg(long, default_value_t = 100)]
        per_day: i64,
        /// How many demo agents answer it (made on the first run).
        #[arg(long, default_value_t = 4)]
        agents: usize,
        /// How many queues it is spread over (made on the first run).
        #[arg(long, default_value_t = 1)]
        queues: usize,
        /// Counts only, for benchmarks: each conversation with its first customer message and
        /// the time of its first reply, written a day per statement (a year of 1 M
        /// conversations in minutes instead of hours).
        #[arg(long)]
        bulk: bool,
        /// The run writes into the database: say it is a demo or test desk.
        #[arg(long, required = true)]
        yes_this_is_a_demo: bool,
    },
}

const DEMO_AGENTS: [&str; 4] = [
    "Aiko Tanaka",
    "Somchai Wong",
    "Mei-ling Chen",
    "Giulia Rossi",
];

/// What customers and agents write, in the desk's languages.
const CUSTOMER_TEXTS: [&str; 6] = [
    "注文した商品がまだ届きません。配送状況を教えてください。",
    "สวัสดีค่ะ อยากเปลี่ยนที่อยู่จัดส่งค่ะ",
    "請問可以退貨嗎？",
    "Hi, I was charged twice for my order.",
    "Buongiorno, vorrei cambiare la taglia.",
    "ポイントの有効期限はいつですか？",
];
const AGENT_TEXTS: [&str; 4] = [
    "お問い合わせありがとうございます。確認いたします。",
    "ขอบคุณค่ะ ดำเนินการให้เรียบร้อยแล้วค่ะ",
    "Thanks for waiting, that's sorted now.",
    "Grazie, ho aggiornato l'ordine.",
];

pub async fn run(config: Config, command: InsightsCommand) -> anyhow::Result<ExitCode> {
    let db = Db::open(&config.database_url).await?;
    match command {
        InsightsCommand::Rebuild { since } => {
            let Some(since) = domain::time::parse_date(&since) else {
                bail!("--since takes a date, YYYY-MM-DD (for example 2026-11-01)");
            };
            let started = std::time::Instant::now();
            let mut tx = db.begin_write().await?;
            insight_rollups::rebuild(&mut tx, since).await?;
            tx.commit().await?;
            if db.backend == crate::db::Backend::Postgres {
                insight_rollups::analyze(&db.pool).await?;
            }
            println!(
                "rebuilt the Reports rollups from {} UTC on in {} ms",
                domain::time::format_iso_date(since.div_euclid(86_400_000)),
                started.elapsed().as_millis()
            );
            Ok(ExitCode::SUCCESS)
        }
        InsightsCommand::DemoTraffic {
            days,
            per_day,
            agents,
            queues,
            bulk,
            ..
        } => {
            if !(1..=366).contains(&days) || !(1..=10_000).contains(&per_day) {
                bail!("use --days 1 to 366 and --per-day 1 to 10000");
            }
            if !(1..=50).contains(&agents) || !(1..=20).contains(&queues) {
                bail!("use --agents 1 to 50 and --queues 1 to 20");
            }
            let key = crate::crypto::MasterKey::load_or_create(&config.secret_key_file)?;
            let services = services(
                &db,
                &key,
                &config,
                &Default::default(),
                &crate::live::Notifier::local(),
            );
            let Some(account_id) = demo_traffic::first_account(&db.pool).await? else {
                bail!("create a messaging account first (linedesk account create)");
            };
            let client = ClientInfo {
                address: Some("cli".into()),
            };
            // A workstream and its queue to count the traffic in.
            let (workstream_id, queue_id) = match workstreams::list(&db.pool).await?.first() {
                Some(w) => (w.id, w.fallback_queue_id),
                None => {
                    let id = services
                        .workstreams
                        .create(
                            &operator(),
                            NewWorkstream {
                                name: "Demo service".into(),
                                mode: "push".into(),
                                fallback_queue_id: None,
                                new_queue_name: Some("Demo queue".into()),
                            },
                            &client,
                        )
                        .await
                        .map_err(|e| anyhow::anyhow!("creating the demo workstream: {e}"))?;
                    let ws = workstreams::find(&db.pool, id)
                        .await?
                        .context("the demo workstream")?;
                    (id, ws.fallback_queue_id)
                }
            };
            let queues = demo_queues(&db, &services, queue_id, queues, &client).await?;
            let agents = demo_agents(&db, &services, &queues, agents, &client).await?;
            let started = std::time::Instant::now();
            let written = if bulk {
                write_bulk_traffic(
                    &db,
                    account_id,
                    workstream_id,
                    &queues,
                    &agents,
                    days,
                    per_day,
                )
                .await?
            } else {
                write_traffic(
                    &db,
                    account_id,
                    workstream_id,
                    queue_id,
                    &agents,
                    days,
                    per_day,
                )
                .await?
            };
            println!(
                "wrote {written} conversations over {days} days in {} s (account {account_id}, {} queues, {} agents)",
                started.elapsed().as_secs(),
                queues.len(),
                agents.len()
            );
            Ok(ExitCode::SUCCESS)
        }
    }
}

/// The workstream's queue and, past the first, "Demo queue N" (made on the first run).
async fn demo_queues(
    db: &Db,
    services: &domain::ports::Services,
    queue_id: i64,
    count: usize,
    client: &ClientInfo,
) -> anyhow::Result<Vec<i64>> {
    let existing = queues::list(&db.pool).await?;
    let mut ids = vec![queue_id];
    for n in 2..=count {
        let name = format!("Demo queue {n}");
        let id = match existing.iter().find(|q| q.name == name) {
            Some(q) => q.id,
            None => services
                .routing
                .create_queue(&operator(), &name, 0, client)
                .await
                .map_err(|e| anyhow::anyhow!("creating a demo queue: {e}"))?,
        };
        ids.push(id);
    }
    Ok(ids)
}

/// The agents who answer the demo traffic: demo agents of their own (made on the first run;
/// they cannot sign in, their passwords are random and never shown), so no real agent's inbox
/// fills with generated conversations. Members of every demo queue.
async fn demo_agents(
    db: &Db,
    services: &domain::ports::Services,
    queue_ids: &[i64],
    count: usize,
    client: &ClientInfo,
) -> anyhow::Result<Vec<i64>> {
    let existing = users::list(&db.pool).await?;
    let mut agents = Vec::new();
    for n in 0..count {
        let email = format!("demo-agent-{}@example.com", n + 1);
        if let Some(user) = existing.iter().find(|u| u.email == email) {
            agents.push(user.id);
            continue;
        }
        let name = DEMO_AGENTS
            .get(n)
            .map_or_else(|| format!("Demo agent {}", n + 1), |name| name.to_string());
        let user = services
            .users
            .create(
                &operator(),
                NewUser {
                    email,
                    display_name: name,
                    password: random_password(),
                    role: Role::Agent,
                },
                client,
            )
            .await
            .map_err(|e| anyhow::anyhow!("creating a demo agent: {e}"))?;
        agents.push(user.id);
    }
    let all_members = queues::members(&db.pool).await?;
    for queue_id in queue_ids {
        let mut members: Vec<i64> = all_members
            .iter()
            .filter(|m| m.queue_id == *queue_id)
            .map(|m| m.user_id)
            .collect();
        for id in &agents {
            if !members.contains(id) {
                members.push(*id);
            }
        }
        services
            .routing
            .set_queue_members(&operator(), *queue_id, members, client)
            .await
            .map_err(|e| anyhow::anyhow!("adding the demo agents to the queue: {e}"))?;
    }
    Ok(agents)
}

/// `--bulk`: `per_day` conversations on each of the `days` days before today, a transaction a
/// day (SQLite's triggers count each into the Reports rollups as they go in; on PostgreSQL the
/// rollups are rebuilt from the raw rows at the end).
async fn write_bulk_traffic(
    db: &Db,
    account_id: i64,
    workstream_id: i64,
    queues: &[i64],
    agents: &[i64],
    days: i64,
    per_day: i64,
) -> anyhow::Result<i64> {
    const DAY: i64 = 86_400_000;
    let today = crate::clock::now_ms().div_euclid(DAY) * DAY;
    for day in 0..days {
        let mut tx = db.begin_write().await?;
        demo_traffic::insert_bulk_day(
            &mut tx,
            &demo_traffic::BulkDay {
                account_id,
                workstream_id,
                queues,
                agents,
                day_start: today - (days - day) * DAY,
                count: per_day,
                last: day + 1 == days,
            },
        )
        .await?;
        tx.commit().await?;
    }
    if db.backend == crate::db::Backend::Postgres {
        // Written with the rollup triggers off (see insert_bulk_day): counted now, in one pass.
        let mut tx = db.begin_write().await?;
        insight_rollups::rebuild(&mut tx, today - days * DAY).await?;
        tx.commit().await?;
        insight_rollups::analyze(&db.pool).await?;
    }
    Ok(days * per_day)
}

fn random_password() -> String {
    use rand::Rng;
    let mut rng = rand::thread_rng();
    (0..32)
        .map(|_| rng.sample(rand::distributions::Alphanumeric) as char)
        .collect()
}

/// A small deterministic generator: the same desk every run.
struct Lcg(u64);

impl Lcg {
    fn below(&mut self, n: i64) -> i64 {
        self.0 = self
            .0
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        ((self.0 >> 33) % n.max(1) as u64) as i64
    }
}

/// How busy each hour of the day is (Japan, Taiwan and Thailand's office hours in UTC terms
/// are roughly 00:00 to 10:00 UTC; evenings are quieter).
const HOUR_WEIGHT: [i64; 24] = [
    8, 10, 10, 9, 8, 9, 10, 9, 7, 6, 5, 4, 3, 2, 1, 1, 1, 1, 1, 1, 2, 3, 4, 6,
];

async fn write_traffic(
    db: &Db,
    account_id: i64,
    workstream_id: i64,
    queue_id: i64,
    agents: &[i64],
    days: i64,
    per_day: i64,
) -> anyhow::Result<i64> {
    const MINUTE: i64 = 60_000;
    const DAY: i64 = 86_400_000;
    let now = crate::clock::now_ms();
    let start = now - days * DAY;
    let mut rng = Lcg(2026);
    let mut written = 0;
    let total_weight: i64 = HOUR_WEIGHT.iter().sum();
    for day in 0..=days {
        let day_start = start - start.rem_euclid(DAY) + day * DAY;
        // Weekends are quieter.
        let weekday = (day_start / DAY + 3).rem_euclid(7);
        let count = if weekday >= 5 {
            per_day * 6 / 10
        } else {
            per_day
        } + rng.below(per_day / 5 + 1);
        let mut tx = db.begin_write().await?;
        for n in 0..count {
            // An hour by weight, then a minute in it.
            let mut pick = rng.below(total_weight);
            let hour = HOUR_WEIGHT
                .iter()
                .position(|w| {
                    pick -= w;
                    pick < 0
                })
                .unwrap_or(0) as i64;
            let opened_at =
                day_start + hour * 3_600_000 + rng.below(60) * MINUTE + rng.below(60_000);
            if opened_at >= now {
                continue;
            }
            let agent = agents[rng.below(agents.len() as i64) as usize];
            let text = CUSTOMER_TEXTS[rng.below(CUSTOMER_TEXTS.len() as i64) as usize];
            let mut c = GeneratedConversation {
                account_id,
                workstream_id,
                queue_id: Some(queue_id),
                chat_id: format!("Udemo{:027x}", day * 100_000 + n),
                agent_id: None,
                opened_at,
                queued_at: Some(opened_at + 1_000),
                assigned_at: None,
                closed_at: None,
                bot_served: false,
                transfers: 0,
                messages: vec![(MessageDirection::In, None, text.to_string(), opened_at)],
                survey: None,
            };
            let roll = rng.below(100);
            let recent = now - opened_at < 2 * 3_600_000;
            match roll {
                // The bot answered it alone.
                0..=14 => {
                    c.bot_served = true;
                    c.queue_id = None;
                    c.queued_at = None;
                    c.messages.push((
                        MessageDirection::Out,
                        None,
                        "FAQ: https://example.com/help".into(),
                        opened_at + 2_000,
                    ));
                    c.closed_at = Some(opened_at + (2 + rng.below(8)) * MINUTE);
                }
                // The customer left before an agent answered.
                15..=24 => {
                    c.closed_at = Some(opened_at + (1 + rng.below(15)) * MINUTE);
                }
                // An agent took it and answered (some after the bot handed off).
                _ => {
                    if roll < 35 {
                        c.bot_served = true;
                        c.messages.push((
                            MessageDirection::Out,
                            None,
                            "FAQ: https://example.com/help".into(),
                            opened_at + 2_000,
                        ));
                        c.queued_at = Some(opened_at + (1 + rng.below(3)) * MINUTE);
                    }
                    let queued = c.queued_at.unwrap_or(opened_at);
                    let assigned = queued + rng.below(4) * MINUTE + rng.below(60_000);
                    let reply = assigned + 5_000 + rng.below(3 * MINUTE);
                    c.agent_id = Some(agent);
                    c.assigned_at = Some(assigned);
                    c.transfers = i64::from(rng.below(12) == 0);
                    let answer = AGENT_TEXTS[rng.below(AGENT_TEXTS.len() as i64) as usize];
                    c.messages
                        .push((MessageDirection::Out, Some(agent), answer.into(), reply));
                    c.messages.push((
                        MessageDirection::In,
                        None,
                        "ありがとうございます".into(),
                        reply + 2 * MINUTE,
                    ));
                    c.messages.push((
                        MessageDirection::Out,
                        Some(agent),
                        AGENT_TEXTS[2].into(),
                        reply + 3 * MINUTE,
                    ));
                    // The last couple of hours: some are still being handled.
                    if !(recent && roll > 80) {
                        let closed = reply + (4 + rng.below(40)) * MINUTE;
                        c.closed_at = Some(closed);
                        let rating = match rng.below(10) {
                            0..=3 => None,
                            4 => Some(3),
                            5 | 6 => Some(4),
                            7 => Some(2 + rng.below(2)),
                            _ => Some(5),
                        };
                        c.survey = Some((closed + 1_000, rating));
                    }
                }
            }
            // Nothing in the future (the last hours of today).
            c.messages.retain(|m| m.3 < now);
            if c.closed_at.is_some_and(|at| at >= now) {
                c.closed_at = None;
                c.survey = None;
            }
            demo_traffic::insert(&mut tx, &c).await?;
            written += 1;
        }
        tx.commit().await?;
    }
    Ok(written)
}
