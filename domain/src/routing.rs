//! Routing rules: where a workstream sends a new conversation. Rulesets run in order, rules in
//! order within a ruleset; the first rule whose conditions hold decides the queue (or a
//! percentage split across queues), the priority and the skills an agent needs. A conversation
//! no rule matches goes to the workstream's fallback queue.

use crate::zone::{self, LocalTime};
use crate::FieldErrors;
use crate::Problem;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

mod service;
pub use service::RoutingService;

/// The product's limits.
pub const RULESETS_MAX: usize = 10;
pub const RULES_MAX: usize = 100;
pub const OUTPUTS_MAX: usize = 5;
pub const CONDITIONS_MAX: usize = 10;
pub const VALUE_MAX: usize = 200;

/// What a condition looks at.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Field {
    /// The linked contact's name, else the LINE display name.
    CustomerName,
    DisplayName,
    /// The customer's first message.
    MessageText,
    /// The customer's LINE language (e.g. "ja").
    Language,
    /// Whether the LINE user is linked to a contact ("yes"/"no").
    ContactExists,
    /// A field of the linked contact (`key`: name, email or phone).
    ContactField,
    /// A context variable of the workstream (`key`: its name).
    Variable,
    /// "HH:MM-HH:MM" in the routing's time zone (may wrap past midnight).
    TimeOfDay,
    /// Days like "mon,tue,wed".
    Weekday,
    /// The messaging account's name.
    Account,
}

impl Field {
    pub const ALL: [Field; 10] = [
        Field::CustomerName,
        Field::DisplayName,
        Field::MessageText,
        Field::Language,
        Field::ContactExists,
        Field::ContactField,
        Field::Variable,
        Field::TimeOfDay,
        Field::Weekday,
        Field::Account,
    ];

    pub fn key(self) -> &'static str {
        match self {
            Field::CustomerName => "customer_name",
            Field::DisplayName => "display_name",
            Field::MessageText => "message_text",
            Field::Language => "language",
            Field::ContactExists => "contact_exists",
            Field::ContactField => "contact_field",
            Field::Variable => "variable",
            Field::TimeOfDay => "time_of_day",
            Field::Weekday => "weekday",
            Field::Account => "account",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Field::CustomerName => "Customer name",
            Field::DisplayName => "LINE display name",
            Field::MessageText => "Message text",
            Field::Language => "Customer language",
            Field::ContactExists => "Linked contact exists",
            Field::ContactField => "Contact field",
            Field::Variable => "Context variable",
            Field::TimeOfDay => "Time of day",
            Field::Weekday => "Weekday",
            Field::Account => "Messaging account",
        }
    }

    pub fn parse(s: &str) -> Option<Field> {
        Field::ALL.into_iter().find(|f| f.key() == s)
    }

    /// Fields that name what they look at in `key`.
    pub fn needs_key(self) -> bool {
        matches!(self, Field::ContactField | Field::Variable)
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Operator {
    Equals,
    NotEquals,
    Contains,
    /// A pattern where `*` is any text and `?` one character (case-insensitive).
    Matches,
    IsSet,
    IsEmpty,
    /// Time of day in a range, weekday in a list, or yes/no for "linked contact exists".
    Is,
}

impl Operator {
    pub const ALL: [Operator; 7] = [
        Operator::Equals,
        Operator::NotEquals,
        Operator::Contains,
        Operator::Matches,
        Operator::IsSet,
        Operator::IsEmpty,
        Operator::Is,
    ];

    pub fn key(self) -> &'static str {
        match self {
            Operator::Equals => "equals",
            Operator::NotEquals => "not_equals",
            Operator::Contains => "contains",
            Operator::Matches => "matches",
            Operator::IsSet => "is_set",
            Operator::IsEmpty => "is_empty",
            Operator::Is => "is",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Operator::Equals => "equals",
            Operator::NotEquals => "does not equal",
            Operator::Contains => "contains",
            Operator::Matches => "matches pattern",
            Operator::IsSet => "is set",
            Operator::IsEmpty => "is empty",
            Operator::Is => "is",
        }
    }

    pub fn parse(s: &str) -> Option<Operator> {
        Operator::ALL.into_iter().find(|o| o.key() == s)
    }

    fn takes_value(self) -> bool {
        !matches!(self, Operator::IsSet | Operator::IsEmpty)
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Condition {
    pub field: Field,
    /// The contact field or context variable, for fields that need one.
    #[serde(default)]
    pub key: String,
    pub operator: Operator,
    #[serde(default)]
    pub value: String,
}

/// One share of a split: `percent` of the matching conversations go to `queue_id`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Split {
    pub queue_id: i64,
    pub percent: u32,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Output {
    /// One queue at 100 %, or up to five summing to 100.
    pub splits: Vec<Split>,
    pub priority: i32,
    /// Skills an agent needs (lower case).
    #[serde(default)]
    pub skills: Vec<String>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Rule {
    pub name: String,
    /// True: every condition must hold (and); false: any one (or). No conditions: always.
    pub match_all: bool,
    pub conditions: Vec<Condition>,
    pub output: Output,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Ruleset {
    pub name: String,
    pub rules: Vec<Rule>,
}

/// A workstream's routing document.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Routing {
    /// The time zone time-of-day and weekday conditions are read in: an IANA name
    /// (`Europe/Rome`), `UTC`, or a fixed offset kept from before zones (`UTC+05:30`; see
    /// `crate::zone`).
    pub time_zone: String,
    pub rulesets: Vec<Ruleset>,
}

impl Default for Routing {
    fn default() -> Self {
        Routing {
            time_zone: zone::UTC.to_string(),
            rulesets: Vec::new(),
        }
    }
}

impl Routing {
    pub fn rule_count(&self) -> usize {
        self.rulesets.iter().map(|r| r.rules.len()).sum()
    }

    /// Every queue some rule routes to.
    pub fn queue_ids(&self) -> impl Iterator<Item = i64> + '_ {
        self.rulesets
            .iter()
            .flat_map(|s| &s.rules)
            .flat_map(|r| &r.output.splits)
            .map(|s| s.queue_id)
    }
}

/// What is known about a new conversation when it is routed.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Facts {
    pub customer_name: Option<String>,
    pub display_name: Option<String>,
    pub message_text: Option<String>,
    pub language: Option<String>,
    pub contact_exists: bool,
    /// The linked contact's fields (name, email, phone).
    pub contact: BTreeMap<String, String>,
    pub variables: BTreeMap<String, String>,
    pub account: Option<String>,
    /// Unix milliseconds (read in the routing's time zone).
    pub at: i64,
}

/// Which rule decided, and what it decided.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RouteMatch {
    pub ruleset: String,
    pub rule: String,
    pub queue_id: i64,
    pub priority: i32,
    pub skills: Vec<String>,
}

