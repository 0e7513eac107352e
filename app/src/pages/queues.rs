use crate::api::insights::SetServiceLevel;
use crate::api::routing::{
    list_agents, list_queue_details, ChangeQueueMember, CreateQueue, DeleteQueue, UpdateQueue,
};
use crate::components::field::Field;
use crate::components::form_error::{
    field_error, general_error, last_error, reset_after_success, FormError,
};
use crate::components::guarded::Guarded;
use crate::i18n::*;
use crate::labels::fill;
use domain::agent::AgentView;
use domain::queue::{QueueDetail, QueueUse};
use leptos::prelude::*;
use leptos_meta::Title;

/// Queues: where routed conversations wait, who works in each, and their priority.
#[component]
pub fn QueuesPage() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <Title text=move || t_string!(i18n, page.queues).to_string()/>
        <Guarded path="/queues"><QueuesContent/></Guarded>
    }
}

/// A member's role, as the agents list gives it (`Role::as_str`), in the reader's language.
fn role_word(locale: Locale, role: &str) -> String {
    match role {
        "admin" => td_string!(locale, queues.role.admin).to_string(),
        "supervisor" => td_string!(locale, queues.role.supervisor).to_string(),
        "agent" => td_string!(locale, queues.role.agent).to_string(),
        "auditor" => td_string!(locale, queues.role.auditor).to_string(),
        other => other.to_string(),
    }
}

#[derive(Clone, Copy)]
struct Actions {
    update: ServerAction<UpdateQueue>,
    member: ServerAction<ChangeQueueMember>,
    delete: ServerAction<DeleteQueue>,
    service_level: ServerAction<SetServiceLevel>,
}

#[component]
fn QueuesContent() -> impl IntoView {
    let create = ServerAction::<CreateQueue>::new();
    let actions = Actions {
        update: ServerAction::new(),
        member: ServerAction::new(),
        delete: ServerAction::new(),
        service_level: ServerAction::new(),
    };
    let queues = Resource::new(
        move || {
            (
                create.version().get(),
                actions.update.version().get(),
                actions.member.version().get(),
                actions.delete.version().get(),
                actions.service_level.version().get(),
            )
        },
        |_| list_queue_details(),
    );
    let agents = Resource::new(|| (), |_| list_agents());
    let created = create.value();
    let create_form = NodeRef::new();
    reset_after_success(create, create_form);
    let row_error = Signal::derive(move || {
        last_error(actions.update.value())
            .get()
            .or_else(|| last_error(actions.member.value()).get())
            .or_else(|| last_error(actions.delete.value()).get())
            .or_else(|| last_error(actions.service_level.value()).get())
    });
    let i18n = use_i18n();
    view! {
        <div class="page-header">
            <p class="breadcrumb">{move || crate::labels::section(i18n.get_locale(), "Customer support")}</p>
            <h1>{t!(i18n, page.queues)}</h1>
            <p class="muted">{t!(i18n, queues.intro)}</p>
        </div>
        <div class="layout-two">
            <section class="panel" aria-labelledby="queues-heading">
                <h2 id="queues-heading">{t!(i18n, page.queues)}</h2>
                <FormError error=row_error/>
                <Suspense fallback=move || view! { <p class="loading">{t!(i18n, queues.loading)}</p> }>
                    {move || Suspend::new(async move {
                        let agents = agents.await.unwrap_or_default();
                        match queues.await {
                            Ok(list) if list.is_empty() => view! { <p class="muted">{t!(i18n, queues.empty)}</p> }.into_any(),
                            Ok(list) => list.into_iter().map(|queue| view! { <QueueCard queue agents=agents.clone() actions/> }).collect_view().into_any(),
                            Err(err) => view! { <div class="alert alert--error">{crate::components::form_error::error_message(&err)}</div> }.into_any(),
                        }
                    })}
                </Suspense>
            </section>
            <section class="panel" aria-labelledby="new-queue-heading">
                <h2 id="new-queue-heading">{t!(i18n, queues.new_queue)}</h2>
                {move || matches!(created.get(), Some(Ok(()))).then(|| view! { <div class="alert alert--success" role="status">{t!(i18n, queues.created)}</div> })}
                <FormError error=general_error(created)/>
                <ActionForm action=create node_ref=create_form attr:class="form" attr:novalidate=true>
                    <Field label=move || t_string!(i18n, queues.name).to_string() name="name" required=true error=field_error(created, "name")/>
                    <Field label=move || t_string!(i18n, queues.priority).to_string() name="priority_typed" kind="number" value="0" hint=move || t_string!(i18n, queues.priority_hint).to_string() error=field_error(created, "priority")/>
                    <button type="submit" class="button button--primary">{t!(i18n, queues.create)}</button>
                </ActionForm>
            </section>
        </div>
    }
}

