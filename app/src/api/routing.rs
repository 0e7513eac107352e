//! Queues, agents, routing rules, bots (administrators), presence (staff), and taking work:
//! accept, decline, pick, transfer. Forms post flat fields so they work without JavaScript;
//! rule and bot editors load the stored document, change their part, and save it whole.
// A form's fields are the function's arguments: the rule form has many.
#![allow(clippy::too_many_arguments)]

#[cfg(feature = "ssr")]
use crate::ssr::{client_info, require, respond, services};
use domain::agent::{AgentView, Presence};
use domain::bot::BotView;
use domain::queue::{QueueDetail, RouteTest};
use domain::routing::Routing;
use domain::AppError;
#[cfg(feature = "ssr")]
use domain::{
    bot::{check_faq, parse_keywords, BotKind, Faq},
    queue::TransferTarget,
    routing::{
        check_rule, check_ruleset_name, parse_skills, Condition, Facts, Field, Operator, Output,
        Rule, Ruleset, Split, RULESETS_MAX, RULES_MAX,
    },
    FieldErrors, Role,
};
use leptos::prelude::*;

#[cfg(feature = "ssr")]
const STAFF: &[Role] = &[Role::Admin, Role::Supervisor, Role::Agent];
#[cfg(feature = "ssr")]
const LEADS: &[Role] = &[Role::Admin, Role::Supervisor];

#[cfg(feature = "ssr")]
fn whole(field: &str, typed: &str) -> Result<i64, AppError> {
    let typed = typed.trim();
    if typed.is_empty() {
        return Ok(0);
    }
    typed
        .parse::<i64>()
        .map_err(|_| FieldErrors::single(field, "Enter a whole number."))
}

#[cfg(feature = "ssr")]
fn priority(typed: &str) -> Result<i32, AppError> {
    i32::try_from(whole("priority", typed)?)
        .map_err(|_| FieldErrors::single("priority", "Enter a smaller number."))
}

#[server(endpoint = "list_queue_details")]
pub async fn list_queue_details() -> Result<Vec<QueueDetail>, AppError> {
    respond(
        async {
            // Read-only; agents see it in the transfer and inbox views too.
            require(STAFF)?;
            services()?.routing.queues().await
        }
        .await,
    )
}

#[server(endpoint = "create_queue")]
pub async fn create_queue(name: String, priority_typed: String) -> Result<(), AppError> {
    respond(
        async {
            let actor = require(&[Role::Admin])?;
            let priority = priority(&priority_typed)?;
            services()?
                .routing
                .create_queue(&actor, &name, priority, &client_info())
                .await
                .map(|_| ())
        }
        .await,
    )
}

#[server(endpoint = "update_queue")]
pub async fn update_queue(id: i64, name: String, priority_typed: String) -> Result<(), AppError> {
    respond(
        async {
            let actor = require(&[Role::Admin])?;
            let priority = priority(&priority_typed)?;
            services()?
                .routing
                .update_queue(&actor, id, &name, priority, &client_info())
                .await
        }
        .await,
    )
}

/// Adds (`remove` empty) or removes one member.
#[server(endpoint = "change_queue_member")]
pub async fn change_queue_member(
    id: i64,
    user_id: Option<i64>,
    remove: Option<String>,
) -> Result<(), AppError> {
    respond(
        async {
            let actor = require(&[Role::Admin])?;
            let user_id =
                user_id.ok_or_else(|| FieldErrors::single("user_id", "Pick an agent."))?;
            let routing = services()?.routing;
            let queue = routing
                .queues()
                .await?
                .into_iter()
                .find(|q| q.id == id)
                .ok_or_else(|| AppError::NotFound("That queue".into()))?;
            let mut members: Vec<i64> = queue.members.iter().map(|m| m.user_id).collect();
            if remove.is_some() {
                members.retain(|m| *m != user_id);
            } else {
                members.push(user_id);
            }
            routing
                .set_queue_members(&actor, id, members, &client_info())
                .await
        }
        .await,
    )
}

#[server(endpoint = "delete_queue")]
pub async fn delete_queue(id: i64) -> Result<(), AppError> {
    respond(
        async {
            let actor = require(&[Role::Admin])?;
            services()?
                .routing
                .delete_queue(&actor, id, &client_info())
                .await
        }
        .await,
    )
}