pub const WEEKDAYS: [&str; 7] = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"];

fn parse_clock(s: &str) -> Option<u32> {
    let (h, m) = s.trim().split_once(':')?;
    let (h, m) = (h.parse::<u32>().ok()?, m.parse::<u32>().ok()?);
    // `then`, not `then_some`: the product must not be computed for out-of-range hours (an
    // overflow panic found by fuzzing).
    (h < 24 && m < 60).then(|| h * 60 + m)
}

/// "HH:MM-HH:MM" as minutes (start, end).
pub fn parse_time_range(s: &str) -> Option<(u32, u32)> {
    let (a, b) = s.split_once('-')?;
    Some((parse_clock(a)?, parse_clock(b)?))
}

fn parse_weekdays(s: &str) -> Option<Vec<usize>> {
    s.split(',')
        .map(|d| {
            let d = d.trim().to_ascii_lowercase();
            WEEKDAYS
                .iter()
                .position(|w| d.starts_with(w) && !d.is_empty())
        })
        .collect()
}

/// Case-insensitive pattern match: `*` any run of characters, `?` exactly one.
pub fn glob_matches(pattern: &str, text: &str) -> bool {
    let p: Vec<char> = pattern.to_lowercase().chars().collect();
    let t: Vec<char> = text.to_lowercase().chars().collect();
    let (mut pi, mut ti) = (0, 0);
    let mut star: Option<(usize, usize)> = None;
    while ti < t.len() {
        if pi < p.len() && (p[pi] == '?' || p[pi] == t[ti]) {
            pi += 1;
            ti += 1;
        } else if pi < p.len() && p[pi] == '*' {
            star = Some((pi, ti));
            pi += 1;
        } else if let Some((sp, st)) = star {
            pi = sp + 1;
            ti = st + 1;
            star = Some((sp, st + 1));
        } else {
            return false;
        }
    }
    p[pi..].iter().all(|c| *c == '*')
}

