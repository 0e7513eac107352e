//! Queues as administrators and supervisors see them.

use crate::Problem;
use serde::{Deserialize, Serialize};

pub const PRIORITY_MIN: i32 = -1000;
pub const PRIORITY_MAX: i32 = 1000;

/// What sends work to a queue (the portal words it in the reader's language; `Display` is the
/// English).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum QueueUse {
    /// The workstream falls back to the queue.
    Fallback { workstream: String },
    /// A routing rule of the workstream sends work to the queue.
    Rule { rule: String, workstream: String },
}

impl std::fmt::Display for QueueUse {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            QueueUse::Fallback { workstream } => write!(f, "workstream {workstream}"),
            QueueUse::Rule { rule, workstream } => write!(f, "rule \"{rule}\" of {workstream}"),
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct QueueMember {
    pub user_id: i64,
    pub name: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct QueueDetail {
    pub id: i64,
    pub name: String,
    pub priority: i32,
    pub members: Vec<QueueMember>,
    /// Workstreams that fall back to it and routing rules that send work to it, by name.
    pub used_by: Vec<QueueUse>,
    pub waiting: i64,
    pub active: i64,
    /// The service-level target: answered by an agent within this many seconds.
    pub service_level_seconds: i64,
}

crate::text_enum! {
    /// Where an offer to an agent stands.
    pub enum OfferState {
        /// Waiting for the agent to accept or decline.
        Offered = "offered",
        Accepted = "accepted",
        Declined = "declined",
        /// Nobody answered in time.
        Expired = "expired",
        /// Taken back (someone else took the conversation, or it moved).
        Withdrawn = "withdrawn",
    }
}

/// Where a supervisor moves a conversation.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum TransferTarget {
    Agent(i64),
    Queue(i64),
}

/// The "test this rule" panel's answer.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RouteTest {
    /// (ruleset, rule) that matched; None: no rule, the fallback queue.
    pub matched: Option<(String, String)>,
    pub queue_name: String,
    pub priority: i32,
    pub skills: Vec<String>,
}

pub fn check_queue(name: &str, priority: i32) -> crate::FieldErrors {
    let mut errors = crate::FieldErrors::default();
    crate::workstream::check_queue_name(name, "name", &mut errors);
    if !(PRIORITY_MIN..=PRIORITY_MAX).contains(&priority) {
        errors.add(
            "priority",
            Problem::PriorityRange {
                min: PRIORITY_MIN,
                max: PRIORITY_MAX,
            },
        );
    }
    errors
}
