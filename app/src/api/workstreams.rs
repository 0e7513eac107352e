//! Workstreams and Set up LINE, administrators only. Forms post flat fields (they must work
//! without JavaScript); each function loads what is stored, changes its part, and hands the
//! whole document to the service, which validates and audits it.
// A form's fields are the function's arguments: big forms make long argument lists.
#![allow(clippy::too_many_arguments)]

#[cfg(feature = "ssr")]
use crate::ssr::{client_info, require, respond, services};
use domain::workstream::{AvailableAccount, QueueView, WorkstreamView};
use domain::AppError;
#[cfg(feature = "ssr")]
use domain::{
    automated::{default_text, Trigger},
    workstream::{
        check_quick_reply, check_variable, effective_message, enabled_by_default, parse_list,
        ChannelConfig, ContextVariable, MessageSetting, NewWorkstream, QuickReply, SkillMatching,
        SurveyMode, VariableKind, WorkstreamSettings, WrapUpBlock, PRESENCES,
    },
    FieldErrors, Role,
};
use leptos::prelude::*;

/// The Set up LINE wizard's pages, in order: (step key, the product's label).
pub const LINE_STEPS: &[(&str, &str)] = &[
    ("account", "LINE"),
    ("language", "Language"),
    ("behaviors", "Behaviors"),
    ("features", "User features"),
    ("summary", "Summary"),
];

pub fn line_setup_url(workstream: i64, step: &str) -> String {
    format!("/workstreams/{workstream}/line?step={step}")
}

/// Where a wizard page goes after saving: the next page, the previous one, or back to the
/// summary when the admin came from its Edit link.
#[cfg(feature = "ssr")]
fn wizard_next(workstream: i64, step: &str, nav: Option<&str>) {
    let index = LINE_STEPS.iter().position(|(s, _)| *s == step).unwrap_or(0);
    let target = match nav {
        Some("back") => LINE_STEPS[index.saturating_sub(1)].0,
        Some("summary") => "summary",
        _ => LINE_STEPS[(index + 1).min(LINE_STEPS.len() - 1)].0,
    };
    leptos_axum::redirect(&line_setup_url(workstream, target));
}

#[cfg(feature = "ssr")]
fn number(field: &str, typed: &str) -> Result<u32, AppError> {
    typed
        .trim()
        .parse::<u32>()
        .map_err(|_| FieldErrors::single(field, domain::Problem::WholeNumber))
}

/// Loads the workstream's settings, lets `change` edit them, and saves them (validated and
/// audited by the service).
#[cfg(feature = "ssr")]
async fn change_settings(
    id: i64,
    change: impl FnOnce(&mut WorkstreamSettings) -> Result<(), AppError>,
) -> Result<(), AppError> {
    let actor = require(&[Role::Admin])?;
    let workstreams = services()?.workstreams;
    let mut settings = workstreams.get(id).await?.settings;
    change(&mut settings)?;
    workstreams
        .update_settings(&actor, id, settings, &client_info())
        .await
}

/// The automated-message rows of a form, in `Trigger::ALL` order: (checkbox, text) each.
#[cfg(feature = "ssr")]
fn typed_messages(fields: [(Option<String>, Option<String>); 8]) -> Vec<(Trigger, MessageSetting)> {
    Trigger::ALL
        .into_iter()
        .zip(fields)
        .map(|(trigger, (on, text))| {
            let setting = MessageSetting {
                enabled: on.is_some(),
                text: text.map(|t| t.trim().to_string()).filter(|t| !t.is_empty()),
            };
            (trigger, setting)
        })
        .collect()
}

#[server(endpoint = "list_workstreams")]
pub async fn list_workstreams() -> Result<Vec<WorkstreamView>, AppError> {
    respond(
        async {
            require(&[Role::Admin])?;
            services()?.workstreams.list().await
        }
        .await,
    )
}

#[server(endpoint = "get_workstream")]
pub async fn get_workstream(id: i64) -> Result<WorkstreamView, AppError> {
    respond(
        async {
            require(&[Role::Admin])?;
            services()?.workstreams.get(id).await
        }
        .await,
    )
}

#[server(endpoint = "list_queues")]
pub async fn list_queues() -> Result<Vec<QueueView>, AppError> {
    respond(
        async {
            require(&[Role::Admin])?;
            services()?.workstreams.list_queues().await
        }
        .await,
    )
}

