//! Queues, routing rules, agents, offers, picking, transfers and bots. Configuration changes
//! and transfers are written together with their audit entry; an agent's own presence and
//! their accept/decline/pick are operations, logged but not audited.

use crate::clock::now_ms;
use crate::db::{agents, bots, conversations, offers, queues, workstreams, Db};
use crate::engine::distribution::{self, assign, requeue, Take};
use crate::engine::wakers::Wakers;
use crate::engine::Engine;
use crate::error::{unique_as_field, OrInternal};
use crate::services::visibility::require_staff;
use crate::services::{audit_entry, changes, commit_audited};
use async_trait::async_trait;
use domain::agent::{AgentView, Presence, CAPACITY_MAX};
use domain::bot::{check_bot, check_faq, BotConfig, BotKind, BotView};
use domain::conversation::ConversationState;
use domain::queue::{
    check_queue, OfferState, QueueDetail, QueueMember, QueueUse, RouteTest, TransferTarget,
};
use domain::routing::RoutingService;
use domain::routing::{check_routing, evaluate, parse_skills, Facts, Routing};
use domain::user::{ClientInfo, CurrentUser};
use domain::workstream::DistributionMode;
use domain::Problem;
use domain::{AppError, FieldErrors, Role};
use serde_json::json;
use std::collections::BTreeMap;

const QUEUE_TAKEN: Problem = Problem::QueueTaken;

pub struct Distribution {
    pub engine: Engine,
    pub wakers: Wakers,
}

fn queue_not_found() -> AppError {
    AppError::NotFound(Problem::QueueNotFound)
}

fn workstream_not_found() -> AppError {
    AppError::NotFound(Problem::WorkstreamNotFound)
}

/// How customers and colleagues see a user's name.
pub fn display_name(user: &CurrentUser) -> String {
    if user.display_name.trim().is_empty() {
        user.email.split('@').next().unwrap_or_default().to_string()
    } else {
        user.display_name.trim().to_string()
    }
}

impl Distribution {
    fn db(&self) -> &Db {
        &self.engine.db
    }

    async fn workstream(&self, id: i64) -> Result<workstreams::WorkstreamRow, AppError> {
        workstreams::find(&self.db().pool, id)
            .await
            .or_internal()?
            .ok_or_else(workstream_not_found)
    }

    async fn queue_ids(&self) -> Result<Vec<i64>, AppError> {
        Ok(queues::list(&self.db().pool)
            .await
            .or_internal()?
            .into_iter()
            .map(|q| q.id)
            .collect())
    }

    /// Who sends work to the queue: workstreams falling back to it, rules routing to it.
    async fn users_of_queue(&self, id: i64) -> Result<Vec<QueueUse>, AppError> {
        let mut used: Vec<QueueUse> = queues::fallback_of(&self.db().pool, id)
            .await
            .or_internal()?
            .into_iter()
            .map(|workstream| QueueUse::Fallback { workstream })
            .collect();
        for (_, name, routing) in workstreams::all_routing(&self.db().pool)
            .await
            .or_internal()?
        {
            let routing: Routing = serde_json::from_str(&routing).unwrap_or_default();
            for ruleset in &routing.rulesets {
                for rule in &ruleset.rules {
                    if rule.output.splits.iter().any(|s| s.queue_id == id) {
                        used.push(QueueUse::Rule {
                            rule: rule.name.clone(),
                            workstream: name.clone(),
                        });
                    }
                }
            }
        }
        Ok(used)
    }

    async fn conversation(&self, id: i64) -> Result<conversations::ConversationRow, AppError> {
        conversations::get(&self.db().pool, id)
            .await
            .or_internal()?
            .ok_or(AppError::NotFound(Problem::ConversationNotFound))
    }