fn text_of(condition: &Condition, facts: &Facts) -> Option<String> {
    match condition.field {
        Field::CustomerName => facts
            .customer_name
            .clone()
            .or_else(|| facts.display_name.clone()),
        Field::DisplayName => facts.display_name.clone(),
        Field::MessageText => facts.message_text.clone(),
        Field::Language => facts.language.clone(),
        Field::ContactField => facts.contact.get(&condition.key.to_lowercase()).cloned(),
        Field::Variable => facts.variables.get(&condition.key).cloned(),
        Field::Account => facts.account.clone(),
        Field::ContactExists | Field::TimeOfDay | Field::Weekday => None,
    }
    .filter(|s| !s.trim().is_empty())
}

/// Whether the condition holds for the facts; `local` is `facts.at` in the routing's zone.
pub fn condition_holds(condition: &Condition, facts: &Facts, local: LocalTime) -> bool {
    let value = condition.value.trim();
    match condition.field {
        Field::ContactExists => {
            let wanted = !matches!(value.to_ascii_lowercase().as_str(), "no" | "false");
            facts.contact_exists == wanted
        }
        Field::TimeOfDay => {
            let minute = local.minute;
            match parse_time_range(value) {
                Some((start, end)) if start <= end => (start..end).contains(&minute),
                // A range past midnight (22:00-06:00).
                Some((start, end)) => minute >= start || minute < end,
                None => false,
            }
        }
        Field::Weekday => parse_weekdays(value).is_some_and(|days| days.contains(&local.weekday)),
        _ => {
            let text = text_of(condition, facts);
            let lower = text.as_deref().map(str::to_lowercase);
            let wanted = value.to_lowercase();
            match condition.operator {
                Operator::IsSet => text.is_some(),
                Operator::IsEmpty => text.is_none(),
                Operator::Equals | Operator::Is => lower.is_some_and(|t| t == wanted),
                Operator::NotEquals => lower.is_none_or(|t| t != wanted),
                Operator::Contains => lower.is_some_and(|t| t.contains(&wanted)),
                Operator::Matches => text.is_some_and(|t| glob_matches(value, &t)),
            }
        }
    }
}

pub fn rule_matches(rule: &Rule, facts: &Facts, local: LocalTime) -> bool {
    let mut results = rule
        .conditions
        .iter()
        .map(|c| condition_holds(c, facts, local));
    if rule.conditions.is_empty() {
        true
    } else if rule.match_all {
        results.all(|r| r)
    } else {
        results.any(|r| r)
    }
}

/// The queue a roll in 0..100 lands on.
pub fn split_queue(splits: &[Split], roll: u32) -> Option<i64> {
    let mut upto = 0;
    for split in splits {
        upto += split.percent;
        if roll < upto {
            return Some(split.queue_id);
        }
    }
    splits.last().map(|s| s.queue_id)
}

/// The first matching rule's decision; `roll` (0..100) picks within a percentage split. Time
/// and weekday conditions read `facts.at` in the routing's time zone, daylight saving included.
#[cfg(feature = "tz")]
pub fn evaluate(routing: &Routing, facts: &Facts, roll: u32) -> Option<RouteMatch> {
    let local = zone::local_time(facts.at, &routing.time_zone);
    evaluate_at(routing, facts, roll, local)
}

/// `evaluate` with `facts.at` already read as a local time.
pub fn evaluate_at(
    routing: &Routing,
    facts: &Facts,
    roll: u32,
    local: LocalTime,
) -> Option<RouteMatch> {
    routing.rulesets.iter().find_map(|ruleset| {
        ruleset
            .rules
            .iter()
            .find(|rule| rule_matches(rule, facts, local))
            .and_then(|rule| {
                Some(RouteMatch {
                    ruleset: ruleset.name.clone(),
                    rule: rule.name.clone(),
                    queue_id: split_queue(&rule.output.splits, roll % 100)?,
                    priority: rule.output.priority,
                    skills: rule.output.skills.clone(),
                })
            })
    })
}

