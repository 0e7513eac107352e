use crate::api::audit::list_audit_entries;
use crate::components::guarded::Guarded;
use domain::time::format_utc;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

/// Audit log: read-only, newest first, filtered by action and actor, 50 entries a page.
#[component]
pub fn AuditPage() -> impl IntoView {
    view! {
        <Title text="Audit log"/>
        <Guarded path="/audit"><AuditContent/></Guarded>
    }
}

#[component]
fn AuditContent() -> impl IntoView {
    let query = use_query_map();
    let filters = move || {
        let q = query.read();
        (
            q.get("action"),
            q.get("actor"),
            q.get("before").and_then(|v| v.parse::<i64>().ok()),
        )
    };
    let entries = Resource::new(filters, |(action, actor, before)| {
        list_audit_entries(action, actor, before)
    });

    view! {
            <div class="page-header">
                <p class="breadcrumb">"Privacy and audit"</p>
                <h1>"Audit log"</h1>
                <p class="muted">"Sign-ins and every change to the desk's configuration. Secrets are never recorded."</p>
            </div>
            <section class="panel">
                <form method="get" class="filters" action="/audit">
                    <div class="field">
                        <label for="filter-action">"Action"</label>
                        <input id="filter-action" name="action" placeholder="e.g. auth.login" value=move || filters().0/>
                    </div>
                    <div class="field">
                        <label for="filter-actor">"Actor email"</label>
                        <input id="filter-actor" name="actor" value=move || filters().1/>
                    </div>
                    <button type="submit" class="button button--secondary">"Filter"</button>
                </form>
                <Suspense fallback=|| view! { <p class="loading">"Loading…"</p> }>
                    {move || Suspend::new(async move {
                        match entries.await {
                            Ok(list) if list.is_empty() => view! { <p class="empty">"No entries match."</p> }.into_any(),
                            Ok(list) => {
                                let oldest = list.last().map(|e| e.id);
                                let full_page = list.len() >= 50;
                                let rows = list.into_iter().map(|entry| view! {
                                    <tr>
                                        <td class="cell-secondary nowrap">{format_utc(entry.at)}</td>
                                        <td>{entry.actor.unwrap_or_else(|| "—".into())}</td>
                                        <td><code>{entry.action}</code></td>
                                        <td>{format!("{} {}", entry.entity, entry.entity_id.unwrap_or_default())}</td>
                                        <td class="cell-secondary">{entry.client_address.unwrap_or_default()}</td>
                                        <td><code class="detail">{entry.detail}</code></td>
                                    </tr>
                                }).collect_view();
                                let (action, actor, _) = filters();
                                let older = oldest.filter(|_| full_page).map(|id| {
                                    let href = format!("/audit?action={}&actor={}&before={id}", action.unwrap_or_default(), actor.unwrap_or_default());
                                    view! { <a class="button button--secondary" href=href>"Older entries"</a> }
                                });
                                view! {
                                    <table class="table">
                                        <thead><tr><th>"Time"</th><th>"Actor"</th><th>"Action"</th><th>"Entity"</th><th>"Client"</th><th>"Detail"</th></tr></thead>
                                        <tbody>{rows}</tbody>
                                    </table>
                                    {older}
                                }.into_any()
                            }
                            Err(err) => view! { <div class="alert alert--error">{err.to_string()}</div> }.into_any(),
                        }
                    })}
                </Suspense>
            </section>
    }
}
