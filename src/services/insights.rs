//! Insights: the live view of the queues (who waits, who answers, today's service level).

use crate::clock::now_ms;
use crate::db::{insight_rollups, insights, queues};
use crate::engine::{distribution, Engine};
use crate::error::OrInternal;
use crate::services::{audit_entry, commit_audited};
use async_trait::async_trait;
use domain::agent::Presence;
use domain::insights::report::{
    self, AgentFigures, Choice, Report, ReportChoices, ReportFilters, ReportInput, ReportRequest,
    ReportScope,
};
use domain::insights::rollup::{self, RollupInput, RollupSlice};
use domain::insights::{
    InsightsService, LiveInsights, LiveQueue, ServiceLevel, MAX_SERVICE_LEVEL_SECONDS,
};
use domain::time::ZoneTable;
use domain::user::{ClientInfo, CurrentUser};
use domain::{AppError, FieldErrors, Problem, Role};
use serde_json::json;
use std::collections::HashMap;

pub struct Insights {
    pub engine: Engine,
}

impl Insights {
    /// The queues `actor` may watch: None for an administrator (all of them), a supervisor's
    /// own; agents and auditors are refused.
    async fn watched(&self, actor: &CurrentUser) -> Result<Option<Vec<i64>>, AppError> {
        match actor.role {
            Role::Admin => Ok(None),
            Role::Supervisor => Ok(Some(
                insights::queues_of(&self.engine.db.pool, actor.id)
                    .await
                    .or_internal()?,
            )),
            Role::Agent | Role::Auditor => Err(AppError::Forbidden),
        }
    }

    /// What a report counts, from the rollups: hours for the counts, whole UTC days for the
    /// durations, and the raw rows of the partial days at the periods' ends.
    async fn rollups(
        &self,
        scope: &ReportScope,
        slice: &RollupSlice,
        filter: &insights::ReportWhere<'_>,
        agents: &[i64],
    ) -> Result<RollupInput, AppError> {
        let pool = &self.engine.db.pool;
        let (from, to, before) = (scope.from(), scope.to(), scope.previous_from());
        let (days, previous_days) = (
            ReportScope::whole_days(from, to),
            ReportScope::whole_days(before, from),
        );
        let ends = async {
            let mut edges = Vec::new();
            for (a, b) in ReportScope::ends(before, from)
                .into_iter()
                .chain(ReportScope::ends(from, to))
            {
                edges.extend(insights::report_conversations(pool, a, b, filter).await?);
            }
            Ok::<_, sqlx::Error>(edges)
        };
        let (hours, agents, durations, previous_durations, agent_durations, edges) =
            tokio::try_join!(
                insight_rollups::hours(pool, before, to, slice),
                insight_rollups::agents(pool, from, to, slice, agents),
                insight_rollups::day_durations(pool, days.0, days.1, slice, None),
                insight_rollups::day_durations(pool, previous_days.0, previous_days.1, slice, None),
                insight_rollups::day_durations(pool, days.0, days.1, slice, Some(agents)),
                ends,
            )
            .or_internal()?;
        Ok(RollupInput {
            hours,
            agents,
            durations,
            previous_durations,
            agent_durations,
            edges,
        })
    }

    /// What a report counts, from the raw rows: for zones whose days do not start on whole
    /// hours (India's, Nepal's), where hourly rollups cannot add up to the reader's days, and
    /// for filters the rollups keep no slice for (two of account, workstream and queue).
    async fn raw_rows(
        &self,
        scope: &ReportScope,
        filter: &insights::ReportWhere<'_>,
    ) -> Result<ReportInput, AppError> {
        let pool = &self.engine.db.pool;
        let (from, to, before) = (scope.from(), scope.to(), scope.previous_from());
        let (conversations, messages, previous_messages, surveys, previous_surveys) =
            tokio::try_join!(
                insights::report_conversations(pool, before, to, filter),
                insights::report_messages(pool, from, to, filter),
                insights::report_messages(pool, before, from, filter),
                insights::report_surveys(pool, from, to, filter),
                insights::report_surveys(pool, before, from, filter),
            )
            .or_internal()?;
        Ok(ReportInput {
            conversations,
            messages,
            previous_messages,
            surveys,
            previous_surveys,
        })
    }
}

#[async_trait]
impl InsightsService for Insights {
    async fn live(
        &self,
        actor: &CurrentUser,
        day_start: i64,
        now: i64,
    ) -> Result<LiveInsights, AppError> {
        let pool = &self.engine.db.pool;
        let watched = self.watched(actor).await?;
        let (queues, now_rows, offers, members, answers) = tokio::try_join!(
            queues::list(pool),
            insights::queues_now(pool),
            insights::offers_pending(pool),
            insights::members_now(pool),
            insights::first_answers(pool, day_start),
        )
        .or_internal()?;
        let loads = distribution::loads(&self.engine, now).await.or_internal()?;
        let offers: HashMap<i64, i64> = offers.into_iter().collect();
        let mut out = Vec::new();
        for queue in queues {
            if watched.as_ref().is_some_and(|ids| !ids.contains(&queue.id)) {
                continue;
            }
            let current = now_rows.iter().find(|r| r.queue_id == queue.id);
            let mut live = LiveQueue {
                queue_id: queue.id,
                name: queue.name,
                waiting: current.map_or(0, |r| r.waiting),
                longest_wait_ms: current
                    .and_then(|r| r.oldest_queued_at)
                    .map(|at| (now - at).max(0)),
                offers_pending: offers.get(&queue.id).copied().unwrap_or(0),
                active: current.map_or(0, |r| r.active),
                agents: Presence::ALL.iter().map(|p| (*p, 0)).collect(),
                service_level: ServiceLevel {
                    target_seconds: queue.service_level_seconds,
                    ..ServiceLevel::default()
                },
                ..LiveQueue::default()
            };
            for member in members.iter().filter(|m| m.queue_id == queue.id) {
                let presence = Presence::parse(&member.presence).unwrap_or_default();
                if let Some(count) = live.agents.iter_mut().find(|(p, _)| *p == presence) {
                    count.1 += 1;
                }
                if presence != Presence::Offline {
                    live.capacity += u32::try_from(member.capacity).unwrap_or(0);
                    live.load += loads.get(&member.user_id).copied().unwrap_or(0);
                }
            }
            for (_, queued_at, first_reply) in answers.iter().filter(|a| a.0 == queue.id) {
                live.service_level.count(*queued_at, *first_reply, now);
            }
            out.push(live);
        }
        Ok(LiveInsights {
            as_of: now,
            every_queue: watched.is_none(),
            queues: out,
        })
    }