#[server(endpoint = "list_agents")]
pub async fn list_agents() -> Result<Vec<AgentView>, AppError> {
    respond(
        async {
            require(STAFF)?;
            services()?.routing.agents().await
        }
        .await,
    )
}

#[server(endpoint = "update_agent")]
pub async fn update_agent(user_id: i64, capacity: String, skills: String) -> Result<(), AppError> {
    respond(
        async {
            let actor = require(&[Role::Admin])?;
            let capacity = u32::try_from(whole("capacity", &capacity)?)
                .map_err(|_| FieldErrors::single("capacity", "Enter a positive number."))?;
            services()?
                .routing
                .set_agent(
                    &actor,
                    user_id,
                    capacity,
                    parse_skills(&skills),
                    &client_info(),
                )
                .await
        }
        .await,
    )
}

#[server(endpoint = "get_my_presence")]
pub async fn get_my_presence() -> Result<Presence, AppError> {
    respond(
        async {
            let actor = require(STAFF)?;
            services()?.routing.presence(actor.id).await
        }
        .await,
    )
}

#[server(endpoint = "set_my_presence")]
pub async fn set_my_presence(presence: String) -> Result<(), AppError> {
    respond(
        async {
            let actor = require(STAFF)?;
            let presence = Presence::parse(&presence)
                .ok_or_else(|| FieldErrors::single("presence", "Pick a presence."))?;
            services()?.routing.set_presence(&actor, presence).await
        }
        .await,
    )
}

#[server(endpoint = "get_routing")]
pub async fn get_routing(workstream_id: i64) -> Result<Routing, AppError> {
    respond(
        async {
            require(&[Role::Admin])?;
            services()?.routing.routing(workstream_id).await
        }
        .await,
    )
}

/// Loads the routing document, lets `change` edit it, saves it (validated and audited).
#[cfg(feature = "ssr")]
async fn change_routing(
    workstream_id: i64,
    change: impl FnOnce(&mut Routing) -> Result<(), AppError>,
) -> Result<(), AppError> {
    let actor = require(&[Role::Admin])?;
    let routing = services()?.routing;
    let mut doc = routing.routing(workstream_id).await?;
    change(&mut doc)?;
    routing
        .save_routing(&actor, workstream_id, doc, &client_info())
        .await
}

#[server(endpoint = "add_ruleset")]
pub async fn add_ruleset(workstream_id: i64, name: String) -> Result<(), AppError> {
    respond(
        change_routing(workstream_id, |doc| {
            let others: Vec<&str> = doc.rulesets.iter().map(|r| r.name.as_str()).collect();
            let mut errors = FieldErrors::new();
            check_ruleset_name(&name, &others, &mut errors);
            if doc.rulesets.len() >= RULESETS_MAX {
                errors.add(
                    "name",
                    format!("A workstream can have at most {RULESETS_MAX} rulesets."),
                );
            }
            errors.into_result()?;
            doc.rulesets.push(Ruleset {
                name: name.trim().to_string(),
                rules: Vec::new(),
            });
            Ok(())
        })
        .await,
    )
}

#[server(endpoint = "remove_ruleset")]
pub async fn remove_ruleset(workstream_id: i64, ruleset: usize) -> Result<(), AppError> {
    respond(
        change_routing(workstream_id, |doc| {
            if ruleset < doc.rulesets.len() {
                doc.rulesets.remove(ruleset);
            }
            Ok(())
        })
        .await,
    )
}

#[server(endpoint = "set_routing_offset")]
pub async fn set_routing_offset(workstream_id: i64, offset: String) -> Result<(), AppError> {
    respond(
        change_routing(workstream_id, |doc| {
            doc.utc_offset_minutes =
                domain::operating_hours::parse_offset(&offset).ok_or_else(|| {
                    FieldErrors::single("utc_offset", "Enter an offset like +09:00 or -05:30.")
                })?;
            Ok(())
        })
        .await,
    )
}

pub fn format_offset(minutes: i32) -> String {
    let sign = if minutes < 0 { '-' } else { '+' };
    format!("{sign}{:02}:{:02}", minutes.abs() / 60, minutes.abs() % 60)
}

/// How many condition and output rows the rule form has.
pub const CONDITION_ROWS: usize = 3;
pub const OUTPUT_ROWS: usize = 5;