pub fn check_ruleset_name(name: &str, others: &[&str], errors: &mut FieldErrors) {
    let name = name.trim();
    if name.is_empty() {
        errors.add("name", Problem::EnterName);
    } else if name.chars().count() > 100 {
        errors.add("name", Problem::AtMostChars { max: 100 });
    } else if others.iter().any(|o| o.eq_ignore_ascii_case(name)) {
        errors.add("name", Problem::RulesetNameTaken);
    }
}

/// A rule as typed: conditions, output shares and queues that exist.
pub fn check_rule(rule: &Rule, queue_ids: &[i64]) -> FieldErrors {
    let mut errors = FieldErrors::default();
    if rule.name.trim().is_empty() {
        errors.add("name", Problem::EnterName);
    } else if rule.name.chars().count() > 100 {
        errors.add("name", Problem::AtMostChars { max: 100 });
    }
    if rule.conditions.len() > CONDITIONS_MAX {
        errors.add(
            "conditions",
            Problem::ConditionsMax {
                max: CONDITIONS_MAX,
            },
        );
    }
    for (i, c) in rule.conditions.iter().enumerate() {
        let field = format!("condition{}", i + 1);
        let value = c.value.trim();
        if c.field.needs_key() && c.key.trim().is_empty() {
            errors.add(
                &field,
                if c.field == Field::ContactField {
                    Problem::NameContactField
                } else {
                    Problem::NameVariable
                },
            );
        } else if value.chars().count() > VALUE_MAX {
            errors.add(&field, Problem::AtMostChars { max: VALUE_MAX });
        } else {
            match c.field {
                Field::TimeOfDay if parse_time_range(value).is_none() => {
                    errors.add(&field, Problem::TimeRangeLike)
                }
                Field::Weekday if value.is_empty() || parse_weekdays(value).is_none() => {
                    errors.add(&field, Problem::DaysLike)
                }
                Field::ContactExists
                    if !matches!(value.to_ascii_lowercase().as_str(), "yes" | "no") =>
                {
                    errors.add(&field, Problem::YesOrNo)
                }
                Field::TimeOfDay | Field::Weekday | Field::ContactExists => {}
                _ if c.operator.takes_value() && value.is_empty() => {
                    errors.add(&field, Problem::EnterValue)
                }
                _ => {}
            }
        }
    }
    let splits = &rule.output.splits;
    if splits.is_empty() {
        errors.add("output", Problem::PickQueue);
    } else if splits.len() > OUTPUTS_MAX {
        errors.add("output", Problem::SplitMax { max: OUTPUTS_MAX });
    } else if splits.iter().map(|s| s.percent).sum::<u32>() != 100 {
        errors.add("output", Problem::SharesSum);
    } else if splits.iter().any(|s| s.percent == 0) {
        errors.add("output", Problem::ShareAboveZero);
    } else if let Some(missing) = splits.iter().find(|s| !queue_ids.contains(&s.queue_id)) {
        errors.add(
            "output",
            Problem::SplitQueueGone {
                queue: missing.queue_id,
            },
        );
    } else {
        let mut seen: Vec<i64> = splits.iter().map(|s| s.queue_id).collect();
        seen.sort_unstable();
        seen.dedup();
        if seen.len() != splits.len() {
            errors.add("output", Problem::QueueOnce);
        }
    }
    if !(-1000..=1000).contains(&rule.output.priority) {
        errors.add(
            "priority",
            Problem::PriorityRange {
                min: -1000,
                max: 1000,
            },
        );
    }
    errors
}

/// The whole document: limits first, then every rule.
pub fn check_routing(routing: &Routing, queue_ids: &[i64]) -> FieldErrors {
    let mut errors = FieldErrors::default();
    if routing.rulesets.len() > RULESETS_MAX {
        errors.add("rulesets", Problem::RulesetsMax { max: RULESETS_MAX });
    }
    if routing.rule_count() > RULES_MAX {
        errors.add("rules", Problem::RulesMax { max: RULES_MAX });
    }
    // The database is the server's; the browser never checks a whole document.
    #[cfg(feature = "tz")]
    if !zone::is_known(&routing.time_zone) {
        errors.add("time_zone", Problem::UnknownTimeZone);
    }
    for ruleset in &routing.rulesets {
        for rule in &ruleset.rules {
            let rule_errors = check_rule(rule, queue_ids);
            if !rule_errors.is_empty() {
                errors.add(
                    "rules",
                    Problem::RuleInvalid {
                        rule: rule.name.clone(),
                        ruleset: ruleset.name.clone(),
                    },
                );
            }
        }
    }
    errors
}