    async fn report(
        &self,
        actor: &CurrentUser,
        request: &ReportRequest,
        zone: &ZoneTable,
        now: i64,
    ) -> Result<Report, AppError> {
        let pool = &self.engine.db.pool;
        let watched = self.watched(actor).await?;
        let scope = request.scope(zone, now)?;
        if let (Some(queue), Some(watched)) = (scope.filters.queue, &watched) {
            if !watched.contains(&queue) {
                return Err(AppError::Forbidden);
            }
        }
        let filter = insights::ReportWhere {
            filters: scope.filters,
            queues: watched.as_deref(),
        };
        let ((accounts, workstreams, mut agents), queues) =
            tokio::try_join!(insights::report_choices(pool), queues::list(pool)).or_internal()?;
        if let Some(watched) = &watched {
            let members = insights::members_of(pool, watched).await.or_internal()?;
            agents.retain(|a| members.contains(&a.id));
        }
        let slice =
            RollupSlice::of(&scope.filters, watched.as_deref()).filter(|_| scope.on_whole_hours());
        let mut report = match &slice {
            Some(slice) => {
                let ids: Vec<i64> = agents.iter().map(|a| a.id).collect();
                let input = self.rollups(&scope, slice, &filter, &ids).await?;
                rollup::build(&scope, zone, &input, &agents)
            }
            None => {
                let input = self.raw_rows(&scope, &filter).await?;
                report::build(&scope, zone, &input, &agents)
            }
        };
        report.choices = ReportChoices {
            accounts,
            workstreams,
            queues: queues
                .into_iter()
                .filter(|q| watched.as_ref().is_none_or(|w| w.contains(&q.id)))
                .map(|q| Choice {
                    id: q.id,
                    name: q.name,
                })
                .collect(),
            agents,
        };
        Ok(report)
    }

    async fn my_day(
        &self,
        actor: &CurrentUser,
        zone: &ZoneTable,
        now: i64,
    ) -> Result<AgentFigures, AppError> {
        if actor.role == Role::Auditor {
            return Err(AppError::Forbidden);
        }
        let pool = &self.engine.db.pool;
        let scope = ReportRequest::default().scope(zone, now)?;
        let filter = insights::ReportWhere {
            filters: ReportFilters {
                agent: Some(actor.id),
                ..ReportFilters::default()
            },
            queues: None,
        };
        let (from, to) = (scope.from(), scope.to());
        let (conversations, surveys) = tokio::try_join!(
            insights::report_conversations(pool, from, to, &filter),
            insights::report_surveys(pool, from, to, &filter),
        )
        .or_internal()?;
        let input = ReportInput {
            conversations,
            surveys,
            ..ReportInput::default()
        };
        let me = Choice {
            id: actor.id,
            name: actor.display_name.clone(),
        };
        let report = report::build(&scope, zone, &input, std::slice::from_ref(&me));
        Ok(report.agents.into_iter().next().unwrap_or(AgentFigures {
            agent_id: me.id,
            name: me.name,
            ..AgentFigures::default()
        }))
    }

    async fn set_service_level(
        &self,
        actor: &CurrentUser,
        queue_id: i64,
        seconds: i64,
        client: &ClientInfo,
    ) -> Result<(), AppError> {
        if actor.role != Role::Admin {
            return Err(AppError::Forbidden);
        }
        if !(1..=MAX_SERVICE_LEVEL_SECONDS).contains(&seconds) {
            return Err(FieldErrors::single(
                "service_level",
                Problem::ServiceLevelRange {
                    max: MAX_SERVICE_LEVEL_SECONDS,
                },
            ));
        }
        let db = &self.engine.db;
        let before = queues::find(&db.pool, queue_id)
            .await
            .or_internal()?
            .ok_or(AppError::NotFound(Problem::QueueNotFound))?;
        let now = now_ms();
        let mut tx = db.begin_write().await.or_internal()?;
        insights::set_service_level(&mut *tx, queue_id, seconds, now)
            .await
            .or_internal()?;
        let entry = audit_entry(
            Some(actor),
            client,
            "queue.service_level",
            "queue",
            Some(queue_id.to_string()),
            json!({
                "before": { "service_level_seconds": before.service_level_seconds },
                "after": { "service_level_seconds": seconds },
            }),
        );
        commit_audited(db, tx, entry, now).await
    }
}