/// `fallback_queue_id` is a queue's id, or "new" with `new_queue_name`.
#[server(endpoint = "create_workstream")]
pub async fn create_workstream(
    name: String,
    mode: Option<String>,
    fallback_queue_id: Option<String>,
    new_queue_name: Option<String>,
) -> Result<(), AppError> {
    respond(
        async {
            let actor = require(&[Role::Admin])?;
            let queue = fallback_queue_id
                .as_deref()
                .and_then(|v| v.parse::<i64>().ok());
            let new = NewWorkstream {
                name,
                mode: mode.unwrap_or_default(),
                fallback_queue_id: queue,
                new_queue_name: if queue.is_none() {
                    new_queue_name
                } else {
                    None
                },
            };
            let id = services()?
                .workstreams
                .create(&actor, new, &client_info())
                .await?;
            leptos_axum::redirect(&format!("/workstreams/{id}?created=1"));
            Ok(())
        }
        .await,
    )
}

#[server(endpoint = "update_workstream")]
pub async fn update_workstream(
    id: i64,
    name: String,
    mode: Option<String>,
    fallback_queue_id: i64,
) -> Result<(), AppError> {
    respond(
        async {
            let actor = require(&[Role::Admin])?;
            services()?
                .workstreams
                .update_details(
                    &actor,
                    id,
                    &name,
                    mode.as_deref(),
                    fallback_queue_id,
                    &client_info(),
                )
                .await
        }
        .await,
    )
}

#[server(endpoint = "update_work_distribution")]
pub async fn update_work_distribution(
    id: i64,
    auto_close_minutes: String,
    capacity: String,
    wrap_up: String,
    wrap_up_seconds: Option<String>,
    presence_available: Option<String>,
    presence_busy: Option<String>,
    presence_do_not_disturb: Option<String>,
    presence_away: Option<String>,
    skill_matching: String,
    keep_same_agent: Option<String>,
) -> Result<(), AppError> {
    respond(
        change_settings(id, |settings| {
            let d = &mut settings.distribution;
            d.auto_close_minutes = number("auto_close_minutes", &auto_close_minutes)?;
            d.capacity_per_conversation = number("capacity", &capacity)?;
            d.wrap_up_block = match wrap_up.as_str() {
                "always" => WrapUpBlock::Always,
                "never" => WrapUpBlock::Never,
                _ => WrapUpBlock::For(number(
                    "wrap_up_seconds",
                    wrap_up_seconds.as_deref().unwrap_or_default(),
                )?),
            };
            let checked = [
                presence_available.is_some(),
                presence_busy.is_some(),
                presence_do_not_disturb.is_some(),
                presence_away.is_some(),
            ];
            d.allowed_presences = PRESENCES
                .iter()
                .zip(checked)
                .filter(|(_, on)| *on)
                .map(|((key, _), _)| key.to_string())
                .collect();
            d.skill_matching = SkillMatching::parse(&skill_matching).ok_or_else(|| {
                FieldErrors::single("skill_matching", domain::Problem::ChooseSkillMatching)
            })?;
            d.keep_same_agent = keep_same_agent.is_some();
            Ok(())
        })
        .await,
    )
}

#[server(endpoint = "update_session_settings")]
pub async fn update_session_settings(
    id: i64,
    wrap_up_minutes: String,
    waiting_minutes: String,
) -> Result<(), AppError> {
    respond(
        change_settings(id, |settings| {
            settings.sessions.wrap_up_minutes = number("wrap_up_minutes", &wrap_up_minutes)?;
            settings.sessions.waiting_minutes = number("waiting_minutes", &waiting_minutes)?;
            Ok(())
        })
        .await,
    )
}

#[server(endpoint = "update_agent_notifications")]
pub async fn update_agent_notifications(
    id: i64,
    show_customer_name: Option<String>,
    show_picture: Option<String>,
    show_contact: Option<String>,
    show_first_message: Option<String>,
    show_queue: Option<String>,
    show_waiting_time: Option<String>,
    timeout_seconds: String,
) -> Result<(), AppError> {
    respond(
        change_settings(id, |settings| {
            let n = &mut settings.notifications;
            n.show_customer_name = show_customer_name.is_some();
            n.show_picture = show_picture.is_some();
            n.show_contact = show_contact.is_some();
            n.show_first_message = show_first_message.is_some();
            n.show_queue = show_queue.is_some();
            n.show_waiting_time = show_waiting_time.is_some();
            n.timeout_seconds = number("timeout_seconds", &timeout_seconds)?;
            Ok(())
        })
        .await,
    )
}

