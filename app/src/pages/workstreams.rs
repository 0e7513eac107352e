use crate::api::workstreams::{line_setup_url, list_workstreams};
use crate::components::guarded::Guarded;
use domain::time::format_utc;
use domain::workstream::WorkstreamView;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

/// Customer support > Workstreams: where LINE work is distributed from.
#[component]
pub fn WorkstreamsPage() -> impl IntoView {
    view! {
        <Title text="Workstreams"/>
        <Guarded path="/workstreams"><WorkstreamsContent/></Guarded>
    }
}

#[component]
fn WorkstreamsContent() -> impl IntoView {
    let workstreams = Resource::new(|| (), |_| list_workstreams());
    let query = use_query_map();
    let deleted = move || query.read().get("deleted").is_some();
    view! {
        <div class="page-header page-header--actions">
            <div>
                <p class="breadcrumb">"Customer support"</p>
                <h1>"Workstreams"</h1>
                <p class="muted">"How LINE conversations are distributed to agents, and what customers are told."</p>
            </div>
            <a class="button button--primary" href="/workstreams/new">"New workstream"</a>
        </div>
        {move || deleted().then(|| view! { <div class="alert alert--success" role="status">"The workstream was deleted. Its conversations stay in history."</div> })}
        <section class="panel">
            <Suspense fallback=|| view! { <p class="loading">"Loading…"</p> }>
                {move || Suspend::new(async move {
                    match workstreams.await {
                        Ok(list) if list.is_empty() => view! {
                            <div class="empty-state">
                                <h2>"No workstreams yet"</h2>
                                <p class="muted">"Create a workstream, then Set up LINE on it to choose the messaging account, language, automated messages and file rules."</p>
                            </div>
                        }.into_any(),
                        Ok(list) => view! { <WorkstreamTable workstreams=list/> }.into_any(),
                        Err(err) => view! { <div class="alert alert--error">{crate::components::form_error::error_message(&err)}</div> }.into_any(),
                    }
                })}
            </Suspense>
        </section>
    }
}

fn channel_cell(workstream: &WorkstreamView) -> impl IntoView {
    match &workstream.channel {
        Some(channel) if channel.active => view! {
            <span class="badge badge--ok">"LINE"</span>" "{channel.account_name.clone().unwrap_or_else(|| "account deleted".into())}
        }.into_any(),
        Some(_) => view! {
            <a href=line_setup_url(workstream.id, "summary")>"Set up LINE (not finished)"</a>
        }.into_any(),
        None => view! { <a href=line_setup_url(workstream.id, "account")>"Set up LINE"</a> }.into_any(),
    }
}

#[component]
fn WorkstreamTable(workstreams: Vec<WorkstreamView>) -> impl IntoView {
    let rows = workstreams
        .into_iter()
        .map(|w| {
            view! {
                <tr data-workstream=w.name.clone()>
                    <td><a class="cell-primary" href=format!("/workstreams/{}", w.id)>{w.name.clone()}</a></td>
                    <td>"Messaging"</td>
                    <td>{w.mode.label()}</td>
                    <td>{channel_cell(&w)}</td>
                    <td>{w.fallback_queue.name.clone()}</td>
                    <td class="cell-secondary">{w.open_conversations}</td>
                    <td class="cell-secondary">
                        <div>{w.created_by.clone().unwrap_or_default()}</div>
                        <div class="nowrap">{format_utc(w.created_at)}</div>
                    </td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <table class="table">
            <thead>
                <tr>
                    <th>"Name"</th><th>"Type"</th><th>"Work distribution"</th><th>"Channel"</th>
                    <th>"Fallback queue"</th><th>"Open conversations"</th><th>"Created"</th>
                </tr>
            </thead>
            <tbody>{rows}</tbody>
        </table>
    }
}