    /// Gives the waiting conversation to the agent, or says `lost` when someone was faster.
    async fn take_from_queue(
        &self,
        actor: &CurrentUser,
        conversation_id: i64,
        lost: Problem,
    ) -> Result<(), AppError> {
        let name = display_name(actor);
        let taken = assign(
            &self.engine,
            conversation_id,
            actor.id,
            &name,
            Take::FromQueue,
        )
        .await
        .or_internal()?;
        if !taken {
            return Err(AppError::Conflict(lost));
        }
        self.wakers.outbox.notify_one();
        Ok(())
    }

    /// Refuses when the agent's capacity is full.
    async fn check_room(&self, actor: &CurrentUser) -> Result<(), AppError> {
        let agent = agents::find(&self.db().pool, actor.id)
            .await
            .or_internal()?;
        let capacity = agent.map_or(agents::DEFAULT_CAPACITY, |a| a.capacity);
        let load = distribution::loads(&self.engine, now_ms())
            .await
            .or_internal()?
            .get(&actor.id)
            .copied()
            .unwrap_or(0);
        if i64::from(load) >= capacity {
            return Err(AppError::Conflict(Problem::AtCapacity { capacity }));
        }
        Ok(())
    }
}

#[async_trait]
impl RoutingService for Distribution {
    async fn queues(&self) -> Result<Vec<QueueDetail>, AppError> {
        let pool = &self.db().pool;
        let rows = queues::list(pool).await.or_internal()?;
        let members = queues::members(pool).await.or_internal()?;
        let counts = conversations::counts_by_queue(pool).await.or_internal()?;
        let mut out = Vec::with_capacity(rows.len());
        for q in rows {
            let count = |state: ConversationState| {
                counts
                    .iter()
                    .filter(|(id, s, _)| *id == q.id && *s == state)
                    .map(|(_, _, n)| *n)
                    .sum::<i64>()
            };
            out.push(QueueDetail {
                id: q.id,
                priority: q.priority,
                members: members
                    .iter()
                    .filter(|m| m.queue_id == q.id)
                    .map(|m| QueueMember {
                        user_id: m.user_id,
                        name: m.name.clone(),
                    })
                    .collect(),
                used_by: self.users_of_queue(q.id).await?,
                waiting: count(ConversationState::Waiting),
                active: count(ConversationState::Active),
                service_level_seconds: q.service_level_seconds,
                name: q.name,
            });
        }
        Ok(out)
    }

    async fn create_queue(
        &self,
        actor: &CurrentUser,
        name: &str,
        priority: i32,
        client: &ClientInfo,
    ) -> Result<i64, AppError> {
        let name = name.trim();
        check_queue(name, priority).into_result()?;
        let now = now_ms();
        let mut tx = self.db().begin_write().await.or_internal()?;
        let id = queues::insert(&mut *tx, name, now)
            .await
            .map_err(|err| unique_as_field(err, "name", QUEUE_TAKEN))?;
        queues::set_priority(&mut *tx, id, priority)
            .await
            .or_internal()?;
        let entry = audit_entry(
            Some(actor),
            client,
            "queue.create",
            "queue",
            Some(id.to_string()),
            json!({ "after": { "name": name, "priority": priority } }),
        );
        commit_audited(self.db(), tx, entry, now).await?;
        Ok(id)
    }

    async fn update_queue(
        &self,
        actor: &CurrentUser,
        id: i64,
        name: &str,
        priority: i32,
        client: &ClientInfo,
    ) -> Result<(), AppError> {
        let name = name.trim();
        check_queue(name, priority).into_result()?;
        let before = queues::find(&self.db().pool, id)
            .await
            .or_internal()?
            .ok_or_else(queue_not_found)?;
        let now = now_ms();
        let mut tx = self.db().begin_write().await.or_internal()?;
        queues::update(&mut *tx, id, name, priority, now)
            .await
            .map_err(|err| unique_as_field(err, "name", QUEUE_TAKEN))?;
        let entry = audit_entry(
            Some(actor),
            client,
            "queue.update",
            "queue",
            Some(id.to_string()),
            changes(
                &json!({ "name": before.name, "priority": before.priority }),
                &json!({ "name": name, "priority": priority }),
            ),
        );
        commit_audited(self.db(), tx, entry, now).await
    }

