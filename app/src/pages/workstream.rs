use crate::api::workstreams::{
    get_workstream, line_setup_url, list_queues, AddContextVariable, AddQuickReply, CopyWorkstream,
    DeleteLineChannel, DeleteWorkstream, RemoveContextVariable, RemoveQuickReply,
    SaveWorkstreamMessages, UpdateAgentNotifications, UpdateOperatingHours, UpdateSessionSettings,
    UpdateWorkDistribution, UpdateWorkstream,
};
use crate::components::automated_messages::AutomatedMessageFields;
use crate::components::channel_summary::ChannelSummary;
use crate::components::field::Field;
use crate::components::form_error::last_error;
use crate::components::form_error::{field_error, general_error, FormError};
use crate::components::guarded::Guarded;
use crate::components::operating_hours_form::OperatingHoursForm;
use crate::components::route_id::route_id;
use domain::automated::LANGUAGES;
use domain::automated::{language_label, Trigger};
use domain::time::format_utc;
use domain::workstream::{effective_message, ChannelConfig};
use domain::workstream::{DistributionMode, QueueView, WorkstreamView, WrapUpBlock, PRESENCES};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

/// One workstream: details, work distribution, its LINE channel, advanced settings, deletion.
#[component]
pub fn WorkstreamPage() -> impl IntoView {
    view! {
        <Title text="Workstream"/>
        <Guarded path="/workstreams"><WorkstreamContent/></Guarded>
    }
}

#[derive(Clone, Copy)]
struct Actions {
    details: ServerAction<UpdateWorkstream>,
    distribution: ServerAction<UpdateWorkDistribution>,
    sessions: ServerAction<UpdateSessionSettings>,
    notifications: ServerAction<UpdateAgentNotifications>,
    add_variable: ServerAction<AddContextVariable>,
    remove_variable: ServerAction<RemoveContextVariable>,
    add_reply: ServerAction<AddQuickReply>,
    remove_reply: ServerAction<RemoveQuickReply>,
    copy: ServerAction<CopyWorkstream>,
    delete: ServerAction<DeleteWorkstream>,
    delete_channel: ServerAction<DeleteLineChannel>,
    messages: ServerAction<SaveWorkstreamMessages>,
    hours: ServerAction<UpdateOperatingHours>,
}

#[component]
fn WorkstreamContent() -> impl IntoView {
    let id = route_id();
    let actions = Actions {
        details: ServerAction::new(),
        distribution: ServerAction::new(),
        sessions: ServerAction::new(),
        notifications: ServerAction::new(),
        add_variable: ServerAction::new(),
        remove_variable: ServerAction::new(),
        add_reply: ServerAction::new(),
        remove_reply: ServerAction::new(),
        copy: ServerAction::new(),
        delete: ServerAction::new(),
        delete_channel: ServerAction::new(),
        messages: ServerAction::new(),
        hours: ServerAction::new(),
    };
    let workstream = Resource::new(
        move || {
            (
                id(),
                actions.details.version().get(),
                actions.distribution.version().get(),
                actions.sessions.version().get(),
                actions.notifications.version().get(),
                actions.add_variable.version().get(),
                actions.remove_variable.version().get(),
                actions.add_reply.version().get(),
                actions.remove_reply.version().get(),
                actions.delete_channel.version().get(),
                actions.messages.version().get(),
                actions.hours.version().get(),
            )
        },
        |(id, ..)| get_workstream(id),
    );
    let queues = Resource::new(|| (), |_| list_queues());
    // Who works in each queue, re-read with the workstream (a new fallback queue).
    let members = Resource::new(
        move || actions.details.version().get(),
        |_| crate::api::routing::list_queue_details(),
    );
    view! {
        <Suspense fallback=|| view! { <p class="loading">"Loading…"</p> }>
            {move || Suspend::new(async move {
                let queues = queues.await.unwrap_or_default();
                let members = members.await.unwrap_or_default();
                match workstream.await {
                    Ok(workstream) => {
                        // Nobody in the fallback queue: its conversations would wait for no one.
                        let empty_fallback = members
                            .iter()
                            .find(|q| q.id == workstream.fallback_queue.id)
                            .filter(|q| q.members.is_empty())
                            .map(|q| q.name.clone());
                        view! { <WorkstreamBody workstream queues actions empty_fallback/> }.into_any()
                    }
                    Err(err) => view! {
                        <crate::components::status_panel::StatusPanel code=404 title="Workstream not found" message=crate::components::form_error::error_message(&err)/>
                    }.into_any(),
                }
            })}
        </Suspense>
    }
}

