use crate::api::workstreams::{line_setup_url, list_workstreams};
use crate::components::guarded::Guarded;
use crate::i18n::*;
use crate::pages::workstream::distribution_mode;
use domain::workstream::WorkstreamView;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

/// Customer support > Workstreams: where LINE work is distributed from.
#[component]
pub fn WorkstreamsPage() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <Title text=move || t_string!(i18n, page.workstreams).to_string()/>
        <Guarded path="/workstreams"><WorkstreamsContent/></Guarded>
    }
}

#[component]
fn WorkstreamsContent() -> impl IntoView {
    let workstreams = Resource::new(|| (), |_| list_workstreams());
    let query = use_query_map();
    let deleted = move || query.read().get("deleted").is_some();
    let i18n = use_i18n();
    view! {
        <div class="page-header page-header--actions">
            <div>
                <p class="breadcrumb">{t!(i18n, section.customer_support)}</p>
                <h1>{t!(i18n, page.workstreams)}</h1>
                <p class="muted">{t!(i18n, workstreams.intro)}</p>
            </div>
            <a class="button button--primary" href="/workstreams/new">{t!(i18n, workstreams.new_workstream)}</a>
        </div>
        {move || deleted().then(|| view! { <div class="alert alert--success" role="status">{t!(i18n, workstreams.deleted)}</div> })}
        <section class="panel">
            <Suspense fallback=move || view! { <p class="loading">{t!(i18n, workstreams.loading)}</p> }>
                {move || Suspend::new(async move {
                    match workstreams.await {
                        Ok(list) if list.is_empty() => view! {
                            <div class="empty-state">
                                <h2>{t!(i18n, workstreams.empty_title)}</h2>
                                <p class="muted">{t!(i18n, workstreams.empty_body)}</p>
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
    let i18n = use_i18n();
    match &workstream.channel {
        Some(channel) if channel.active => view! {
            <span class="badge badge--ok">"LINE"</span>" "{match channel.account_name.clone() {
                Some(name) => name.into_any(),
                None => t!(i18n, workstreams.account_deleted).into_any(),
            }}
        }.into_any(),
        Some(_) => view! {
            <a href=line_setup_url(workstream.id, "summary")>{t!(i18n, workstreams.setup_unfinished)}</a>
        }.into_any(),
        None => view! { <a href=line_setup_url(workstream.id, "account")>{t!(i18n, workstreams.setup)}</a> }.into_any(),
    }
}

#[component]
fn WorkstreamTable(workstreams: Vec<WorkstreamView>) -> impl IntoView {
    let i18n = use_i18n();
    let rows = workstreams
        .into_iter()
        .map(|w| {
            view! {
                <tr data-workstream=w.name.clone()>
                    <td><a class="cell-primary" href=format!("/workstreams/{}", w.id)>{w.name.clone()}</a></td>
                    <td>{t!(i18n, workstreams.messaging)}</td>
                    <td>{move || distribution_mode(i18n.get_locale(), w.mode)}</td>
                    <td>{channel_cell(&w)}</td>
                    <td>{w.fallback_queue.name.clone()}</td>
                    <td class="cell-secondary">{w.open_conversations}</td>
                    <td class="cell-secondary">
                        <div>{w.created_by.clone().unwrap_or_default()}</div>
                        <div class="nowrap">{crate::reader::datetime(w.created_at)}</div>
                    </td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <table class="table">
            <thead>
                <tr>
                    <th>{t!(i18n, workstreams.column.name)}</th><th>{t!(i18n, workstreams.column.kind)}</th><th>{t!(i18n, workstreams.column.distribution)}</th><th>{t!(i18n, workstreams.column.channel)}</th>
                    <th>{t!(i18n, workstreams.column.fallback_queue)}</th><th>{t!(i18n, workstreams.column.open)}</th><th>{t!(i18n, workstreams.column.created)}</th>
                </tr>
            </thead>
            <tbody>{rows}</tbody>
        </table>
    }
}
