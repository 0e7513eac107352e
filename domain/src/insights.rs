//! Insights: the numbers supervisors and administrators run the desk by. The live view reads
//! the queues as they are now; what it counts is defined here, once, for the server and the page.

use crate::agent::Presence;
use crate::user::{ClientInfo, CurrentUser};
use crate::AppError;
use async_trait::async_trait;
use serde::{Deserialize, Serialize};

pub mod report;
pub mod rollup;

/// The longest target a queue takes: an hour.
pub const MAX_SERVICE_LEVEL_SECONDS: i64 = 3600;

/// One queue right now.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct LiveQueue {
    pub queue_id: i64,
    pub name: String,
    /// Customers waiting for an agent (offered or not).
    pub waiting: i64,
    /// How long the longest-waiting customer has waited, in ms (None when nobody waits).
    pub longest_wait_ms: Option<i64>,
    /// Offers made to agents and not yet accepted, declined or expired.
    pub offers_pending: i64,
    /// Conversations an agent is handling (active or in wrap-up).
    pub active: i64,
    /// The queue's members by presence, in `Presence::ALL` order.
    pub agents: Vec<(Presence, i64)>,
    /// Capacity of the members who are not offline, and how much of it is taken.
    pub capacity: u32,
    pub load: u32,
    pub service_level: ServiceLevel,
}

/// Today's service level of a queue (the target is 60 s until an administrator changes it): of the conversations queued since the reader's midnight
/// that an agent answered or that waited longer than the target, the share answered within it.
/// Conversations still inside the target without an answer are not counted yet.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ServiceLevel {
    pub target_seconds: i64,
    pub met: i64,
    pub missed: i64,
}

impl ServiceLevel {
    /// Whole per cent, None when nothing counts yet.
    pub fn percent(&self) -> Option<i64> {
        let total = self.met + self.missed;
        (total > 0).then(|| (self.met * 100 + total / 2) / total)
    }

    /// Counts one conversation queued at `queued_at`, first answered by an agent at
    /// `first_reply` (None: not yet), as seen at `now`.
    pub fn count(&mut self, queued_at: i64, first_reply: Option<i64>, now: i64) {
        let target_ms = self.target_seconds * 1000;
        match first_reply {
            Some(at) if at - queued_at <= target_ms => self.met += 1,
            Some(_) => self.missed += 1,
            None if now - queued_at > target_ms => self.missed += 1,
            None => {}
        }
    }
}

/// The live view: the queues the reader may watch, as of `as_of`.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct LiveInsights {
    pub as_of: i64,
    /// The reader watches every queue (an administrator), not only their own.
    pub every_queue: bool,
    pub queues: Vec<LiveQueue>,
}

impl LiveInsights {
    pub fn waiting(&self) -> i64 {
        self.queues.iter().map(|q| q.waiting).sum()
    }

    pub fn longest_wait_ms(&self) -> Option<i64> {
        self.queues.iter().filter_map(|q| q.longest_wait_ms).max()
    }

    pub fn offers_pending(&self) -> i64 {
        self.queues.iter().map(|q| q.offers_pending).sum()
    }

    pub fn active(&self) -> i64 {
        self.queues.iter().map(|q| q.active).sum()
    }

    /// All queues' service level together (each conversation belongs to one queue).
    pub fn service_level(&self) -> ServiceLevel {
        self.queues
            .iter()
            .fold(ServiceLevel::default(), |sum, q| ServiceLevel {
                target_seconds: q.service_level.target_seconds,
                met: sum.met + q.service_level.met,
                missed: sum.missed + q.service_level.missed,
            })
    }
}

/// Figures for supervisors and administrators (supervisors see the queues they are members
/// of); agents and auditors are refused.
#[async_trait]
pub trait InsightsService: Send + Sync {
    /// The queues now; `day_start` is the reader's midnight (Unix ms) for today's figures.
    async fn live(
        &self,
        actor: &CurrentUser,
        day_start: i64,
        now: i64,
    ) -> Result<LiveInsights, AppError>;

    /// Insights > Reports: the period `request` asks for, in the reader's `zone`, `now` being
    /// today (admins: everything; supervisors: the queues they are members of).
    async fn report(
        &self,
        actor: &CurrentUser,
        request: &report::ReportRequest,
        zone: &crate::time::ZoneTable,
        now: i64,
    ) -> Result<report::Report, AppError>;

    /// "My day" on an agent's Home: their own figures for today (conversations opened today
    /// that they were assigned), for anyone who answers customers (not auditors).
    async fn my_day(
        &self,
        actor: &CurrentUser,
        zone: &crate::time::ZoneTable,
        now: i64,
    ) -> Result<report::AgentFigures, AppError>;

    /// An administrator sets a queue's service-level target (audited).
    async fn set_service_level(
        &self,
        actor: &CurrentUser,
        queue_id: i64,
        seconds: i64,
        client: &ClientInfo,
    ) -> Result<(), AppError>;
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn service_level_counts_answers_and_long_waits_only() {
        let mut level = ServiceLevel {
            target_seconds: 60,
            ..ServiceLevel::default()
        };
        level.count(0, Some(60_000), 500_000); // answered at the target: met
        level.count(0, Some(60_001), 500_000); // a millisecond late
        level.count(0, None, 60_001); // still waiting, past the target
        level.count(0, None, 30_000); // still waiting, inside the target: not yet counted
        assert_eq!((level.met, level.missed), (1, 2));
        assert_eq!(level.percent(), Some(33));
        assert_eq!(ServiceLevel::default().percent(), None);
    }
}
