//! Agents as work distribution sees them: presence, capacity, skills, and which agent is
//! offered a conversation next.

use serde::{Deserialize, Serialize};

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Presence {
    Available,
    Busy,
    DoNotDisturb,
    Away,
    #[default]
    Offline,
}

impl Presence {
    pub const ALL: [Presence; 5] = [
        Presence::Available,
        Presence::Busy,
        Presence::DoNotDisturb,
        Presence::Away,
        Presence::Offline,
    ];

    pub fn key(self) -> &'static str {
        match self {
            Presence::Available => "available",
            Presence::Busy => "busy",
            Presence::DoNotDisturb => "do_not_disturb",
            Presence::Away => "away",
            Presence::Offline => "offline",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Presence::Available => "Available",
            Presence::Busy => "Busy",
            Presence::DoNotDisturb => "Do not disturb",
            Presence::Away => "Away",
            Presence::Offline => "Offline",
        }
    }

    pub fn parse(s: &str) -> Option<Presence> {
        Presence::ALL.into_iter().find(|p| p.key() == s)
    }
}

pub const CAPACITY_MAX: u32 = 100;

/// A staff user as the Agents page and the supervisor see them.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AgentView {
    pub user_id: i64,
    pub name: String,
    pub email: String,
    pub role: String,
    pub presence: Presence,
    pub capacity: u32,
    /// Capacity taken by assigned conversations, offers and wrap-up.
    pub load: u32,
    pub skills: Vec<String>,
    pub queues: Vec<String>,
}

/// An agent who could take a conversation, with what distribution needs to know.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Candidate {
    pub user_id: i64,
    pub presence: Presence,
    pub capacity: u32,
    pub load: u32,
    pub skills: Vec<String>,
    /// Unix ms of the last assignment (None: never assigned, idle longest).
    pub last_assigned_at: Option<i64>,
}

/// What a conversation asks of the agent it is offered to.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Demand<'a> {
    pub needed_capacity: u32,
    pub allowed_presences: &'a [String],
    pub required_skills: &'a [String],
    /// Exact: every skill; closest: the agent with the most of them (at least one when any are
    /// required); none: skills are ignored.
    pub skill_matching: &'a str,
    /// Agents who declined this conversation or let its offer time out.
    pub excluded: &'a [i64],
    /// The agent who served this customer last, kept when the workstream says so.
    pub preferred: Option<i64>,
}

fn skill_hits(candidate: &Candidate, required: &[String]) -> usize {
    required
        .iter()
        .filter(|s| candidate.skills.contains(s))
        .count()
}

/// The agent to offer the conversation to: present, with room, with the skills, not excluded;
/// the preferred agent when eligible, else (best skills, then) the longest idle.
pub fn choose_agent(candidates: &[Candidate], demand: &Demand<'_>) -> Option<i64> {
    let eligible: Vec<&Candidate> = candidates
        .iter()
        .filter(|c| c.presence != Presence::Offline)
        .filter(|c| {
            demand
                .allowed_presences
                .iter()
                .any(|p| p == c.presence.key())
        })
        .filter(|c| c.load + demand.needed_capacity <= c.capacity)
        .filter(|c| !demand.excluded.contains(&c.user_id))
        .filter(|c| match demand.skill_matching {
            "exact" => skill_hits(c, demand.required_skills) == demand.required_skills.len(),
            "closest" => {
                demand.required_skills.is_empty() || skill_hits(c, demand.required_skills) > 0
            }
            _ => true,
        })
        .collect();
    if let Some(preferred) = demand.preferred {
        if eligible.iter().any(|c| c.user_id == preferred) {
            return Some(preferred);
        }
    }
    eligible
        .into_iter()
        .min_by_key(|c| {
            let skills = if demand.skill_matching == "closest" {
                usize::MAX - skill_hits(c, demand.required_skills)
            } else {
                0
            };
            (skills, c.last_assigned_at.unwrap_or(i64::MIN), c.user_id)
        })
        .map(|c| c.user_id)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn agent(
        id: i64,
        presence: Presence,
        load: u32,
        last: Option<i64>,
        skills: &[&str],
    ) -> Candidate {
        Candidate {
            user_id: id,
            presence,
            capacity: 2,
            load,
            skills: skills.iter().map(|s| s.to_string()).collect(),
            last_assigned_at: last,
        }
    }

    fn allowed() -> Vec<String> {
        vec!["available".into(), "busy".into()]
    }

    #[test]
    fn longest_idle_available_agent_with_room() {
        let allowed = allowed();
        let demand = Demand {
            needed_capacity: 1,
            allowed_presences: &allowed,
            skill_matching: "none",
            ..Demand::default()
        };
        let agents = vec![
            agent(1, Presence::Available, 0, Some(500), &[]),
            agent(2, Presence::Available, 0, Some(100), &[]),
            agent(3, Presence::Available, 2, None, &[]),
            agent(4, Presence::Away, 0, None, &[]),
            agent(5, Presence::Offline, 0, None, &[]),
        ];
        assert_eq!(choose_agent(&agents, &demand), Some(2));
        let excluded = [2];
        let demand = Demand {
            excluded: &excluded,
            ..demand
        };
        assert_eq!(choose_agent(&agents, &demand), Some(1));
        let none = [1, 2];
        assert_eq!(
            choose_agent(
                &agents,
                &Demand {
                    excluded: &none,
                    ..demand
                }
            ),
            None
        );
    }

    #[test]
    fn skills_and_affinity() {
        let allowed = allowed();
        let required = vec!["billing".to_string(), "japanese".to_string()];
        let agents = vec![
            agent(1, Presence::Available, 0, None, &["billing"]),
            agent(2, Presence::Busy, 0, Some(10), &["billing", "japanese"]),
        ];
        let exact = Demand {
            needed_capacity: 1,
            allowed_presences: &allowed,
            required_skills: &required,
            skill_matching: "exact",
            ..Demand::default()
        };
        assert_eq!(choose_agent(&agents, &exact), Some(2));
        let closest = Demand {
            skill_matching: "closest",
            ..exact.clone()
        };
        assert_eq!(choose_agent(&agents, &closest), Some(2));
        let ignore = Demand {
            skill_matching: "none",
            ..exact.clone()
        };
        assert_eq!(choose_agent(&agents, &ignore), Some(1));
        let sticky = Demand {
            preferred: Some(2),
            ..ignore.clone()
        };
        assert_eq!(choose_agent(&agents, &sticky), Some(2));
        // The preferred agent is not eligible (busy is not allowed): the longest idle instead.
        let available_only = vec!["available".to_string()];
        let strict = Demand {
            allowed_presences: &available_only,
            ..sticky
        };
        assert_eq!(choose_agent(&agents, &strict), Some(1));
    }
}
