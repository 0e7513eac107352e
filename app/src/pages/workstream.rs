use crate::api::workstreams::{
    get_workstream, line_setup_url, list_queues, AddContextVariable, AddQuickReply, CopyWorkstream,
    DeleteLineChannel, DeleteWorkstream, RemoveContextVariable, RemoveQuickReply,
    SaveWorkstreamMessages, UpdateAgentNotifications, UpdateOperatingHours, UpdateSessionSettings,
    UpdateWorkDistribution, UpdateWorkstream,
};
use crate::components::automated_messages::{language_name, AutomatedMessageFields};
use crate::components::channel_summary::ChannelSummary;
use crate::components::field::Field;
use crate::components::form_error::last_error;
use crate::components::form_error::{field_error, general_error, FormError};
use crate::components::guarded::Guarded;
use crate::components::operating_hours_form::OperatingHoursForm;
use crate::components::route_id::route_id;
use crate::i18n::*;
use domain::agent::Presence;
use domain::automated::Trigger;
use domain::automated::LANGUAGES;
use domain::workstream::{effective_message, ChannelConfig};
use domain::workstream::{
    DistributionMode, QueueView, VariableKind, WorkstreamView, WrapUpBlock, PRESENCES,
};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

/// A work distribution mode in the reader's language.
pub fn distribution_mode(locale: Locale, mode: DistributionMode) -> &'static str {
    match mode {
        DistributionMode::Push => td_string!(locale, workstream.mode.push),
        DistributionMode::Pick => td_string!(locale, workstream.mode.pick),
    }
}

/// A context variable's type, as the variables table shows it.
fn variable_kind(locale: Locale, kind: VariableKind) -> &'static str {
    match kind {
        VariableKind::Text => td_string!(locale, workstream.variable_kind.text),
        VariableKind::Number => td_string!(locale, workstream.variable_kind.number),
        VariableKind::Boolean => td_string!(locale, workstream.variable_kind.boolean),
    }
}

/// A skill-matching choice (`SkillMatching::as_str`) in the reader's language.
fn skill_matching(locale: Locale, key: &str) -> &'static str {
    match key {
        "exact" => td_string!(locale, workstream.skill.exact),
        "closest" => td_string!(locale, workstream.skill.closest),
        _ => td_string!(locale, workstream.skill.none),
    }
}

/// A presence (`domain::workstream::PRESENCES` key) in the reader's language.
fn presence_name(locale: Locale, key: &str, english: &'static str) -> String {
    match key {
        "available" => crate::labels::presence(locale, Presence::Available),
        "busy" => crate::labels::presence(locale, Presence::Busy),
        "do_not_disturb" => crate::labels::presence(locale, Presence::DoNotDisturb),
        "away" => crate::labels::presence(locale, Presence::Away),
        "offline" => crate::labels::presence(locale, Presence::Offline),
        _ => english.to_string(),
    }
}

/// One workstream: details, work distribution, its LINE channel, advanced settings, deletion.
#[component]
pub fn WorkstreamPage() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <Title text=move || t_string!(i18n, workstream.title).to_string()/>
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
    // The operating hours' zone picker: the server's list, not the wasm's.
    let zones = Resource::new(|| (), |_| crate::api::time_zones::list_time_zones());
    // Who works in each queue, re-read with the workstream (a new fallback queue).
    let members = Resource::new(
        move || actions.details.version().get(),
        |_| crate::api::routing::list_queue_details(),
    );
    let i18n = use_i18n();
    view! {
        <Suspense fallback=move || view! { <p class="loading">{t!(i18n, workstream.loading)}</p> }>
            {move || Suspend::new(async move {
                let queues = queues.await.unwrap_or_default();
                let members = members.await.unwrap_or_default();
                let zones = zones.await.unwrap_or_default();
                match workstream.await {
                    Ok(workstream) => {
                        // Nobody in the fallback queue: its conversations would wait for no one.
                        let empty_fallback = members
                            .iter()
                            .find(|q| q.id == workstream.fallback_queue.id)
                            .filter(|q| q.members.is_empty())
                            .map(|q| q.name.clone());
                        view! { <WorkstreamBody workstream queues zones actions empty_fallback/> }.into_any()
                    }
                    Err(err) => view! {
                        <crate::components::status_panel::StatusPanel code=404 title=td_string!(i18n.get_locale_untracked(), workstream.not_found) message=crate::components::form_error::error_message(&err)/>
                    }.into_any(),
                }
            })}
        </Suspense>
    }
}