#[server(endpoint = "update_operating_hours")]
pub async fn update_operating_hours(
    id: i64,
    enabled: Option<String>,
    time_zone: String,
    day_0: String,
    day_1: String,
    day_2: String,
    day_3: String,
    day_4: String,
    day_5: String,
    day_6: String,
) -> Result<(), AppError> {
    respond(
        change_settings(id, |settings| {
            let days = [day_0, day_1, day_2, day_3, day_4, day_5, day_6];
            settings.operating_hours =
                domain::operating_hours::parse(enabled.is_some(), &time_zone, &days)
                    .map_err(AppError::Invalid)?;
            Ok(())
        })
        .await,
    )
}

#[server(endpoint = "add_context_variable")]
pub async fn add_context_variable(
    id: i64,
    variable_name: String,
    variable_kind: String,
    variable_default: String,
) -> Result<(), AppError> {
    respond(
        change_settings(id, |settings| {
            let kind = VariableKind::parse(&variable_kind)
                .ok_or_else(|| FieldErrors::single("variable_kind", domain::Problem::ChooseType))?;
            let variable = ContextVariable {
                name: variable_name.trim().to_string(),
                kind,
                default: variable_default.trim().to_string(),
            };
            check_variable(&variable, &settings.variables).into_result()?;
            settings.variables.push(variable);
            Ok(())
        })
        .await,
    )
}

#[server(endpoint = "remove_context_variable")]
pub async fn remove_context_variable(id: i64, name: String) -> Result<(), AppError> {
    respond(
        change_settings(id, |settings| {
            settings.variables.retain(|v| v.name != name);
            Ok(())
        })
        .await,
    )
}

#[server(endpoint = "add_quick_reply")]
pub async fn add_quick_reply(
    id: i64,
    reply_title: String,
    reply_text: String,
    reply_tags: String,
    reply_language: String,
) -> Result<(), AppError> {
    respond(
        change_settings(id, |settings| {
            let reply = QuickReply {
                title: reply_title.trim().to_string(),
                text: reply_text.trim().to_string(),
                tags: parse_list(&reply_tags),
                language: reply_language,
            };
            check_quick_reply(&reply).into_result()?;
            settings.quick_replies.push(reply);
            Ok(())
        })
        .await,
    )
}

#[server(endpoint = "remove_quick_reply")]
pub async fn remove_quick_reply(id: i64, index: usize) -> Result<(), AppError> {
    respond(
        change_settings(id, |settings| {
            if index < settings.quick_replies.len() {
                settings.quick_replies.remove(index);
            }
            Ok(())
        })
        .await,
    )
}

#[server(endpoint = "copy_workstream")]
pub async fn copy_workstream(id: i64) -> Result<(), AppError> {
    respond(
        async {
            let actor = require(&[Role::Admin])?;
            let copy = services()?
                .workstreams
                .copy(&actor, id, &client_info())
                .await?;
            leptos_axum::redirect(&format!("/workstreams/{copy}?copied=1"));
            Ok(())
        }
        .await,
    )
}

/// Deletes after the admin typed the workstream's name.
#[server(endpoint = "delete_workstream")]
pub async fn delete_workstream(id: i64, confirm_name: String) -> Result<(), AppError> {
    respond(
        async {
            let actor = require(&[Role::Admin])?;
            let workstreams = services()?.workstreams;
            let workstream = workstreams.get(id).await?;
            if confirm_name.trim() != workstream.name {
                return Err(FieldErrors::single(
                    "confirm_name",
                    domain::Problem::ConfirmWorkstreamName,
                ));
            }
            workstreams.delete(&actor, id, &client_info()).await?;
            leptos_axum::redirect("/workstreams?deleted=1");
            Ok(())
        }
        .await,
    )
}

#[server(endpoint = "list_line_accounts_for_setup")]
pub async fn list_line_accounts_for_setup() -> Result<Vec<AvailableAccount>, AppError> {
    respond(
        async {
            require(&[Role::Admin])?;
            services()?.workstreams.available_accounts().await
        }
        .await,
    )
}

/// Set up LINE, page LINE: the account.
#[server(endpoint = "save_line_account")]
pub async fn save_line_account(
    id: i64,
    account_id: Option<i64>,
    nav: Option<String>,
) -> Result<(), AppError> {
    respond(
        async {
            let actor = require(&[Role::Admin])?;
            let account_id = account_id.ok_or_else(|| {
                FieldErrors::single("account_id", domain::Problem::PickLineAccount)
            })?;
            services()?
                .workstreams
                .set_channel_account(&actor, id, account_id, &client_info())
                .await?;
            wizard_next(id, "account", nav.as_deref());
            Ok(())
        }
        .await,
    )
}

