use crate::api::audit::{list_audit_entries, verify_audit_chain};
use crate::components::guarded::Guarded;
use domain::audit::AuditFilters;
use domain::time::format_utc;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

/// Entities the log knows, for the filter (value, label).
const ENTITIES: &[(&str, &str)] = &[
    ("", "Any"),
    ("user", "Users and sign-ins"),
    ("line_account", "Messaging accounts"),
    ("workstream", "Workstreams and LINE channels"),
    ("settings", "Organisation settings"),
    ("audit_log", "Audit log exports"),
];

/// Audit log: read-only, newest first, filtered by actor, entity, action and date, 50 entries a
/// page; CSV export; the hash chain checked on demand.
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
        AuditFilters {
            action: q.get("action"),
            actor: q.get("actor"),
            entity: q.get("entity"),
            from: q.get("from"),
            to: q.get("to"),
        }
    };
    let before = move || {
        query
            .read()
            .get("before")
            .and_then(|v| v.parse::<i64>().ok())
    };
    let entries = Resource::new(
        move || (filters(), before()),
        |(f, before)| list_audit_entries(f.action, f.actor, f.entity, f.from, f.to, before),
    );
    // "Verify chain" is a plain GET (?verify=1), so it works the same with and without JavaScript.
    let verify = Resource::new(
        move || query.read().get("verify").is_some(),
        |requested| async move {
            if requested {
                verify_audit_chain().await.map(Some)
            } else {
                Ok(None)
            }
        },
    );
    let verdict = move || {
        Suspend::new(async move {
            match verify.await {
                Ok(None) => ().into_any(),
                Ok(Some(status)) => match status.first_altered {
                    None => view! {
                        <div class="alert alert--success" role="status" data-testid="chain-status">
                            {format!("Audit chain intact: {} entries verified.", status.entries)}
                        </div>
                    }.into_any(),
                    Some(id) => view! {
                        <div class="alert alert--error" role="alert" data-testid="chain-status">
                            {format!("Audit chain broken at entry #{id}: it was altered, or the entry before it was removed.")}
                        </div>
                    }.into_any(),
                },
                Err(err) => view! { <div class="alert alert--error" role="alert">{crate::components::form_error::error_message(&err)}</div> }.into_any(),
            }
        })
    };
    let value =
        move |f: fn(&AuditFilters) -> &Option<String>| f(&filters()).clone().unwrap_or_default();

    view! {
        <div class="page-header page-header--actions">
            <div>
                <p class="breadcrumb">"Privacy and audit"</p>
                <h1>"Audit log"</h1>
                <p class="muted">"Sign-ins and every change to the desk's configuration, chained by hashes so edits show. Secrets are never recorded."</p>
            </div>
            <form method="get" action="/audit">
                <input type="hidden" name="verify" value="1"/>
                <button type="submit" class="button button--secondary">"Verify chain"</button>
            </form>
        </div>
        <Suspense fallback=|| view! { <p class="loading">"Verifying…"</p> }>{verdict}</Suspense>
        <section class="panel">
            <form method="get" class="filters" action="/audit">
                <div class="field">
                    <label for="filter-actor">"Actor email"</label>
                    <input id="filter-actor" name="actor" value=move || value(|f| &f.actor)/>
                </div>
                <div class="field">
                    <label for="filter-entity">"Entity"</label>
                    <select id="filter-entity" name="entity">
                        {ENTITIES.iter().map(|(key, label)| view! {
                            <option value=*key selected=move || filters().entity.as_deref().unwrap_or_default() == *key>{*label}</option>
                        }).collect_view()}
                    </select>
                </div>
                <div class="field">
                    <label for="filter-action">"Action"</label>
                    <input id="filter-action" name="action" placeholder="e.g. auth.login" value=move || value(|f| &f.action)/>
                </div>
                <div class="field">
                    <label for="filter-from">"From"</label>
                    <input id="filter-from" name="from" type="date" value=move || value(|f| &f.from)/>
                </div>
                <div class="field">
                    <label for="filter-to">"To"</label>
                    <input id="filter-to" name="to" type="date" value=move || value(|f| &f.to)/>
                </div>
                <button type="submit" class="button button--secondary">"Filter"</button>
                <a class="button button--ghost" href=move || format!("/audit/export.csv?{}", filters().query_string()) download="linedesk-audit-log.csv" rel="external">"Export CSV"</a>
            </form>
            <Suspense fallback=|| view! { <p class="loading">"Loading…"</p> }>
                {move || Suspend::new(async move {
                    match entries.await {
                        Ok(list) if list.is_empty() => view! { <p class="empty">"No entries match."</p> }.into_any(),
                        Ok(list) => {
                            let oldest = list.last().map(|e| e.id);
                            let full_page = list.len() >= 50;
                            let rows = list.into_iter().map(|entry| view! {
                                <tr data-entry=entry.id>
                                    <td class="cell-secondary nowrap">{format_utc(entry.at)}</td>
                                    <td>{entry.actor.unwrap_or_else(|| "—".into())}</td>
                                    <td><code>{entry.action}</code></td>
                                    <td>{format!("{} {}", entry.entity, entry.entity_id.unwrap_or_default())}</td>
                                    <td class="cell-secondary">{entry.client_address.unwrap_or_default()}</td>
                                    <td><code class="detail">{entry.detail}</code></td>
                                </tr>
                            }).collect_view();
                            let older = oldest.filter(|_| full_page).map(|id| {
                                let href = format!("/audit?{}&before={id}", filters().query_string());
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
                        Err(err) => view! { <div class="alert alert--error" role="alert">{crate::components::form_error::error_message(&err)}</div> }.into_any(),
                    }
                })}
            </Suspense>
        </section>
    }
}