/// "Details saved." next to a form's button after its last submission succeeded: each section
/// has its own button, and says which part of the workstream it stored (`text`).
fn saved<S>(action: ServerAction<S>, text: impl Into<TextProp>) -> impl IntoView
where
    S: server_fn::ServerFn + Clone + Send + Sync + 'static,
    S::Output: Clone + Send + Sync + 'static,
    S::Error: Clone + Send + Sync + 'static,
{
    let text = text.into();
    move || {
        let text = text.clone();
        matches!(action.value().get(), Some(Ok(_)))
            .then(move || view! { <span class="ok-line" role="status">{move || text.get()}</span> })
    }
}

#[component]
fn WorkstreamBody(
    workstream: WorkstreamView,
    queues: Vec<QueueView>,
    /// The operating hours' time zones to choose from.
    zones: Vec<String>,
    actions: Actions,
    /// The fallback queue's name when nobody works in it.
    empty_fallback: Option<String>,
) -> impl IntoView {
    let id = workstream.id;
    let hidden = move || view! { <input type="hidden" name="id" value=id.to_string()/> };
    let query = use_query_map();
    let i18n = use_i18n();
    let notice = move || {
        let q = query.read();
        let locale = i18n.get_locale();
        let text = if q.get("created").is_some() {
            Some(td_string!(locale, workstream.notice.created))
        } else if q.get("copied").is_some() {
            Some(td_string!(locale, workstream.notice.copied))
        } else {
            match q.get("line").as_deref() {
                Some("finished") => Some(td_string!(locale, workstream.notice.line_finished)),
                Some("deleted") => Some(td_string!(locale, workstream.notice.line_deleted)),
                _ => None,
            }
        };
        text.map(|t| view! { <div class="alert alert--success" role="status">{t}</div> })
    };
    let d = workstream.settings.distribution.clone();
    let s = workstream.settings.sessions.clone();
    let n = workstream.settings.notifications.clone();
    let mode = workstream.mode;
    let push = mode == DistributionMode::Push;
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
                <p class="breadcrumb"><a href="/workstreams">{t!(i18n, page.workstreams)}</a></p>
                <h1>{workstream.name.clone()}</h1>
                <p class="muted">{t!(i18n, workstream.summary_line, mode = move || distribution_mode(i18n.get_locale(), mode), by = workstream.created_by.clone().unwrap_or_default(), at = crate::reader::datetime(workstream.created_at))}</p>
            </div>
            <div class="page-header__buttons">
                <a class="button button--secondary" href=format!("/workstreams/{id}/routing")>{t!(i18n, workstream.routing_rules)}</a>
                {push.then(|| view! { <a class="button button--secondary" href=format!("/workstreams/{id}/bot")>{t!(i18n, workstream.bot)}</a> })}
                <ActionForm action=actions.copy>
                    {hidden()}
                    <button type="submit" class="button button--secondary">{t!(i18n, workstream.copy)}</button>
                </ActionForm>
            </div>
        </div>
        {notice}
        {empty_fallback.map(|name| view! {
            <div class="alert alert--warn" role="status" data-testid="fallback-empty">
                {t!(i18n, workstream.fallback_empty, name = name)}
                <a href="/queues">{t!(i18n, workstream.add_agents)}</a>
            </div>
        })}
        <FormError error=general_error(actions.copy.value())/>
        <div class="layout-two">
            <div class="stack">
                <section class="panel">
                    <h2>"LINE"</h2>
                    {match channel.clone() {
                        None => view! {
                            <p class="muted">{t!(i18n, workstream.no_channel)}</p>
                            <a class="button button--primary" href=line_setup_url(id, "account")>{t!(i18n, workstream.setup)}</a>
                        }.into_any(),
                        Some(channel) => view! {
                            {(!channel.active).then(|| view! { <div class="alert alert--warn" role="status">{t!(i18n, workstream.setup_unfinished)}</div> })}
                            <ChannelSummary workstream_id=id channel=channel.clone() settings=workstream.settings.clone() edit_links=false/>
                            <a class="button button--secondary" href=line_setup_url(id, if channel.active { "summary" } else { "account" })>{if channel.active { t!(i18n, workstream.edit_setup).into_any() } else { t!(i18n, workstream.continue_setup).into_any() }}</a>
                            // Open again when its last submission failed (also after a plain form post).
                            <details class="replace" open=move || matches!(actions.delete_channel.value().get(), Some(Err(_)))>
                                <summary>{t!(i18n, workstream.delete_channel)}</summary>
                                <p class="muted">{t!(i18n, workstream.delete_channel_body, account = channel.account_name.clone().unwrap_or_default())}</p>
                                <FormError error=general_error(actions.delete_channel.value())/>
                                <ActionForm action=actions.delete_channel attr:class="form" attr:novalidate=true>
                                    {hidden()}
                                    <label class="checkbox"><input type="checkbox" name="confirm"/>" "{t!(i18n, workstream.delete_channel_confirm)}</label>
                                    <p class="field__error" role="alert">{move || field_error(actions.delete_channel.value(), "confirm").get()}</p>
                                    <button type="submit" class="button button--danger">{t!(i18n, workstream.delete_channel)}</button>
                                </ActionForm>
                            </details>
                        }.into_any(),
                    }}
                </section>
                <section class="panel">
                    <h2>{t!(i18n, workstream.automated)}</h2>
                    <p class="muted">{t!(i18n, workstream.automated_intro, language = move || language_name(i18n.get_locale(), &language))}</p>
                    <FormError error=general_error(actions.messages.value())/>
                    <ActionForm action=actions.messages attr:class="form" attr:novalidate=true>
                        {hidden()}
                        <AutomatedMessageFields messages=defaults error=last_error(actions.messages.value())/>
                        <div class="button-row"><button type="submit" class="button button--secondary">{t!(i18n, workstream.save_automated)}</button>{saved(actions.messages, move || t_string!(i18n, workstream.saved.automated).to_string())}</div>
                    </ActionForm>
                </section>
                <section class="panel">
                    <h2>{t!(i18n, workstream.details)}</h2>
                    <FormError error=general_error(actions.details.value())/>
                    <ActionForm action=actions.details attr:class="form" attr:novalidate=true>
                        {hidden()}
                        <input type="hidden" name="mode" value=workstream.mode.as_str()/>
                        <Field label=move || t_string!(i18n, workstream.name).to_string() name="name" required=true value=workstream.name.clone() error=field_error(actions.details.value(), "name")/>
                        <div class="field">
                            <label for="field-mode-display">{t!(i18n, workstream.mode_label)}</label>
                            <input id="field-mode-display" value=move || distribution_mode(i18n.get_locale(), mode) disabled=true/>
                            <p class="field__hint">{t!(i18n, workstream.mode_hint)}</p>
                            <p class="field__error" role="alert">{move || field_error(actions.details.value(), "mode").get()}</p>
                        </div>
                        <div class="field">
                            <label for="field-fallback_queue_id">{t!(i18n, workstream.fallback_queue)}</label>
                            <select id="field-fallback_queue_id" name="fallback_queue_id">
                                {queues.into_iter().map(|q| view! { <option value=q.id.to_string() selected=q.id == current_queue>{q.name}</option> }).collect_view()}
                            </select>
                            <p class="field__error" role="alert">{move || field_error(actions.details.value(), "fallback_queue_id").get()}</p>
                        </div>
                        <div class="button-row"><button type="submit" class="button button--primary">{t!(i18n, workstream.save_details)}</button>{saved(actions.details, move || t_string!(i18n, workstream.saved.details).to_string())}</div>
                    </ActionForm>
                </section>
                <section class="panel">
                    <h2>{t!(i18n, workstream.distribution)}</h2>
                    <FormError error=general_error(dv)/>
                    <ActionForm action=actions.distribution attr:class="form" attr:novalidate=true>
                        {hidden()}
                        <Field label=move || t_string!(i18n, workstream.auto_close).to_string() name="auto_close_minutes" kind="number" value=d.auto_close_minutes.to_string()
                            hint=move || t_string!(i18n, workstream.auto_close_hint).to_string() error=field_error(dv, "auto_close_minutes")/>
                        <Field label=move || t_string!(i18n, workstream.capacity).to_string() name="capacity" kind="number" value=d.capacity_per_conversation.to_string()
                            hint=move || t_string!(i18n, workstream.capacity_hint).to_string() error=field_error(dv, "capacity")/>
                        <div class="field" class:field--invalid=move || field_error(dv, "wrap_up_seconds").get().is_some()>
                            <label for="field-wrap_up">{t!(i18n, workstream.wrap_up)}</label>
                            <select id="field-wrap_up" name="wrap_up">
                                <option value="always" selected=wrap_kind == "always">{t!(i18n, workstream.wrap_up_always)}</option>
                                <option value="never" selected=wrap_kind == "never">{t!(i18n, workstream.wrap_up_never)}</option>
                                <option value="for" selected=wrap_kind == "for">{t!(i18n, workstream.wrap_up_for)}</option>
                            </select>
                            <label for="field-wrap_up_seconds">{t!(i18n, workstream.wrap_up_seconds)}</label>
                            <input id="field-wrap_up_seconds" name="wrap_up_seconds" type="number" value=wrap_seconds/>
                            <p class="field__error" role="alert">{move || field_error(dv, "wrap_up_seconds").get()}</p>
                        </div>
                        <fieldset class="field" class:field--invalid=move || field_error(dv, "presences").get().is_some()>
                            <legend>{t!(i18n, workstream.presences)}</legend>
                            {PRESENCES.iter().map(|(key, label)| view! {
                                <label class="checkbox"><input type="checkbox" name=format!("presence_{key}") checked=d.allowed_presences.iter().any(|p| p == key)/>" "{move || presence_name(i18n.get_locale(), key, label)}</label>
                            }).collect_view()}
                            <p class="field__error" role="alert">{move || field_error(dv, "presences").get()}</p>
                        </fieldset>
                        <div class="field">
                            <label for="field-skill_matching">{t!(i18n, workstream.skill_matching)}</label>
                            <select id="field-skill_matching" name="skill_matching">
                                {["exact", "closest", "none"].into_iter().map(|key| view! {
                                    <option value=key selected=d.skill_matching.as_str() == key>{move || skill_matching(i18n.get_locale(), key)}</option>
                                }).collect_view()}
                            </select>
                        </div>
                        {push.then(|| view! {
                            <label class="checkbox"><input type="checkbox" name="keep_same_agent" checked=d.keep_same_agent/>" "{t!(i18n, workstream.keep_same_agent)}</label>
                        })}
                        <p class="field__error" role="alert">{move || field_error(dv, "keep_same_agent").get()}</p>
                        <div class="button-row"><button type="submit" class="button button--primary">{t!(i18n, workstream.save_distribution)}</button>{saved(actions.distribution, move || t_string!(i18n, workstream.saved.distribution).to_string())}</div>
                    </ActionForm>
                </section>
                <OperatingHoursForm workstream_id=id hours=workstream.settings.operating_hours.clone() zones action=actions.hours/>
            </div>
            <div class="stack">
                <section class="panel">
                    <h2>{t!(i18n, workstream.advanced)}</h2>
                    <h3>{t!(i18n, workstream.sessions)}</h3>
                    <FormError error=general_error(actions.sessions.value())/>
                    <ActionForm action=actions.sessions attr:class="form" attr:novalidate=true>
                        {hidden()}
                        <Field label=move || t_string!(i18n, workstream.wrap_up_minutes).to_string() name="wrap_up_minutes" kind="number" value=s.wrap_up_minutes.to_string() error=field_error(actions.sessions.value(), "wrap_up_minutes")/>
                        <Field label=move || t_string!(i18n, workstream.waiting_minutes).to_string() name="waiting_minutes" kind="number" value=s.waiting_minutes.to_string() error=field_error(actions.sessions.value(), "waiting_minutes")/>
                        <div class="button-row"><button type="submit" class="button button--secondary">{t!(i18n, workstream.save_sessions)}</button>{saved(actions.sessions, move || t_string!(i18n, workstream.saved.sessions).to_string())}</div>
                    </ActionForm>
                    <h3>{t!(i18n, workstream.notifications)}</h3>
                    <FormError error=general_error(actions.notifications.value())/>
                    <ActionForm action=actions.notifications attr:class="form" attr:novalidate=true>
                        {hidden()}
                        <fieldset class="field">
                            <legend>{t!(i18n, workstream.notification_shows)}</legend>
                            <label class="checkbox"><input type="checkbox" name="show_customer_name" checked=n.show_customer_name/>" "{t!(i18n, workstream.show.customer_name)}</label>
                            <label class="checkbox"><input type="checkbox" name="show_picture" checked=n.show_picture/>" "{t!(i18n, workstream.show.picture)}</label>
                            <label class="checkbox"><input type="checkbox" name="show_contact" checked=n.show_contact/>" "{t!(i18n, workstream.show.contact)}</label>
                            <label class="checkbox"><input type="checkbox" name="show_first_message" checked=n.show_first_message/>" "{t!(i18n, workstream.show.first_message)}</label>
                            <label class="checkbox"><input type="checkbox" name="show_queue" checked=n.show_queue/>" "{t!(i18n, workstream.show.queue)}</label>
                            <label class="checkbox"><input type="checkbox" name="show_waiting_time" checked=n.show_waiting_time/>" "{t!(i18n, workstream.show.waiting_time)}</label>
                        </fieldset>
                        <Field label=move || t_string!(i18n, workstream.notification_timeout).to_string() name="timeout_seconds" kind="number" value=n.timeout_seconds.to_string() error=field_error(actions.notifications.value(), "timeout_seconds")/>
                        <div class="button-row"><button type="submit" class="button button--secondary">{t!(i18n, workstream.save_notifications)}</button>{saved(actions.notifications, move || t_string!(i18n, workstream.saved.notifications).to_string())}</div>
                    </ActionForm>
                    <h3>{t!(i18n, workstream.variables)}</h3>
                    <p class="muted">{t!(i18n, workstream.variables_intro)}</p>
                    {if variables.is_empty() {
                        view! { <p class="cell-secondary">{t!(i18n, workstream.none_yet)}</p> }.into_any()
                    } else {
                        view! {
                            <table class="table" data-testid="variables">
                                <thead><tr><th>{t!(i18n, workstream.name)}</th><th>{t!(i18n, workstream.kind)}</th><th>{t!(i18n, workstream.default)}</th><th><span class="visually-hidden">{t!(i18n, workstream.actions)}</span></th></tr></thead>
                                <tbody>
                                    {variables.into_iter().map(|v| view! {
                                        <tr>
                                            <td class="mono">{v.name.clone()}</td><td>{move || variable_kind(i18n.get_locale(), v.kind)}</td><td>{v.default.clone()}</td>
                                            <td class="cell-actions">
                                                <ActionForm action=actions.remove_variable>
                                                    {hidden()}<input type="hidden" name="name" value=v.name.clone()/>
                                                    <button type="submit" class="button button--small button--ghost" aria-label={ let name = v.name.clone(); move || t_string!(i18n, workstream.remove_named).replace("{name}", &name) }>{t!(i18n, workstream.remove)}</button>
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
                        <Field label=move || t_string!(i18n, workstream.name).to_string() name="variable_name" error=field_error(actions.add_variable.value(), "variable_name")/>
                        <div class="field">
                            <label for="field-variable_kind">{t!(i18n, workstream.kind)}</label>
                            <select id="field-variable_kind" name="variable_kind">
                                <option value="text">{t!(i18n, workstream.kind_option.text)}</option><option value="number">{t!(i18n, workstream.kind_option.number)}</option><option value="boolean">{t!(i18n, workstream.kind_option.boolean)}</option>
                            </select>
                        </div>
                        <Field label=move || t_string!(i18n, workstream.default).to_string() name="variable_default" error=field_error(actions.add_variable.value(), "variable_default")/>
                        <button type="submit" class="button button--secondary">{t!(i18n, workstream.add_variable)}</button>
                    </ActionForm>
                    <FormError error=general_error(actions.add_variable.value())/>
                    <h3>{t!(i18n, workstream.quick_replies)}</h3>
                    <p class="muted">{t!(i18n, workstream.quick_replies_intro)}</p>
                    {if replies.is_empty() {
                        view! { <p class="cell-secondary">{t!(i18n, workstream.none_yet)}</p> }.into_any()
                    } else {
                        view! {
                            <table class="table" data-testid="quick-replies">
                                <thead><tr><th>{t!(i18n, workstream.reply_title)}</th><th>{t!(i18n, workstream.reply_text)}</th><th>{t!(i18n, workstream.reply_tags)}</th><th>{t!(i18n, workstream.language)}</th><th><span class="visually-hidden">{t!(i18n, workstream.actions)}</span></th></tr></thead>
                                <tbody>
                                    {replies.into_iter().enumerate().map(|(index, r)| view! {
                                        <tr>
                                            <td class="cell-primary">{r.title.clone()}</td>
                                            <td class="cell-secondary">{r.text.clone()}</td>
                                            <td class="cell-secondary">{r.tags.join(", ")}</td>
                                            <td>{ let code = r.language.clone(); move || language_name(i18n.get_locale(), &code) }</td>
                                            <td class="cell-actions">
                                                <ActionForm action=actions.remove_reply>
                                                    {hidden()}<input type="hidden" name="index" value=index.to_string()/>
                                                    <button type="submit" class="button button--small button--ghost" aria-label={ let title = r.title.clone(); move || t_string!(i18n, workstream.remove_named).replace("{name}", &title) }>{t!(i18n, workstream.remove)}</button>
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
                        <Field label=move || t_string!(i18n, workstream.reply_title).to_string() name="reply_title" error=field_error(actions.add_reply.value(), "reply_title")/>
                        <div class="field" class:field--invalid=move || field_error(actions.add_reply.value(), "reply_text").get().is_some()>
                            <label for="field-reply_text">{t!(i18n, workstream.reply_text)}</label>
                            <textarea id="field-reply_text" name="reply_text" rows="3"></textarea>
                            <p class="field__error" role="alert">{move || field_error(actions.add_reply.value(), "reply_text").get()}</p>
                        </div>
                        <Field label=move || t_string!(i18n, workstream.reply_tags).to_string() name="reply_tags" hint=move || t_string!(i18n, workstream.reply_tags_hint).to_string() error=field_error(actions.add_reply.value(), "reply_tags")/>
                        <div class="field">
                            <label for="field-reply_language">{t!(i18n, workstream.language)}</label>
                            <select id="field-reply_language" name="reply_language">
                                {LANGUAGES.iter().map(|(code, _)| view! { <option value=*code>{move || language_name(i18n.get_locale(), code)}</option> }).collect_view()}
                            </select>
                        </div>
                        <button type="submit" class="button button--secondary">{t!(i18n, workstream.add_reply)}</button>
                    </ActionForm>
                    <FormError error=general_error(actions.add_reply.value())/>
                </section>
                <section class="panel panel--danger">
                    <h2>{t!(i18n, workstream.delete)}</h2>
                    <p>{
                        let (with_channel, open) = (channel.is_some(), workstream.open_conversations);
                        move || crate::counts::workstream_delete_body(i18n.get_locale(), with_channel, open)
                    }</p>
                    <FormError error=general_error(actions.delete.value())/>
                    <ActionForm action=actions.delete attr:class="form" attr:novalidate=true>
                        {hidden()}
                        <Field label=move || t_string!(i18n, workstream.confirm_name).to_string() name="confirm_name" error=field_error(actions.delete.value(), "confirm_name")/>
                        <button type="submit" class="button button--danger">{t!(i18n, workstream.delete)}</button>
                    </ActionForm>
                </section>
            </div>
        </div>
    }
}