/// The stored channel configuration (the wizard's first page must have been saved).
#[cfg(feature = "ssr")]
async fn channel_config(id: i64) -> Result<(WorkstreamView, ChannelConfig), AppError> {
    let workstream = services()?.workstreams.get(id).await?;
    let config = workstream
        .channel
        .as_ref()
        .map(|c| c.config.clone())
        .ok_or(AppError::Conflict(domain::Problem::PickLineAccountFirst))?;
    Ok((workstream, config))
}

#[cfg(feature = "ssr")]
async fn save_config(id: i64, config: ChannelConfig) -> Result<(), AppError> {
    let actor = require(&[Role::Admin])?;
    services()?
        .workstreams
        .update_channel(&actor, id, config, &client_info())
        .await
}

/// Set up LINE, page Language: the default language and, one checkbox each (`also_<code>`,
/// "zh-TW" as `also_zh_tw`), the other languages the channel answers customers in.
#[server(endpoint = "save_line_language")]
#[allow(clippy::too_many_arguments)]
pub async fn save_line_language(
    id: i64,
    language: String,
    also_en: Option<String>,
    also_ja: Option<String>,
    also_th: Option<String>,
    also_zh_tw: Option<String>,
    also_it: Option<String>,
    nav: Option<String>,
) -> Result<(), AppError> {
    respond(
        async {
            require(&[Role::Admin])?;
            let (_, mut config) = channel_config(id).await?;
            let ticked = [also_en, also_ja, also_th, also_zh_tw, also_it];
            config.languages = domain::automated::LANGUAGES
                .iter()
                .zip(ticked)
                .filter(|((code, _), on)| on.is_some() && *code != language)
                .map(|((code, _), _)| code.to_string())
                .collect();
            config.language = language;
            save_config(id, config).await?;
            wizard_next(id, "language", nav.as_deref());
            Ok(())
        }
        .await,
    )
}

/// Set up LINE, page Behaviors: automated messages (a checkbox and a text per trigger) and the
/// post-conversation survey. A message equal to what the workstream would send is not stored
/// on the channel, so it keeps following the workstream and the language.
#[server(endpoint = "save_line_behaviors")]
pub async fn save_line_behaviors(
    id: i64,
    greeting_on: Option<String>,
    greeting_text: Option<String>,
    agent_assigned_on: Option<String>,
    agent_assigned_text: Option<String>,
    no_agent_on: Option<String>,
    no_agent_text: Option<String>,
    agent_ended_on: Option<String>,
    agent_ended_text: Option<String>,
    queue_position_on: Option<String>,
    queue_position_text: Option<String>,
    out_of_hours_on: Option<String>,
    out_of_hours_text: Option<String>,
    session_ended_on: Option<String>,
    session_ended_text: Option<String>,
    attachment_refused_on: Option<String>,
    attachment_refused_text: Option<String>,
    survey_enabled: Option<String>,
    survey_mode: Option<String>,
    survey_link_text: Option<String>,
    survey_link_url: Option<String>,
    nav: Option<String>,
) -> Result<(), AppError> {
    respond(
        async {
            require(&[Role::Admin])?;
            let (workstream, mut config) = channel_config(id).await?;
            let typed = typed_messages([
                (greeting_on, greeting_text),
                (agent_assigned_on, agent_assigned_text),
                (no_agent_on, no_agent_text),
                (agent_ended_on, agent_ended_text),
                (queue_position_on, queue_position_text),
                (out_of_hours_on, out_of_hours_text),
                (session_ended_on, session_ended_text),
                (attachment_refused_on, attachment_refused_text),
            ]);
            let inherited = ChannelConfig {
                language: config.language.clone(),
                messages: Default::default(),
                ..config.clone()
            };
            for (trigger, setting) in typed {
                let (inherited_on, inherited_text) =
                    effective_message(&inherited, &workstream.settings, trigger);
                let same = setting.enabled == inherited_on
                    && setting.text.as_deref().is_none_or(|t| t == inherited_text);
                if same {
                    config.messages.remove(&trigger);
                } else {
                    config.messages.insert(trigger, setting);
                }
            }
            config.survey.enabled = survey_enabled.is_some();
            config.survey.mode = match survey_mode.as_deref() {
                Some("link") => SurveyMode::Link,
                _ => SurveyMode::InConversation,
            };
            config.survey.link_text = survey_link_text.unwrap_or_default().trim().to_string();
            config.survey.link_url = survey_link_url.unwrap_or_default().trim().to_string();
            save_config(id, config).await?;
            wizard_next(id, "behaviors", nav.as_deref());
            Ok(())
        }
        .await,
    )
}