    async fn set_queue_members(
        &self,
        actor: &CurrentUser,
        id: i64,
        user_ids: Vec<i64>,
        client: &ClientInfo,
    ) -> Result<(), AppError> {
        queues::find(&self.db().pool, id)
            .await
            .or_internal()?
            .ok_or_else(queue_not_found)?;
        let staff = agents::list(&self.db().pool).await.or_internal()?;
        let mut wanted: Vec<i64> = user_ids;
        wanted.sort_unstable();
        wanted.dedup();
        if let Some(stranger) = wanted
            .iter()
            .find(|id| !staff.iter().any(|s| s.user_id == **id))
        {
            return Err(FieldErrors::single(
                "members",
                Problem::UserCannotAnswer { user: *stranger },
            ));
        }
        let before: Vec<i64> = queues::members(&self.db().pool)
            .await
            .or_internal()?
            .into_iter()
            .filter(|m| m.queue_id == id)
            .map(|m| m.user_id)
            .collect();
        let now = now_ms();
        let mut tx = self.db().begin_write().await.or_internal()?;
        queues::set_members(&mut tx, id, &wanted)
            .await
            .or_internal()?;
        let entry = audit_entry(
            Some(actor),
            client,
            "queue.members",
            "queue",
            Some(id.to_string()),
            json!({ "before": before, "after": wanted }),
        );
        commit_audited(self.db(), tx, entry, now).await?;
        self.engine.live.publish_staffing().await;
        self.wakers.distribution.notify_one();
        Ok(())
    }

    async fn delete_queue(
        &self,
        actor: &CurrentUser,
        id: i64,
        client: &ClientInfo,
    ) -> Result<(), AppError> {
        let queue = queues::find(&self.db().pool, id)
            .await
            .or_internal()?
            .ok_or_else(queue_not_found)?;
        let used = self.users_of_queue(id).await?;
        if !used.is_empty() {
            return Err(AppError::Conflict(Problem::QueueInUse {
                uses: used
                    .iter()
                    .map(ToString::to_string)
                    .collect::<Vec<_>>()
                    .join(", "),
            }));
        }
        let open = queues::open_conversations(&self.db().pool, id)
            .await
            .or_internal()?;
        if open > 0 {
            return Err(AppError::Conflict(Problem::QueueHasOpen { open }));
        }
        let now = now_ms();
        let mut tx = self.db().begin_write().await.or_internal()?;
        // Closed conversations keep their history, without the queue.
        conversations::clear_queue(&mut *tx, id)
            .await
            .or_internal()?;
        queues::delete(&mut tx, id).await.or_internal()?;
        let entry = audit_entry(
            Some(actor),
            client,
            "queue.delete",
            "queue",
            Some(id.to_string()),
            json!({ "before": { "name": queue.name, "priority": queue.priority } }),
        );
        commit_audited(self.db(), tx, entry, now).await
    }

    async fn routing(&self, workstream_id: i64) -> Result<Routing, AppError> {
        let row = self.workstream(workstream_id).await?;
        Ok(serde_json::from_str(&row.routing).unwrap_or_default())
    }

    async fn save_routing(
        &self,
        actor: &CurrentUser,
        workstream_id: i64,
        routing: Routing,
        client: &ClientInfo,
    ) -> Result<(), AppError> {
        let row = self.workstream(workstream_id).await?;
        let before: Routing = serde_json::from_str(&row.routing).unwrap_or_default();
        check_routing(&routing, &self.queue_ids().await?).into_result()?;
        let json = serde_json::to_string(&routing).or_internal()?;
        let now = now_ms();
        let mut tx = self.db().begin_write().await.or_internal()?;
        workstreams::set_routing(&mut *tx, workstream_id, &json, now)
            .await
            .or_internal()?;
        let entry = audit_entry(
            Some(actor),
            client,
            "workstream.routing",
            "workstream",
            Some(workstream_id.to_string()),
            changes(
                &serde_json::to_value(&before).or_internal()?,
                &serde_json::to_value(&routing).or_internal()?,
            ),
        );
        commit_audited(self.db(), tx, entry, now).await
    }