/// "Details saved." next to a form's button after its last submission succeeded: each section
/// has its own button, and says which part of the workstream it stored.
fn saved<S>(action: ServerAction<S>, what: &'static str) -> impl IntoView
where
    S: server_fn::ServerFn + Clone + Send + Sync + 'static,
    S::Output: Clone + Send + Sync + 'static,
    S::Error: Clone + Send + Sync + 'static,
{
    move || {
        matches!(action.value().get(), Some(Ok(_))).then(
            || view! { <span class="ok-line" role="status">{format!("{what} saved.")}</span> },
        )
    }
}

#[component]
fn WorkstreamBody(
    workstream: WorkstreamView,
    queues: Vec<QueueView>,
    actions: Actions,
    /// The fallback queue's name when nobody works in it.
    empty_fallback: Option<String>,
) -> impl IntoView {
    let id = workstream.id;
    let hidden = move || view! { <input type="hidden" name="id" value=id.to_string()/> };
    let query = use_query_map();
    let notice = move || {
        let q = query.read();
        let text = if q.get("created").is_some() {
            Some("Workstream created. Next: Set up LINE.")
        } else if q.get("copied").is_some() {
            Some("This is a copy: same settings, no LINE channel yet.")
        } else {
            match q.get("line").as_deref() {
                Some("finished") => Some(
                    "LINE is set up: this workstream now receives the account's conversations.",
                ),
                Some("deleted") => {
                    Some("The LINE channel was removed. Its conversations stay in history.")
                }
                _ => None,
            }
        };
        text.map(|t| view! { <div class="alert alert--success" role="status">{t}</div> })
    };
    let d = workstream.settings.distribution.clone();
    let s = workstream.settings.sessions.clone();
    let n = workstream.settings.notifications.clone();
    let push = workstream.mode == DistributionMode::Push;
    let (wrap_kind, wrap_seconds) = match d.wrap_up_block {
        WrapUpBlock::Always => ("always", String::new()),
        WrapUpBlock::Never => ("never", String::new()),
        WrapUpBlock::For(s) => ("for", s.to_string()),
    };
    let dv = actions.distribution.value();
    let variables = workstream.settings.variables.clone();
    let replies = workstream.settings.quick_replies.clone();
    let channel = workstream.channel.clone();
    let current_queue = workstream.fallback_queue.id;
    // The workstream's defaults, shown in its channel's language (English before Set up LINE).
    let language = channel
        .as_ref()
        .map(|c| c.config.language.clone())
        .unwrap_or_else(|| "en".into());
    let bare = ChannelConfig {
        language: language.clone(),
        ..ChannelConfig::default()
    };
    let defaults: Vec<(Trigger, bool, String)> = Trigger::ALL
        .into_iter()
        .map(|t| {
            let (on, text) = effective_message(&bare, &workstream.settings, t);
            (t, on, text)
        })
        .collect();
    view! {
        <div class="page-header page-header--actions">
            <div>
                <p class="breadcrumb"><a href="/workstreams">"Workstreams"</a></p>
                <h1>{workstream.name.clone()}</h1>
                <p class="muted">{format!("Messaging · LINE · {} distribution · created by {} on {}", workstream.mode.label(), workstream.created_by.clone().unwrap_or_default(), format_utc(workstream.created_at))}</p>
            </div>
            <div class="page-header__buttons">
                <a class="button button--secondary" href=format!("/workstreams/{id}/routing")>"Routing rules"</a>
                {push.then(|| view! { <a class="button button--secondary" href=format!("/workstreams/{id}/bot")>"Bot"</a> })}
                <ActionForm action=actions.copy>
                    {hidden()}
                    <button type="submit" class="button button--secondary">"Copy"</button>
                </ActionForm>
            </div>
        </div>
        {notice}
        {empty_fallback.map(|name| view! {
            <div class="alert alert--warn" role="status" data-testid="fallback-empty">
                {format!("Nobody works in the fallback queue “{name}”: conversations that reach it are offered to no one. ")}
                <a href="/queues">"Add agents on Queues"</a>
            </div>
        })}
        <FormError error=general_error(actions.copy.value())/>
        <div class="layout-two">
            <div class="stack">
                <section class="panel">
                    <h2>"LINE"</h2>
                    {match channel.clone() {
                        None => view! {
                            <p class="muted">"No LINE channel yet. Choose the LINE account, the language, automated messages and file rules."</p>
                            <a class="button button--primary" href=line_setup_url(id, "account")>"Set up LINE"</a>
                        }.into_any(),
                        Some(channel) => view! {
                            {(!channel.active).then(|| view! { <div class="alert alert--warn" role="status">"Set up LINE is not finished: this channel receives nothing yet."</div> })}
                            <ChannelSummary workstream_id=id channel=channel.clone() settings=workstream.settings.clone() edit_links=false/>
                            <a class="button button--secondary" href=line_setup_url(id, if channel.active { "summary" } else { "account" })>{if channel.active { "Edit LINE setup" } else { "Continue Set up LINE" }}</a>
                            // Open again when its last submission failed (also after a plain form post).
                            <details class="replace" open=move || matches!(actions.delete_channel.value().get(), Some(Err(_)))>
                                <summary>"Delete LINE channel"</summary>
                                <p class="muted">{format!("Removes this workstream's LINE channel: {} stops feeding it, and its language, automated messages, survey and file rules go. Conversations and their history stay.", channel.account_name.clone().unwrap_or_default())}</p>
                                <FormError error=general_error(actions.delete_channel.value())/>
                                <ActionForm action=actions.delete_channel attr:class="form" attr:novalidate=true>
                                    {hidden()}
                                    <label class="checkbox"><input type="checkbox" name="confirm"/>" I understand the LINE channel configuration is removed"</label>
                                    <p class="field__error" role="alert">{move || field_error(actions.delete_channel.value(), "confirm").get()}</p>
                                    <button type="submit" class="button button--danger">"Delete LINE channel"</button>
                                </ActionForm>
                            </details>
                        }.into_any(),
                    }}
                </section>
                <section class="panel">
                    <h2>"Automated messages"</h2>
                    <p class="muted">{format!("This workstream's defaults, in {}. A message set on the LINE channel (Set up LINE › Behaviors) overrides its default here.", language_label(&language))}</p>
                    <FormError error=general_error(actions.messages.value())/>
                    <ActionForm action=actions.messages attr:class="form" attr:novalidate=true>
                        {hidden()}
                        <AutomatedMessageFields messages=defaults error=last_error(actions.messages.value())/>
                        <div class="button-row"><button type="submit" class="button button--secondary">"Save automated messages"</button>{saved(actions.messages, "Automated messages")}</div>
                    </ActionForm>
                </section>
                <section class="panel">
                    <h2>"Details"</h2>
                    <FormError error=general_error(actions.details.value())/>
                    <ActionForm action=actions.details attr:class="form" attr:novalidate=true>
                        {hidden()}
                        <input type="hidden" name="mode" value=workstream.mode.as_str()/>
                        <Field label="Name" name="name" required=true value=workstream.name.clone() error=field_error(actions.details.value(), "name")/>
                        <div class="field">
                            <label for="field-mode-display">"Work distribution mode"</label>
                            <input id="field-mode-display" value=workstream.mode.label() disabled=true/>
                            <p class="field__hint">"Fixed once the workstream is created."</p>
                            <p class="field__error" role="alert">{move || field_error(actions.details.value(), "mode").get()}</p>
                        </div>
                        <div class="field">
                            <label for="field-fallback_queue_id">"Fallback queue"</label>
                            <select id="field-fallback_queue_id" name="fallback_queue_id">
                                {queues.into_iter().map(|q| view! { <option value=q.id.to_string() selected=q.id == current_queue>{q.name}</option> }).collect_view()}
                            </select>
                            <p class="field__error" role="alert">{move || field_error(actions.details.value(), "fallback_queue_id").get()}</p>
                        </div>
                        <div class="button-row"><button type="submit" class="button button--primary">"Save details"</button>{saved(actions.details, "Details")}</div>
                    </ActionForm>
                </section>
                <section class="panel">
                    <h2>"Work distribution"</h2>
                    <FormError error=general_error(dv)/>
                    <ActionForm action=actions.distribution attr:class="form" attr:novalidate=true>
                        {hidden()}
                        <Field label="Auto-close after inactivity (minutes)" name="auto_close_minutes" kind="number" value=d.auto_close_minutes.to_string()
                            hint="Conversations nobody wrote in for this long are closed and the customer gets the Session ended message. Default for asynchronous channels: 1440 (1 day)." error=field_error(dv, "auto_close_minutes")/>
                        <Field label="Capacity per conversation" name="capacity" kind="number" value=d.capacity_per_conversation.to_string()
                            hint="Units of an agent's capacity one conversation takes." error=field_error(dv, "capacity")/>
                        <div class="field" class:field--invalid=move || field_error(dv, "wrap_up_seconds").get().is_some()>
                            <label for="field-wrap_up">"Block capacity for wrap-up"</label>
                            <select id="field-wrap_up" name="wrap_up">
                                <option value="always" selected=wrap_kind == "always">"Always"</option>
                                <option value="never" selected=wrap_kind == "never">"Never"</option>
                                <option value="for" selected=wrap_kind == "for">"For a duration"</option>
                            </select>
                            <label for="field-wrap_up_seconds">"Duration (seconds, 30 to 3600)"</label>
                            <input id="field-wrap_up_seconds" name="wrap_up_seconds" type="number" value=wrap_seconds/>
                            <p class="field__error" role="alert">{move || field_error(dv, "wrap_up_seconds").get()}</p>
                        </div>
                        <fieldset class="field" class:field--invalid=move || field_error(dv, "presences").get().is_some()>
                            <legend>"Allowed presences"</legend>
                            {PRESENCES.iter().map(|(key, label)| view! {
                                <label class="checkbox"><input type="checkbox" name=format!("presence_{key}") checked=d.allowed_presences.iter().any(|p| p == key)/>" "{*label}</label>
                            }).collect_view()}
                            <p class="field__error" role="alert">{move || field_error(dv, "presences").get()}</p>
                        </fieldset>
                        <div class="field">
                            <label for="field-skill_matching">"Default skill matching"</label>
                            <select id="field-skill_matching" name="skill_matching">
                                {[("exact", "Exact match"), ("closest", "Closest match"), ("none", "None")].into_iter().map(|(key, label)| view! {
                                    <option value=key selected=d.skill_matching.as_str() == key>{label}</option>
                                }).collect_view()}
                            </select>
                        </div>
                        {push.then(|| view! {
                            <label class="checkbox"><input type="checkbox" name="keep_same_agent" checked=d.keep_same_agent/>" Keep the same agent for the entire conversation"</label>
                        })}
                        <p class="field__error" role="alert">{move || field_error(dv, "keep_same_agent").get()}</p>
                        <div class="button-row"><button type="submit" class="button button--primary">"Save work distribution"</button>{saved(actions.distribution, "Work distribution")}</div>
                    </ActionForm>
                </section>
                <OperatingHoursForm workstream_id=id hours=workstream.settings.operating_hours.clone() action=actions.hours/>
            </div>
            <div class="stack">
                <section class="panel">
                    <h2>"Advanced settings"</h2>
                    <h3>"Sessions"</h3>
                    <FormError error=general_error(actions.sessions.value())/>
                    <ActionForm action=actions.sessions attr:class="form" attr:novalidate=true>
                        {hidden()}
                        <Field label="Wrap-up closes after (minutes)" name="wrap_up_minutes" kind="number" value=s.wrap_up_minutes.to_string() error=field_error(actions.sessions.value(), "wrap_up_minutes")/>
                        <Field label="Unaccepted conversations close after (minutes, 0 = never)" name="waiting_minutes" kind="number" value=s.waiting_minutes.to_string() error=field_error(actions.sessions.value(), "waiting_minutes")/>
                        <div class="button-row"><button type="submit" class="button button--secondary">"Save sessions"</button>{saved(actions.sessions, "Session settings")}</div>
                    </ActionForm>
                    <h3>"Agent notifications"</h3>
                    <FormError error=general_error(actions.notifications.value())/>
                    <ActionForm action=actions.notifications attr:class="form" attr:novalidate=true>
                        {hidden()}
                        <fieldset class="field">
                            <legend>"The incoming-conversation notification shows"</legend>
                            <label class="checkbox"><input type="checkbox" name="show_customer_name" checked=n.show_customer_name/>" Customer name"</label>
                            <label class="checkbox"><input type="checkbox" name="show_picture" checked=n.show_picture/>" LINE picture"</label>
                            <label class="checkbox"><input type="checkbox" name="show_contact" checked=n.show_contact/>" Linked contact"</label>
                            <label class="checkbox"><input type="checkbox" name="show_first_message" checked=n.show_first_message/>" First message"</label>
                            <label class="checkbox"><input type="checkbox" name="show_queue" checked=n.show_queue/>" Queue"</label>
                            <label class="checkbox"><input type="checkbox" name="show_waiting_time" checked=n.show_waiting_time/>" Waiting time"</label>
                        </fieldset>
                        <Field label="Notification times out after (seconds)" name="timeout_seconds" kind="number" value=n.timeout_seconds.to_string() error=field_error(actions.notifications.value(), "timeout_seconds")/>
                        <div class="button-row"><button type="submit" class="button button--secondary">"Save notifications"</button>{saved(actions.notifications, "Notifications")}</div>
                    </ActionForm>
                    <h3>"Context variables"</h3>
                    <p class="muted">"Values every conversation carries; use them in routing rules and as {Name} in automated messages."</p>
                    {if variables.is_empty() {
                        view! { <p class="cell-secondary">"None yet."</p> }.into_any()
                    } else {
                        view! {
                            <table class="table" data-testid="variables">
                                <thead><tr><th>"Name"</th><th>"Type"</th><th>"Default"</th><th><span class="visually-hidden">"Actions"</span></th></tr></thead>
                                <tbody>
                                    {variables.into_iter().map(|v| view! {
                                        <tr>
                                            <td class="mono">{v.name.clone()}</td><td>{v.kind.as_str()}</td><td>{v.default.clone()}</td>
                                            <td class="cell-actions">
                                                <ActionForm action=actions.remove_variable>
                                                    {hidden()}<input type="hidden" name="name" value=v.name.clone()/>
                                                    <button type="submit" class="button button--small button--ghost" aria-label=format!("Remove {}", v.name)>"Remove"</button>
                                                </ActionForm>
                                            </td>
                                        </tr>
                                    }).collect_view()}
                                </tbody>
                            </table>
                        }.into_any()
                    }}
                    <ActionForm action=actions.add_variable attr:class="form form--inline" attr:novalidate=true>
                        {hidden()}
                        <Field label="Name" name="variable_name" error=field_error(actions.add_variable.value(), "variable_name")/>
                        <div class="field">
                            <label for="field-variable_kind">"Type"</label>
                            <select id="field-variable_kind" name="variable_kind">
                                <option value="text">"Text"</option><option value="number">"Number"</option><option value="boolean">"True/false"</option>
                            </select>
                        </div>
                        <Field label="Default" name="variable_default" error=field_error(actions.add_variable.value(), "variable_default")/>
                        <button type="submit" class="button button--secondary">"Add variable"</button>
                    </ActionForm>
                    <FormError error=general_error(actions.add_variable.value())/>
                    <h3>"Quick replies"</h3>
                    <p class="muted">"Canned responses agents insert while answering, per language."</p>
                    {if replies.is_empty() {
                        view! { <p class="cell-secondary">"None yet."</p> }.into_any()
                    } else {
                        view! {
                            <table class="table" data-testid="quick-replies">
                                <thead><tr><th>"Title"</th><th>"Text"</th><th>"Tags"</th><th>"Language"</th><th><span class="visually-hidden">"Actions"</span></th></tr></thead>
                                <tbody>
                                    {replies.into_iter().enumerate().map(|(index, r)| view! {
                                        <tr>
                                            <td class="cell-primary">{r.title.clone()}</td>
                                            <td class="cell-secondary">{r.text.clone()}</td>
                                            <td class="cell-secondary">{r.tags.join(", ")}</td>
                                            <td>{domain::automated::language_label(&r.language)}</td>
                                            <td class="cell-actions">
                                                <ActionForm action=actions.remove_reply>
                                                    {hidden()}<input type="hidden" name="index" value=index.to_string()/>
                                                    <button type="submit" class="button button--small button--ghost" aria-label=format!("Remove {}", r.title)>"Remove"</button>
                                                </ActionForm>
                                            </td>
                                        </tr>
                                    }).collect_view()}
                                </tbody>
                            </table>
                        }.into_any()
                    }}
                    <ActionForm action=actions.add_reply attr:class="form" attr:novalidate=true>
                        {hidden()}
                        <Field label="Title" name="reply_title" error=field_error(actions.add_reply.value(), "reply_title")/>
                        <div class="field" class:field--invalid=move || field_error(actions.add_reply.value(), "reply_text").get().is_some()>
                            <label for="field-reply_text">"Text"</label>
                            <textarea id="field-reply_text" name="reply_text" rows="3"></textarea>
                            <p class="field__error" role="alert">{move || field_error(actions.add_reply.value(), "reply_text").get()}</p>
                        </div>
                        <Field label="Tags" name="reply_tags" hint="Separated by commas." error=field_error(actions.add_reply.value(), "reply_tags")/>
                        <div class="field">
                            <label for="field-reply_language">"Language"</label>
                            <select id="field-reply_language" name="reply_language">
                                {LANGUAGES.iter().map(|(code, label)| view! { <option value=*code>{*label}</option> }).collect_view()}
                            </select>
                        </div>
                        <button type="submit" class="button button--secondary">"Add quick reply"</button>
                    </ActionForm>
                    <FormError error=general_error(actions.add_reply.value())/>
                </section>
                <section class="panel panel--danger">
                    <h2>"Delete workstream"</h2>
                    <p>{format!("Deleting removes the workstream{}, its settings and quick replies. {} open conversation{} and all history stay; the audit trail stays.",
                        if channel.is_some() { " and its LINE channel" } else { "" },
                        workstream.open_conversations, if workstream.open_conversations == 1 { "" } else { "s" })}</p>
                    <FormError error=general_error(actions.delete.value())/>
                    <ActionForm action=actions.delete attr:class="form" attr:novalidate=true>
                        {hidden()}
                        <Field label="Type the workstream name to confirm" name="confirm_name" error=field_error(actions.delete.value(), "confirm_name")/>
                        <button type="submit" class="button button--danger">"Delete workstream"</button>
                    </ActionForm>
                </section>
            </div>
        </div>
    }
}
