//! Work distribution. A conversation's first customer message routes it (the workstream's
//! rules, else its fallback queue; or the bot first). Waiting conversations of push workstreams
//! are offered to one agent at a time (present, with room, with the skills, longest idle first)
//! until someone accepts; pick workstreams leave them in the queue for agents to pick. Every
//! step is a conditional UPDATE, so two processes (or two agents) never both win.

use crate::clock::now_ms;
use crate::db::conversations::{self, ConversationRow, WaitingRow};
use crate::db::{accounts, agents, contacts, offers, profiles};
use crate::engine::automated::{self, ChannelContext};
use crate::engine::{bot, Engine};
use domain::agent::{choose_agent, Candidate, Demand, Presence};
use domain::automated::Trigger;
use domain::conversation::{ChatKind, ConversationState};
use domain::routing::{evaluate, parse_skills, Facts};
use domain::workstream::{DistributionMode, WorkstreamSettings, WrapUpBlock};
use std::collections::HashMap;

/// Assigned conversations closed longer ago than this no longer hold capacity, whatever the
/// wrap-up setting (the longest wrap-up the settings allow is shorter).
const WRAP_UP_HORIZON_MS: i64 = 24 * 3_600_000;

/// What routing knows about a conversation: the customer's LINE profile, linked contact,
/// first message, the workstream's variables, the account.
pub async fn facts_for(
    engine: &Engine,
    conversation: &ConversationRow,
    ctx: &ChannelContext,
    text: Option<&str>,
) -> anyhow::Result<Facts> {
    let pool = &engine.db.pool;
    let profile = if conversation.chat_kind == ChatKind::User {
        profiles::find(pool, conversation.account_id, &conversation.chat_id).await?
    } else {
        None
    };
    let contact_id = conversation
        .contact_id
        .or_else(|| profile.as_ref().and_then(|p| p.contact_id));
    let contact = match contact_id {
        Some(id) => contacts::name_email_phone(pool, id).await?,
        None => None,
    };
    let account = accounts::name(pool, conversation.account_id).await?;
    let mut fields = std::collections::BTreeMap::new();
    if let Some((name, email, phone)) = &contact {
        fields.insert("name".to_string(), name.clone());
        for (key, value) in [("email", email), ("phone", phone)] {
            if let Some(value) = value {
                fields.insert(key.to_string(), value.clone());
            }
        }
    }
    Ok(Facts {
        customer_name: contact.as_ref().map(|c| c.0.clone()),
        display_name: profile.as_ref().and_then(|p| p.display_name.clone()),
        message_text: text.map(str::to_owned),
        // LINE's tag as the desk codes it ("zh-Hant" is "zh-TW"), so conditions picked from
        // the language list match; other tags as LINE sent them.
        language: profile
            .as_ref()
            .and_then(|p| p.language.as_deref())
            .map(|tag| {
                domain::automated::desk_language(tag).map_or_else(|| tag.to_string(), str::to_owned)
            }),
        contact_exists: contact.is_some(),
        contact: fields,
        variables: ctx.variable_defaults(),
        account,
        at: now_ms(),
    })
}

/// Routes a conversation that has not been routed yet: to the bot (push workstreams with one
/// switched on) or to a queue, waiting for an agent. Returns whether it was routed now.
/// Conversations routed by this process so far: the event worker wakes distribution only when
/// a round routed one.
static ROUTED: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);

pub fn routed_so_far() -> u64 {
    ROUTED.load(std::sync::atomic::Ordering::Relaxed)
}

