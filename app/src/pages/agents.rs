use crate::api::routing::{list_agents, UpdateAgent};
use crate::components::form_error::{last_error, FormError};
use crate::components::guarded::Guarded;
use crate::components::live_updates::live_version;
use crate::i18n::*;
use crate::session::SessionContext;
use domain::agent::AgentView;
use domain::Role;
use leptos::prelude::*;
use leptos_meta::Title;

/// Agents: who is available, how much work each one carries, their capacity and skills.
/// Supervisors watch it; administrators also change capacity and skills.
#[component]
pub fn AgentsPage() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <Title text=move || t_string!(i18n, page.agents).to_string()/>
        <Guarded path="/agents"><AgentsContent/></Guarded>
    }
}

#[component]
fn AgentsContent() -> impl IntoView {
    let update = ServerAction::<UpdateAgent>::new();
    let session = expect_context::<SessionContext>();
    let agents = Resource::new(
        move || (update.version().get(), live_version()),
        |_| list_agents(),
    );
    let error = last_error(update.value());
    let i18n = use_i18n();
    view! {
        <div class="page-header">
            <p class="breadcrumb">{move || crate::labels::section(i18n.get_locale(), "Customer support")}</p>
            <h1>{t!(i18n, page.agents)}</h1>
            <p class="muted">{t!(i18n, agents.intro)}</p>
        </div>
        <section class="panel panel--flush">
            <FormError error/>
            <Suspense fallback=move || view! { <p class="loading">{t!(i18n, agents.loading)}</p> }>
                {move || Suspend::new(async move {
                    let admin = matches!(session.me.await, Ok(Some(ref me)) if me.role == Role::Admin);
                    match agents.await {
                        Ok(list) => view! {
                            <table class="table">
                                <thead><tr><th>{t!(i18n, agents.agent)}</th><th>{t!(i18n, presence.label)}</th><th>{t!(i18n, agents.load)}</th><th>{t!(i18n, page.queues)}</th><th>{t!(i18n, agents.capacity_skills)}</th></tr></thead>
                                <tbody>{list.into_iter().map(|a| view! { <AgentRow agent=a update admin/> }).collect_view()}</tbody>
                            </table>
                        }.into_any(),
                        Err(err) => view! { <div class="alert alert--error">{crate::components::form_error::error_message(&err)}</div> }.into_any(),
                    }
                })}
            </Suspense>
        </section>
    }
}

#[component]
fn AgentRow(agent: AgentView, update: ServerAction<UpdateAgent>, admin: bool) -> impl IntoView {
    let id = agent.user_id.to_string();
    let (cap_id, skills_id) = (format!("capacity-{id}"), format!("skills-{id}"));
    let (cap_for, skills_for) = (cap_id.clone(), skills_id.clone());
    let skills = agent.skills.join(", ");
    let i18n = use_i18n();
    let editor = if admin {
        view! {
            <ActionForm action=update attr:class="inline-form">
                <input type="hidden" name="user_id" value=id.clone()/>
                <label for=cap_for>{t!(i18n, agents.capacity)}</label>
                <input id=cap_id name="capacity" type="number" min="1" max="100" class="input--narrow" value=agent.capacity.to_string()/>
                <label for=skills_for>{t!(i18n, agents.skills)}</label>
                <input id=skills_id name="skills" value=skills placeholder=move || t_string!(i18n, agents.skills_placeholder).to_string()/>
                <button type="submit" class="button button--small">{t!(i18n, agents.save)}</button>
            </ActionForm>
        }
        .into_any()
    } else {
        view! { <span>{format!("{} · {}", agent.capacity, if skills.is_empty() { td_string!(i18n.get_locale_untracked(), agents.no_skills).to_string() } else { skills })}</span> }.into_any()
    };
    view! {
        <tr data-agent=agent.email.clone()>
            <td>
                <div class="cell-primary">{agent.name.clone()}</div>
                <div class="cell-secondary">{agent.email.clone()}</div>
            </td>
            <td><span class=format!("presence presence--{}", agent.presence.key())>{move || crate::labels::presence(i18n.get_locale(), agent.presence)}</span></td>
            <td data-testid="load">{format!("{} / {}", agent.load, agent.capacity)}</td>
            <td class="cell-secondary">{if agent.queues.is_empty() { "—".to_string() } else { agent.queues.join(", ") }}</td>
            <td>{editor}</td>
        </tr>
    }
}