#[component]
fn QueueCard(queue: QueueDetail, agents: Vec<AgentView>, actions: Actions) -> impl IntoView {
    let id = queue.id.to_string();
    let (id1, id2, id3) = (id.clone(), id.clone(), id.clone());
    let name_id = format!("queue-name-{id}");
    let priority_id = format!("queue-priority-{id}");
    let add_id = format!("queue-add-{id}");
    let target_id = format!("queue-target-{id}");
    let target_for = target_id.clone();
    let (name_for, priority_for, add_for) = (name_id.clone(), priority_id.clone(), add_id.clone());
    let candidates: Vec<AgentView> = agents
        .into_iter()
        .filter(|a| !queue.members.iter().any(|m| m.user_id == a.user_id))
        .collect();
    let queue_name = queue.name.clone();
    let i18n = use_i18n();
    let locale = i18n.get_locale_untracked();
    let confirm = t!(i18n, queues.confirm_delete, name = queue.name.clone());
    let name_value = queue.name.clone();
    let members = queue
        .members
        .clone()
        .into_iter()
        .map(|member| {
            let (qid, uid) = (id.clone(), member.user_id.to_string());
            let remove_label = fill(td_string!(locale, queues.remove_label), &[("member", &member.name), ("queue", &queue_name)]);
            view! {
                <li>
                    <span>{member.name.clone()}</span>
                    <ActionForm action=actions.member attr:class="inline-form">
                        <input type="hidden" name="id" value=qid/>
                        <input type="hidden" name="user_id" value=uid/>
                        <input type="hidden" name="remove" value="1"/>
                        <button type="submit" class="button button--small button--ghost" aria-label=remove_label>{t!(i18n, queues.remove)}</button>
                    </ActionForm>
                </li>
            }
        })
        .collect_view();
    let used = if queue.used_by.is_empty() {
        t!(i18n, queues.unused).into_any()
    } else {
        let locale = i18n.get_locale_untracked();
        let names: Vec<String> = queue
            .used_by
            .iter()
            .map(|used| match used {
                QueueUse::Fallback { workstream } => {
                    td_string!(locale, queues.use_fallback, workstream = workstream).to_string()
                }
                QueueUse::Rule { rule, workstream } => td_string!(
                    locale,
                    queues.use_rule,
                    rule = rule,
                    workstream = workstream
                )
                .to_string(),
            })
            .collect();
        t!(i18n, queues.used_by, names = names.join(", ")).into_any()
    };
    view! {
        <article class="card queue-card" data-queue=queue.name.clone()>
            <header class="card__header">
                <h3>{queue.name.clone()}</h3>
                <span class="badge">{t!(i18n, queues.waiting, count = queue.waiting)}</span>
                <span class="badge badge--ok">{t!(i18n, queues.active, count = queue.active)}</span>
            </header>
            <p class="cell-secondary">{used}</p>
            <ActionForm action=actions.update attr:class="inline-form">
                <input type="hidden" name="id" value=id1/>
                <label for=name_for>{t!(i18n, queues.name)}</label>
                <input id=name_id name="name" value=name_value/>
                <label for=priority_for>{t!(i18n, queues.priority)}</label>
                <input id=priority_id name="priority_typed" type="number" class="input--narrow" value=queue.priority.to_string()/>
                <button type="submit" class="button button--small">{t!(i18n, queues.save)}</button>
            </ActionForm>
            <ActionForm action=actions.service_level attr:class="inline-form">
                <input type="hidden" name="id" value=id.clone()/>
                <label for=target_for>{t!(i18n, queues.service_level_target)}</label>
                <input id=target_id name="seconds_typed" type="number" class="input--narrow" value=queue.service_level_seconds.to_string()/>
                <span class="muted">{t!(i18n, queues.seconds)}</span>
                <button type="submit" class="button button--small">{t!(i18n, queues.save)}</button>
            </ActionForm>
            <h4>{t!(i18n, queues.members)}</h4>
            <ul class="member-list">{members}</ul>
            {(!candidates.is_empty()).then(|| view! {
                <ActionForm action=actions.member attr:class="inline-form">
                    <input type="hidden" name="id" value=id2/>
                    <label for=add_for>{t!(i18n, queues.add_agent)}</label>
                    <select id=add_id name="user_id">
                        {candidates.into_iter().map(|a| view! { <option value=a.user_id.to_string()>{format!("{} ({})", a.name, role_word(locale, &a.role))}</option> }).collect_view()}
                    </select>
                    <button type="submit" class="button button--small">{t!(i18n, queues.add)}</button>
                </ActionForm>
            })}
            // Deleting asks first (a disclosure, so it works without JavaScript).
            <details class="reset confirm">
                <summary class="button button--small button--danger">{t!(i18n, queues.delete)}</summary>
                <ActionForm action=actions.delete attr:class="inline-form">
                    <input type="hidden" name="id" value=id3/>
                    <span>{confirm}</span>
                    <button type="submit" class="button button--small button--danger">{t!(i18n, queues.confirm)}</button>
                </ActionForm>
            </details>
        </article>
    }
}