pub async fn route_new(
    engine: &Engine,
    conversation: &ConversationRow,
    ctx: &ChannelContext,
    text: Option<&str>,
    line_message_id: Option<&str>,
) -> anyhow::Result<bool> {
    if conversation.routed_by.is_some() || conversation.assigned_user_id.is_some() {
        return Ok(false);
    }
    let facts = facts_for(engine, conversation, ctx, text).await?;
    let roll = rand::random::<u32>() % 100;
    let (queue_id, priority, skills, routed_by) = match evaluate(&ctx.routing, &facts, roll) {
        Some(hit) => (
            hit.queue_id,
            hit.priority,
            hit.skills,
            format!("rule: {} / {}", hit.ruleset, hit.rule),
        ),
        None => (ctx.queue_id, 0, Vec::new(), "fallback".to_string()),
    };
    let bot_on =
        ctx.mode == DistributionMode::Push && bot::enabled(engine, ctx.workstream_id).await?;
    let route = conversations::Route {
        queue_id,
        priority,
        required_skills: &skills.join(","),
        routed_by: &routed_by,
        bot_active: bot_on,
    };
    let routed = conversations::route(&engine.db.pool, conversation.id, &route, now_ms()).await?;
    if !routed {
        return Ok(false);
    }
    ROUTED.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    tracing::debug!(conversation = conversation.id, %routed_by, queue_id, "routed");
    engine.live.publish(conversation.id).await;
    if bot_on {
        if let Some(fresh) = conversations::get(&engine.db.pool, conversation.id).await? {
            bot::on_customer_text(
                engine,
                &fresh,
                ctx,
                line_message_id,
                text.unwrap_or_default(),
            )
            .await?;
        }
    }
    Ok(true)
}

/// How much of its agent's capacity a conversation (or an offer) takes now.
fn taken(row: &agents::LoadRow, settings: &WorkstreamSettings, now: i64) -> u32 {
    let per = settings.distribution.capacity_per_conversation;
    if row.load != agents::Load::Conversation(ConversationState::Closed) {
        return per;
    }
    let window_ms = match settings.distribution.wrap_up_block {
        WrapUpBlock::Always => i64::from(settings.sessions.wrap_up_minutes) * 60_000,
        WrapUpBlock::Never => 0,
        WrapUpBlock::For(seconds) => i64::from(seconds) * 1000,
    };
    match row.closed_at {
        Some(closed) if now < closed + window_ms => per,
        _ => 0,
    }
}

fn settings_of(json: Option<&str>) -> WorkstreamSettings {
    json.and_then(|s| serde_json::from_str(s).ok())
        .unwrap_or_default()
}

/// Capacity in use per agent.
pub async fn loads(engine: &Engine, now: i64) -> anyhow::Result<HashMap<i64, u32>> {
    let mut cache: HashMap<String, WorkstreamSettings> = HashMap::new();
    let mut loads = HashMap::new();
    for row in agents::loads(&engine.db.pool, now - WRAP_UP_HORIZON_MS).await? {
        let key = row.settings.clone().unwrap_or_default();
        let settings = cache
            .entry(key)
            .or_insert_with(|| settings_of(row.settings.as_deref()));
        *loads.entry(row.user_id).or_insert(0) += taken(&row, settings, now);
    }
    Ok(loads)
}

fn candidate(row: &agents::AgentRow, loads: &HashMap<i64, u32>) -> Candidate {
    Candidate {
        user_id: row.user_id,
        presence: Presence::parse(&row.presence).unwrap_or_default(),
        capacity: u32::try_from(row.capacity).unwrap_or(0),
        load: loads.get(&row.user_id).copied().unwrap_or(0),
        skills: parse_skills(&row.skills),
        last_assigned_at: row.last_assigned_at,
    }
}

/// One round: expires overdue offers, then offers each waiting push conversation (highest
/// priority, longest waiting first) to the best agent; conversations nobody can take hear
/// their position (or that no agent is available) once. Returns the offers made.
pub async fn distribute(engine: &Engine) -> anyhow::Result<usize> {
    let now = now_ms();
    for conversation in offers::expire_due(&engine.db.pool, now).await? {
        engine.live.publish(conversation).await;
    }
    let waiting = conversations::waiting_for_offers(&engine.db.pool).await?;
    if waiting.is_empty() {
        return Ok(0);
    }
    let mut loads = loads(engine, now).await?;
    let mut members: HashMap<i64, Vec<agents::AgentRow>> = HashMap::new();
    let mut positions: HashMap<i64, u32> = HashMap::new();
    let mut offered = 0;
    for conversation in waiting {
        let settings = settings_of(Some(&conversation.settings));
        let queue_members = match members.entry(conversation.queue_id) {
            std::collections::hash_map::Entry::Occupied(known) => known.into_mut(),
            std::collections::hash_map::Entry::Vacant(slot) => {
                slot.insert(agents::members_of(&engine.db.pool, conversation.queue_id).await?)
            }
        };
        let candidates: Vec<Candidate> =
            queue_members.iter().map(|m| candidate(m, &loads)).collect();
        let excluded = offers::refused_by(&engine.db.pool, conversation.id).await?;
        let preferred = if settings.distribution.keep_same_agent {
            previous_agent(engine, &conversation).await?
        } else {
            None
        };
        let required = parse_skills(&conversation.required_skills);
        let demand = Demand {
            needed_capacity: settings.distribution.capacity_per_conversation,
            allowed_presences: &settings.distribution.allowed_presences,
            required_skills: &required,
            skill_matching: settings.distribution.skill_matching.as_str(),
            excluded: &excluded,
            preferred,
        };
        match choose_agent(&candidates, &demand) {
            Some(agent) => {
                let expires = now + i64::from(settings.notifications.timeout_seconds.max(5)) * 1000;
                if offers::insert(&engine.db.pool, conversation.id, agent, now, expires).await? {
                    *loads.entry(agent).or_insert(0) += demand.needed_capacity;
                    offered += 1;
                    engine.live.publish(conversation.id).await;
                }
            }
            None => {
                let position = positions.entry(conversation.queue_id).or_insert(0);
                *position += 1;
                let anyone_present = candidates.iter().any(|c| c.presence != Presence::Offline);
                tell_waiting(engine, conversation.id, *position, anyone_present).await?;
            }
        }
    }
    Ok(offered)
}