    async fn test_routing(&self, workstream_id: i64, facts: Facts) -> Result<RouteTest, AppError> {
        let row = self.workstream(workstream_id).await?;
        let routing: Routing = serde_json::from_str(&row.routing).unwrap_or_default();
        let names: BTreeMap<i64, String> = queues::list(&self.db().pool)
            .await
            .or_internal()?
            .into_iter()
            .map(|q| (q.id, q.name))
            .collect();
        let name_of = |id: i64| names.get(&id).cloned().unwrap_or_else(|| format!("#{id}"));
        // A split shows its first queue; the real roll is random per conversation.
        Ok(match evaluate(&routing, &facts, 0) {
            Some(hit) => {
                let rule = routing
                    .rulesets
                    .iter()
                    .flat_map(|s| &s.rules)
                    .find(|r| r.name == hit.rule);
                let queue_name = match rule.map(|r| &r.output.splits) {
                    Some(splits) if splits.len() > 1 => splits
                        .iter()
                        .map(|s| format!("{} ({} %)", name_of(s.queue_id), s.percent))
                        .collect::<Vec<_>>()
                        .join(", "),
                    _ => name_of(hit.queue_id),
                };
                RouteTest {
                    matched: Some((hit.ruleset, hit.rule)),
                    queue_name,
                    priority: hit.priority,
                    skills: hit.skills,
                }
            }
            None => RouteTest {
                matched: None,
                queue_name: name_of(row.fallback_queue_id),
                priority: 0,
                skills: Vec::new(),
            },
        })
    }

    async fn agents(&self) -> Result<Vec<AgentView>, AppError> {
        let pool = &self.db().pool;
        let rows = agents::list(pool).await.or_internal()?;
        let members = queues::members(pool).await.or_internal()?;
        let queue_names: BTreeMap<i64, String> = queues::list(pool)
            .await
            .or_internal()?
            .into_iter()
            .map(|q| (q.id, q.name))
            .collect();
        let loads = distribution::loads(&self.engine, now_ms())
            .await
            .or_internal()?;
        Ok(rows
            .into_iter()
            .map(|row| AgentView {
                queues: members
                    .iter()
                    .filter(|m| m.user_id == row.user_id)
                    .filter_map(|m| queue_names.get(&m.queue_id).cloned())
                    .collect(),
                load: loads.get(&row.user_id).copied().unwrap_or(0),
                presence: Presence::parse(&row.presence).unwrap_or_default(),
                capacity: u32::try_from(row.capacity).unwrap_or(0),
                skills: parse_skills(&row.skills),
                user_id: row.user_id,
                name: row.name,
                email: row.email,
                role: row.role,
            })
            .collect())
    }

    async fn set_agent(
        &self,
        actor: &CurrentUser,
        user_id: i64,
        capacity: u32,
        skills: Vec<String>,
        client: &ClientInfo,
    ) -> Result<(), AppError> {
        if !(1..=CAPACITY_MAX).contains(&capacity) {
            return Err(FieldErrors::single(
                "capacity",
                Problem::CapacityRange { max: CAPACITY_MAX },
            ));
        }
        let skills = parse_skills(&skills.join(","));
        if skills.iter().any(|s| s.chars().count() > 50) || skills.len() > 50 {
            return Err(FieldErrors::single("skills", Problem::SkillsLimit));
        }
        let before = agents::find(&self.db().pool, user_id)
            .await
            .or_internal()?
            .filter(|a| a.role != Role::Auditor.as_str())
            .ok_or(AppError::NotFound(Problem::AgentNotFound))?;
        let now = now_ms();
        let mut tx = self.db().begin_write().await.or_internal()?;
        agents::set_profile(&mut tx, user_id, i64::from(capacity), &skills.join(","))
            .await
            .or_internal()?;
        let entry = audit_entry(
            Some(actor),
            client,
            "agent.update",
            "user",
            Some(user_id.to_string()),
            changes(
                &json!({ "capacity": before.capacity, "skills": parse_skills(&before.skills) }),
                &json!({ "capacity": capacity, "skills": skills }),
            ),
        );
        commit_audited(self.db(), tx, entry, now).await?;
        self.engine.live.publish_staffing().await;
        self.wakers.distribution.notify_one();
        Ok(())
    }