#[cfg(feature = "ssr")]
fn typed_condition(
    row: usize,
    field: Option<String>,
    key: Option<String>,
    operator: Option<String>,
    value: Option<String>,
) -> Result<Option<Condition>, AppError> {
    let name = format!("condition{row}");
    let field = match field.as_deref().filter(|f| !f.is_empty()) {
        None => return Ok(None),
        Some(f) => Field::parse(f).ok_or_else(|| FieldErrors::single(&name, "Pick a field."))?,
    };
    let operator = match field {
        Field::TimeOfDay | Field::Weekday | Field::ContactExists => Operator::Is,
        _ => operator
            .as_deref()
            .and_then(Operator::parse)
            .ok_or_else(|| FieldErrors::single(&name, "Pick an operator."))?,
    };
    Ok(Some(Condition {
        field,
        key: key.unwrap_or_default().trim().to_string(),
        operator,
        value: value.unwrap_or_default().trim().to_string(),
    }))
}

#[server(endpoint = "add_routing_rule")]
pub async fn add_routing_rule(
    workstream_id: i64,
    ruleset: usize,
    name: String,
    match_all: Option<String>,
    c1_field: Option<String>,
    c1_key: Option<String>,
    c1_operator: Option<String>,
    c1_value: Option<String>,
    c2_field: Option<String>,
    c2_key: Option<String>,
    c2_operator: Option<String>,
    c2_value: Option<String>,
    c3_field: Option<String>,
    c3_key: Option<String>,
    c3_operator: Option<String>,
    c3_value: Option<String>,
    q1: Option<String>,
    p1: Option<String>,
    q2: Option<String>,
    p2: Option<String>,
    q3: Option<String>,
    p3: Option<String>,
    q4: Option<String>,
    p4: Option<String>,
    q5: Option<String>,
    p5: Option<String>,
    priority_typed: String,
    skills: String,
    /// Editing: the rule (its place in the ruleset) this one replaces.
    replace: Option<usize>,
) -> Result<(), AppError> {
    respond(
        async {
            // The role first: nobody else learns anything from validation messages.
            require(&[Role::Admin])?;
            let mut conditions = Vec::new();
            for (row, (f, k, o, v)) in [
                (c1_field, c1_key, c1_operator, c1_value),
                (c2_field, c2_key, c2_operator, c2_value),
                (c3_field, c3_key, c3_operator, c3_value),
            ]
            .into_iter()
            .enumerate()
            {
                if let Some(c) = typed_condition(row + 1, f, k, o, v)? {
                    conditions.push(c);
                }
            }
            let mut splits = Vec::new();
            let outputs = [(q1, p1), (q2, p2), (q3, p3), (q4, p4), (q5, p5)];
            let single = outputs
                .iter()
                .filter(|(q, _)| q.as_deref().is_some_and(|q| !q.is_empty()))
                .count()
                == 1;
            for (q, p) in outputs {
                let Some(queue_id) = q.as_deref().and_then(|q| q.parse::<i64>().ok()) else {
                    continue;
                };
                let typed = p.unwrap_or_default();
                // One queue needs no share: it gets everything.
                let percent = if single && typed.trim().is_empty() {
                    100
                } else {
                    u32::try_from(whole("output", &typed)?)
                        .map_err(|_| FieldErrors::single("output", "Shares are 1 to 100 %."))?
                };
                splits.push(Split { queue_id, percent });
            }
            let rule = Rule {
                name: name.trim().to_string(),
                match_all: match_all.as_deref() != Some("any"),
                conditions,
                output: Output {
                    splits,
                    priority: priority(&priority_typed)?,
                    skills: parse_skills(&skills),
                },
            };
            let queue_ids: Vec<i64> = services()?
                .routing
                .queues()
                .await?
                .iter()
                .map(|q| q.id)
                .collect();
            check_rule(&rule, &queue_ids).into_result()?;
            change_routing(workstream_id, move |doc| {
                if replace.is_none() && doc.rule_count() >= RULES_MAX {
                    return Err(FieldErrors::single(
                        "name",
                        format!("A workstream can have at most {RULES_MAX} rules."),
                    ));
                }
                let set = doc
                    .rulesets
                    .get_mut(ruleset)
                    .ok_or_else(|| AppError::NotFound("That ruleset".into()))?;
                if replace.is_some_and(|i| i >= set.rules.len()) {
                    return Err(AppError::NotFound("That rule".into()));
                }
                if set
                    .rules
                    .iter()
                    .enumerate()
                    .any(|(i, r)| Some(i) != replace && r.name.eq_ignore_ascii_case(&rule.name))
                {
                    return Err(FieldErrors::single(
                        "name",
                        "This ruleset has a rule with this name.",
                    ));
                }
                match replace {
                    Some(i) => set.rules[i] = rule,
                    None => set.rules.push(rule),
                }
                Ok(())
            })
            .await?;
            // An edit is done: back to the page without the rule open in the form.
            if replace.is_some() {
                leptos_axum::redirect(&format!("/workstreams/{workstream_id}/routing"));
            }
            Ok(())
        }
        .await,
    )
}