/// The agent who last served this customer on the account, for "keep the same agent".
async fn previous_agent(engine: &Engine, waiting: &WaitingRow) -> anyhow::Result<Option<i64>> {
    Ok(conversations::previous_agent(
        &engine.db.pool,
        waiting.account_id,
        &waiting.chat_id,
        waiting.id,
    )
    .await?)
}

/// A customer nobody can take yet hears (once per conversation) their position in the queue,
/// or, when nobody in the queue is online, that no agent is available.
async fn tell_waiting(
    engine: &Engine,
    conversation_id: i64,
    position: u32,
    anyone_present: bool,
) -> anyhow::Result<()> {
    let Some(conversation) = conversations::get(&engine.db.pool, conversation_id).await? else {
        return Ok(());
    };
    if conversation.chat_kind != ChatKind::User {
        return Ok(());
    }
    let Some(ctx) = automated::context_for_account(engine, conversation.account_id).await? else {
        return Ok(());
    };
    let trigger = if anyone_present {
        Trigger::QueuePosition
    } else {
        Trigger::NoAgent
    };
    automated::send_with(
        engine,
        &conversation,
        &ctx,
        trigger,
        None,
        None,
        Some(position),
    )
    .await?;
    Ok(())
}

/// How `assign` may take a conversation (its condition is db's).
pub use crate::db::conversations::Take;

/// Gives the conversation to an agent: it becomes active, offers for it are withdrawn, the
/// customer hears the agent's name (once per agent). False when another took it first.
pub async fn assign(
    engine: &Engine,
    conversation_id: i64,
    user_id: i64,
    agent_name: &str,
    take: Take,
) -> anyhow::Result<bool> {
    let now = now_ms();
    let taken = conversations::assign(&engine.db.pool, conversation_id, user_id, take, now).await?;
    if !taken {
        return Ok(false);
    }
    offers::withdraw(&engine.db.pool, Some(conversation_id), None, now).await?;
    agents::assigned(&engine.db.pool, user_id, now).await?;
    if let Some(conversation) = conversations::get(&engine.db.pool, conversation_id).await? {
        if conversation.chat_kind == ChatKind::User {
            if let Some(ctx) =
                automated::context_for_account(engine, conversation.account_id).await?
            {
                let once = format!("agent{user_id}");
                automated::send(
                    engine,
                    &conversation,
                    &ctx,
                    Trigger::AgentAssigned,
                    Some(agent_name),
                    Some(&once),
                )
                .await?;
            }
        }
    }
    engine.live.publish(conversation_id).await;
    Ok(true)
}

/// Puts the conversation back into a queue, unassigned, to be offered or picked again.
pub async fn requeue(engine: &Engine, conversation_id: i64, queue_id: i64) -> anyhow::Result<bool> {
    let now = now_ms();
    offers::withdraw(&engine.db.pool, Some(conversation_id), None, now).await?;
    let moved = conversations::requeue(&engine.db.pool, conversation_id, queue_id, now).await?;
    engine.live.publish(conversation_id).await;
    Ok(moved)
}