#[server(endpoint = "save_line_user_features")]
pub async fn save_line_user_features(
    id: i64,
    attachments_enabled: Option<String>,
    customers_can_send: Option<String>,
    agents_can_send: Option<String>,
    max_size_mb: String,
    blocked_extensions: String,
    nav: Option<String>,
) -> Result<(), AppError> {
    respond(
        async {
            require(&[Role::Admin])?;
            let (_, mut config) = channel_config(id).await?;
            let a = &mut config.attachments;
            a.enabled = attachments_enabled.is_some();
            a.customers_can_send = customers_can_send.is_some();
            a.agents_can_send = agents_can_send.is_some();
            a.max_size_mb = number("max_size_mb", &max_size_mb)?;
            a.blocked_extensions = parse_list(&blocked_extensions);
            save_config(id, config).await?;
            wizard_next(id, "features", nav.as_deref());
            Ok(())
        }
        .await,
    )
}

/// Summary › Finish: the channel goes live.
#[server(endpoint = "finish_line_setup")]
pub async fn finish_line_setup(id: i64) -> Result<(), AppError> {
    respond(
        async {
            let actor = require(&[Role::Admin])?;
            services()?
                .workstreams
                .finish_channel(&actor, id, &client_info())
                .await?;
            leptos_axum::redirect(&format!("/workstreams/{id}?line=finished"));
            Ok(())
        }
        .await,
    )
}

#[server(endpoint = "delete_line_channel")]
pub async fn delete_line_channel(id: i64, confirm: Option<String>) -> Result<(), AppError> {
    respond(
        async {
            let actor = require(&[Role::Admin])?;
            if confirm.is_none() {
                return Err(FieldErrors::single(
                    "confirm",
                    domain::Problem::ConfirmChannelRemoval,
                ));
            }
            services()?
                .workstreams
                .delete_channel(&actor, id, &client_info())
                .await?;
            leptos_axum::redirect(&format!("/workstreams/{id}?line=deleted"));
            Ok(())
        }
        .await,
    )
}

/// The workstream's own defaults for automated messages; its LINE channel's settings win.
/// A message left as shipped (on/off and text in the channel's language) is not stored, so it
/// keeps following the language.
#[server(endpoint = "save_workstream_messages")]
pub async fn save_workstream_messages(
    id: i64,
    greeting_on: Option<String>,
    greeting_text: Option<String>,
    agent_assigned_on: Option<String>,
    agent_assigned_text: Option<String>,
    no_agent_on: Option<String>,
    no_agent_text: Option<String>,
    agent_ended_on: Option<String>,
    agent_ended_text: Option<String>,
    queue_position_on: Option<String>,
    queue_position_text: Option<String>,
    out_of_hours_on: Option<String>,
    out_of_hours_text: Option<String>,
    session_ended_on: Option<String>,
    session_ended_text: Option<String>,
    attachment_refused_on: Option<String>,
    attachment_refused_text: Option<String>,
) -> Result<(), AppError> {
    respond(
        async {
            require(&[Role::Admin])?;
            let language = services()?
                .workstreams
                .get(id)
                .await?
                .channel
                .map(|c| c.config.language)
                .unwrap_or_else(|| "en".into());
            let typed = typed_messages([
                (greeting_on, greeting_text),
                (agent_assigned_on, agent_assigned_text),
                (no_agent_on, no_agent_text),
                (agent_ended_on, agent_ended_text),
                (queue_position_on, queue_position_text),
                (out_of_hours_on, out_of_hours_text),
                (session_ended_on, session_ended_text),
                (attachment_refused_on, attachment_refused_text),
            ]);
            change_settings(id, |settings| {
                for (trigger, setting) in typed {
                    let shipped = setting.enabled == enabled_by_default(trigger)
                        && setting
                            .text
                            .as_deref()
                            .is_none_or(|t| t == default_text(trigger, &language));
                    if shipped {
                        settings.messages.remove(&trigger);
                    } else {
                        settings.messages.insert(trigger, setting);
                    }
                }
                Ok(())
            })
            .await
        }
        .await,
    )
}