/// `direction`: "up", "down" or "remove".
#[server(endpoint = "change_routing_rule")]
pub async fn change_routing_rule(
    workstream_id: i64,
    ruleset: usize,
    rule: usize,
    direction: String,
) -> Result<(), AppError> {
    respond(
        change_routing(workstream_id, |doc| {
            let rules = &mut doc
                .rulesets
                .get_mut(ruleset)
                .ok_or_else(|| AppError::NotFound("That ruleset".into()))?
                .rules;
            if rule >= rules.len() {
                return Err(AppError::NotFound("That rule".into()));
            }
            match direction.as_str() {
                "up" if rule > 0 => rules.swap(rule, rule - 1),
                "down" if rule + 1 < rules.len() => rules.swap(rule, rule + 1),
                "remove" => {
                    rules.remove(rule);
                }
                _ => {}
            }
            Ok(())
        })
        .await,
    )
}

/// The "test this rule" panel: a sample conversation as typed.
#[server(endpoint = "test_routing")]
pub async fn test_routing(
    workstream_id: i64,
    display_name: String,
    customer_name: String,
    message_text: String,
    language: String,
    contact_exists: bool,
    account: String,
    time: String,
    weekday: String,
) -> Result<RouteTest, AppError> {
    respond(
        async {
            require(&[Role::Admin])?;
            let routing = services()?.routing;
            let offset = routing.routing(workstream_id).await?.utc_offset_minutes;
            let at = sample_instant(&time, &weekday, offset)?;
            let text = |s: String| Some(s.trim().to_string()).filter(|s| !s.is_empty());
            let facts = Facts {
                customer_name: text(customer_name),
                display_name: text(display_name),
                message_text: text(message_text),
                language: text(language),
                contact_exists,
                contact: Default::default(),
                variables: Default::default(),
                account: text(account),
                at,
            };
            routing.test_routing(workstream_id, facts).await
        }
        .await,
    )
}

/// A Unix instant whose local time (at `offset`) is the typed time on the typed weekday.
#[cfg(feature = "ssr")]
fn sample_instant(time: &str, weekday: &str, offset: i32) -> Result<i64, AppError> {
    let (h, m) = time
        .trim()
        .split_once(':')
        .and_then(|(h, m)| Some((h.parse::<i64>().ok()?, m.parse::<i64>().ok()?)))
        .filter(|(h, m)| *h < 24 && *m < 60)
        .ok_or_else(|| FieldErrors::single("time", "Enter a time like 14:30."))?;
    let day = domain::routing::WEEKDAYS
        .iter()
        .position(|d| *d == weekday)
        .unwrap_or(0) as i64;
    // 1970-01-05 was a Monday.
    let local_minutes = (4 + day) * 1440 + h * 60 + m;
    Ok((local_minutes - i64::from(offset)) * 60_000)
}

#[server(endpoint = "get_bot")]
pub async fn get_bot(workstream_id: i64) -> Result<BotView, AppError> {
    respond(
        async {
            require(&[Role::Admin])?;
            services()?.routing.bot(workstream_id).await
        }
        .await,
    )
}