    async fn presence(&self, user_id: i64) -> Result<Presence, AppError> {
        Ok(agents::find(&self.db().pool, user_id)
            .await
            .or_internal()?
            .and_then(|a| Presence::parse(&a.presence))
            .unwrap_or_default())
    }

    async fn set_presence(&self, actor: &CurrentUser, presence: Presence) -> Result<(), AppError> {
        if actor.role == Role::Auditor {
            return Err(AppError::Forbidden);
        }
        let now = now_ms();
        agents::set_presence(&self.db().pool, actor.id, presence.key(), now)
            .await
            .or_internal()?;
        tracing::info!(user = actor.id, presence = presence.key(), "presence");
        // Someone who stepped away does not keep offers waiting: they move on to others.
        if !matches!(presence, Presence::Available | Presence::Busy) {
            for conversation in offers::withdraw(&self.db().pool, None, Some(actor.id), now)
                .await
                .or_internal()?
            {
                self.engine.live.publish(conversation).await;
            }
        }
        self.engine.live.publish_staffing().await;
        self.wakers.distribution.notify_one();
        Ok(())
    }

    async fn accept_offer(
        &self,
        actor: &CurrentUser,
        conversation_id: i64,
    ) -> Result<(), AppError> {
        require_staff(actor)?;
        let now = now_ms();
        if !offers::decide(
            &self.db().pool,
            conversation_id,
            actor.id,
            OfferState::Accepted,
            now,
        )
        .await
        .or_internal()?
        {
            return Err(AppError::Conflict(Problem::OfferGone));
        }
        self.take_from_queue(actor, conversation_id, Problem::TakenBySomeone)
            .await
    }

    async fn decline_offer(
        &self,
        actor: &CurrentUser,
        conversation_id: i64,
    ) -> Result<(), AppError> {
        offers::decide(
            &self.db().pool,
            conversation_id,
            actor.id,
            OfferState::Declined,
            now_ms(),
        )
        .await
        .or_internal()?;
        self.engine.live.publish(conversation_id).await;
        self.wakers.distribution.notify_one();
        Ok(())
    }

    async fn pick(&self, actor: &CurrentUser, conversation_id: i64) -> Result<(), AppError> {
        require_staff(actor)?;
        let conversation = self.conversation(conversation_id).await?;
        let queue = conversation
            .queue_id
            .ok_or(AppError::Conflict(Problem::NotInQueue))?;
        if actor.role == Role::Agent {
            let mine = queues::of_user(&self.db().pool, actor.id)
                .await
                .or_internal()?;
            if !mine.contains(&queue) {
                return Err(AppError::Conflict(Problem::NotYourQueue));
            }
        }
        self.check_room(actor).await?;
        self.take_from_queue(actor, conversation_id, Problem::PickedBySomeone)
            .await
    }

