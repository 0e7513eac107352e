use crate::api::routing::{
    list_agents, list_queue_details, ChangeQueueMember, CreateQueue, DeleteQueue, UpdateQueue,
};
use crate::components::field::Field;
use crate::components::form_error::{
    field_error, general_error, last_error, reset_after_success, FormError,
};
use crate::components::guarded::Guarded;
use domain::agent::AgentView;
use domain::queue::QueueDetail;
use leptos::prelude::*;
use leptos_meta::Title;

/// Queues: where routed conversations wait, who works in each, and their priority.
#[component]
pub fn QueuesPage() -> impl IntoView {
    view! {
        <Title text="Queues"/>
        <Guarded path="/queues"><QueuesContent/></Guarded>
    }
}

#[derive(Clone, Copy)]
struct Actions {
    update: ServerAction<UpdateQueue>,
    member: ServerAction<ChangeQueueMember>,
    delete: ServerAction<DeleteQueue>,
}

#[component]
fn QueuesContent() -> impl IntoView {
    let create = ServerAction::<CreateQueue>::new();
    let actions = Actions {
        update: ServerAction::new(),
        member: ServerAction::new(),
        delete: ServerAction::new(),
    };
    let queues = Resource::new(
        move || {
            (
                create.version().get(),
                actions.update.version().get(),
                actions.member.version().get(),
                actions.delete.version().get(),
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
    });
    view! {
        <div class="page-header">
            <p class="breadcrumb">"Customer support"</p>
            <h1>"Queues"</h1>
            <p class="muted">"Routing rules send conversations to queues; the agents in a queue are offered its work or pick it."</p>
        </div>
        <div class="layout-two">
            <section class="panel" aria-labelledby="queues-heading">
                <h2 id="queues-heading">"Queues"</h2>
                <FormError error=row_error/>
                <Suspense fallback=|| view! { <p class="loading">"Loading…"</p> }>
                    {move || Suspend::new(async move {
                        let agents = agents.await.unwrap_or_default();
                        match queues.await {
                            Ok(list) if list.is_empty() => view! { <p class="muted">"No queues yet."</p> }.into_any(),
                            Ok(list) => list.into_iter().map(|queue| view! { <QueueCard queue agents=agents.clone() actions/> }).collect_view().into_any(),
                            Err(err) => view! { <div class="alert alert--error">{crate::components::form_error::error_message(&err)}</div> }.into_any(),
                        }
                    })}
                </Suspense>
            </section>
            <section class="panel" aria-labelledby="new-queue-heading">
                <h2 id="new-queue-heading">"New queue"</h2>
                {move || matches!(created.get(), Some(Ok(()))).then(|| view! { <div class="alert alert--success" role="status">"Queue created."</div> })}
                <FormError error=general_error(created)/>
                <ActionForm action=create node_ref=create_form attr:class="form" attr:novalidate=true>
                    <Field label="Name" name="name" required=true error=field_error(created, "name")/>
                    <Field label="Priority" name="priority_typed" kind="number" value="0" hint="Higher-priority queues' work is offered first (−1000 to 1000)." error=field_error(created, "priority")/>
                    <button type="submit" class="button button--primary">"Create queue"</button>
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
    let (name_for, priority_for, add_for) = (name_id.clone(), priority_id.clone(), add_id.clone());
    let candidates: Vec<AgentView> = agents
        .into_iter()
        .filter(|a| !queue.members.iter().any(|m| m.user_id == a.user_id))
        .collect();
    let queue_name = queue.name.clone();
    let confirm = format!(
        "Delete “{}” for good? Its members are kept as agents.",
        queue.name
    );
    let name_value = queue.name.clone();
    let members = queue
        .members
        .clone()
        .into_iter()
        .map(|member| {
            let (qid, uid) = (id.clone(), member.user_id.to_string());
            let remove_label = format!("Remove {} from {}", member.name, queue_name);
            view! {
                <li>
                    <span>{member.name.clone()}</span>
                    <ActionForm action=actions.member attr:class="inline-form">
                        <input type="hidden" name="id" value=qid/>
                        <input type="hidden" name="user_id" value=uid/>
                        <input type="hidden" name="remove" value="1"/>
                        <button type="submit" class="button button--small button--ghost" aria-label=remove_label>"Remove"</button>
                    </ActionForm>
                </li>
            }
        })
        .collect_view();
    let used = if queue.used_by.is_empty() {
        "Nothing routes here yet.".to_string()
    } else {
        format!("Used by {}.", queue.used_by.join(", "))
    };
    view! {
        <article class="card queue-card" data-queue=queue.name.clone()>
            <header class="card__header">
                <h3>{queue.name.clone()}</h3>
                <span class="badge">{format!("{} waiting", queue.waiting)}</span>
                <span class="badge badge--ok">{format!("{} active", queue.active)}</span>
            </header>
            <p class="cell-secondary">{used}</p>
            <ActionForm action=actions.update attr:class="inline-form">
                <input type="hidden" name="id" value=id1/>
                <label for=name_for>"Name"</label>
                <input id=name_id name="name" value=name_value/>
                <label for=priority_for>"Priority"</label>
                <input id=priority_id name="priority_typed" type="number" class="input--narrow" value=queue.priority.to_string()/>
                <button type="submit" class="button button--small">"Save"</button>
            </ActionForm>
            <h4>"Members"</h4>
            <ul class="member-list">{members}</ul>
            {(!candidates.is_empty()).then(|| view! {
                <ActionForm action=actions.member attr:class="inline-form">
                    <input type="hidden" name="id" value=id2/>
                    <label for=add_for>"Add agent"</label>
                    <select id=add_id name="user_id">
                        {candidates.into_iter().map(|a| view! { <option value=a.user_id.to_string()>{format!("{} ({})", a.name, a.role)}</option> }).collect_view()}
                    </select>
                    <button type="submit" class="button button--small">"Add"</button>
                </ActionForm>
            })}
            // Deleting asks first (a disclosure, so it works without JavaScript).
            <details class="reset confirm">
                <summary class="button button--small button--danger">"Delete queue"</summary>
                <ActionForm action=actions.delete attr:class="inline-form">
                    <input type="hidden" name="id" value=id3/>
                    <span>{confirm}</span>
                    <button type="submit" class="button button--small button--danger">"Yes, delete"</button>
                </ActionForm>
            </details>
        </article>
    }
}