#[server(endpoint = "save_bot")]
pub async fn save_bot(
    workstream_id: i64,
    enabled: Option<String>,
    kind: String,
    handoff_keywords: String,
    handoff_text: String,
    url: Option<String>,
    timeout_seconds: Option<String>,
    secret: Option<String>,
) -> Result<(), AppError> {
    respond(
        async {
            let actor = require(&[Role::Admin])?;
            let routing = services()?.routing;
            let mut config = routing.bot(workstream_id).await?.config;
            config.enabled = enabled.is_some();
            config.kind = BotKind::parse(&kind)
                .ok_or_else(|| FieldErrors::single("kind", "Pick built-in or external."))?;
            config.handoff_keywords = parse_keywords(&handoff_keywords);
            config.handoff_text = handoff_text.trim().to_string();
            if let Some(url) = url {
                config.url = url.trim().to_string();
            }
            if let Some(t) = timeout_seconds.filter(|t| !t.trim().is_empty()) {
                config.timeout_seconds =
                    u32::try_from(whole("timeout_seconds", &t)?).map_err(|_| {
                        FieldErrors::single("timeout_seconds", "Enter 1 to 30 seconds.")
                    })?;
            }
            routing
                .save_bot(&actor, workstream_id, config, secret, &client_info())
                .await
        }
        .await,
    )
}

#[server(endpoint = "add_bot_answer")]
pub async fn add_bot_answer(
    workstream_id: i64,
    language: String,
    keywords: String,
    answer: String,
    quick_replies: String,
) -> Result<(), AppError> {
    respond(
        async {
            let actor = require(&[Role::Admin])?;
            let routing = services()?.routing;
            let mut config = routing.bot(workstream_id).await?.config;
            let faq = Faq {
                language: language.trim().to_string(),
                keywords: parse_keywords(&keywords),
                answer: answer.trim().to_string(),
                quick_replies: quick_replies
                    .split(',')
                    .map(|q| q.trim().to_string())
                    .filter(|q| !q.is_empty())
                    .collect(),
            };
            check_faq(&faq).into_result()?;
            config.faqs.push(faq);
            routing
                .save_bot(&actor, workstream_id, config, None, &client_info())
                .await
        }
        .await,
    )
}

#[server(endpoint = "remove_bot_answer")]
pub async fn remove_bot_answer(workstream_id: i64, index: usize) -> Result<(), AppError> {
    respond(
        async {
            let actor = require(&[Role::Admin])?;
            let routing = services()?.routing;
            let mut config = routing.bot(workstream_id).await?.config;
            if index < config.faqs.len() {
                config.faqs.remove(index);
            }
            routing
                .save_bot(&actor, workstream_id, config, None, &client_info())
                .await
        }
        .await,
    )
}

#[server(endpoint = "accept_offer")]
pub async fn accept_offer(conversation_id: i64) -> Result<(), AppError> {
    respond(
        async {
            let actor = require(STAFF)?;
            services()?
                .routing
                .accept_offer(&actor, conversation_id)
                .await?;
            leptos_axum::redirect(&format!("/conversations/{conversation_id}"));
            Ok(())
        }
        .await,
    )
}

#[server(endpoint = "decline_offer")]
pub async fn decline_offer(conversation_id: i64) -> Result<(), AppError> {
    respond(
        async {
            let actor = require(STAFF)?;
            services()?
                .routing
                .decline_offer(&actor, conversation_id)
                .await
        }
        .await,
    )
}

#[server(endpoint = "pick_conversation")]
pub async fn pick_conversation(conversation_id: i64) -> Result<(), AppError> {
    respond(
        async {
            let actor = require(STAFF)?;
            services()?.routing.pick(&actor, conversation_id).await?;
            leptos_axum::redirect(&format!("/conversations/{conversation_id}"));
            Ok(())
        }
        .await,
    )
}

/// `target`: "agent:{user id}" or "queue:{queue id}".
#[server(endpoint = "transfer_conversation")]
pub async fn transfer_conversation(conversation_id: i64, target: String) -> Result<(), AppError> {
    respond(
        async {
            let actor = require(LEADS)?;
            let target = match target.split_once(':') {
                Some(("agent", id)) => id.parse().ok().map(TransferTarget::Agent),
                Some(("queue", id)) => id.parse().ok().map(TransferTarget::Queue),
                _ => None,
            }
            .ok_or_else(|| FieldErrors::single("target", "Pick an agent or a queue."))?;
            services()?
                .routing
                .transfer(&actor, conversation_id, target, &client_info())
                .await
        }
        .await,
    )
}