    async fn transfer(
        &self,
        actor: &CurrentUser,
        conversation_id: i64,
        target: TransferTarget,
        client: &ClientInfo,
    ) -> Result<(), AppError> {
        if !matches!(actor.role, Role::Admin | Role::Supervisor) {
            return Err(AppError::Forbidden);
        }
        let before = self.conversation(conversation_id).await?;
        if before.state.is_closed() {
            return Err(AppError::Conflict(Problem::ConversationEnded));
        }
        let detail = match target {
            TransferTarget::Agent(user_id) => {
                let agent = agents::find(&self.db().pool, user_id)
                    .await
                    .or_internal()?
                    .filter(|a| a.role != Role::Auditor.as_str())
                    .ok_or_else(|| FieldErrors::single("target", Problem::PickAgent))?;
                assign(
                    &self.engine,
                    conversation_id,
                    user_id,
                    &agent.name,
                    Take::Always,
                )
                .await
                .or_internal()?;
                json!({ "before": { "agent": before.assigned_user_id, "queue": before.queue_id },
                        "after": { "agent": user_id } })
            }
            TransferTarget::Queue(queue_id) => {
                queues::find(&self.db().pool, queue_id)
                    .await
                    .or_internal()?
                    .ok_or_else(|| FieldErrors::single("target", Problem::PickQueue))?;
                requeue(&self.engine, conversation_id, queue_id)
                    .await
                    .or_internal()?;
                self.wakers.distribution.notify_one();
                json!({ "before": { "agent": before.assigned_user_id, "queue": before.queue_id },
                        "after": { "queue": queue_id } })
            }
        };
        let now = now_ms();
        let tx = self.db().begin_write().await.or_internal()?;
        let entry = audit_entry(
            Some(actor),
            client,
            "conversation.transfer",
            "conversation",
            Some(conversation_id.to_string()),
            detail,
        );
        commit_audited(self.db(), tx, entry, now).await?;
        self.wakers.outbox.notify_one();
        Ok(())
    }

    async fn bot(&self, workstream_id: i64) -> Result<BotView, AppError> {
        self.workstream(workstream_id).await?;
        let row = bots::find(&self.db().pool, workstream_id)
            .await
            .or_internal()?;
        Ok(match row {
            Some(row) => BotView {
                workstream_id,
                config: crate::engine::bot::parse_config(&row.config),
                has_secret: row.secret_sealed.is_some(),
            },
            None => BotView {
                workstream_id,
                config: BotConfig::default(),
                has_secret: false,
            },
        })
    }

    async fn save_bot(
        &self,
        actor: &CurrentUser,
        workstream_id: i64,
        config: BotConfig,
        secret: Option<String>,
        client: &ClientInfo,
    ) -> Result<(), AppError> {
        let row = self.workstream(workstream_id).await?;
        let push = DistributionMode::parse(&row.mode) == Some(DistributionMode::Push);
        let before = self.bot(workstream_id).await?;
        let secret = secret
            .map(|s| s.trim().to_string())
            .filter(|s| !s.is_empty());
        if secret.as_ref().is_some_and(|s| s.len() < 16) {
            return Err(FieldErrors::single("secret", Problem::BotSecretShort));
        }
        let mut errors = check_bot(&config, push, before.has_secret || secret.is_some());
        // Where the URL points: public addresses only, unless OUTBOUND_ALLOW_HOSTS lists it.
        if config.kind == BotKind::External
            && !config.url.trim().is_empty()
            && errors.get("url").is_none()
        {
            if let Err(refused) = self.engine.outbound.check_url(&config.url).await {
                errors.add(
                    "url",
                    Problem::OutboundRefused {
                        reason: refused.to_string(),
                    },
                );
            }
        }
        for faq in &config.faqs {
            if !check_faq(faq).is_empty() {
                errors.add("faqs", Problem::FaqInvalid);
                break;
            }
        }
        errors.into_result()?;
        let sealed = secret.as_ref().map(|s| self.engine.key.seal(s.as_bytes()));
        let now = now_ms();
        let mut tx = self.db().begin_write().await.or_internal()?;
        bots::save(
            &mut *tx,
            workstream_id,
            config.kind.as_str(),
            config.enabled,
            &serde_json::to_string(&config).or_internal()?,
            sealed.as_deref(),
            now,
        )
        .await
        .or_internal()?;
        let mut detail = changes(
            &serde_json::to_value(&before.config).or_internal()?,
            &serde_json::to_value(&config).or_internal()?,
        );
        if secret.is_some() {
            // That it changed, never what it is.
            detail["secret"] = json!("replaced");
        }
        let entry = audit_entry(
            Some(actor),
            client,
            "workstream.bot",
            "workstream",
            Some(workstream_id.to_string()),
            detail,
        );
        commit_audited(self.db(), tx, entry, now).await
    }
}