/// Skills typed as "billing, Japanese" → ["billing", "japanese"].
pub fn parse_skills(typed: &str) -> Vec<String> {
    let mut skills: Vec<String> = typed
        .split(',')
        .map(|s| s.trim().to_lowercase())
        .filter(|s| !s.is_empty())
        .collect();
    skills.sort();
    skills.dedup();
    skills
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cond(field: Field, operator: Operator, value: &str) -> Condition {
        Condition {
            field,
            key: String::new(),
            operator,
            value: value.into(),
        }
    }

    fn rule(name: &str, match_all: bool, conditions: Vec<Condition>, queue: i64) -> Rule {
        Rule {
            name: name.into(),
            match_all,
            conditions,
            output: Output {
                splits: vec![Split {
                    queue_id: queue,
                    percent: 100,
                }],
                priority: 0,
                skills: vec![],
            },
        }
    }

    fn facts() -> Facts {
        Facts {
            customer_name: None,
            display_name: Some("Taro Yamada".into()),
            message_text: Some("I need a REFUND for order 1234".into()),
            language: Some("ja".into()),
            contact_exists: true,
            contact: [("email".to_string(), "taro@example.jp".to_string())].into(),
            variables: [("tier".to_string(), "gold".to_string())].into(),
            account: Some("LINE Japan".into()),
            // 2026-11-23 (a Monday) 10:30 UTC.
            at: 1_795_429_800_000,
        }
    }

    #[test]
    fn the_test_clock_is_a_monday_morning() {
        let local = |offset| {
            let t = LocalTime::with_offset(facts().at, offset);
            (t.minute, t.weekday)
        };
        assert_eq!(local(0), (10 * 60 + 30, 0));
        // Nine hours east (Tokyo) it is 19:30 the same Monday.
        assert_eq!(local(9 * 3600), (19 * 60 + 30, 0));
        // Eleven hours west it is Sunday night.
        assert_eq!(local(-11 * 3600), (23 * 60 + 30, 6));
    }

    #[test]
    fn each_condition_kind() {
        let f = facts();
        let utc = LocalTime::with_offset(f.at, 0);
        let holds = |c: Condition| condition_holds(&c, &f, utc);
        assert!(holds(cond(
            Field::DisplayName,
            Operator::Equals,
            "taro yamada"
        )));
        assert!(!holds(cond(Field::DisplayName, Operator::Equals, "taro")));
        assert!(holds(cond(
            Field::DisplayName,
            Operator::NotEquals,
            "hanako"
        )));
        // No contact name: the customer name is the LINE name.
        assert!(holds(cond(
            Field::CustomerName,
            Operator::Contains,
            "yamada"
        )));
        assert!(holds(cond(
            Field::MessageText,
            Operator::Contains,
            "refund"
        )));
        assert!(holds(cond(
            Field::MessageText,
            Operator::Matches,
            "*order ????"
        )));
        assert!(!holds(cond(
            Field::MessageText,
            Operator::Matches,
            "*order ???"
        )));
        assert!(holds(cond(Field::Language, Operator::Equals, "JA")));
        assert!(holds(cond(Field::ContactExists, Operator::Is, "yes")));
        assert!(!holds(cond(Field::ContactExists, Operator::Is, "no")));
        let mut email = cond(Field::ContactField, Operator::Contains, "@example.jp");
        email.key = "Email".into();
        assert!(holds(email.clone()));
        email.key = "phone".into();
        email.operator = Operator::IsEmpty;
        assert!(holds(email));
        let mut tier = cond(Field::Variable, Operator::Equals, "gold");
        tier.key = "tier".into();
        assert!(holds(tier));
        assert!(holds(cond(Field::TimeOfDay, Operator::Is, "09:00-18:00")));
        assert!(!holds(cond(Field::TimeOfDay, Operator::Is, "11:00-18:00")));
        // Past midnight: 22:00-11:00 holds at 10:30.
        assert!(holds(cond(Field::TimeOfDay, Operator::Is, "22:00-11:00")));
        assert!(holds(cond(Field::Weekday, Operator::Is, "mon,tue")));
        assert!(!holds(cond(Field::Weekday, Operator::Is, "sat,sun")));
        assert!(holds(cond(Field::Account, Operator::Equals, "line japan")));
        assert!(holds(cond(Field::Account, Operator::IsSet, "")));
        // In Tokyo time the same instant is 19:30: outside office hours.
        assert!(!condition_holds(
            &cond(Field::TimeOfDay, Operator::Is, "09:00-18:00"),
            &f,
            LocalTime::with_offset(f.at, 9 * 3600)
        ));
    }

    #[test]
    fn and_or_and_empty() {
        let f = facts();
        let utc = LocalTime::with_offset(f.at, 0);
        let yes = cond(Field::Language, Operator::Equals, "ja");
        let no = cond(Field::Language, Operator::Equals, "en");
        assert!(rule_matches(
            &rule("r", true, vec![yes.clone(), yes.clone()], 1),
            &f,
            utc
        ));
        assert!(!rule_matches(
            &rule("r", true, vec![yes.clone(), no.clone()], 1),
            &f,
            utc
        ));
        assert!(rule_matches(
            &rule("r", false, vec![no.clone(), yes], 1),
            &f,
            utc
        ));
        assert!(!rule_matches(
            &rule("r", false, vec![no.clone(), no], 1),
            &f,
            utc
        ));
        assert!(rule_matches(&rule("catch-all", true, vec![], 1), &f, utc));
    }

    #[test]
    fn first_match_wins_across_rulesets_and_unmatched_is_none() {
        let f = facts();
        let refund = rule(
            "Refunds",
            true,
            vec![cond(Field::MessageText, Operator::Contains, "refund")],
            2,
        );
        let japanese = rule(
            "Japanese",
            true,
            vec![cond(Field::Language, Operator::Equals, "ja")],
            3,
        );
        let routing = Routing {
            time_zone: "UTC".into(),
            rulesets: vec![
                Ruleset {
                    name: "VIP".into(),
                    rules: vec![rule(
                        "Gold",
                        true,
                        vec![cond(Field::DisplayName, Operator::Equals, "nobody")],
                        9,
                    )],
                },
                Ruleset {
                    name: "Main".into(),
                    rules: vec![refund.clone(), japanese.clone()],
                },
            ],
        };
        let hit = evaluate(&routing, &f, 0).unwrap();
        assert_eq!(
            (hit.ruleset.as_str(), hit.rule.as_str(), hit.queue_id),
            ("Main", "Refunds", 2)
        );
        // Reordered: the language rule comes first and wins.
        let mut reordered = routing.clone();
        reordered.rulesets[1].rules = vec![japanese, refund];
        assert_eq!(evaluate(&reordered, &f, 0).unwrap().queue_id, 3);
        let mut english = f.clone();
        english.language = Some("en".into());
        english.message_text = Some("hello".into());
        assert_eq!(evaluate(&routing, &english, 0), None);
    }

    /// Time and weekday conditions follow the routing's zone, daylight saving included.
    #[test]
    fn time_conditions_in_the_routing_time_zone() {
        let office = rule(
            "Office",
            true,
            vec![
                cond(Field::TimeOfDay, Operator::Is, "09:00-18:00"),
                cond(Field::Weekday, Operator::Is, "mon,tue,wed,thu,fri"),
            ],
            7,
        );
        let mut routing = Routing {
            time_zone: "Europe/Rome".into(),
            rulesets: vec![Ruleset {
                name: "Main".into(),
                rules: vec![office],
            }],
        };
        let at = |ms| Facts { at: ms, ..facts() };
        // Thursday 2026-01-15 and Wednesday 2026-07-15, 07:30 UTC: 08:30 in Rome in winter,
        // 09:30 in summer.
        let (january, july) = (1_768_462_200_000, 1_784_100_600_000);
        assert_eq!(evaluate(&routing, &at(january), 0), None);
        assert_eq!(evaluate(&routing, &at(july), 0).unwrap().queue_id, 7);
        // In Tokyo both are 16:30 on a weekday; Monday 10:30 UTC is 19:30 there.
        routing.time_zone = "Asia/Tokyo".into();
        assert!(evaluate(&routing, &at(january), 0).is_some());
        assert!(evaluate(&routing, &at(july), 0).is_some());
        assert_eq!(evaluate(&routing, &facts(), 0), None);
        // Sunday 2026-03-29 23:30 UTC is already Monday 01:30 in Rome (summer time).
        routing.time_zone = "Europe/Rome".into();
        routing.rulesets[0].rules[0].conditions = vec![cond(Field::Weekday, Operator::Is, "mon")];
        assert!(evaluate(&routing, &at(1_774_827_000_000), 0).is_some());
        assert!(evaluate(&routing, &at(1_774_827_000_000 - 2 * 3_600_000), 0).is_none());
        // A zone the database does not know is refused.
        routing.time_zone = "Mars/Olympus".into();
        assert!(check_routing(&routing, &[7]).get("time_zone").is_some());
        routing.time_zone = "UTC+05:30".into();
        assert!(check_routing(&routing, &[7]).get("time_zone").is_none());
    }

    #[test]
    fn percentage_split_over_ten_thousand_conversations() {
        let mut split = rule("Split", true, vec![], 0);
        split.output.splits = vec![
            Split {
                queue_id: 1,
                percent: 50,
            },
            Split {
                queue_id: 2,
                percent: 30,
            },
            Split {
                queue_id: 3,
                percent: 15,
            },
            Split {
                queue_id: 4,
                percent: 5,
            },
        ];
        let routing = Routing {
            time_zone: "UTC".into(),
            rulesets: vec![Ruleset {
                name: "Main".into(),
                rules: vec![split],
            }],
        };
        // A fixed xorshift sequence stands in for the server's random rolls.
        let mut state: u64 = 0x9E37_79B9_7F4A_7C15;
        let mut counts = BTreeMap::<i64, u32>::new();
        for _ in 0..10_000 {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            let roll = (state % 100) as u32;
            *counts
                .entry(evaluate(&routing, &facts(), roll).unwrap().queue_id)
                .or_default() += 1;
        }
        for (queue, share) in [(1, 50.0), (2, 30.0), (3, 15.0), (4, 5.0)] {
            let got = f64::from(counts[&queue]) / 100.0;
            assert!(
                (got - share).abs() <= 2.0,
                "queue {queue}: {got}% for {share}%"
            );
        }
    }

    #[test]
    fn rules_are_checked() {
        let mut bad = rule(
            "",
            true,
            vec![cond(Field::TimeOfDay, Operator::Is, "9-5")],
            1,
        );
        bad.output.splits.push(Split {
            queue_id: 2,
            percent: 10,
        });
        let errors = check_rule(&bad, &[1, 2]);
        assert!(errors.get("name").is_some());
        assert!(errors.get("condition1").is_some());
        assert!(errors.get("output").unwrap().to_string().contains("100"));
        let missing = rule("ok", true, vec![], 7);
        assert!(check_rule(&missing, &[1])
            .get("output")
            .unwrap()
            .to_string()
            .contains("exist"));
        let mut six = rule("six", true, vec![], 1);
        six.output.splits = (1..=6)
            .map(|q| Split {
                queue_id: q,
                percent: 10,
            })
            .collect();
        assert!(check_rule(&six, &[1, 2, 3, 4, 5, 6])
            .get("output")
            .unwrap()
            .to_string()
            .contains("at most 5"));
        let many = Routing {
            time_zone: "UTC".into(),
            rulesets: (0..11)
                .map(|i| Ruleset {
                    name: format!("s{i}"),
                    rules: (0..10)
                        .map(|j| rule(&format!("r{j}"), true, vec![], 1))
                        .collect(),
                })
                .collect(),
        };
        let errors = check_routing(&many, &[1]);
        assert!(errors.get("rulesets").is_some());
        assert!(errors.get("rules").is_some());
        assert!(check_rule(&rule("fine", false, vec![], 1), &[1]).is_empty());
    }

    #[test]
    fn time_ranges_refuse_out_of_range_clocks() {
        assert_eq!(parse_time_range("09:00-18:30"), Some((540, 1110)));
        assert_eq!(parse_time_range("24:00-25:00"), None);
        // Found by fuzzing: a huge hour overflowed while computing minutes.
        assert_eq!(parse_time_range("01111201110:10-"), None);
        assert_eq!(parse_time_range("4294967295:00-09:00"), None);
    }

    #[test]
    fn glob_patterns() {
        assert!(glob_matches("*", ""));
        assert!(glob_matches("a*c", "abbbc"));
        assert!(glob_matches("注文*", "注文番号 12"));
        assert!(!glob_matches("a?c", "ac"));
        assert!(glob_matches("*refund*", "Need REFUND now"));
    }
}
